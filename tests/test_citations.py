"""Citations: one metadata source, honest authorship, citeproc-js output, downloads, head tags."""

import json
import re

import bibtexparser
import jsonschema
import pytest
import yaml

import zotero
from conftest import CITATION, ROOT, SEED, citation_text, copy_project, run_build
from edition.citation import DOWNLOADS, LIVING_SUMMARY, Metadata
from edition.csl import STYLES
from edition.kept import FILE_STEM

EXPECTED = json.loads((ROOT / "tests" / "expected" / "citations.json").read_text(encoding="utf-8"))
CFF = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
STYLE_LABELS = [style.label for style in STYLES]
STYLE_KEYS = [style.key for style in STYLES]
# The permanent address of the edition being read (docs/cite.md#permanent); the living one is CFF["url"].
PERMANENT = f"{CFF['url']}editions/{CFF['version']}/"
PERMANENT_FILES = [permanent for permanent, _, _ in DOWNLOADS]  # cite.bib, cite-bibtex.bib, cite.ris, cite.json
LIVING_FILES = [living for _, living, _ in DOWNLOADS]  # cite-living.bib, ...


def content_pages(build):
    return [p for p in build.pages() if p.name == "index.html"]


def test_citation_cff_is_the_one_source_and_agrees_with_site_and_seed():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", ""))
    assert CFF["url"] == config["site_url"]
    assert CFF["preferred-citation"]["title"] == SEED.read_text(encoding="utf-8").split("\n")[0]
    assert CFF["preferred-citation"]["date-published"] == "2015-11-21"
    assert [a["name"] for a in CFF["preferred-citation"]["authors"]] == ["anonymous"]


def test_every_page_has_a_cite_panel_in_four_styles_without_javascript(built_site):
    """Every page's HTML has a cite panel with the four styles naming the page's permanent address,
    and four downloads; then, labelled, the living address in the four styles with its four downloads.

    Breaks if: overrides/partials/cite-panel.html drops one of its download links (e.g. the RIS file),
    or the cite-living block; or hooks/citations.py gives the panel the living form first.
    """
    pages = content_pages(built_site)
    assert len(pages) >= 20
    for page in pages:
        folder = page.parent.relative_to(built_site.site).as_posix()
        path = "" if folder == "." else folder + "/"
        soup = built_site.html(path)
        panel = soup.select_one("section.cite-panel")
        assert panel is not None, page
        assert [dt.get_text() for dt in panel.select(":scope > dl.citations > dt")] == STYLE_LABELS
        for citation in panel.select(":scope > dl .citation"):
            assert PERMANENT + path in citation_text(citation), page
        living = panel.select_one(":scope > details.cite-living")
        assert living.summary.get_text() == LIVING_SUMMARY
        assert [dt.get_text() for dt in living.select(":scope > dl.citations > dt")] == STYLE_LABELS
        for citation in living.select(":scope > dl .citation"):
            text = citation_text(citation)
            assert CFF["url"] + path in text and "/editions/" not in text, page
        links = {a.get_text(): a["href"] for a in panel.select(":scope > .cite-downloads a[download]")
                 if "downloads/" not in a["href"]}  # the essay as kept files: tests/test_kept.py
        assert links == {"BibLaTeX (.bib)": "cite.bib", "BibTeX for natbib (.bib)": "cite-bibtex.bib",
                         "RIS (.ris)": "cite.ris", "CSL-JSON (.json)": "cite.json"}
        links = {a.get_text(): a["href"] for a in living.select(".cite-downloads a[download]")}
        assert links == {"BibLaTeX, living (.bib)": "cite-living.bib",
                         "BibTeX for natbib, living (.bib)": "cite-living-bibtex.bib",
                         "RIS, living (.ris)": "cite-living.ris", "CSL-JSON, living (.json)": "cite-living.json"}
        assert living.select_one("a[href$='#permanent']") is not None


def panel_strings(soup, scope):
    return [(citation_text(c), c.find_next("p", class_="citation-in-text").get_text().removeprefix("In the text: "))
            for c in soup.select(f"{scope} .citation")]


