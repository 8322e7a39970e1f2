"""The editorial apparatus: topic and institution pages, sources, notes, glossary, mentions."""

import re
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import DATA, seed_paragraphs


# Every institution and process the essay names, and where the edition covers it.
INSTITUTIONS = {
    "United Nations": "institutions/un/",
    "UN General Assembly": "institutions/un/#general-assembly",
    "UN Security Council": "institutions/un/#security-council",
    "ECOSOC consultative status": "institutions/un/#ecosoc-consultative-status",
    "WSIS": "institutions/wsis/",
    "Geneva Declaration of Principles": "institutions/wsis/#geneva-2003",
    "Tunis Agenda": "institutions/wsis/#tunis-agenda-2005",
    "WSIS+10 High-Level Event": "institutions/wsis/#wsis10-high-level-event-2014",
    "ITU": "institutions/itu/",
    "ITU Plenipotentiary Conference 2014": "institutions/itu/#plenipotentiary-conference-2014",
    "CWG-Internet": "institutions/itu/#cwg-internet",
    "UNESCO": "institutions/unesco/",
    "UNCTAD": "institutions/unctad/",
    "UNDP": "institutions/undp/",
    "OECD": "institutions/oecd/",
    "ICCP / CDEP": "institutions/oecd/#iccp-cdep",
    "ITAC": "institutions/oecd/#itac",
    "CISP": "institutions/oecd/#cisp",
    "SPDE": "institutions/oecd/#spde",
    "IGF": "institutions/igf/",
    "IGF 2015, João Pessoa": "institutions/igf/#joao-pessoa-2015",
    "MAG": "institutions/igf/#mag",
    "IANA stewardship transition": "institutions/iana/",
}
TOPICS = ["topics/multilateralism/", "topics/multistakeholderism/", "topics/un-example/",
          "topics/interplay/", "about/", "timeline/", "glossary/"]
MIRRORS = ("docplayer", "dokumen.tips", "studylib", "123dok", "docslib", "scarabresearch",
           "slovar-vocab", "tutorsglobe", "judicialcompetitiontimes", "blogspot", "pubt.io")
PARAGRAPH_HREF = re.compile(r"(?:^|/)essay/#p(\d+)$")


def page_of(url):
    path, _, fragment = url.partition("#")
    return path, fragment


@pytest.mark.parametrize("name, url", INSTITUTIONS.items())
def test_every_institution_the_essay_names_has_its_page_or_anchor(built_site, name, url):
    """Each institution and process the essay names has its page, or its section on one.

    Breaks if: docs/institutions/wsis.md's Tunis section gets a new id ({ #tunis-2005 }), data/mentions.yml too.
    """
    path, fragment = page_of(url)
    soup = built_site.html(path)
    if fragment:
        assert soup.find(id=fragment) is not None, f"{name}: no #{fragment} on {path}"
    assert soup.select_one(".md-content h1") is not None


@pytest.mark.parametrize("url", TOPICS)
def test_topic_and_reference_pages_exist(built_site, url):
    """The topic and reference pages are built as pages of their own, at these addresses.

    Breaks if: docs/timeline.md moves to docs/reference/timeline.md with a redirect in mkdocs.yml.
    """
    assert built_site.html(url).select_one(".md-content h1") is not None


def all_pages(build):
    return [(p.relative_to(build.site).as_posix(), build.html(p.relative_to(build.site).as_posix()))
            for p in build.pages()]


def test_every_quotation_is_the_exact_paragraph_it_names(built_site):
    """Every [[quote ¶N]] on every page shows exactly the seed's ¶N; every [[¶N]] names ¶1–¶12.

    Breaks if: edition/markdown_essay.py form_quote normalises spaces (¶5's no-break spaces become plain spaces).
    """
    paragraphs = seed_paragraphs()
    quotes = 0
    for url, soup in all_pages(built_site):
        for quoted in soup.select("p.quoted-paragraph"):
            number = int(PARAGRAPH_HREF.search(quoted.select_one("a.quote-number")["href"])[1])
            assert quoted.select_one(".quoted-text").get_text() == paragraphs[number - 1], url
            quotes += 1
        for ref in soup.select("a.paragraph-ref"):
            assert 1 <= int(PARAGRAPH_HREF.search(ref["href"])[1]) <= 12
    assert quotes >= 12


def test_topic_pages_quote_the_essay(built_site):
    """Each of the four topic pages quotes the essay.

    Breaks if: docs/topics/un-example.md replaces its [[quote ¶N]] blocks with [[¶N]] links only.
    """
    for url in TOPICS[:4]:
        assert built_site.html(url).select("figure.essay-quote"), url


