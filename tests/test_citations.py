"""Citations: one metadata source, honest authorship, citeproc-js output, downloads, head tags."""

import json
import re
from urllib.parse import parse_qs

import bibtexparser
import jsonschema
import pytest
import rispy
import yaml

from conftest import CITATION, ROOT, SEED, citation_text, copy_project, run_build
from edition.csl import STYLES

EXPECTED = json.loads((ROOT / "tests" / "expected" / "citations.json").read_text(encoding="utf-8"))
CFF = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
STYLE_LABELS = [style.label for style in STYLES]
STYLE_KEYS = [style.key for style in STYLES]


def content_pages(build):
    return [p for p in build.pages() if p.name == "index.html"]


def test_citation_cff_is_the_one_source_and_agrees_with_site_and_seed():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", ""))
    assert CFF["url"] == config["site_url"]
    assert CFF["preferred-citation"]["title"] == SEED.read_text(encoding="utf-8").split("\n")[0]
    assert CFF["preferred-citation"]["date-published"] == "2015-11-21"
    assert [a["name"] for a in CFF["preferred-citation"]["authors"]] == ["anonymous"]


def test_every_page_has_a_cite_panel_in_four_styles_without_javascript(built_site):
    """Every page's HTML has a cite panel with the four styles, each with the URL, and three downloads.

    Breaks if: overrides/partials/cite-panel.html drops one of its three download links (e.g. the RIS file).
    """
    pages = content_pages(built_site)
    assert len(pages) >= 20
    for page in pages:
        soup = built_site.html(page.relative_to(built_site.site).as_posix())
        panel = soup.select_one("section.cite-panel")
        assert panel is not None, page
        assert [dt.get_text() for dt in panel.select("dl.citations > dt")] == STYLE_LABELS
        for citation in panel.select(".citation"):
            text = citation_text(citation)
            assert "https://" in text
        links = {a.get_text(): a["href"] for a in panel.select(".cite-downloads a[download]")}
        assert links == {"BibTeX (.bib)": "cite.bib", "RIS (.ris)": "cite.ris", "CSL-JSON (.json)": "cite.json"}


def panel_strings(soup, scope):
    return [(citation_text(c), c.find_next("p", class_="citation-in-text").get_text().removeprefix("In the text: "))
            for c in soup.select(f"{scope} .citation")]


def expected_strings(key):
    return [(EXPECTED[style]["text"][key]["bibliography"], EXPECTED[style]["text"][key]["citation"])
            for style in STYLE_KEYS]


def test_essay_citations_are_identical_to_citeproc_js(built_site):
    """The essay's and each paragraph's citations, as text, are those of tests/expected/citations.json.

    Breaks if: edition/citation.py edition_label reads "Online edition {version}" (not "Web edition, version …").
    """
    essay = built_site.html("essay/")
    assert panel_strings(essay, "section.cite-panel") == expected_strings("essay")
    for number in range(1, 13):
        assert panel_strings(essay, f"#p{number} details.paragraph-cite") == expected_strings(f"p{number}")


def test_a_page_of_the_edition_is_cited_as_such_identically_to_citeproc_js(built_site):
    """cite/ is cited as a web page of the edition, as tests/expected/citations.json has it.

    Breaks if: edition/citation.py page() dates a page of the edition with the essay's date (self.published).
    """
    assert panel_strings(built_site.html("cite/"), "section.cite-panel") == expected_strings("page")


def test_html_citations_are_citeproc_js_html(built_site):
    """¶3's citations are citeproc-js's HTML, element for element.

    Breaks if: edition/markdown_essay.py paragraph_citation adds the citation's HTML as escaped text (_text).
    """
    essay = built_site.html("essay/")
    rendered = [str(c.select_one(".csl-entry")) for c in essay.select("#p3 .citation")]
    expected = [EXPECTED[s]["html"]["p3"]["bibliography"] for s in STYLE_KEYS]
    from bs4 import BeautifulSoup
    assert rendered == [str(BeautifulSoup(h, "html.parser").div) for h in expected]


