"""Rebuild anywhere, byte for byte; the offline copy; editions; the footer."""

import json
import os
import re
import subprocess
import time
import zipfile

import yaml
from bs4 import BeautifulSoup

from conftest import CITATION, DATA, ROOT, citation_text, copy_project, differing_files, run_build, site_files
from edition.csl import STYLES

CFF = yaml.safe_load(CITATION.read_text(encoding="utf-8"))


def test_two_builds_at_different_times_and_places_are_identical(built_site, tmp_path):
    """Two publishing builds, a second apart and in different folders, are identical byte for byte.

    Breaks if: edition/publish.py deterministic_zip stamps zip entries with the current time, not SOURCE_DATE_EPOCH.
    """
    time.sleep(1.1)  # a second later, in another folder
    again = run_build(ROOT, tmp_path / "elsewhere" / "site", published=True)
    assert again.returncode == 0, again.output
    assert len(site_files(built_site.site)) > 80
    assert differing_files(built_site.site, again.site) == []


def test_sitemap_and_zip_dates_come_from_the_last_commit_not_the_clock(tmp_path):
    """A copy of the project committed on 9 September 2001: its published build is dated so.

    Breaks if: edition/publish.py source_date_epoch skips git and takes CITATION.cff's date-released (or the clock).
    """
    project = copy_project(tmp_path / "project")
    date = {"GIT_AUTHOR_DATE": "2001-09-09T01:46:40Z", "GIT_COMMITTER_DATE": "2001-09-09T01:46:40Z",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "edition"]):
        subprocess.run(["git", *command], cwd=project, env={**os.environ, **date}, check=True)
    build = run_build(project, tmp_path / "site", published=True)
    assert build.returncode == 0, build.output
    sitemap = (build.site / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {"2001-09-09"}
    name = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["offline_zip"]
    with zipfile.ZipFile(build.site / "downloads" / name) as z:
        assert {info.date_time[:3] for info in z.infolist()} == {(2001, 9, 9)}


def test_footer_and_citation_file_carry_the_same_edition(built_site):
    """The footer, CITATION.cff, data/editions.yml, updates/ and the citations name the same edition.

    Breaks if: data/editions.yml gets a new edition on top while CITATION.cff keeps the old version and date.
    """
    editions = yaml.safe_load((DATA / "editions.yml").read_text(encoding="utf-8"))
    assert editions[0]["version"] == CFF["version"] and editions[0]["date"] == str(CFF["date-released"])
    footer = built_site.html("essay/").select_one(".md-copyright .edition-line").get_text(" ", strip=True)
    assert f"Edition {CFF['version']} of {CFF['date-released']}" in footer
    updates = built_site.html("updates/")
    assert updates.find(id=f"edition-{CFF['version']}") is not None
    # In the citations: APA, MLA and Chicago name it for the essay (Harvard's style prints
    # no edition for a blog post); all four name it for a page of the edition.
    label = f"version {CFF['version']}"
    essay = [citation_text(c) for c in built_site.html("essay/").select("section.cite-panel > dl .citation")]
    assert [label in c for c in essay] == [style.key != "harvard" for style in STYLES]
    page = [citation_text(c) for c in built_site.html("institutions/oecd/").select("section.cite-panel .citation")]
    assert all(label in c for c in page)


def test_offline_copy_is_a_separate_zip_linked_from_every_page(built_site):
    """The offline copy is a zip in downloads/, without source maps, linked from the footer of the pages.

    Breaks if: edition/publish.py deterministic_zip stops leaving out the .map source maps.
    """
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    name = config["extra"]["offline_zip"]
    archive = built_site.site / "downloads" / name
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
    prefix = name.removesuffix(".zip") + "/"
    assert prefix + "index.html" in names and prefix + "essay.html" in names
    assert any(n.startswith(prefix + "assets/javascripts/bundle.") for n in names)
    assert [n for n in names if n.endswith(".map")] == []  # source maps are left out
    assert not (built_site.site / "essay.html").exists()  # the online URLs are untouched
    for url in ("", "essay/", "institutions/oecd/"):
        link = built_site.html(url).select_one(".edition-line a[download]")["href"]
        assert link.endswith("downloads/" + name)


def test_search_index_is_a_stub_online_and_whole_offline(built_site):
    """Online, search_index.json is a stub naming the full index; both full indexes have essay ¶1–¶12.

    Breaks if: hooks/search.py on_post_build writes the full index into search_index.json online too (no stub).
    """
    stub = json.loads((built_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == []
    full = json.loads((built_site.site / stub["config"]["full_index"]).read_text(encoding="utf-8"))
    paragraphs = [d["location"] for d in full["docs"] if d["location"].startswith("essay/#p")]
    assert paragraphs == [f"essay/#p{n}" for n in range(1, 13)]
    name = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["offline_zip"]
    with zipfile.ZipFile(built_site.site / "downloads" / name) as z:
        offline = z.read(name.removesuffix(".zip") + "/search/search_index.js").decode("utf-8")
    docs = json.loads(offline.removeprefix("var __index = "))["docs"]
    assert [d["location"] for d in docs if d["location"].startswith("essay.html#p")] == [
        f"essay.html#p{n}" for n in range(1, 13)]


def test_pages_styles_and_scripts_are_served_minified(built_site):
    """Built pages, 404.html included, and the edition's CSS and JS are minified.

    Breaks if: hooks/minify.py loses on_post_template, so 404.html keeps the templates' indentation.
    """
    for page in ("essay/index.html", "index.html", "404.html"):
        html = (built_site.site / page).read_text(encoding="utf-8")
        assert "\n " not in html and "\n\n" not in html, f"{page} keeps the templates' indentation"
    for source in [*(ROOT / "docs").rglob("*.css"), *(ROOT / "docs").rglob("*.js")]:
        built = (built_site.site / source.relative_to(ROOT / "docs")).read_text(encoding="utf-8")
        assert "/*" in source.read_text(encoding="utf-8") and "/*" not in built, source.name
        assert len(built) < 0.9 * source.stat().st_size, source.name


def test_offline_copy_opens_from_disk_with_search(built_site, browser, tmp_path):
    """The unzipped offline copy opens from disk, loads no script from another host, and its search finds ¶12.

    Breaks if: mkdocs-offline.yml drops its iframe-worker-shim polyfill (Material then loads the shim from a CDN).
    """
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    name = config["extra"]["offline_zip"]
    with zipfile.ZipFile(built_site.site / "downloads" / name) as z:
        z.extractall(tmp_path)
    index = tmp_path / name.removesuffix(".zip") / "essay.html"
    scripts = [s["src"] for s in BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser").select("script[src]")]
    assert scripts and not [s for s in scripts if re.match(r"(https?:)?//", s)], "a script from another host"
    page = browser.new_page()
    page.goto(index.as_uri())
    assert page.locator("#p12 .essay-text").count() == 1
    page.click("label.md-search__icon, .md-search__input")
    page.wait_for_function("() => !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)")
    page.locator(".md-search__input").press_sequentially("paradigm")
    page.wait_for_selector(".md-search-result__item a", state="attached", timeout=20000)
    hrefs = [a.get_attribute("href") for a in page.query_selector_all(".md-search-result__item a")]
    assert any("essay.html" in h and h.endswith("#p12") for h in hrefs), hrefs
    page.close()