def living_strings(soup, scope):
    """The living form's entries (bibliography alone: its form in the text is the permanent one's)."""
    return [citation_text(c) for c in soup.select(f"{scope} > details.cite-living > dl .citation")]


def expected_strings(key):
    return [(EXPECTED[style]["text"][key]["bibliography"], EXPECTED[style]["text"][key]["citation"])
            for style in STYLE_KEYS]


def expected_living(key):
    """The living form's bibliography entries; its forms in the text are the permanent form's."""
    assert [EXPECTED[style]["text"][key + "-living"]["citation"] for style in STYLE_KEYS] == [
        EXPECTED[style]["text"][key]["citation"] for style in STYLE_KEYS]
    return [EXPECTED[style]["text"][key + "-living"]["bibliography"] for style in STYLE_KEYS]


def test_essay_citations_are_identical_to_citeproc_js(built_site):
    """The essay's and each paragraph's citations, as text, are those of tests/expected/citations.json,
    in both forms: permanent first, living under it (its entries alone).

    Breaks if: edition/citation.py edition_label reads "Online edition {version}" (not "Web edition, version …"),
    or edition/markdown_essay.py paragraph_citation leaves out the living form.
    """
    essay = built_site.html("essay/")
    assert panel_strings(essay, "section.cite-panel > dl.citations") == expected_strings("essay")
    assert living_strings(essay, "section.cite-panel") == expected_living("essay")
    for number in range(1, 13):
        scope = f"#p{number} details.paragraph-cite"
        assert panel_strings(essay, f"{scope} > dl.citations") == expected_strings(f"p{number}")
        assert essay.select_one(f"{scope} > details.cite-living > summary").get_text() == LIVING_SUMMARY
        assert living_strings(essay, scope) == expected_living(f"p{number}")
        assert essay.select(f"{scope} > details.cite-living .citation-in-text") == []


def test_the_expectation_has_both_forms_that_differ_only_in_the_address():
    """In tests/expected/citations.json (citeproc-js under Node), each permanent form is its living
    form with editions/VERSION/ after site_url, in every style.

    Breaks if: edition/citation.py permanent_url leaves out the version (editions/essay/).
    """
    for style in STYLE_KEYS:
        for key in ["essay", "page", *(f"p{n}" for n in range(1, 13))]:
            permanent, living = (EXPECTED[style]["text"][k]["bibliography"] for k in (key, key + "-living"))
            assert PERMANENT in permanent and "/editions/" not in living, (style, key)
            assert permanent.replace(PERMANENT, CFF["url"]) == living, (style, key)


def test_the_original_blog_post_is_offered_separately_on_the_essay_page(built_site):
    """Beside the essay as republished here, its citation as first published (nielharper.com,
    21 November 2015, its own address), labelled as such, identical to citeproc-js.

    Breaks if: overrides/partials/cite-panel.html drops the cite-original block.
    """
    essay = built_site.html("essay/")
    original = essay.select_one("section.cite-panel details.cite-original")
    assert "original blog post" in original.summary.get_text()
    assert panel_strings(essay, "section.cite-panel details.cite-original") == expected_strings("original")
    assert all(CFF["preferred-citation"]["url"] in text for text, _ in expected_strings("original"))
    assert built_site.html("cite/").select_one("details.cite-original") is None


def test_a_page_of_the_edition_is_cited_as_such_identically_to_citeproc_js(built_site):
    """cite/ is cited as a web page of the edition, as tests/expected/citations.json has it.

    Breaks if: edition/citation.py page() dates a page of the edition with the essay's date (self.published),
    or names the living address in both forms.
    """
    cite = built_site.html("cite/")
    assert panel_strings(cite, "section.cite-panel > dl.citations") == expected_strings("page")
    assert living_strings(cite, "section.cite-panel") == expected_living("page")


