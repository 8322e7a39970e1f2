"""hooks/page_cache.py: a build that reuses the cached conversions makes the same site as
one that converts every page, and a change to any input is converted again."""

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import CACHE_DIR, copy_project, differing_files, run_build

# Fixed date (the sitemap has one); a cache folder of the copy's own, with the project's
# citation results, so that only the page cache differs from one build to the next.
ENV = {"SOURCE_DATE_EPOCH": "1700000000"}


def entries(project: Path) -> set[str]:
    """The page cache's entries (each named by its key)."""
    return {p.name for p in (project / ".cache" / "pages" / "mkdocs").glob("*.json")}


def build(project: Path, site: Path, **env):
    result = run_build(project, site, env={**ENV, "EDITION_CACHE_DIR": str(project / ".cache"), **env})
    assert result.returncode == 0, result.output
    return result


def copy_with_citations(destination: Path) -> Path:
    project = copy_project(destination)
    if (CACHE_DIR / "citeproc").is_dir():
        shutil.copytree(CACHE_DIR / "citeproc", project / ".cache" / "citeproc")
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project, built once: its cache holds every page."""
    project = copy_with_citations(tmp_path_factory.mktemp("cached") / "project")
    build(project, project / "site-first")
    return project


def test_a_cached_build_is_the_same_site_as_an_uncached_one(project, tmp_path):
    """A build from the page cache converts nothing and is byte for byte the site of an uncached build.

    Breaks if: hooks/page_cache.py _restore no longer restores page.toc (cached pages lose their table of contents).
    """
    before = entries(project)
    assert len(before) == len(list((project / "docs").rglob("*.md")))
    build(project, tmp_path / "cached")
    assert entries(project) == before, "a page was converted again although nothing changed"
    # Every page converted and every template compiled again: a cache folder with the
    # citations only (formatting them again would start citeproc-js for seconds).
    uncached = copy_with_citations(tmp_path / "fresh")
    build(project, tmp_path / "uncached", EDITION_CACHE_DIR=str(uncached / ".cache"))
    assert differing_files(tmp_path / "cached", tmp_path / "uncached") == []
    assert differing_files(project / "site-first", tmp_path / "cached") == []


def test_a_changed_page_or_data_file_is_converted_again(project, tmp_path):
    """An edited page, and a page whose data file changed, are converted again.

    Breaks if: hooks/page_cache.py _inputs_digest stops hashing data/ (the essay keeps the old glossary expansion).
    """
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA sentence added after the first build.\n", encoding="utf-8")
    glossary = project / "data" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    assert "expansion: United Nations\n" in text
    glossary.write_text(text.replace("expansion: United Nations\n", "expansion: United Nations Organization\n"),
                        encoding="utf-8")
    build(project, tmp_path / "site")
    assert "A sentence added after the first build." in (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'title="United Nations Organization"' in (tmp_path / "site" / "essay" / "index.html").read_text(encoding="utf-8")


def assert_every_page_converted_again(project: Path, tmp_path: Path, file: Path, old: str, new: str):
    """Replace old (or, if empty, append new) in a file of the project, build, and check that no
    entry of the cache was used again: every page was converted anew."""
    before = entries(project)
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")
    build(project, tmp_path / "site")
    # A new entry for every page: none of the old ones was used.
    assert len(entries(project) - before) == len(list((project / "docs").rglob("*.md")))


def test_changed_code_converts_every_page_again(project, tmp_path):
    """An edit to the edition's Python package makes every page be converted again.

    Breaks if: hooks/page_cache.py _inputs_digest stops hashing the .py files of _extension_packages (edition/).
    """
    module = project / "edition" / "markdown_essay.py"
    assert_every_page_converted_again(project, tmp_path, module, "", "\n# changed\n")


def test_a_changed_setting_converts_every_page_again(project, tmp_path):
    """A changed Markdown option in mkdocs.yml makes every page be converted again.

    Breaks if: hooks/page_cache.py _inputs_digest leaves config.mdx_configs (extensions' options) out of the key.
    """
    assert_every_page_converted_again(project, tmp_path, project / "mkdocs.yml", "      permalink: true\n",
                                      "      permalink: true\n      permalink_title: Link here\n")
    assert 'title="Link here"' in (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")


def test_a_page_with_a_broken_link_fails_every_build_not_only_the_first(project, tmp_path):
    """A page with a broken link fails the second build too: its conversion was not cached.

    Breaks if: hooks/page_cache.py on_page_content caches a conversion that logged a warning (no recorder check).
    """
    page = project / "docs" / "cite.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n[a missing page](missing.md)\n", encoding="utf-8")
    try:
        for attempt in ("first", "second"):
            result = run_build(project, tmp_path / attempt, env={**ENV, "EDITION_CACHE_DIR": str(project / ".cache")})
            assert result.returncode != 0 and "missing.md" in result.output, result.output
    finally:
        page.write_text(original, encoding="utf-8")


def test_a_verbose_build_keeps_nothing(tmp_path):
    """Under --verbose MkDocs does not collect the links to anchors it checks later, so a
    conversion made then would make a later build skip the check for that page.

    Breaks if: hooks/page_cache.py on_page_content caches conversions made under --verbose (_collects_anchor_links).
    """
    project = copy_with_citations(tmp_path / "project")
    result = run_build(project, tmp_path / "site", env={**ENV, "EDITION_CACHE_DIR": str(project / ".cache")},
                       options=("--verbose",))
    assert result.returncode == 0, result.output
    assert (project / ".cache" / "pages" / "mkdocs").is_dir() and entries(project) == set()


def test_damaged_cache_entries_are_made_again_and_the_site_is_the_same(project, tmp_path):
    """Every entry of the page cache and of the compiled templates cut in half, as by a killed
    build: the next build succeeds and makes the same site as a clean one. (The citation
    cache's entries are read by the same edition.cache.load, tested in tests/test_cache.py;
    damaging them here would restart citeproc-js for seconds.)

    Breaks if: edition/cache.py load lets a JSON error through (the build fails with a traceback).
    """
    damaged = 0
    for entry in [*(project / ".cache" / "pages").rglob("*.json"), *(project / ".cache" / "jinja").iterdir()]:
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
        damaged += 1
    assert damaged > 40
    result = build(project, tmp_path / "after-damage")
    assert "Traceback" not in result.output
    clean = copy_with_citations(tmp_path / "clean")
    build(project, tmp_path / "clean-site", EDITION_CACHE_DIR=str(clean / ".cache"))
    assert differing_files(tmp_path / "clean-site", tmp_path / "after-damage") == []


def test_two_builds_at_once_share_the_caches_without_breaking_each_other(tmp_path):
    """Two builds of one project, at the same time, with no page in the cache: both convert
    and store every page at about the same moment, and both succeed with the same site.

    Breaks (in most runs) if: edition/cache.py store writes through a fixed temporary name
    (<key>.tmp): one build renames the other's file away, and its own rename fails.
    """
    project = copy_with_citations(tmp_path / "project")
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(lambda name: build(project, tmp_path / name), ["one", "two"])
    assert differing_files(tmp_path / "one", tmp_path / "two") == []


def test_a_failed_build_leaves_nothing_behind(project, tmp_path):
    """A page error stops a build; once it is fixed, the next build is the site a clean cache
    gives (no half-converted page was kept).

    Breaks if: hooks/page_cache.py stores a conversion before it has finished (on_page_markdown).
    """
    page = project / "docs" / "cite.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n[[quote ¶13]]\n", encoding="utf-8")
    failed = run_build(project, tmp_path / "failed", env={**ENV, "EDITION_CACHE_DIR": str(project / ".cache")})
    assert failed.returncode != 0 and "[[quote ¶13]]" in failed.output
    page.write_text(original, encoding="utf-8")
    build(project, tmp_path / "fixed")
    clean = copy_with_citations(tmp_path / "clean")
    build(project, tmp_path / "clean-site", EDITION_CACHE_DIR=str(clean / ".cache"))
    assert differing_files(tmp_path / "clean-site", tmp_path / "fixed") == []


def test_a_page_that_cites_a_new_source_updates_the_sources_page(project, tmp_path):
    """The Sources page lists the pages that cite each source: when another page starts citing
    one, the cached Sources page is not used again; an edit that changes no citation keeps
    every other page's conversion.

    Breaks if: hooks/page_cache.py _inputs_digest leaves edition.site_index.digest out (the
    Sources page goes on saying the source is cited only where it was).
    """
    about = project / "docs" / "about.md"
    text = about.read_text(encoding="utf-8")
    assert "[[references]]" in text and "[[source itu-zhao-bio]]" not in text
    about.write_text(text.replace("[[references]]", "Cited here too [[source itu-zhao-bio]].\n\n[[references]]"),
                     encoding="utf-8")
    build(project, tmp_path / "site")
    entry = (tmp_path / "site" / "sources" / "index.html").read_text(encoding="utf-8")
    item = entry[entry.index('id=source-itu-zhao-bio'):]
    assert "href=../about/" in item[:item.index("</li>")]


def test_the_kept_files_follow_an_edit_of_the_notes(project, tmp_path):
    """The kept files come from the kept/ cache while their inputs are unchanged; an edit to a
    note makes them again.

    Breaks if: hooks/kept_formats.py leaves data/ out of inputs_digest (the plain text keeps
    the old note).
    """
    notes = project / "data" / "notes.yml"
    text = notes.read_text(encoding="utf-8")
    assert "A slip in the source" in text
    build(project, tmp_path / "before")
    notes.write_text(text.replace("A slip in the source", "An error in the source", 1), encoding="utf-8")
    build(project, tmp_path / "after")
    name = "multilateralism-vs-multistakeholderism.txt"
    assert "An error in the source" not in (tmp_path / "before" / "downloads" / name).read_text(encoding="utf-8")
    assert "An error in the source" in (tmp_path / "after" / "downloads" / name).read_text(encoding="utf-8")


def test_the_search_entries_of_an_unchanged_page_are_kept(project, tmp_path):
    """A rebuild takes each unchanged page's search entries from the search/ cache instead of
    having Material parse the page again; an edited page is indexed anew (the cached and
    uncached sites are the same, index included: the first test of this file).

    Breaks if: hooks/search.py stops giving the search plugin its KeptEntriesIndex.
    """
    folder = project / ".cache" / "search"
    build(project, tmp_path / "one")
    before = {p.name for p in folder.glob("*.json")}
    assert len(before) >= 20
    build(project, tmp_path / "two")
    assert {p.name for p in folder.glob("*.json")} == before
    glossary = project / "docs" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\nOne more sentence to index.\n", encoding="utf-8")
    build(project, tmp_path / "three")
    assert len({p.name for p in folder.glob("*.json")} - before) == 1
    index = json.loads((tmp_path / "three" / "search" / "search_index.full.json").read_text(encoding="utf-8"))
    assert any("One more sentence to index." in doc["text"] for doc in index["docs"])
