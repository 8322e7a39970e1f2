"""The layout of the reading pages, measured in Chromium at phone, tablet, laptop and wide
widths, in both palettes: bounding boxes, not pixels.

scripts/screenshots.py writes screenshots of the same pages at the same widths for a
person to look at; these tests check what a glance would catch: horizontal scrolling,
notes over the text or each other, centred quotations, an essay line too long or too short.
"""

from __future__ import annotations

import pytest

WIDTHS = (360, 768, 1280, 1600)
SCHEMES = ("light", "dark")
WIDE = 992  # from here up the editors' notes stand in the margin (edition.css: 62em)

# Boxes of the page's elements, in CSS pixels of the whole document.
BOXES = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => e.getClientRects().length)
  .map(e => { const r = e.getBoundingClientRect();
              return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right,
                      id: e.id || e.className}; })"""


def overlap(a, b) -> bool:
    return a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1


@pytest.fixture(scope="module", params=[(w, s) for w in WIDTHS for s in SCHEMES], ids=lambda p: f"{p[0]}px-{p[1]}")
def page_at(request, browser, server):
    from browser import Visit

    width, scheme = request.param
    v = Visit(browser, server, viewport={"width": width, "height": 900}, color_scheme=scheme)
    v.width = width
    yield v
    v.close()


@pytest.mark.parametrize("path", ["essay/", "topics/multilateralism/", "institutions/itu/", "sources/", "timeline/"])
def test_no_page_scrolls_sideways(page_at, server, path):
    """Breaks if: the margin notes' negative margin (edition.css) is wider than the room beside
    the essay at some width, or a long URL in a source list does not wrap.
    """
    page_at.page.goto(server.url(path))
    width = page_at.page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= page_at.width, f"{path} is {width}px wide at {page_at.width}px"


def test_every_citation_control_stays_inside_the_text_column(page_at, server):
    """Every paragraph's "Cite ¶N" opened, with its living address inside: each summary and
    citation ends inside its paragraph's box, at every width (a phone included).

    Breaks if: edition.css gives the paragraphs' summaries `width: max-content` again (the living
    address's summary ran past a 360 px screen's edge, clipped, with no sideways scroll to show it).
    """
    page = page_at.page
    page.goto(server.url("essay/"))
    page.evaluate("document.querySelectorAll('.paragraph-cite, .paragraph-cite details').forEach(d => d.open = true)")
    overflowing = page.evaluate("""() => [...document.querySelectorAll('.paragraph-cite summary, .paragraph-cite .csl-entry')]
        .filter(e => e.getBoundingClientRect().right > e.closest('.essay-paragraph').getBoundingClientRect().right + 1)
        .map(e => e.closest('.essay-paragraph').id + ': ' + e.textContent.slice(0, 40))""")
    assert overflowing == []


def test_notes_stand_beside_or_after_their_paragraph_and_never_overlap(page_at, server):
    """On wide screens each note stands in the margin, right of the essay's text, from the top of
    its paragraph down, and touches neither the text nor another note; on narrow ones it comes
    after its paragraph's text, folded to one line until it is opened.

    Breaks if: edition.css loses the notes' float (they sit over the text), their clear (they
    overlap one another), or the narrow screens' order (a note comes before its paragraph).
    """
    page = page_at.page
    page.goto(server.url("essay/"))
    texts = page.evaluate(BOXES, ".essay-text")
    notes = page.evaluate(BOXES, ".essay .editorial-note")
    assert len(texts) == 12 and len(notes) >= 12
    paragraphs = {p["id"]: p for p in page.evaluate(BOXES, ".essay-paragraph")}
    owners = page.evaluate("[...document.querySelectorAll('.essay .editorial-note')].map(n => n.closest('.essay-paragraph').id)")
    text_of = dict(zip([f"p{n}" for n in range(1, 13)], texts))
    for note, owner in zip(notes, owners):
        for text in texts:
            assert not overlap(note, text), (note["id"], text["id"])
        if page_at.width >= WIDE:
            assert note["left"] >= text_of[owner]["right"], "not in the margin"
            assert note["top"] >= text_of[owner]["top"] - 2, "above its paragraph"
        else:
            assert note["top"] >= text_of[owner]["bottom"] - 1, "before its paragraph's end"
            assert note["bottom"] <= paragraphs[owner]["bottom"] + 1
            assert note["bottom"] - note["top"] < 60, "not folded"
    for index, note in enumerate(notes):
        for other in notes[index + 1:]:
            assert not overlap(note, other), (note["id"], other["id"])
    # The table of contents, where a page has one, is clear of the text.
    for path in ("topics/interplay/",):
        page.goto(server.url(path))
        toc = page.evaluate(BOXES, ".md-sidebar--secondary .md-nav")
        content = page.evaluate(BOXES, ".md-content article > *")
        for box in toc:
            assert not any(overlap(box, c) for c in content)


def test_a_folded_note_opens_from_its_number_in_the_text(browser, server):
    """On a phone, following the number in the text opens the note (CSS :target, no JavaScript).

    Breaks if: the note's :target rule in edition.css is dropped (the note stays folded).
    """
    from browser import Visit

    v = Visit(browser, server, viewport={"width": 360, "height": 800}, java_script_enabled=False)
    try:
        v.page.goto(server.url("essay/"))
        body = v.page.locator("#note-sc-veto .editorial-note-text")
        assert not body.is_visible()
        v.page.click("#noted-sc-veto")
        assert body.is_visible()
    finally:
        v.close()


@pytest.mark.parametrize("path", ["topics/multilateralism/", "institutions/iana/"])
def test_quotations_are_start_aligned_text(page_at, server, path):
    """A quotation of the essay starts at the text's left edge, with its lines start-aligned.

    Breaks if: edition.css's .essay-quote loses text-align: start (Material centres a figure).
    """
    page = page_at.page
    page.goto(server.url(path))
    figure = page.evaluate(BOXES, ".essay-quote")[0]
    article = page.evaluate(BOXES, ".md-content article > p")[0]
    assert abs(figure["left"] - article["left"]) <= 1
    align = page.evaluate("getComputedStyle(document.querySelector('.essay-quote .quoted-text')).textAlign")
    assert align in ("start", "left")


# Characters per line of each paragraph of four lines or more: its length over its lines.
MEASURE = """() => [...document.querySelectorAll('.essay-text')].flatMap(p => {
  const lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
  return lines >= 4 ? [p.textContent.length / lines] : []; })"""


@pytest.mark.parametrize("width", [w for w in WIDTHS if w >= 768])
def test_the_essay_reads_at_60_to_75_characters_a_line(browser, server, width):
    """On a tablet and wider (a phone is narrower than the measure), a line of the essay holds
    60 to 75 characters.

    Breaks if: edition.css widens .essay (lines of 85 characters at 1600px) or its font size is
    halved.
    """
    from browser import Visit

    v = Visit(browser, server, viewport={"width": width, "height": 900})
    try:
        v.page.goto(server.url("essay/"))
        measures = v.page.evaluate(MEASURE)
        assert len(measures) >= 8
        for characters in measures:
            assert 60 <= characters <= 75, measures
    finally:
        v.close()


@pytest.mark.parametrize("width", [1280, 1600])
def test_each_margin_note_stands_at_the_line_of_its_words(browser, server, width):
    """With JavaScript, a note in the margin starts at the first line of the words it concerns,
    unless the note above reaches lower, in which case it follows that note directly.

    Breaks if: the alignment at the end of docs/javascripts/cite.js is removed (each note then
    starts at its paragraph's first line, above its words).
    """
    from browser import Visit

    v = Visit(browser, server, viewport={"width": width, "height": 900})
    try:
        v.page.goto(server.url("essay/"))
        v.page.evaluate("document.fonts.ready")
        rows = v.page.evaluate("""() => [...document.querySelectorAll('.essay .editorial-note')].map(note => {
            const words = document.getElementById('noted-' + note.id.slice(5)).previousElementSibling;
            const box = note.getBoundingClientRect();
            return {id: note.id, top: box.top, bottom: box.bottom, words: words.getClientRects()[0].top,
                    gap: parseFloat(getComputedStyle(note).marginBottom),
                    margin: parseFloat(getComputedStyle(note).marginTop)}; })""")
        assert len(rows) >= 12
        for previous, row in zip([None, *rows], rows):
            assert row["top"] >= row["words"] - 2, row["id"]
            at_words = abs(row["top"] - row["words"]) <= 2
            # Pushed down: the previous note's margin, then its own (unchanged) margin.
            after_previous = (previous is not None
                              and abs(row["top"] - previous["bottom"] - previous["gap"] - row["margin"]) <= 2)
            assert at_words or after_previous, row
    finally:
        v.close()