def test_html_citations_are_citeproc_js_html(built_site):
    """¶3's citations, permanent and living, are citeproc-js's HTML, element for element.

    Breaks if: edition/markdown_essay.py citation_list adds the citation's HTML as escaped text (_text).
    """
    essay = built_site.html("essay/")
    rendered = [str(c.select_one(".csl-entry")) for c in essay.select("#p3 .citation")]
    expected = [EXPECTED[s]["html"][key]["bibliography"] for key in ("p3", "p3-living") for s in STYLE_KEYS]
    from bs4 import BeautifulSoup
    assert rendered == [str(BeautifulSoup(h, "html.parser").div) for h in expected]


def test_paragraph_citations_carry_pinpoint_and_anchor(built_site):
    """Each "Cite ¶N" cites ¶N in the text (para. N, par. N) and ends its reference with essay/#pN: at the
    permanent address (editions/VERSION/essay/#pN), and in the living form at essay/#pN.

    Breaks if: edition/citation.py Citable.requests() drops the locator (no "para. N" in the in-text forms).
    """
    essay = built_site.html("essay/")
    for number in range(1, 13):
        details = essay.select_one(f"#p{number} details.paragraph-cite")
        assert details.summary.get_text() == f"Cite ¶{number}"
        strings = dict(zip(STYLE_KEYS, panel_strings(essay, f"#p{number} details.paragraph-cite > dl.citations")))
        assert f"para. {number})" in strings["apa"][1]
        assert f"par. {number})" in strings["mla"][1]
        for bibliography, _ in strings.values():
            assert re.search(rf"{re.escape(PERMANENT)}essay/#p{number}\b", bibliography)
        for bibliography in living_strings(essay, f"#p{number} details.paragraph-cite"):
            assert re.search(rf"{re.escape(CFF['url'])}essay/#p{number}\b", bibliography)


def test_no_person_is_named_as_author(built_site):
    """No page names an author: no author metadata in the head, no name in the citations.

    Breaks if: overrides/partials/citation-meta.html adds <meta name="citation_author"> (the publisher's name, say).
    """
    for page in content_pages(built_site):
        soup = built_site.html(page.relative_to(built_site.site).as_posix())
        assert soup.select('meta[name="citation_author"], meta[name="DC.creator"]') == []
        text = " ".join(citation_text(c) for c in soup.select(".citation"))
        assert "HOLLANDE" not in text.upper() and "Harper" not in text


def read_download(build, url, name):
    return (build.site / url / name).read_text(encoding="utf-8")


# --- what reference managers make of each page and download (tests/zotero.py) ---------

EDITION_TITLE = CFF["title"]
ESSAY_TITLE = " ".join(CFF["preferred-citation"]["title"].split())  # the seed's no-break space made plain
RELEASED = str(CFF["date-released"])
PUBLISHED = str(CFF["preferred-citation"]["date-published"])
MEDIUM = f"Web edition, version {CFF['version']}"


def page_urls(build):
    folders = [page.parent.relative_to(build.site).as_posix() for page in content_pages(build)]
    return ["" if folder == "." else folder + "/" for folder in folders]


def expected_item(build, url, living=False) -> dict:
    """What Zotero should save for a page: the essay as a blog post republished in the edition,
    any other page as a web page of the edition; the edition's date; no creator; the page's
    permanent address, or its living one for the living form."""
    essay = url == "essay/"
    title = ESSAY_TITLE if essay else re.sub(r"\s+", " ", build.html(url).select_one(".md-content h1").get_text()).removesuffix("¶").strip()
    return {"itemType": "blogPost" if essay else "webpage", "title": title, "date": RELEASED,
            "publicationTitle": EDITION_TITLE, "url": (CFF["url"] if living else PERMANENT) + url,
            "language": "en", "creators": []}


