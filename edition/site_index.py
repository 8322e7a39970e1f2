"""Which page of docs/ cites which source, found in the pages' Markdown with the same
patterns as the edition's forms, for the Sources page ("cited on …") and for the check
that every source of the bibliography is cited somewhere.

A page cites a source when it writes [[source KEY]] (or [[source KEY, LOCATOR]]); when
it renders a dated event of the register ([[event ID]], [[date ID]], [[timeline]]),
which carries its sources; and when it renders an editors' note ([[note ID]], or
[[essay]], which renders them all).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from edition.data import Event, Note, parse_citation

# The forms that cite, as written in a page (the Markdown extension renders them).
SOURCE_FORM = re.compile(r"source\s+(?P<citation>[^\[\]\n]+?)\s*")
CITING_FORMS = re.compile(r"\[\[(?P<name>source|event|date|note|timeline|essay)\b\s*(?P<argument>[^\[\]\n]*?)\s*\]\]")
HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*(\{[^}]*\})?\s*$", re.MULTILINE)


def citing_forms(docs_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """Page path (inside docs/) -> the citing forms it writes, as (name, argument)."""
    return {
        page.relative_to(docs_dir).as_posix(): [(m["name"], m["argument"]) for m in CITING_FORMS.finditer(page.read_text(encoding="utf-8"))]
        for page in sorted(docs_dir.rglob("*.md"))
    }


def digest(docs_dir: Path) -> str:
    """Changes when any page cites differently (for the page cache: the Sources page
    depends on every page's citations, and on nothing else of theirs)."""
    return hashlib.sha256(repr(sorted(citing_forms(docs_dir).items())).encode()).hexdigest()


def citing_pages(docs_dir: Path, events: list[Event], notes: list[Note]) -> dict[str, list[str]]:
    """Source key -> the pages that cite it, in the order of docs/."""
    by_event = {event.id: event for event in events}
    by_note = {note.id: note for note in notes}
    cited: dict[str, list[str]] = {}
    for page, forms in citing_forms(docs_dir).items():
        keys = []
        for name, argument in forms:
            if name == "source" and (citation := parse_citation(argument)):
                keys.append(citation.key)
            elif name in ("event", "date") and argument in by_event:
                keys += [c.key for c in by_event[argument].sources]
            elif name == "timeline":
                keys += [c.key for event in events for c in event.sources]
            elif name == "note" and argument in by_note:
                keys += [c.key for c in by_note[argument].sources]
            elif name == "essay":
                keys += [c.key for note in notes for c in note.sources]
        for key in dict.fromkeys(keys):
            cited.setdefault(key, []).append(page)
    return cited


def heading(docs_dir: Path, page: str, anchor: str) -> str | None:
    """The text of the page's heading written with the id ``anchor`` ({ #anchor })."""
    pattern = re.compile(rf"^#+\s+(?P<title>.+?)\s*\{{\s*#{re.escape(anchor)}\s*\}}\s*$", re.MULTILINE)
    match = pattern.search((docs_dir / page).read_text(encoding="utf-8"))
    return match["title"] if match else None


def page_title(docs_dir: Path, page: str) -> str | None:
    """The page's first-level heading, as written in its Markdown."""
    match = HEADING.search((docs_dir / page).read_text(encoding="utf-8"))
    return match["title"] if match else None
