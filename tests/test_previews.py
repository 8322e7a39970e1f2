"""Paragraph previews: every link to a paragraph of the essay, on any page but the essay's,
shows that paragraph's text on hover and on keyboard focus, is described by it for screen
readers, and works as a plain link without JavaScript (PreviewTreeprocessor in
edition/markdown_essay.py, the end of docs/javascripts/cite.js and of edition.css)."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import seed_paragraphs

PAGE = "topics/multilateralism/"
LINK = "a.paragraph-ref"


def url_path(page) -> str:
    """A built page's URL path ('topics/interplay/', '' for the home page)."""
    return "" if page.name == "index.html" and page.parent.name == "" else page.parent.as_posix() + "/"


def paragraph_links(build):
    """(page, soup, link, N) for every link to essay/#pN on every built page but the essay's."""
    for file in build.pages():
        relative = file.relative_to(build.site)
        if relative.name != "index.html" or relative.parts[0] in ("essay", "downloads"):
            continue
        path = "" if relative.parent.as_posix() == "." else relative.parent.as_posix() + "/"
        soup = build.html(path)
        for link in soup.select("a[href]"):
            target = urlsplit(urljoin(f"http://site/{path}", link["href"]))
            if target.netloc == "site" and target.path == "/essay/" and re.fullmatch(r"p\d+", target.fragment):
                yield path, soup, link, int(target.fragment[1:])


def test_every_link_to_a_paragraph_is_described_by_its_text(built_site):
    """Each link to essay/#pN from another page (some 120 of them, on 17 pages) names with
    aria-describedby an element of its page whose text is the seed's ¶N, character for character.

    Breaks if: PreviewTreeprocessor.paragraph_of compares a link's path with the essay page
    without resolving it against the page's folder (the links from topics/ and institutions/
    are then not described).
    """
    paragraphs = seed_paragraphs()
    links = list(paragraph_links(built_site))
    assert len(links) > 100 and len({page for page, *_ in links}) > 10
    for page, soup, link, number in links:
        described = link.get("aria-describedby", "").split()
        assert described, (page, str(link))
        preview = soup.find(id=described[0])
        assert preview is not None, (page, described)
        assert preview.get_text() == paragraphs[number - 1], (page, number)


def test_each_preview_stands_once_hidden_and_out_of_the_search_index(built_site):
    """A page holds each paragraph's preview once, inside one hidden container kept out of the
    search index (a page does not come up in a search for words of a paragraph it only links to);
    the essay page has none.

    Breaks if: PreviewTreeprocessor writes a preview for every link (a list instead of the set
    of numbers), or its container loses the hidden attribute or data-search-exclude.
    """
    pages = {page: soup for page, soup, *_ in paragraph_links(built_site)}
    index = json.loads((built_site.site / "search" / "search_index.full.json").read_text(encoding="utf-8"))
    for page, soup in pages.items():
        [container] = soup.select(".paragraph-previews")
        assert container.has_attr("hidden") and container.has_attr("data-search-exclude"), page
        ids = [p["id"] for p in container.select("p")]
        assert ids and len(ids) == len(set(ids)), (page, ids)
        assert all(len(soup.select(f"[id='{i}']")) == 1 for i in ids), page
        quoted = {q.get_text() for q in soup.select(".quoted-text")}
        texts = [entry["text"] for entry in index["docs"] if entry["location"].split("#")[0] == page]
        for preview in container.select("p"):
            if preview.get_text() not in quoted:  # a page that quotes the paragraph has its words
                start = preview.get_text()[:80]
                assert not any(start in text for text in texts), (page, preview["id"])
    essay = built_site.html("essay/")
    assert essay.select(".paragraph-previews, [aria-describedby^=preview-]") == []


# --- in the browser ---------------------------------------------------------------------------

TOOLTIP = "[role=tooltip]"


def expected_text(link) -> str:
    number = int(re.search(r"#p(\d+)$", link.get_attribute("href"))[1])
    return seed_paragraphs()[number - 1]


def requests_of(v) -> list[str]:
    requested = []
    v.page.on("request", lambda request: requested.append(request.url))
    return requested


def test_hover_shows_the_paragraph_without_a_request(visit):
    """Hovering a [[¶N]] link shows a tooltip with ¶N's text inside the window, and fetches nothing.

    Breaks if: docs/javascripts/cite.js stops listening to pointerover; also if it always puts
    the tooltip below the link (scrolled into view, the link is at the foot of the window).
    """
    v = visit(PAGE)
    v.page.wait_for_load_state("networkidle")
    requested = requests_of(v)
    link = v.page.locator(LINK).first
    link.scroll_into_view_if_needed()
    link.hover()
    tooltip = v.page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=2000)
    assert expected_text(link) in tooltip.text_content()
    assert tooltip.text_content().startswith("¶")
    shown, box = tooltip.bounding_box(), link.bounding_box()
    assert shown["y"] >= 0 and shown["y"] + shown["height"] <= v.page.viewport_size["height"], (shown, box)
    assert shown["y"] >= box["y"] + box["height"] - 1 or shown["y"] + shown["height"] <= box["y"] + 1
    v.page.wait_for_timeout(300)
    assert requested == []
    assert v.errors == []