def test_every_page_saves_the_same_item_with_either_zotero_translator(built_site):
    """COinS (Zotero's default for the page) and Embedded Metadata (the alternative a reader can
    pick) make the same item of every page: a blog post for the essay, a web page otherwise,
    with the plain title, the edition's date and name, the permanent URL, English, and no creator.
    The canonical link stays the page's own (living) address.

    Breaks if: overrides/partials/citation-meta.html puts back citation_title (Embedded Metadata
    then saves a journal article) or drops og:url (Zotero then saves the canonical, living address),
    or edition/citation.py encodes COinS with "+" for spaces.
    """
    urls = page_urls(built_site)
    assert len(urls) >= 20 and "essay/" in urls
    for url in urls:
        page = built_site.html(url)
        expected = expected_item(built_site, url)
        [span] = page.select("span.Z3988[title]")  # one span: two would make Zotero ask which
        from_coins = zotero.coins_item(span["title"])
        assert {key: from_coins.get(key) for key in expected} == expected, url
        from_meta = zotero.embedded_metadata_item(page)
        assert {key: from_meta.get(key) for key in expected} == expected, url
        assert from_meta["alternates"] == 0, url
        assert from_meta["websiteType"] in (None, expected["itemType"]), url
        assert page.select_one('link[rel="canonical"]')["href"] == CFF["url"] + url, url


@pytest.mark.parametrize("name", ["cite.ris", "cite.json", "cite.bib",
                                  "cite-living.ris", "cite-living.json", "cite-living.bib"])
def test_every_download_imports_as_the_same_item(built_site, name):
    """Each page's RIS, CSL-JSON and BibLaTeX file imports (by Zotero's rules) as that page's item:
    the title, the date to the day, the language, no creator, no markup; the essay's original
    date and the edition's version in Extra where the format can carry it; the permanent address,
    or the living one in the cite-living files.

    Breaks if: edition/citation.py writes the BibLaTeX entry as @misc (Zotero: a book) or the
    CSL-JSON container with its <span class="nocase"> markup; or hooks/citations.py writes the
    living form into cite.ris.
    """
    living = "-living" in name
    for url in page_urls(built_site):
        text = read_download(built_site, url, name)
        expected = expected_item(built_site, url, living)
        if name.endswith(".ris"):
            item = zotero.ris_item(text)
        elif name.endswith(".json"):
            [data] = json.loads(text)
            schema = json.loads((ROOT / "tests" / "schemas" / "csl-data.json").read_text(encoding="utf-8"))
            jsonschema.Draft3Validator(schema).validate([data])
            item = zotero.csl_item(data)
        else:
            item = zotero.bibtex_item(text)
            # BibTeX has no blog post (@online is a web page), no container for it, and
            # BibLaTeX names languages by babel's names.
            expected = {**expected, "itemType": "webpage", "language": "english"}
            del expected["publicationTitle"]
        assert {key: item.get(key) for key in expected} == expected, (url, name)
        # Only the essay's downloads name files (its kept PDF and EPUB: the next test).
        assert bool(item.get("attachments")) == (url == "essay/" and not name.endswith(".json")), (url, name)
        if not name.endswith(".bib"):
            extra = item["extra"].split("\n")
            assert f"Medium: {MEDIUM}" in extra, (url, name)
            assert (f"Original Date: {PUBLISHED}" in extra) == (url == "essay/"), (url, name)