def test_comparison_table_cells_each_cite_a_paragraph(built_site):
    """Every cell of the comparison table on topics/interplay/ links to the paragraph it rests on.

    Breaks if: a cell of the table in docs/topics/interplay.md is written without its [[¶N]] reference.
    """
    table = built_site.html("topics/interplay/").select_one(".md-content table")
    assert table is not None
    body_cells = [row.select("td")[1:] for row in table.select("tbody tr")]
    assert sum(len(r) for r in body_cells) >= 8
    for row in body_cells:
        for cell in row:
            assert cell.select("a.paragraph-ref"), f"cell without ¶ reference: {cell.get_text()!r}"


def essay_abbreviations():
    body = "\n".join(seed_paragraphs())
    return {word.removesuffix("s") for word in re.findall(r"\b[A-Z][A-Z0-9]+s?\b", body)}


def test_glossary_covers_every_all_capitals_abbreviation_in_the_essay(built_site):
    """Every all-capitals abbreviation of the essay is in data/glossary.yml and on the glossary page.

    Breaks if: data/glossary.yml drops an abbreviation the essay uses, e.g. WPSDE.
    """
    glossary = yaml.safe_load((DATA / "glossary.yml").read_text(encoding="utf-8"))
    abbreviations = essay_abbreviations()
    assert {"UN", "NGO", "WSIS", "ITU", "OECD", "IANA", "WPSDE"} <= abbreviations
    assert abbreviations <= set(glossary)
    page = built_site.html("glossary/")
    listed = {dt.get_text() for dt in page.select("dl.glossary dt")}
    assert abbreviations <= listed
    for dd in page.select("dl.glossary dd"):
        if dd.a:
            assert dd.a["href"].startswith(("../institutions/", "../topics/", "../cite/"))


def test_abbreviations_expand_on_hover_and_focus_at_their_first_use_in_each_block(built_site):
    """Glossary abbreviations get <abbr title> at their first use in each block, focusable outside links.

    Breaks if: edition/markdown_essay.py AbbreviationTreeprocessor.wrap no longer sets tabindex="0" outside links.
    """
    glossary = yaml.safe_load((DATA / "glossary.yml").read_text(encoding="utf-8"))
    essay = built_site.html("essay/")
    marked = {abbr.get_text(): abbr for abbr in essay.select(".essay-text abbr[title]")}
    assert essay_abbreviations() <= set(marked)
    # Each essay paragraph marks every glossary abbreviation it uses, once, at its first use.
    for paragraph in essay.select(".essay-text"):
        used = re.findall(r"(?<!\w)(" + "|".join(map(re.escape, glossary)) + r")(?=s?(?!\w))", paragraph.get_text())
        assert [abbr.get_text() for abbr in paragraph.select("abbr")] == list(dict.fromkeys(used)), paragraph
    for url, soup in all_pages(built_site):
        for abbr in soup.select(".md-content abbr"):
            assert abbr.get("title"), url
            inside_link = abbr.find_parent("a") is not None
            assert inside_link or abbr.get("tabindex") == "0", f"{url}: {abbr} cannot take focus"
        for block in soup.select(".md-content :is(p, li, td, th, dt, dd)"):
            own = [a.get_text() for a in block.select("abbr") if a.find_parent(["p", "li", "td", "th", "dt", "dd"]) is block]
            assert len(own) == len(set(own)), f"{url}: {block} marks an abbreviation twice"
    # An essay paragraph and its notes are one block: a note does not mark again what its
    # paragraph has marked, and marks what the paragraph has not.
    notes = 0
    for unit in essay.select("div.essay-paragraph"):
        marked_in_unit = [a.get_text() for a in unit.select("abbr")]
        assert len(marked_in_unit) == len(set(marked_in_unit)), unit["id"]
        seen = set()
        # The essay's words first (the notes stand before them in the page, to float beside them).
        for part in unit.select(".essay-text") + unit.select(".editorial-note"):
            marked = {a.get_text() for a in part.select("abbr")}
            if "editorial-note" in part["class"]:
                notes += 1
                used = re.findall(r"(?<!\w)(" + "|".join(map(re.escape, glossary)) + r")(?=s?(?!\w))", part.get_text())
                assert set(used) <= seen | marked, part["id"]
            seen |= marked
    assert notes == 19


def mentioned_in(terms):
    found = []
    for number, text in enumerate(seed_paragraphs(), start=1):
        if any(re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) for term in terms):
            found.append(number)
    return found


@pytest.mark.parametrize(
    "url, expected",
    [("institutions/iana/", [12]), ("institutions/oecd/", [10]), ("institutions/itu/", [8, 9]),
     ("institutions/igf/", [11]), ("institutions/wsis/", [5, 8]), ("institutions/un/", [1, 2, 3])],
)
def test_mentioned_in_lists_match_the_text(built_site, url, expected):
    """Each institution page's "Mentioned in the essay at" lists exactly the paragraphs that use its words.

    Breaks if: edition/markdown_essay.py mentioning_paragraphs matches substrings (UN in UNESCO adds ¶8 to un/).
    """
    mentions = yaml.safe_load((DATA / "mentions.yml").read_text(encoding="utf-8"))
    page = url.rstrip("/") + ".md"
    terms = [t for target, ts in mentions.items() if target.split("#")[0] == page for t in ts]
    listed = [int(PARAGRAPH_HREF.search(a["href"])[1]) for a in built_site.html(url).select("p.mentions a")]
    assert listed == mentioned_in(terms) == expected