def test_paragraph_citations_carry_pinpoint_and_anchor(built_site):
    """Each "Cite ¶N" cites ¶N in the text (para. N, par. N) and ends its reference with essay/#pN.

    Breaks if: edition/citation.py Citable.requests() drops the locator (no "para. N" in the in-text forms).
    """
    essay = built_site.html("essay/")
    for number in range(1, 13):
        details = essay.select_one(f"#p{number} details.paragraph-cite")
        assert details.summary.get_text() == f"Cite ¶{number}"
        strings = dict(zip(STYLE_KEYS, panel_strings(essay, f"#p{number} details.paragraph-cite")))
        assert f"para. {number})" in strings["apa"][1]
        assert f"par. {number})" in strings["mla"][1]
        for bibliography, _ in strings.values():
            assert re.search(rf"/essay/#p{number}\b", bibliography)


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


@pytest.mark.parametrize("url", ["essay/", "institutions/oecd/", ""])
def test_downloads_parse_with_their_own_libraries(built_site, url):
    """cite.bib, cite.ris and cite.json of the essay, a page and the home page parse, name no author, agree.

    Breaks if: hooks/citations.py's on_post_build stops writing cite.bib, cite.ris and cite.json beside each page.
    """
    bib = bibtexparser.parse_string(read_download(built_site, url, "cite.bib"))
    assert len(bib.entries) == 1 and not bib.failed_blocks
    entry = bib.entries[0]
    assert "author" not in entry.fields_dict
    assert entry["url"].startswith(CFF["url"] + url)

    (ris,) = rispy.loads(read_download(built_site, url, "cite.ris"))
    assert ris["urls"] == [entry["url"]]
    assert "authors" not in ris and "first_authors" not in ris

    items = json.loads(read_download(built_site, url, "cite.json"))
    schema = json.loads((ROOT / "tests" / "schemas" / "csl-data.json").read_text(encoding="utf-8"))
    jsonschema.Draft3Validator(schema).validate(items)
    assert "author" not in items[0]
    assert items[0]["URL"] == entry["url"]
    assert items[0]["medium"] == f"Web edition, version {CFF['version']}"


def test_head_metadata_for_reference_managers(built_site):
    """The head's Highwire, Dublin Core, Open Graph, JSON-LD and COinS metadata agree with CITATION.cff.

    Breaks if: hooks/citations.py cites a page under its nav label (page.title, "OECD"), not its first heading.
    """
    essay = built_site.html("essay/")
    meta = {m.get("name") or m.get("property"): m["content"] for m in essay.select("head meta[content]")}
    assert meta["citation_title"] == CFF["preferred-citation"]["title"]
    assert meta["citation_publication_date"] == "2015/11/21"
    assert meta["DC.title"] == meta["citation_title"]
    assert meta["DC.date"] == "2015-11-21"
    assert meta["og:url"] == CFF["url"] + "essay/"
    assert essay.select_one('head link[rel="canonical"]')["href"] == CFF["url"] + "essay/"
    data = json.loads(essay.select_one('head script[type="application/ld+json"]').string)
    assert data["@type"] == "BlogPosting" and data["headline"] == meta["citation_title"]
    assert "author" not in data
    coins = parse_qs(essay.select_one("span.Z3988")["title"])
    assert coins["rft.title"] == [meta["citation_title"]]
    assert coins["rft.date"] == ["2015-11-21"]

    page = built_site.html("institutions/oecd/")
    data = json.loads(page.select_one('head script[type="application/ld+json"]').string)
    assert data["@type"] == "WebPage" and data["url"] == CFF["url"] + "institutions/oecd/"
    title = page.select_one('meta[name="citation_title"]')["content"]
    assert title == page.select_one(".md-content h1").get_text().removesuffix("¶")


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
