"""The site's reference lists, formatted by the project's CSL engine (edition/csl.py) in
one style, csl.REFERENCE_STYLE: every list of sources on every page and the Sources page.

A source of data/bibliography.yml becomes a CSL item: its authors, or else its publisher
in the author's place, as Chicago puts the owner of a page that names no author; a
document's symbol (A/RES/70/125) is its number; a journal or blog is its container.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from edition import csl
from edition.data import Source


def csl_item(source: Source) -> dict:
    item = {
        "id": source.key,
        "type": source.type,
        "title": source.title,
        "author": ([dict(zip(("family", "given"), name.split(", ", 1))) for name in source.authors]
                   or [{"literal": source.publisher}]),
        "URL": source.url,
        "language": "en",
    }
    if source.authors:
        item["publisher"] = source.publisher
    if source.container:
        item["container-title"] = source.container
    if source.date:
        item["issued"] = {"date-parts": [[int(part) for part in source.date.split("-")]]}
    if source.number:
        item["number"] = source.number
    return item


def formatted(sources: list[Source]) -> dict[str, etree.Element]:
    """Each source's bibliography entry as a ``<span class="csl-entry">`` element.

    citeproc-js gives a <div>; a <span> keeps the spaces between its inline elements
    ("ITU CWG-Internet" as two <abbr>), which minify-html drops inside a <div>."""
    items = [csl_item(source) for source in sources]
    requests = [{"key": source.key, "id": source.key} for source in sources]
    result = csl.format_citations(items, requests, styles=(csl.REFERENCE_STYLE,), outputs=("html",))
    entries = result[csl.REFERENCE_STYLE.key]["html"]
    elements = {key: etree.fromstring(entries[key]["bibliography"]) for key in entries}
    for element in elements.values():
        element.tag = "span"
    return elements
