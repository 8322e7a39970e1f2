"""Every edition at its permanent address (edition/archive.py, hooks/editions.py).

The past editions are frozen builds in editions/VERSION/ of the repository; the current
edition is copied to editions/CURRENT/ at each build. These tests read the published
build of the project (conftest's built_site) and, for the past editions, a fresh build
of the commit each one records.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, run_build, site_files
from edition import archive, data, project
from edition.citation import long_date
from edition.data import DataError

EDITIONS = data.load_editions(ROOT / project.DATA_DIR / "editions.yml")
CURRENT, PAST = EDITIONS[0], EDITIONS[1:]
SITE_URL = yaml.safe_load((ROOT / project.CITATION_FILE).read_text(encoding="utf-8"))["url"].rstrip("/") + "/"
BANNER = re.compile(r'<div class="admonition note edition-banner" role="note">.*?</div>', re.DOTALL)


def copy_of(site: Path, version: str) -> Path:
    return site / "editions" / version


def resolve(page: str, href: str) -> str:
    """The site path a relative link of the page at `page` (a folder such as "essay/") leads to."""
    path = urlsplit(href).path
    target = posixpath.normpath(posixpath.join(page or ".", path))
    return "" if target == "." else target + ("/" if path.endswith("/") else "")


def page_folders(site: Path) -> list[str]:
    return sorted(("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/")
                  for p in site.rglob("index.html"))


def without_banner(text: str) -> str:
    stripped, count = BANNER.subn("", text)
    return stripped


def as_published(text: str, version: str) -> str:
    """A copied file of an edition made before permanent addresses with its addresses moved
    back out of editions/VERSION/ (plain, as COinS encodes them, as a BibLaTeX file field
    escapes them)."""
    for form, folder in ((SITE_URL, f"editions/{version}/"), (quote(SITE_URL, safe=""), quote(f"editions/{version}/", safe="")),
                         (SITE_URL.replace(":", "\\:"), f"editions/{version}/")):
        text = text.replace(form + folder, form)
    return text


@pytest.fixture(scope="module")
def commit_builds(tmp_path_factory) -> dict[str, Path]:
    """Each past edition's commit built now, as `make build` builds it in its checkout. A
    shallow clone lacks the commits: the test then fails and says so (git fetch --unshallow)."""
    builds = {}
    for edition in PAST:
        site = tmp_path_factory.mktemp(f"edition-{edition.version}") / "site"
        try:
            archive.build_commit(ROOT, archive.commit_of(ROOT, edition.archive.commit), site)
        except DataError as error:
            pytest.fail(f"edition {edition.version}: {error}")
        builds[edition.version] = site
    return builds


@pytest.mark.parametrize("edition", PAST, ids=[e.version for e in PAST])
def test_a_past_edition_is_its_commits_build_apart_from_banner_and_links(built_site, commit_builds, edition):
    """Every file of editions/VERSION/ in the site is the file its commit builds today: byte for
    byte, or for pages and citation downloads, once the banner is taken out and the site's
    addresses are moved back out of editions/VERSION/. The essay page is checked first.

    Breaks if: edition/archive.py copies a past edition from anything but its frozen build, or changes
    a page beyond the banner and the addresses (its write_copy rewrote the essay's text, say), or the
    frozen folder were built from another commit.
    """
    built, copied = commit_builds[edition.version], copy_of(built_site.site, edition.version)
    assert site_files(built) == site_files(copied)
    essay = (copied / "essay" / "index.html").read_text(encoding="utf-8")
    assert as_published(without_banner(essay), edition.version) == (built / "essay" / "index.html").read_text(encoding="utf-8")
    differing = []
    for name in site_files(built):
        one, other = (built / name).read_bytes(), (copied / name).read_bytes()
        if name.endswith((".html", ".bib", ".ris", ".json")) and one != other:
            other = as_published(without_banner(other.decode("utf-8")), edition.version).encode("utf-8")
        if one != other:
            differing.append(name)
    assert not differing


def test_the_current_editions_copy_is_the_root_build_apart_from_banner_and_links(built_site):
    """editions/CURRENT/ holds every file of the root (but editions/ itself), the same bytes but for
    the pages' banner and their links into editions/, made two folders deeper.

    Breaks if: hooks/editions.py leaves files out of the copy, or edition/archive.py changes more of
    the current edition's pages than the banner and those links.
    """
    site, copied = built_site.site, copy_of(built_site.site, CURRENT.version)
    root_files = [name for name in site_files(site) if not name.startswith("editions/")]
    assert root_files == site_files(copied)
    for name in root_files:
        one, other = (site / name).read_bytes(), (copied / name).read_bytes()
        if name.endswith(".html"):
            other = re.sub(r"""(href=["']?)\.\./\.\./((?:\.\./)*editions/)""", r"\1\2",
                           without_banner(other.decode("utf-8"))).encode("utf-8")
        assert one == other, name


@pytest.mark.parametrize("version", [e.version for e in EDITIONS])
def test_the_paragraph_anchors_resolve_at_each_permanent_address(built_site, version):
    """editions/VERSION/essay/ has the anchors p1 to p12, each on a paragraph of the essay.

    Breaks if: the essay page of an edition's copy is missing or lost its paragraphs' ids.
    """
    page = BeautifulSoup((copy_of(built_site.site, version) / "essay" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    for number in range(1, 13):
        paragraph = page.find(id=f"p{number}")
        assert paragraph is not None and "essay-paragraph" in paragraph.get("class", [])


def banner_of(page: BeautifulSoup):
    article = page.select_one("article")
    first = next(child for child in article.children if getattr(child, "name", None))
    assert "edition-banner" in first.get("class", []), "the banner is the article's first element"
    return first


@pytest.mark.parametrize("edition", PAST, ids=[e.version for e in PAST])
def test_a_past_page_says_its_edition_and_links_the_current_page_and_what_changed(built_site, edition):
    """Each page of a past edition opens with a banner naming the edition and its date; it links
    the same page in the current edition (when there is one) and the page in every edition, and
    says whether the page changed since, with a link to where the Updates page lists the changes.

    Breaks if: edition/archive.py's banner drops a link or computes one a folder off (the links are
    resolved to built files here), or the Updates page loses the ids the banners link to.
    """
    site, copied = built_site.site, copy_of(built_site.site, edition.version)
    updates = built_site.html("updates/")
    current_pages = set(page_folders(site))
    for folder in page_folders(copied):
        page = BeautifulSoup((copied / folder / "index.html").read_text(encoding="utf-8"), "html.parser")
        banner = banner_of(page)
        text = " ".join(banner.get_text(" ").split())
        assert f"Edition {edition.version} of" in text and "past edition" in text
        assert f"{SITE_URL}editions/{edition.version}/{folder}" in text
        targets = {link.get_text(): resolve(f"editions/{edition.version}/{folder}", link["href"])
                   for link in banner.find_all("a")}
        if folder not in current_pages:
            assert "The current edition has no such page." in text
            continue
        assert targets["This page in the current edition"] == folder
        assert targets[CURRENT.version] == f"editions/{CURRENT.version}/{folder}"
        assert (site / targets[CURRENT.version] / "index.html").is_file()
        changed = [link for link in banner.find_all("a") if "#" in link["href"] and link["href"].split("#")[0].endswith("updates/")]
        if "has changed since" in text:
            assert changed and all(updates.find(id=link["href"].split("#")[1]) for link in changed)
        else:
            assert "reads the same in the current edition" in text and not changed
    # The essay's notes changed in 1.1.0, so the essay's banner says so and names its corrections.
    essay = " ".join(banner_of(BeautifulSoup((copied / "essay" / "index.html").read_text(encoding="utf-8"),
                                             "html.parser")).get_text(" ").split())
    assert "has changed since" in essay and "its corrections in edition" in essay


def test_a_copied_page_says_whether_its_text_changed(tmp_path):
    """The banner compares the text of the page's article, cite panel aside, with the current page.

    Breaks if: edition/archive.py's article_text reads the cite panel (a new version number alone
    would count as a change) or compares anything but the article.
    """
    def page(words, version):
        return (f'<html><head><meta content="{SITE_URL}x/" property="og:url"></head><body><article class="md-content">'
                f'<h1>Title</h1><p>{words}</p><section class="cite-panel"><p>Version {version}</p></section>'
                f"</article></body></html>")
    copy = archive.EditionCopy(PAST[0], CURRENT, tuple(EDITIONS), {CURRENT.version: {"x/"}, PAST[0].version: {"x/"}},
                               SITE_URL)
    same, _ = archive.copied_page(copy, page("Some words.", PAST[0].version), "x/", page("Some words.", CURRENT.version))
    other, _ = archive.copied_page(copy, page("Some words.", PAST[0].version), "x/", page("Other words.", CURRENT.version))
    gone, _ = archive.copied_page(copy, page("Some words.", PAST[0].version), "x/", None)
    assert "reads the same in the current edition" in same and "changed since" not in same
    assert "The page has changed since" in other
    assert "The current edition has no such page." in gone


def test_the_current_editions_copy_says_it_is_current_and_links_the_living_page(built_site):
    """Each page of editions/CURRENT/ says it is the current edition's permanent address and links
    its living address; the essay's banner also links its past editions.

    Breaks if: the banner of the current edition's copy loses the living link or points it wrongly.
    """
    copied = copy_of(built_site.site, CURRENT.version)
    for folder in page_folders(copied):
        banner = banner_of(BeautifulSoup((copied / folder / "index.html").read_text(encoding="utf-8"), "html.parser"))
        text = " ".join(banner.get_text(" ").split())
        assert f"Edition {CURRENT.version} of" in text and "the current edition" in text
        living = banner.find("a", string=SITE_URL + folder)
        assert living is not None and resolve(f"editions/{CURRENT.version}/{folder}", living["href"]) == folder
    essay = banner_of(BeautifulSoup((copied / "essay" / "index.html").read_text(encoding="utf-8"), "html.parser"))
    for edition in PAST:
        link = essay.find("a", string=edition.version)
        assert resolve(f"editions/{CURRENT.version}/essay/", link["href"]) == f"editions/{edition.version}/essay/"


def test_each_current_page_links_its_permanent_addresses(built_site):
    """Every page of the current edition lists the editions that have it, each link leading to a
    built page at editions/VERSION/ (from the copy too, whose links are two folders deeper).

    Breaks if: overrides/partials/page-editions.html is dropped from the cite panel, or
    hooks/editions.py lists an edition that lacks the page.
    """
    site = built_site.site
    for folder in page_folders(site):
        if folder.startswith("editions/") or folder == "404/":
            continue
        for where in (folder, f"editions/{CURRENT.version}/{folder}"):
            page = BeautifulSoup((site / where / "index.html").read_text(encoding="utf-8"), "html.parser")
            line = page.select_one(".page-editions")
            assert line is not None, where
            links = {a.get_text(): resolve(where, a["href"]) for a in line.find_all("a") if a.get_text()[0].isdigit()}
            expected = [e.version for e in EDITIONS if (copy_of(site, e.version) / folder / "index.html").is_file()]
            assert list(links) == expected, where
            for version, target in links.items():
                assert target == f"editions/{version}/{folder}" and (site / target / "index.html").is_file(), where


def test_the_updates_page_links_each_corrected_page_in_both_editions(built_site):
    """Under each edition's corrections, every corrected page links the page in the edition before
    and in that edition, each at its permanent address, and the addresses are built.

    Breaks if: the editions form of edition/markdown_essay.py stops linking the editions, or links an
    edition that lacks the page.
    """
    updates = built_site.html("updates/")
    for index, edition in enumerate(EDITIONS):
        for page, _ in edition.corrections:
            heading = updates.find(id=f"corrections-{edition.version}-{archive.page_slug(archive.page_folder(page))}")
            assert heading is not None, page
            links = [a["href"] for a in heading.find_all("a") if a["href"].startswith(SITE_URL)]
            versions = [link.removeprefix(SITE_URL + "editions/").split("/")[0] for link in links]
            assert versions[-1] == edition.version
            if index + 1 < len(EDITIONS) and archive.has_page(ROOT, EDITIONS[index + 1].version, archive.page_folder(page)):
                assert versions[0] == EDITIONS[index + 1].version
            for link in links:
                assert (built_site.site / link.removeprefix(SITE_URL) / "index.html").is_file(), link


def test_search_finds_each_page_of_the_current_edition_once(built_site):
    """The site's search index holds the current edition's pages only; each copy searches itself.

    Breaks if: the copies were made MkDocs pages (docs/editions/...), so that search listed the essay
    once per edition.
    """
    site = built_site.site
    stub = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    index = json.loads((site / stub["config"]["full_index"]).read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not [location for location in locations if location.startswith("editions/")]
    pages = {folder for folder in page_folders(site) if not folder.startswith("editions/") and folder != "404/"}
    assert locations == pages
    for edition in EDITIONS:
        folder = copy_of(site, edition.version)
        own = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
        if own["docs"] == []:  # a stub naming the full index
            own = json.loads((folder / own["config"]["full_index"]).read_text(encoding="utf-8"))
        assert own["docs"] and not [doc for doc in own["docs"] if doc["location"].startswith("editions/")]


def test_the_manifest_promises_every_permanent_address(built_site):
    """Every page of every copy is a promised address: the current edition's copy under the root's
    list, each past edition under its own list in data/citable-urls.yml; and each promise is built.

    Breaks if: a past edition's list is dropped from the manifest, or the build stops making a copy.
    """
    manifest = ROOT / project.DATA_DIR / "citable-urls.yml"
    archived = data.load_archived_urls(manifest)
    assert set(archived) == {edition.version for edition in PAST}
    promised = {CURRENT.version: {entry.url for entry in data.load_citable_urls(manifest)}}
    promised.update({version: {entry.url for entry in urls} for version, (urls, _) in archived.items()})
    for version, urls in promised.items():
        assert set(page_folders(copy_of(built_site.site, version))) == urls, version
    for version, (_, files) in archived.items():
        assert all((copy_of(built_site.site, version) / file).is_file() for file in files)


def test_each_copy_has_its_own_offline_copy_and_the_offline_copy_no_editions(built_site):
    """The current edition's copy carries the same offline zip as the root; the offline copy itself
    holds one edition only.

    Breaks if: edition/publish.py stops copying the zip into editions/CURRENT/downloads/, or the
    offline build makes copies of the editions.
    """
    [root_zip] = (built_site.site / "downloads").glob("*-offline.zip")
    name = root_zip.name
    assert (copy_of(built_site.site, CURRENT.version) / "downloads" / name).read_bytes() == root_zip.read_bytes()
    with zipfile.ZipFile(root_zip) as zipped:
        assert not [n for n in zipped.namelist() if "/editions/" in n]


FAULTS = [
    ("a frozen page changed", lambda p: (p / "editions" / PAST[0].version / "essay" / "index.html").write_text("x"),
     f"editions/{PAST[0].version}: essay/index.html differs from its listing"),
    ("a frozen file missing", lambda p: (p / "editions" / PAST[0].version / "about" / "index.html").unlink(),
     f"editions/{PAST[0].version}: about/index.html is missing"),
    ("a frozen edition missing", lambda p: shutil.rmtree(p / "editions"),
     f"editions/{PAST[0].version}: missing; edition {PAST[0].version} is published from it"),
    ("a listing edited", lambda p: (p / "editions" / f"{PAST[0].version}.sha256").write_text(""),
     f"editions/{PAST[0].version}.sha256: differs from the listing digest"),
    ("a stray edition", lambda p: shutil.copytree(p / "editions" / PAST[0].version, p / "editions" / "0.9.0"),
     "editions/0.9.0: no past edition of data/editions.yml has this version"),
]


@pytest.mark.parametrize("name, change, expected", FAULTS, ids=[f[0] for f in FAULTS])
def test_a_broken_past_edition_stops_the_build_with_one_line(tmp_path, name, change, expected):
    """A frozen edition that is missing or not what data/editions.yml records stops the build before
    any page is converted, with one ERROR line naming the file.

    Breaks if: hooks/editions.py stops calling edition/archive.py's checked_archive in on_config, or
    checked_archive stops comparing a file with its listing.
    """
    project_copy = copy_project(tmp_path / "project")
    change(project_copy)
    build = run_build(project_copy, tmp_path / "site")
    errors = [line for line in build.output.splitlines() if line.startswith("ERROR")]
    assert build.returncode != 0 and len(errors) == 1 and expected in errors[0], build.output
    assert "Traceback" not in build.output and "Error reading page" not in build.output
    assert not (tmp_path / "site" / "essay" / "index.html").exists()


def test_a_past_edition_missing_from_the_manifest_stops_the_build(tmp_path):
    """data/citable-urls.yml must list what each past edition promised.

    Breaks if: hooks/citable_urls.py stops checking the editions' copies.
    """
    project_copy = copy_project(tmp_path / "project")
    manifest = project_copy / project.DATA_DIR / "citable-urls.yml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text[:text.index("\neditions:")] + "\n", encoding="utf-8")
    build = run_build(project_copy, tmp_path / "site")
    assert build.returncode != 0
    assert f"editions: past edition {PAST[0].version} lists nothing" in build.output, build.output


def test_an_archive_record_needs_its_commit_and_listing(tmp_path):
    """A malformed archive record in data/editions.yml is one clear line.

    Breaks if: edition/data.py stops checking the record's two fields.
    """
    editions = tmp_path / "editions.yml"
    text = (ROOT / project.DATA_DIR / "editions.yml").read_text(encoding="utf-8")
    editions.write_text(text.replace(f"commit: {PAST[0].archive.commit}", "commit: main"), encoding="utf-8")
    with pytest.raises(DataError, match=r"edition 2: archive needs exactly commit \(40 hex digits\) and listing"):
        data.load_editions(editions)


def test_a_shallow_clone_is_told_how_to_get_the_history(tmp_path):
    """Freezing or testing a past edition needs its commit; in a shallow clone the error says so.

    Breaks if: edition/archive.py's commit_of stops looking at git rev-parse --is-shallow-repository.
    """
    clone = tmp_path / "clone"
    import subprocess
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(clone)], check=True)
    with pytest.raises(DataError, match="shallow and lacks the history: run git fetch --unshallow"):
        archive.commit_of(clone, PAST[0].archive.commit)


def test_a_past_page_prints_its_banner_and_searches_its_own_edition(built_site, visit, tmp_path):
    """Printed, a past edition's essay still says which edition it is; its search box finds the
    essay's paragraphs in that edition, not in the current one.

    Breaks if: the banner were hidden in print (docs/stylesheets or Material's print rules reaching
    it), or a copy's search read the root's index.
    """
    from browser import require
    require(shutil.which("pdftotext"), "pdftotext", "apt-get install poppler-utils")
    import subprocess
    version = PAST[0].version
    v = visit(f"editions/{version}/essay/")
    v.page.emulate_media(media="print")
    pdf = tmp_path / "past.pdf"
    v.page.pdf(path=str(pdf), format="A4")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert f"Edition {version} of {long_date(dt.date.fromisoformat(PAST[0].date))}: a past edition" in text
    v.page.emulate_media(media="screen")
    v.page.click("label.md-search__icon, .md-search__input", timeout=5000)
    v.page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)")
    v.page.locator(".md-search__input").press_sequentially("paradigm")
    v.page.wait_for_selector(".md-search-result__item a", state="attached", timeout=20000)
    hrefs = [a.get_attribute("href") for a in v.page.query_selector_all(".md-search-result__item a")]
    assert hrefs
    resolved = {v.page.evaluate("h => new URL(h, location.href).pathname", href) for href in hrefs}
    assert all(f"/editions/{version}/" in path for path in resolved), resolved


@pytest.mark.parametrize("edition", PAST, ids=[e.version for e in PAST])
def test_zotero_saves_a_past_page_with_its_permanent_address(built_site, edition):
    """Saved from a past edition's page, or imported from its downloads, the item's URL is the
    page's permanent address, never the living one, which now shows another edition.

    Breaks if: edition/archive.py stops moving the site's addresses of an edition made before
    permanent addresses (its og:url, COinS and downloads would name the living address).
    """
    import zotero
    copied = copy_of(built_site.site, edition.version)
    for folder in page_folders(copied):
        permanent = f"{SITE_URL}editions/{edition.version}/{folder}"
        page = BeautifulSoup((copied / folder / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert zotero.embedded_metadata_item(page)["url"] == permanent, folder
        coins = page.select_one("span.Z3988")
        assert coins is None or zotero.coins_item(coins["title"])["url"] == permanent, folder
        assert zotero.ris_item((copied / folder / "cite.ris").read_text(encoding="utf-8"))["url"] == permanent
        assert zotero.bibtex_item((copied / folder / "cite.bib").read_text(encoding="utf-8"))["url"] == permanent
        item = json.loads((copied / folder / "cite.json").read_text(encoding="utf-8"))[0]
        assert zotero.csl_item(item)["url"] == permanent