def tab_to_a_preview_link(page) -> None:
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('a[aria-describedby^=preview-p]')"):
            return
    pytest.fail("Tab never reached a link with a preview")


def test_keyboard_focus_shows_it_and_escape_hides_it_leaving_focus(visit):
    """Tabbing to a paragraph link shows its preview; Escape hides it and focus stays on the link.

    Breaks if: docs/javascripts/cite.js's keydown listener no longer hides the tooltip on Escape.
    """
    v = visit(PAGE)
    page = v.page
    tab_to_a_preview_link(page)
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=2000)
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-describedby')")
    number = int(focused.removeprefix("preview-p"))
    assert seed_paragraphs()[number - 1] in tooltip.text_content()
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden", timeout=2000)
    assert page.evaluate("() => document.activeElement.getAttribute('aria-describedby')") == focused


def test_the_pointer_can_move_onto_the_tooltip_and_it_stays(visit):
    """Moving the pointer from the link onto the tooltip keeps it (WCAG 1.4.13: hoverable);
    moving it away hides it.

    Breaks if: docs/javascripts/cite.js hides the tooltip at once on pointerout (no delay to
    reach the tooltip), or stops cancelling that delay when the pointer is over the tooltip.
    """
    v = visit(PAGE)
    page = v.page
    link = page.locator(LINK).first
    link.scroll_into_view_if_needed()
    link.hover()
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=2000)
    box = tooltip.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    page.wait_for_timeout(700)
    assert tooltip.is_visible()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] + 200, steps=4)
    tooltip.wait_for(state="hidden", timeout=2000)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_tooltip_is_accessible_and_fits_a_phone(visit, scheme):
    """On a 360 px wide phone, in either palette, the shown tooltip lies inside the window and
    axe finds no violation (colour contrast included) while it shows.

    Breaks if: docs/stylesheets/edition.css gives .paragraph-preview a fixed width of 28rem
    (wider than a phone), or a text colour such as --md-default-fg-color--lighter (contrast).
    """
    v = visit(PAGE, color_scheme=scheme, viewport={"width": 360, "height": 740}, has_touch=False)
    page = v.page
    links = page.locator(LINK)
    # The link whose right end is furthest right: the tooltip would overflow there first.
    index = page.evaluate("""s => { let best = 0, right = -1;
        document.querySelectorAll(s).forEach((a, i) => { const r = a.getBoundingClientRect().right;
            if (r > right) { right = r; best = i; } }); return best; }""", LINK)
    link = links.nth(index)
    link.scroll_into_view_if_needed()
    link.hover()
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=2000)
    box = tooltip.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)
    # Material colours a hovered link with its accent (#526cfe, 4.25:1 on white), which
    # test_browser.py, hovering nothing, never meets: not the preview's doing.
    results = Axe().run(page, context={"exclude": [["a:hover"]]})
    assert results.violations_count == 0, results.generate_report()
    assert tooltip.is_visible()


def test_without_javascript_the_link_leads_to_the_paragraph(visit):
    """With JavaScript off, a [[¶N]] link still opens the essay at ¶N.

    Breaks if: PreviewTreeprocessor replaces the links' href (say with "#") to leave them to
    the script.
    """
    v = visit(PAGE, java_script_enabled=False)
    page = v.page
    link = page.locator(LINK).first
    found = re.search(r"/essay/#p(\d+)$", link.get_attribute("href"))
    assert found, link.get_attribute("href")
    number = found[1]
    link.click()
    page.wait_for_url(re.compile(rf"/essay/#p{number}$"))
    assert page.evaluate("document.querySelector(':target').id") == f"p{number}"
    assert page.locator(TOOLTIP).count() == 0


def test_the_previews_script_loads_only_where_there_are_previews(built_site):
    """The essay page, which has no previews, does not load their script; a topic page does.

    Breaks if: overrides/main.html adds javascripts/previews.js to every page (the essay page
    then outweighs the bare Material page).
    """
    def scripts(url):
        return [s["src"] for s in built_site.html(url).select("script[src]")]

    assert not any("previews.js" in src for src in scripts("essay/"))
    assert any("previews.js" in src for src in scripts("topics/multilateralism/"))