def test_essay_mentions_link_to_their_pages_without_changing_the_text(built_site):
    """The essay's first mention of an institution in a paragraph links to its page or section.

    Breaks if: edition/markdown_essay.py linked_paragraph stops linking the words listed in data/mentions.yml.
    """
    essay = built_site.html("essay/")
    links = {a.get_text(): a["href"] for a in essay.select(".essay-text a.mention")}
    assert links["IANA"] == "../institutions/iana/"
    assert links["Security Council"] == "../institutions/un/#security-council"
    assert links["Tunis Agenda"] == "../institutions/wsis/#tunis-agenda-2005"
    # Fidelity with the links in place is checked by test_essay_page.


def test_each_editorial_note_is_marked_in_its_paragraph_and_links_both_ways(built_site):
    """Each note of data/notes.yml sits in its paragraph's block, outside its text; the words it
    concerns are marked in the text and followed by a link to the note, numbered 1, 2, … in
    reading order; the note names the words and links back to them.

    Breaks if: edition/markdown_essay.py linked_paragraph stops marking a note's words, or
    form_essay numbers the notes in data/notes.yml's order instead of the essay's.
    """
    notes = yaml.safe_load((DATA / "notes.yml").read_text(encoding="utf-8"))
    assert len(notes) >= 12
    essay = built_site.html("essay/")
    marks = essay.select(".essay-text a.note-ref")
    assert [mark["data-note"] for mark in marks] == [str(n) for n in range(1, len(notes) + 1)]
    for note in notes:
        aside = essay.find("div", id=f"note-{note['id']}", role="note")
        number = note["paragraph"]
        assert aside is not None
        assert aside.find_parent("div", class_="essay-paragraph")["id"] == f"p{number}"
        assert aside.find_parent("p") is None  # beside the text, never inside it
        mark = essay.find("a", id=f"noted-{note['id']}")
        assert mark.find_parent("p", class_="essay-text").find_parent("div")["id"] == f"p{number}"
        assert mark["href"] == f"#note-{note['id']}" and mark.get_text() == ""
        assert mark.find_previous_sibling("span", class_="noted").get_text() == note["wording"]
        label = aside.select_one(".editorial-note-label")
        assert label.select_one("a.note-number").get_text() == f"Note {mark['data-note']}"
        back = label.select_one("q a")
        assert back.get_text() == note["wording"] and back["href"] == f"#noted-{note['id']}"


PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|XXX|lorem ipsum|lorem)\b", re.I)


def test_no_page_contains_placeholder_text(built_site):
    """No built page's article contains placeholder text (TODO, TBD, FIXME, XXX, lorem ipsum).

    Breaks if: a page in docs/ or a note in data/notes.yml is published with a "TODO" or "TBD" left in it.
    """
    for url, soup in all_pages(built_site):
        text = soup.select_one("article").get_text() if soup.select_one("article") else ""
        assert not PLACEHOLDER.search(text), f"{url}: {PLACEHOLDER.search(text)[0]}"


STRAIGHT_QUOTE = re.compile(r".{0,40}[\"'].{0,20}")


def test_titles_headings_and_prose_use_typographic_quotes_and_dashes(built_site):
    """No straight quote or apostrophe, and no hyphen standing for a dash, in any page's title,
    headings or prose outside the essay's own words (which stay as the seed has them) and the
    quotations of other texts (a source's title, the attribution as the source gives it).

    Breaks if: mkdocs.yml drops the smarty extension, or edition/markdown_essay.py renders a
    data file's prose (an event, a correction) as literal text that smarty skips.
    """
    checked = 0
    for url, soup in all_pages(built_site):
        article = soup.select_one("article")
        if article is None:
            continue
        for element in article.select("script, code, pre, .essay-text, .quoted-text, .essay-attribution, "
                                      "#essay-title, .editorial-note-label q, .paragraph-previews, .Z3988"):
            element.decompose()
        headings = [soup.title.get_text(), *(h.get_text() for h in article.select("h1, h2, h3, h4"))]
        for text in [*headings, article.get_text(" ")]:
            checked += 1
            straight = STRAIGHT_QUOTE.search(text)
            assert straight is None, f"{url}: {straight and straight[0]!r}"
        # Titles of sources are quoted as their publishers write them, and so is the attribution.
        for element in article.select(".references, .csl-entry, blockquote"):
            element.decompose()
        for text in [*headings, article.get_text()]:
            assert " - " not in text, f"{url}: a hyphen for a dash in {text[text.find(' - ') - 40:][:60]!r}"
    assert checked > 100
