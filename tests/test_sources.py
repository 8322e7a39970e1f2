"""Sources, dates and abbreviations across the whole built site: one bibliography, one
register of dated events, one glossary.

Each test reads the built pages and the data files as a reader and an editor would; the
expected values come from the data files, not from the code that renders them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import parse_qs, urlsplit

import yaml

from conftest import DATA

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A date a reader would read as one: "23 October 2014", "10–13 June", "June 2014", "June 11, 2014", "2014-06-11".
WRITTEN_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:[–-]\d{{1,2}})?\s+(?:{MONTHS})\b|(?:{MONTHS})\s+\d{{4}}|(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})")
# What may hold a date that is not an event of the register: the essay's own words, the
# formatted source entries (their publication dates), citations of the essay, the
# edition's own dates and its corrections, which say what a page used to state
# (data/editions.yml).
NOT_EVENTS = (".essay-text, .quoted-text, .paragraph-previews, .essay-attribution, .references, .paragraph-cite, "
              ".event-date, .cite-panel, .citations, .edition-date, .corrections, .event, script")


def load(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def articles(build):
    """Each published page's address and its <article> (pages without one are skipped)."""
    for page in build.pages():
        if page.name != "index.html":
            continue
        url = page.parent.relative_to(build.site).as_posix()
        article = build.html(f"{url}/").select_one("article")
        if article is not None:
            yield url, article


def test_each_source_reads_the_same_wherever_it_is_listed(built_site):
    """One source, one entry: the same text on every page that lists it and on the Sources page,
    whose entry links to its bibliography URL.

    Breaks if: edition/references.py formats a page's list from something other than
    data/bibliography.yml (say, a title a page writes itself).
    """
    bibliography = load("bibliography.yml")
    texts = defaultdict(set)
    for url, article in articles(built_site):
        for item in article.select(".references > li[id^=source-]"):
            entry = item.select_one(".csl-entry")
            key = item["id"].removeprefix("source-")
            texts[key].add(" ".join(entry.get_text().split()))
            assert entry.select_one("a")["href"] == bibliography[key]["url"], (url, key)
    assert set(texts) == set(bibliography)
    for key, variants in texts.items():
        assert len(variants) == 1, (key, variants)


def test_sources_page_lists_every_source_with_the_pages_that_really_cite_it(built_site):
    """Breaks if: edition/site_index.py misses a way of citing (an event's sources on a page that
    renders [[event ID]], a note's on the essay page), or the Sources page lists a page that
    does not cite the source.
    """
    listed = built_site.html("sources/").select("ul.bibliography > li")
    assert [li["id"].removeprefix("source-") for li in listed] != [] and len(listed) == len(load("bibliography.yml"))
    for item in listed:
        key = item["id"].removeprefix("source-")
        links = [a["href"] for a in item.select(".cited-on a")]
        assert links, key
        for href in links:
            page = built_site.html(href.removeprefix("../").split("#")[0])
            assert page.select_one(f"article li#source-{key}") is not None, f"{key} is listed as cited on {href}, which does not cite it"


NON_CANONICAL_HOST = re.compile(r"^(mail|webmail|admin|whm|cpanel|apps)\.|(^|\.)(docslib\.org|studylib\.net|123dok\.com|"
                                r"dokumen\.tips|docplayer\.net|blogspot\.com|scarabresearch\.com)$")


def test_no_link_to_a_mirror_a_side_host_a_wordpress_id_or_another_language(built_site):
    """Every external link of the site's apparatus (the essay's own text aside) goes to a source's
    own address: https, not a copy, not a mail./admin. host, no ?p=, no /zh/ page.

    Breaks if: a source in data/bibliography.yml, or a link typed into a page, goes back to
    https://www.afnic.fr/en/?p=37086 or https://mail.intgovforum.org/…
    """
    checked = 0
    for url, article in articles(built_site):
        for link in article.select("a[href^=http]"):
            if link.find_parent(class_="essay-text"):
                continue
            parts = urlsplit(link["href"])
            checked += 1
            assert parts.scheme == "https", (url, link["href"])
            assert not NON_CANONICAL_HOST.search(parts.hostname or ""), (url, link["href"])
            assert "p" not in parse_qs(parts.query), (url, link["href"])
            assert not re.search(r"/(zh|fr|es|ru|ar)(/|$)", parts.path), (url, link["href"])
    assert checked > 100


def register():
    return {event["id"]: event for event in load("events.yml")}


def iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def test_timeline_is_the_register_in_date_order(built_site):
    """Every event of data/events.yml is on the timeline, once, in date order, with its date
    and its sources, linked to the page that discusses it.

    Breaks if: the [[timeline]] form drops an event, or sorts by id, or the timeline page
    adds a dated line of its own.
    """
    events = register()
    timeline = built_site.html("timeline/").select_one("article dl.timeline")
    terms, definitions = timeline.select(":scope > dt"), timeline.select(":scope > dd")
    assert len(terms) == len(definitions) == len(events)
    shown = [dd["data-event"] for dd in definitions]
    assert sorted(shown) == sorted(events)
    starts = [iso(events[e]["date"]).split("/")[0] for e in shown]
    assert starts == sorted(starts)
    for term, definition in zip(terms, definitions):
        event = events[definition["data-event"]]
        assert term.select_one(".event-date")["data-date"] == iso(event["date"])
        assert len(definition.select("sup.source-ref")) == len(event["sources"])
        page = event["page"].split("#")[0].removesuffix(".md")
        assert any(a["href"].startswith(f"../{page.removesuffix('index')}") for a in definition.select("a:not([href^='#'])"))


def test_every_page_shows_the_register_date_of_each_event_it_names(built_site):
    """A date shown for an event is the register's, and reads the same on every page.

    Breaks if: the [[event ID]] or [[date ID]] form renders a date of its own, or one page's
    copy of a date differs from another's.
    """
    events = register()
    labels = defaultdict(set)
    for url, article in articles(built_site):
        for element in article.select("[data-event]"):
            # On the timeline the date stands in the <dt> before the event's <dd>.
            date = element.select_one(".event-date") or element.find_previous_sibling("dt").select_one(".event-date")
            assert date["data-date"] == iso(events[element["data-event"]]["date"]), url
            labels[element["data-event"]].add(date.get_text())
    assert len(labels) > 30
    assert all(len(shown) == 1 for shown in labels.values()), {e: s for e, s in labels.items() if len(s) > 1}


def test_no_page_writes_a_date_of_its_own(built_site):
    """Outside the essay's words, the formatted sources and the citations, every date on the site
    is an event of the register: one fact, one place.

    Breaks if: a page or a note in data/notes.yml writes "27 October 2014" as text instead
    of [[date zhao-elected]].
    """
    found = []
    for url, article in articles(built_site):
        for element in article.select(NOT_EVENTS):
            element.decompose()
        text = " ".join(article.get_text(" ").split())
        found += [f"{url}: …{text[max(0, m.start() - 40):m.end() + 10]}…" for m in WRITTEN_DATE.finditer(text)]
    assert not found, "\n".join(found)


# Capitals that are words, not abbreviations: Roman numerals of UN resolution numbers, the
# essay's attribution as given ("Francois HOLLANDE – President of The French REPUBLIC").
NOT_ABBREVIATIONS = re.compile(r"^(?:[IVXLC]+|HOLLANDE|REPUBLIC)$")


def test_every_abbreviation_the_site_uses_is_in_the_glossary(built_site):
    """Any word of two or more capitals (ITU, CWG, WP, PP) in any page's text, the essay's
    included, has its entry in data/glossary.yml and so expands on hover and focus.

    Breaks if: a page starts to write an abbreviation, say "ICANN", that the glossary lacks.
    """
    glossary = set(load("glossary.yml"))
    missing = defaultdict(set)
    for url, article in articles(built_site):
        for element in article.select("script, code, .references, .csl-entry, .cited-on"):
            element.decompose()
        # A document symbol (DSTI/ICCP(2009)1, WSIS-03/GENEVA/DOC/4-E) is a name, not an abbreviation.
        for word in re.findall(r"(?<![\w/.-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)?(?=s?\b)(?![/(-])", article.get_text(" ")):
            # CSL-JSON: two abbreviations; PP-14, CWG-Internet: one.
            parts = [word] if word in glossary else [p for p in word.split("-") if re.fullmatch(r"[A-Z][A-Z0-9]+", p)]
            for part in parts:
                if part not in glossary and not NOT_ABBREVIATIONS.match(part):
                    missing[part].add(url)
    assert not missing, dict(missing)


def test_a_source_is_searched_once_on_the_sources_page(built_site):
    """The search index has each source's entry once, on the Sources page, not again under
    every page that lists it.

    Breaks if: edition/markdown_essay.py ReferencesTreeprocessor stops marking the pages' lists
    data-search-exclude (the index then repeats a source on each page that cites it).
    """
    import json

    index = json.loads((built_site.site / "search" / "search_index.full.json").read_text(encoding="utf-8"))
    title = load("bibliography.yml")["itu-zhao-bio"]["title"]  # cited on the ITU page and the timeline
    holders = [doc["location"] for doc in index["docs"] if title.replace(" - ", " ") in doc["text"].replace(" - ", " ")]
    assert len(holders) == 1 and holders[0].startswith("sources/"), holders
