"""Fidelity of the built essay page to the seed."""

import re

import pytest

from conftest import SEED, seed_paragraphs

ASCII_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


def normalise(text: str) -> str:
    """Whitespace normalisation only: runs of ASCII whitespace become one space.
    (Non-breaking spaces are characters of the essay and must survive.)"""
    return ASCII_WHITESPACE.sub(" ", text).strip()


@pytest.fixture(scope="module")
def essay_page(built_site):
    return built_site.html("essay/")


def seed_lines():
    return SEED.read_text(encoding="utf-8").split("\n")


def test_each_paragraph_is_the_seed_paragraph_in_order(essay_page):
    """The essay page has the seed's 12 paragraphs, in order, as p1…p12, their text unchanged.

    Breaks if: edition/markdown_essay.py linked_paragraph drops the text after a paragraph's last linked mention.
    """
    rendered = essay_page.select(".essay-paragraph")
    expected = seed_paragraphs()
    assert len(rendered) == len(expected) == 12
    for number, (block, text) in enumerate(zip(rendered, expected), start=1):
        assert block["id"] == f"p{number}"
        assert normalise(block.select_one("p.essay-text").get_text()) == normalise(text)


def test_paragraph_numbers_are_visible_permalinks(essay_page):
    """Each paragraph's number links to its own anchor and is named "Paragraph N".

    Breaks if: edition/markdown_essay.py form_essay gives the numbers aria-label "¶N" instead of "Paragraph N".
    """
    for number, block in enumerate(essay_page.select(".essay-paragraph"), start=1):
        link = block.select_one("a.paragraph-number")
        assert link["href"] == f"#p{number}"
        assert link.get_text() == str(number)
        assert link["aria-label"] == f"Paragraph {number}"


def test_title_and_attribution_appear_as_given(essay_page):
    """The title and the two attribution lines are shown as the seed gives them, labelled as such.

    Breaks if: edition/essay.py parse_essay keeps the attribution as one line (the two lines joined).
    """
    title = essay_page.select_one(".essay h1")
    for permalink in title.select(".headerlink"):
        permalink.extract()
    assert normalise(title.get_text()) == seed_lines()[0]
    attribution = essay_page.select_one(".essay-attribution")
    assert "as given in the source" in attribution.select_one(".essay-attribution-label").get_text()
    assert [p.get_text() for p in attribution.select(".essay-attribution-line")] == seed_lines()[2:4]


def test_no_comment_form_line_is_rendered_as_essay_text(essay_page):
    """Nothing of the blog's comment form is shown as essay text.

    Breaks if: edition/essay.py parse_essay no longer stops at "Leave a Reply" (the comment form becomes ¶13…).
    """
    text = essay_page.select_one("article").get_text()
    for line in ("Leave a Reply", "Fill in your details below", "You are commenting using",
                 "Facebook photo", "Connecting to %s"):
        assert line not in text


def test_special_characters_show_as_text(built_site, essay_page):
    """The seed's "<>" show as text (escaped in the HTML), and its accented letters as themselves.

    Breaks if: edition/essay.py parse_essay drops the "<>" the source left where its two links were.
    """
    raw = (built_site.site / "essay" / "index.html").read_text(encoding="utf-8")
    # The two links the source lost read "<>": escaped, so no browser reads a tag there.
    assert essay_page.select_one(".essay-body").get_text().count("here: <>.") == 2
    assert "here: <>" not in raw
    assert "Jo\u00e3o Pessoa" in raw


def test_essay_page_is_built_from_the_seed_not_typed_into_docs():
    from conftest import ROOT

    for page in (ROOT / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for paragraph in seed_paragraphs():
            for sentence in re.split(r"(?<=\.) ", paragraph):
                if len(sentence) > 40:
                    assert sentence not in text, f"{page} contains essay text: {sentence!r}"


def test_quote_by_number_renders_exact_text_label_and_link(built_site):
    """The home page's quotation of ¶1 has the exact text, the label ¶1 and a link to essay/#p1.

    Breaks if: edition/markdown_essay.py form_quote labels a quotation "Paragraph 1" instead of "¶1".
    """
    home = built_site.html("")
    quote = home.select_one("figure.essay-quote")
    number = quote.select_one("a.quote-number")
    assert number.get_text() == "\u00b61"
    assert number["href"] == "essay/#p1"
    assert normalise(quote.select_one(".quoted-text").get_text()) == normalise(seed_paragraphs()[0])
