"""The built site in a real browser: Debian's Chromium driven by Playwright.

Locally, a missing Chromium skips these tests with the reason; in CI (CI=true) it fails.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe


from browser import Visit
from conftest import DATA, as_copied, seed_paragraphs

PAGES = [e["url"] for e in yaml.safe_load((DATA / "citable-urls.yml").read_text(encoding="utf-8"))["urls"]
         if "moved_to" not in e] + ["no-such-page/"]
# The dark palette changes colours only, so axe's findings there depend on which elements
# a page shows: it is checked on one page of each kind. The topic pages share their
# elements (quotations, paragraph links, numbered sources; interplay/ adds the table), as
# do the institution pages (un/ has every element the others have: mentions, quotations,
# sections, sources). Every page is checked in the light palette.
SAME_KIND = {page for page in PAGES if page.startswith(("topics/", "institutions/"))} - {
    "topics/interplay/", "institutions/un/", "institutions/"}
# The editions' copies add a banner to pages whose kinds are checked above (and edition
# 1.0.0's own pages): the essay, the home page and an institution page of each, both palettes.
COPIES = [f"editions/{version}/{page}" for version in ("1.0.0", "1.1.0") for page in ("", "essay/", "institutions/un/")]
CHECKS = ([(page, "light") for page in PAGES] + [(page, "dark") for page in PAGES if page not in SAME_KIND]
          + [(page, scheme) for page in COPIES for scheme in ("light", "dark")])

AXE = Axe()


@pytest.fixture(scope="module")
def palettes(browser, server):
    """One browser context per palette, reused from page to page."""
    visits = {scheme: Visit(browser, server, color_scheme=scheme) for scheme in ("light", "dark")}
    yield visits
    for v in visits.values():
        v.close()


@pytest.mark.parametrize("path, scheme", CHECKS)
def test_page_is_clean_and_accessible(palettes, server, path, scheme):
    """Each page (light palette; one of each kind dark too): no axe violation, no error, no other host.

    Breaks if: overrides/partials/search.html drops the search dialog's aria-label (axe: aria-dialog-name).
    """
    v = palettes[scheme]
    v.errors.clear()
    v.foreign.clear()
    v.page.goto(server.url(path))
    expected = "slate" if scheme == "dark" else "default"
    assert v.page.get_attribute("body", "data-md-color-scheme") == expected
    # Material's colours fade in over 125 ms when the dark palette is applied: axe reads the
    # colours once no transition runs (it once caught a link at 3.02:1, half-way).
    v.page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    results = AXE.run(v.page)
    assert results.violations_count == 0, results.generate_report()
    # After axe's run, which outlasts the requests a page makes once it has loaded.
    assert v.foreign == [], "requests to other hosts"
    # 404 is the expected status of the missing page itself, reported as a console error.
    errors = [e for e in v.errors if not (path == "no-such-page/" and "404" in e)]
    assert errors == []


def search(page, query):
    page.click("label.md-search__icon, .md-search__input", timeout=5000)
    # Material says "Initializing search" until its worker has loaded the index.
    page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)")
    page.locator(".md-search__input").press_sequentially(query)
    page.wait_for_selector(".md-search-result__item a", state="attached", timeout=20000)
    return [a.get_attribute("href") for a in page.query_selector_all(".md-search-result__item a")]


def test_search_finds_the_paragraph_of_a_word_and_opens_it(visit):
    """Searching for "paradigm" (¶12's "optimal paradigm shift") offers essay/#p12, and following
    the result lands on that paragraph.

    Breaks if: hooks/search.py stops adding one index entry per essay paragraph (essay.md is excluded from search).
    """
    v = visit("")
    hrefs = search(v.page, "paradigm")
    paragraph = next((h for h in hrefs if re.search(r"/essay/(\?[^#]*)?#p12$", h)), None)
    assert paragraph is not None, hrefs
    v.page.click(f'.md-search-result__item a[href="{paragraph}"]')
    v.page.wait_for_url(re.compile(r"essay/(\?[^#]*)?#p12$"))
    assert v.page.evaluate("document.querySelector(':target').id") == "p12"


def test_search_offers_the_oecd_page(visit):
    """Searching for OECD offers the institutions/oecd/ page.

    Breaks if: docs/institutions/oecd.md's front matter gets search: exclude: true, as docs/essay.md has.
    """
    hrefs = search(visit("").page, "OECD")
    assert any(re.search(r"/institutions/oecd/(\?[^#]*)?$", h) for h in hrefs), hrefs


def test_search_index_and_lunr_load_only_when_a_reader_searches(visit, server):
    """A page loads only the stub index; the full index and Material's worker come with the first search.

    Breaks if: docs/javascripts/search-worker.js calls loadMaterial() on the setup message, not on the first query.
    """
    v = visit(None)
    requested = []
    v.page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    v.page.goto(server.url("essay/"), wait_until="networkidle")
    deferred = ("/search/search_index.full.json", "/assets/javascripts/workers/search.")
    assert any(p.endswith("/search/search_index.json") for p in requested), requested
    assert not [p for p in requested if any(d in p for d in deferred)], requested
    hrefs = search(v.page, "multistakeholder")
    assert any(re.search(r"/essay/(\?[^#]*)?#p\d+$", h) for h in hrefs), hrefs
    for part in deferred:
        assert any(part in p for p in requested), (part, requested)


def test_paragraph_permalink_scrolls_to_and_highlights_the_paragraph(visit):
    """Opening essay/#p9 scrolls ¶9 into the upper half of the window and highlights it alone.

    Breaks if: docs/stylesheets/edition.css drops the .essay-paragraph:target background-color rule.
    """
    v = visit("essay/#p9")
    page = v.page
    box = page.locator("#p9").bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"] / 2
    background = page.eval_on_selector("#p9", "e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    other = page.eval_on_selector("#p8", "e => getComputedStyle(e).backgroundColor")
    assert other in ("rgba(0, 0, 0, 0)", "transparent")


def test_copy_button_puts_the_citation_on_the_clipboard(visit):
    """The cite panel's Copy button puts the citation's text, as shown, on the clipboard.

    Breaks if: docs/javascripts/cite.js copies citation.innerHTML (with its <i> tags), not plainText(citation).
    """
    v = visit("essay/", permissions=["clipboard-read", "clipboard-write"])
    citation = v.page.locator("section.cite-panel .citation").first
    expected = as_copied(citation.text_content())
    v.page.locator("section.cite-panel .citation-copy").first.click()
    v.page.wait_for_function("b => b.textContent === 'Copied'", arg=v.page.locator("section.cite-panel .citation-copy").first.element_handle())
    assert v.page.evaluate("navigator.clipboard.readText()") == expected


def test_selecting_essay_text_offers_a_link_to_that_text(visit):
    """Selecting essay text offers a link with a text fragment that opens at that text.

    Breaks if: docs/javascripts/cite.js selectionLink returns only the paragraph's anchor (#p3), without :~:text=.
    """
    v = visit("essay/", permissions=["clipboard-read", "clipboard-write"])
    page = v.page
    page.evaluate("""() => {
        const text = document.querySelector('#p3 .essay-text').firstChild;
        const range = document.createRange();
        range.setStart(text, 0); range.setEnd(text, 30);
        const selection = document.getSelection();
        selection.removeAllRanges(); selection.addRange(range);
        document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")
    button = page.wait_for_selector(".selection-link button")
    button.click()
    page.wait_for_function("() => document.querySelector('.selection-link button').textContent === 'Copied'")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.endswith("essay/#p3:~:text=However%2C%20although%20systems%20such")
    fresh = v.context.new_page()
    fresh.goto(link)
    fresh.wait_for_timeout(500)
    box = fresh.locator("#p3 .essay-text").bounding_box()
    assert box["y"] < fresh.viewport_size["height"] and box["y"] + box["height"] > 0


def test_palette_choice_persists_across_pages(visit):
    """Switching to the dark palette on one page keeps it on the next.

    Breaks if: mkdocs.yml's theme.palette keeps only the light scheme (no toggle, so no __palette_1 label).
    """
    v = visit("")
    page = v.page
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.click('label[for="__palette_1"]')
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.click('a[href="essay/"]')
    page.wait_for_url(re.compile(r"essay/$"))
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"


def test_without_javascript_the_essay_numbers_and_citations_are_there(visit):
    """With JavaScript off, the essay's text, its 12 numbers, the cite panel and "Cite ¶N" (with its
    living form inside) are all there.

    Breaks if: overrides/main.html no longer includes partials/cite-panel.html in its content block.
    """
    v = visit("essay/", java_script_enabled=False)
    page = v.page
    texts = page.locator(".essay-text").all_inner_texts()
    assert [re.sub(r"[ \t\n]+", " ", t).strip() for t in texts] == [re.sub(r"[ \n]+", " ", p) for p in seed_paragraphs()]
    numbers = page.locator("a.paragraph-number")
    assert numbers.count() == 12
    assert all(numbers.nth(i).is_visible() for i in range(12))
    citations = page.locator("section.cite-panel > dl .citation")
    assert citations.count() == 4 and all(citations.nth(i).is_visible() for i in range(4))
    page.locator("#p3 details.paragraph-cite > summary").click()
    assert page.locator("#p3 details.paragraph-cite > dl .citation").first.is_visible()
    # The living address, offered inside "Cite ¶3", opens the same way.
    assert not page.locator("#p3 details.cite-living .citation").first.is_visible()
    page.locator("#p3 details.cite-living > summary").click()
    assert page.locator("#p3 details.cite-living .citation").nth(3).is_visible()


def test_keyboard_alone_reaches_every_paragraph_permalink_and_the_cite_panel(visit):
    """Tab alone reaches every margin number, every "Cite ¶N" and the cite panel of the essay page.

    Breaks if: edition/markdown_essay.py form_essay gives the margin numbers tabindex="-1" (out of the Tab order).
    """
    v = visit("essay/")
    page = v.page
    reached = set()
    for _ in range(800):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement;
            if (e.matches('a.paragraph-number')) return 'number:' + e.getAttribute('href');
            if (e.closest('section.cite-panel')) return 'cite-panel';
            if (e.matches('details.paragraph-cite > summary')) return 'cite:' + e.closest('.essay-paragraph').id;
            return null;
        }""")
        if focused:
            reached.add(focused)
        if "cite-panel" in reached and len(reached) >= 25:
            break
    assert {f"number:#p{n}" for n in range(1, 13)} <= reached
    assert {f"cite:p{n}" for n in range(1, 13)} <= reached
    assert "cite-panel" in reached


def test_404_page_leads_back(visit):
    """A missing address shows the 404 page, whose own link "The essay" opens the essay.

    Breaks if: overrides/404.html links "The essay" to an address that does not exist.
    """
    v = visit("no-such-page/")
    v.page.locator("article").get_by_role("link", name="The essay", exact=True).click()
    v.page.wait_for_url(re.compile(r"/essay/$"))
    assert v.page.locator("#p1").count() == 1


def test_reading_comforts(visit):
    """The essay page: previous/next and back-to-top, 60–75 characters a line, numbers in the margin or above.

    Breaks if: docs/stylesheets/edition.css narrows .essay's max-width from 32rem to 20rem (~45 characters a line).
    """
    v = visit("essay/")
    page = v.page
    # previous/next links in the footer, and back-to-top
    assert page.locator("a.md-footer__link--prev").count() == 1
    assert page.locator("a.md-footer__link--next").count() == 1
    assert page.locator(".md-top").count() == 1
    # a reading measure of about 65-75 characters a line
    per_line = page.evaluate("""() => {
        const counts = [];
        for (const p of document.querySelectorAll('.essay-text')) {
            const lines = p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight);
            if (lines >= 4) counts.push(p.textContent.length / Math.round(lines));
        }
        return counts.reduce((a, b) => a + b, 0) / counts.length; }""")
    assert 60 <= per_line <= 75, per_line
    # numbers in the margin on wide screens, above the paragraph on phones
    number = page.locator("#p1 a.paragraph-number").bounding_box()
    text = page.locator("#p1 .essay-text").bounding_box()
    assert number["x"] + number["width"] <= text["x"]
    page.set_viewport_size({"width": 375, "height": 800})
    number = page.locator("#p1 a.paragraph-number").bounding_box()
    text = page.locator("#p1 .essay-text").bounding_box()
    assert number["x"] >= text["x"] - 1 and number["y"] + number["height"] <= text["y"] + 1


def test_reduced_motion_stops_the_themes_transitions(visit):
    """Material fades link colours (and, since hooks/palette_css.py, palette switches);
    edition.css turns every transition off for readers who ask for less motion.

    Breaks if: docs/stylesheets/edition.css loses its @media (prefers-reduced-motion: reduce) block.
    """
    duration = "e => getComputedStyle(e).transitionDuration"
    moving = visit("essay/").page.eval_on_selector(".md-typeset a", duration)
    still = visit("essay/", reduced_motion="reduce").page.eval_on_selector(".md-typeset a", duration)
    assert set(moving.split(", ")) != {"0s"}, moving
    assert set(still.split(", ")) == {"0s"}, still
