"""Citable URLs never break: the build checks every address of data/citable-urls.yml
(hooks/citable_urls.py), and refuses a setting that would move them all."""

import importlib.util
import shutil

import yaml

from conftest import DATA, ROOT, copy_project, run_build
from edition import data

MANIFEST = data.load_citable_urls(DATA / "citable-urls.yml")
spec = importlib.util.spec_from_file_location("citable_urls_hook", ROOT / "hooks" / "citable_urls.py")
hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hook)


def test_the_manifest_promises_every_page_and_each_paragraph(built_site):
    """The manifest lists the essay's twelve paragraph anchors and at least twenty pages, and
    the published build keeps them all (else built_site would not have been built).

    Breaks if: data/citable-urls.yml drops an anchor of the essay.
    """
    assert len(MANIFEST) >= 20
    essay = next(entry for entry in MANIFEST if entry.url == "essay/")
    assert essay.anchors[:12] == tuple(f"p{n}" for n in range(1, 13))
    assert hook.problems_in(built_site.site, MANIFEST) == []


def test_each_broken_promise_is_named(built_site, tmp_path):
    """On a copy of the built site: a missing page, a missing anchor, a missing download, a
    page that became a redirect, a redirect to the wrong place and an unlisted page.

    Breaks if: hooks/citable_urls.py stops checking anchors (or any other kind of promise).
    """
    site = tmp_path / "site"
    shutil.copytree(built_site.site, site, ignore=shutil.ignore_patterns("*.zip", "assets", "search"))
    shutil.rmtree(site / "glossary")
    (site / "cite" / "cite.ris").unlink()
    redirect = '<!doctype html><meta http-equiv="refresh" content="0; url=../institutions/">'
    (site / "timeline" / "index.html").write_text(redirect, encoding="utf-8")
    (site / "new-page").mkdir()
    (site / "new-page" / "index.html").write_text("<p>New</p>", encoding="utf-8")
    promises = [*MANIFEST, data.CitableUrl("essay/", ("p13",)), data.CitableUrl("updates/", (), "about/")]
    assert hook.problems_in(site, promises) == [
        "cite/cite.ris is missing",
        "glossary/ is promised but not built: a page that moves needs a redirect (mkdocs.yml) and moved_to here",
        "timeline/ is now a redirect to ../institutions/: record where it moved with moved_to",
        "essay/#p13 is promised but the page has no such id",
        "updates/ moved to about/, but does not redirect there",
        "new-page/ is published but not listed: add it, to promise its address",
    ]


def test_a_page_gone_without_a_redirect_stops_the_build(tmp_path):
    """The Updates page taken out of the site (no page links to it in Markdown, so only the
    manifest notices; and no citation changes, so citeproc-js is not started).

    Breaks if: mkdocs.yml no longer lists hooks/citable_urls.py.
    """
    project = copy_project(tmp_path / "project")
    (project / "docs" / "updates.md").unlink()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - Updates and corrections: updates.md\n", ""),
                      encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.output
    assert ("ERROR   -  data/citable-urls.yml: updates/ is promised but not built: a page that moves needs a "
            "redirect (mkdocs.yml) and moved_to here\n") in build.output, build.output


def test_a_page_that_moved_keeps_its_address_through_a_redirect(tmp_path):
    """A page that moved keeps its old address through a redirect in mkdocs.yml, once the
    manifest records it as moved_to. Here the How to cite page is taken to have lived at
    citing/ (no page of the site is renamed, so no citation changes).

    Breaks if: mkdocs.yml drops the redirects plugin (citing/ is then missing, not redirected).
    """
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "redirect_maps: {}" in text
    config.write_text(text.replace("redirect_maps: {}", "redirect_maps: {citing.md: cite.md}", 1), encoding="utf-8")
    manifest = project / "data" / "citable-urls.yml"
    promises = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    promises["urls"].append({"url": "citing/", "moved_to": "cite/"})
    manifest.write_text(yaml.safe_dump(promises), encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    assert (tmp_path / "site" / "citing" / "index.html").is_file()


def test_urls_that_are_not_directories_stop_the_build(tmp_path):
    """use_directory_urls: false would turn essay/#p3 into essay.html#p3 for every citation.

    Breaks if: hooks/citable_urls.py's on_config lets the setting through.
    """
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("use_directory_urls: true", "use_directory_urls: false"),
                      encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.output
    assert "use_directory_urls: false would move every citable address" in build.output, build.output
