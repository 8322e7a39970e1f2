"""Citable URLs never break: every address in data/citable-urls.yml resolves in the build."""

import yaml
from bs4 import BeautifulSoup

from conftest import DATA, copy_project, run_build

MANIFEST = yaml.safe_load((DATA / "citable-urls.yml").read_text(encoding="utf-8"))["urls"]


def page_file(site, url):
    return site / url / "index.html"


def check_manifest(build, manifest=MANIFEST):
    problems = []
    for entry in manifest:
        url = entry["url"]
        file = page_file(build.site, url)
        if not file.is_file():
            problems.append(f"{url or '(home)'}: page missing")
            continue
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        refresh = soup.select_one('meta[http-equiv="refresh"]')
        if refresh is not None and "moved_to" not in entry:
            problems.append(f"{url}: now a redirect; record moved_to in data/citable-urls.yml")
            continue
        if "moved_to" in entry:
            if refresh is None or not refresh["content"].rstrip("/").endswith(entry["moved_to"].rstrip("/")):
                problems.append(f"{url}: moved, but no redirect to {entry['moved_to']}")
            continue
        ids = {tag["id"] for tag in soup.select("[id]")}
        problems += [f"{url}#{anchor}: anchor missing" for anchor in entry.get("anchors", []) if anchor not in ids]
    return problems


def test_every_citable_url_and_anchor_resolves(built_site):
    """Every address and anchor of data/citable-urls.yml is a page of the build (or its recorded redirect).

    Breaks if: edition/essay.py paragraph_id names ¶3 "para-3", not "p3" (or a listed { #id } in docs/ changes).
    """
    assert len(MANIFEST) >= 20
    essay = next(entry for entry in MANIFEST if entry["url"] == "essay/")
    assert essay["anchors"] == [f"p{n}" for n in range(1, 13)]
    assert check_manifest(built_site) == []


def test_every_published_page_is_in_the_manifest(built_site):
    """Every page of the build is listed in data/citable-urls.yml.

    Breaks if: a new page (say docs/institutions/icann.md, in mkdocs.yml's nav) is added without its manifest entry.
    """
    listed = {entry["url"] for entry in MANIFEST}
    for page in built_site.site.rglob("index.html"):
        url = page.parent.relative_to(built_site.site).as_posix()
        url = "" if url == "." else url + "/"
        assert url in listed, f"{url}: add it to data/citable-urls.yml"


def test_the_check_fails_when_a_cited_page_or_anchor_is_missing(built_site):
    """check_manifest reports a missing page and a missing anchor (a check of this file's own helper).

    Breaks if: edition/essay.py paragraph_id changes ("para-1"): essay/#p1 is then reported missing as well.
    """
    gone = [{"url": "no-such-page/"}, {"url": "essay/", "anchors": ["p1", "p13"]}]
    assert check_manifest(built_site, gone) == ["no-such-page/: page missing", "essay/#p13: anchor missing"]


def test_a_moved_page_keeps_its_address_through_a_redirect(tmp_path):
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
    build = run_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    old = [*MANIFEST, {"url": "citing/"}]
    assert check_manifest(build, old) == ["citing/: now a redirect; record moved_to in data/citable-urls.yml"]
    assert check_manifest(build, [*MANIFEST, {"url": "citing/", "moved_to": "cite/"}]) == []