@pytest.mark.parametrize("living", [False, True], ids=["permanent", "living"])
def test_the_essays_ris_and_biblatex_link_its_kept_pdf_and_epub(built_site, living):
    """The essay's cite.ris and cite.bib name the kept PDF and EPUB by their addresses on the online
    edition, which Zotero saves as links to them (RIS: L1 lines, titled by the file's name;
    BibLaTeX: the `file` field, titled and typed); everything else imports as before. CSL-JSON has
    no variable for a file, and cite-bibtex.bib is for natbib: both are as without the files.
    The files are the same edition's as the URL: the permanent edition's copies (editions/VERSION/
    downloads/, not checked here: the archived editions are built elsewhere), or in cite-living.ris
    and cite-living.bib the newest (downloads/).

    Breaks if: edition/citation.py writes the file field's URL with its colon unescaped (Zotero
    drops the record), or names the PDF in a second UR line (Zotero puts it in a note), or
    essay() names the living files in the permanent form.
    """
    metadata = Metadata(CITATION)
    downloads = (CFF["url"] if living else PERMANENT) + "downloads/"
    pdf, epub = downloads + FILE_STEM + ".pdf", downloads + FILE_STEM + ".epub"
    if living:
        for address in (pdf, epub):
            assert (built_site.site / address.removeprefix(CFF["url"])).is_file()
    # the essay's item as it would be without the files
    plain = metadata.essay(CFF["url"] + "essay/", living=living)
    bib_name, bibtex_name, ris_name, json_name = LIVING_FILES if living else PERMANENT_FILES

    ris = read_download(built_site, "essay/", ris_name)
    item, before = zotero.ris_item(ris), zotero.ris_item(metadata.ris(plain))
    assert item["attachments"] == [
        {"linkMode": "linked_url", "url": pdf, "title": FILE_STEM, "contentType": None},
        {"linkMode": "linked_url", "url": epub, "title": FILE_STEM, "contentType": None}]
    assert {**item, "attachments": []} == before and item["notes"] == []
    assert [line for line in ris.splitlines() if not line.startswith("L1  - ")] == metadata.ris(plain).splitlines()

    bib = read_download(built_site, "essay/", bib_name)
    item, before = zotero.bibtex_item(bib), zotero.bibtex_item(metadata.biblatex(plain))
    assert item["attachments"] == [
        {"linkMode": "linked_url", "url": pdf, "title": "Full Text PDF", "contentType": "application/pdf"},
        {"linkMode": "linked_url", "url": epub, "title": "Full Text EPUB", "contentType": "application/epub+zip"}]
    assert {**item, "attachments": []} == before
    fields = bibtexparser.parse_string(bib).entries[0].fields_dict
    assert {key: f.value for key, f in fields.items() if key != "file"} == {
        key: f.value for key, f in bibtexparser.parse_string(metadata.biblatex(plain)).entries[0].fields_dict.items()}

    assert read_download(built_site, "essay/", json_name) == metadata.csl_json(plain)
    assert read_download(built_site, "essay/", bibtex_name) == metadata.bibtex(plain)


def test_zotero_drops_a_file_record_whose_url_colon_is_not_escaped():
    """The port of BibTeX.js's file field: "title:path:type" records split at unescaped colons."""
    assert zotero.bibtex_item("@online{k, file = {PDF:https://example.org/a.pdf:PDF}}")["attachments"] == []
    [linked] = zotero.bibtex_item("@online{k, file = {PDF:https\\://example.org/a.pdf:PDF}}")["attachments"]
    assert linked == {"linkMode": "linked_url", "url": "https://example.org/a.pdf", "title": "PDF",
                      "contentType": "application/pdf"}


def test_the_bibtex_files_carry_what_biblatex_and_natbib_print(built_site):
    """cite.bib is BibLaTeX (@online with date, origdate, version, urldate, langid); cite-bibtex.bib
    is classic BibTeX for natbib (@misc with howpublished and note), both with the page's key; the
    same in the cite-living files, with the living address.

    Breaks if: edition/citation.py drops origdate from the essay's BibLaTeX entry.
    """
    biblatex = bibtexparser.parse_string(read_download(built_site, "essay/", "cite.bib")).entries[0]
    fields = {key: field.value for key, field in biblatex.fields_dict.items()}
    assert biblatex.entry_type == "online"
    assert (fields["date"], fields["origdate"], fields["version"], fields["langid"]) == (
        RELEASED, PUBLISHED[:4], CFF["version"], "english")
    assert fields["urldate"] == RELEASED
    natbib = bibtexparser.parse_string(read_download(built_site, "essay/", "cite-bibtex.bib")).entries[0]
    assert natbib.entry_type == "misc" and natbib.key == biblatex.key
    assert natbib["howpublished"] == "\\url{" + PERMANENT + "essay/}" == "\\url{" + fields["url"] + "}"
    assert natbib["note"] == f"{MEDIUM}; First published on nielharper.com, 21 November 2015"
    assert natbib["key"] == ESSAY_TITLE.split(" – ")[0]  # natbib sorts and labels an authorless entry by it
    living = bibtexparser.parse_string(read_download(built_site, "essay/", "cite-living.bib")).entries[0]
    living_natbib = bibtexparser.parse_string(read_download(built_site, "essay/", "cite-living-bibtex.bib")).entries[0]
    assert living["url"] == CFF["url"] + "essay/" and living_natbib["howpublished"] == "\\url{" + CFF["url"] + "essay/}"
    assert living_natbib.key == living.key != biblatex.key
    assert {k: f.value for k, f in living.fields_dict.items() if k not in ("url", "file")} == {
        k: f.value for k, f in biblatex.fields_dict.items() if k not in ("url", "file")}


def test_keys_are_unique_across_the_site(built_site):
    """Every download's key is unique across the site and across both forms (the permanent key carries
    the version), and each page's CSL-JSON, BibLaTeX and BibTeX files of one form share theirs.

    Breaks if: edition/citation.py key() gives every page of the edition the same key, or leaves
    the version out of the permanent form's key (it would then be the living form's).
    """
    keys = []
    for files in (PERMANENT_FILES, LIVING_FILES):
        bib, bibtex, _, csl = files
        for url in page_urls(built_site):
            key = zotero.bibtex_item(read_download(built_site, url, bib))["key"]
            [item] = json.loads(read_download(built_site, url, csl))
            assert item["id"] == zotero.bibtex_item(read_download(built_site, url, bibtex))["key"] == key
            assert (f"-v{CFF['version']}-" in key) == (files is PERMANENT_FILES), key
            keys.append(key)
    assert len(keys) == len(set(keys)) >= 40


def test_no_metadata_value_has_a_no_break_space_or_markup(built_site):
    """The seed's U+00A0 stays in the essay's text and headings, never in metadata or downloads.

    Breaks if: edition/citation.py's title property returns the CITATION.cff title as it is.
    """
    for url in page_urls(built_site):
        page = built_site.html(url)
        values = [meta["content"] for meta in page.select("head meta[content]")]
        values += [page.select_one("span.Z3988")["title"], page.select_one('script[type="application/ld+json"]').string]
        values += [read_download(built_site, url, name) for name in PERMANENT_FILES + LIVING_FILES]
        for value in values:
            assert "\u00a0" not in value and "%C2%A0" not in value, (url, value[:80])
            assert not re.search(r"<[a-z]|&[a-z]+;", value.replace("\\u003c", "")), (url, value[:80])
    assert "\u00a0" in built_site.html("essay/").select_one("#essay-title").get_text()


def test_json_ld_names_the_edition_and_the_original(built_site):
    """The JSON-LD names the permanent address, the edition and (for the essay) the original.

    Breaks if: edition/citation.py's JSON-LD for the essay drops isBasedOn (the blog post it republishes).
    """
    data = json.loads(built_site.html("essay/").select_one('head script[type="application/ld+json"]').string)
    assert data["url"] == PERMANENT + "essay/"
    assert data["@type"] == "BlogPosting" and data["headline"] == ESSAY_TITLE and data["datePublished"] == RELEASED
    assert data["isPartOf"]["name"] == EDITION_TITLE and "author" not in data
    assert data["isBasedOn"]["url"] == CFF["preferred-citation"]["url"]
    assert data["isBasedOn"]["datePublished"] == PUBLISHED
    page = json.loads(built_site.html("institutions/oecd/").select_one('head script[type="application/ld+json"]').string)
    assert page["@type"] == "WebPage" and page["url"] == PERMANENT + "institutions/oecd/"


def test_mismatched_site_url_stops_the_build(tmp_path):
    """A CITATION.cff url that differs from site_url in mkdocs.yml stops the build.

    Breaks if: hooks/citations.py's on_config stops comparing CITATION.cff's url with site_url.
    """
    project = copy_project(tmp_path / "project")
    cff = project / "CITATION.cff"
    cff.write_text(cff.read_text(encoding="utf-8").replace('url: "https://essay-edition', 'url: "https://elsewhere'), encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "differs from site_url" in build.output
