"""What Zotero makes of a page and of its downloads: the few rules of Zotero's translators
(github.com/zotero/translators) that decide it, ported to Python so that the tests check
what a reader's Zotero saves, not only that the metadata parses.

- COinS.js with openurl.js parseContextObject: the default translator for a page with a
  COinS span (priority 310, ahead of Embedded Metadata's 320).
- Embedded Metadata.js with RDF.js: what a reader gets on choosing "Embedded Metadata".
- RIS.js, BibTeX.js, CSL JSON.js: the importers of the downloads.

Only the branches that the edition's metadata can reach are ported; anything else is
reported as what it would become (journalArticle, book, document) so a test fails.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import bibtexparser
from bs4 import BeautifulSoup

ITEM_TYPES = {"webpage", "blogPost", "journalArticle", "book", "document", "report", "thesis"}


# --- COinS.js + openurl.js parseContextObject -------------------------------------------

def coins_item(context_object: str) -> dict:
    """The item parseContextObject makes of a COinS span's title."""
    item: dict = {"creators": []}
    parts = context_object.split("&")
    for part in parts:
        if part.startswith("rft_val_fmt="):
            fmt = unquote(part[len("rft_val_fmt="):])
            item["itemType"] = {"info:ofi/fmt:kev:mtx:dc": "webpage", "info:ofi/fmt:kev:mtx:journal": "journalArticle",
                                "info:ofi/fmt:kev:mtx:book": "book"}.get(fmt)
    if not item.get("itemType"):
        return {}  # no rft_val_fmt: no item at all
    for part in parts:
        pieces = part.split("=")  # a raw "=" in a value cuts it short, as in openurl.js
        key, raw = pieces[0], pieces[1] if len(pieces) > 1 else ""
        value = unquote(re.sub(r"\+|%2[bB]", " ", raw), errors="strict")  # "+" is a space
        if not value:
            continue
        if key == "rft.type" and value in ITEM_TYPES:
            item["itemType"] = value
        elif key == "rft.title":
            item["title"] = value
        elif key == "rft.source":
            item["publicationTitle"] = value
        elif key == "rft.date":
            item["date"] = value
        elif key == "rft.identifier" and len(value) > 8 and re.match(r"https?://", value):
            item["url"] = value
        elif key == "rft_id" and re.match(r"https?://", value):
            item["url"] = value
        elif key == "rft.language":
            item["language"] = value
        elif key in ("rft.au", "rft.creator", "rft.contributor", "rft.aulast", "rft.aufirst", "rft.aucorp"):
            item["creators"].append(value)
    return item


# --- Embedded Metadata.js (+ RDF.js detectType) ------------------------------------------

HIGHWIRE_TYPES = {"citation_journal_title": "journalArticle", "citation_technical_report_institution": "report",
                  "citation_conference_title": "conferencePaper", "citation_conference": "conferencePaper",
                  "citation_book_title": "bookSection", "citation_inbook_title": "bookSection",
                  "citation_dissertation_institution": "thesis"}
HIGHWIRE_GUESSES = {"citation_title": "journalArticle", "citation_series_title": "journalArticle",
                    "citation_isbn": "book"}
CREATOR_TAGS = re.compile(r"(citation_authors?|citation_editors?|dc\.creator.*|dc\.contributor|dcterms\.creator|"
                          r"dcterms\.contributor|author|article:author|video:director|music:musician|parsely-page|"
                          r"bib\.authors)$", re.IGNORECASE)
BYLINE_CLASSES = {"byline", "bylines", "vcard", "article-byline"}


def embedded_metadata_item(page: BeautifulSoup) -> dict:
    """The item Embedded Metadata makes of a page's head (and its byline guess)."""
    metas = {}
    for meta in page.select("head meta[content]"):
        name = meta.get("name") or meta.get("property")
        if name:
            metas.setdefault(name, meta["content"])
    hw_type = next((kind for tag, kind in HIGHWIRE_TYPES.items() if tag in metas), None)
    hw_guess = next((kind for tag, kind in HIGHWIRE_GUESSES.items() if tag in metas), None)
    generator = metas.get("generator", "").lower()
    og = {"website": "webpage", "book": "book"}.get(metas.get("og:type", ""))
    dc_type = metas.get("DC.type") or metas.get("dcterms.type")
    dc = dc_type if dc_type in ITEM_TYPES else {"webpage": "webpage", "homepage": "webpage"}.get(
        (dc_type or "").lower().replace(" ", ""))
    default = hw_guess or ("blogPost" if any(g in generator for g in ("blogger", "wordpress", "wooframework"))
                           else "webpage")
    item_type = hw_type or og or dc or default
    title = metas.get("DC.title") or metas.get("og:title") or page.title.get_text()
    title = metas.get("citation_title", title)
    date = metas.get("citation_date") or metas.get("citation_cover_date") or metas.get("citation_publication_date") \
        or metas.get("article:published_time") or metas.get("DC.date")
    creators = [name for name in metas if CREATOR_TAGS.match(name)]
    creators += [element.get_text(strip=True) for element in page.find_all(class_=True)
                 if BYLINE_CLASSES & set(element["class"]) and element.get_text(strip=True)]
    canonical = page.select_one('link[rel="canonical"]')
    return {
        "itemType": item_type,
        "title": re.sub(r"\s+", " ", title).strip(),
        "date": date,
        "publicationTitle": metas.get("DC.source") or metas.get("og:site_name"),
        "url": metas.get("citation_public_url") or metas.get("og:url") or (canonical and canonical["href"]),
        "language": metas.get("citation_language") or metas.get("DC.language") or page.html.get("lang"),
        "websiteType": dc_type,
        "creators": creators,
        "alternates": len(page.select('link[rel~="alternate"]')),  # Linked Metadata would claim the page
    }


# --- RIS.js ------------------------------------------------------------------------------

RIS_TYPES = {"BLOG": "blogPost", "ELEC": "webpage", "WEB": "webpage", "GEN": "document", "JOUR": "journalArticle"}


def ris_item(text: str) -> dict:
    tags: dict[str, list[str]] = {}
    for line in text.splitlines():
        if match := re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line):
            tags.setdefault(match[1], []).append(match[2])
    date = (tags.get("DA") or [""])[0]
    if match := re.fullmatch(r"(\d{4})/(\d{2})/(\d{2})/?", date):
        date = "-".join(match.groups())
    return {
        "itemType": RIS_TYPES.get((tags.get("TY") or [""])[0], "journalArticle"),
        "title": (tags.get("TI") or [None])[0],
        "publicationTitle": (tags.get("T2") or [None])[0],
        "date": date,
        "url": (tags.get("UR") or [None])[0],
        "language": (tags.get("LA") or [None])[0],
        "extra": "\n".join(tags.get("M2", [])),
        "creators": [value for tag in ("AU", "A1", "A2", "A3", "A4", "ED") for value in tags.get(tag, [])],
    }


# --- BibTeX.js ---------------------------------------------------------------------------

BIBTEX_TYPES = {"online": "webpage", "misc": "book", "article": "journalArticle", "book": "book"}


def bibtex_item(text: str) -> dict:
    [entry] = bibtexparser.parse_string(text).entries
    fields = {key: re.sub(r"[{}]", "", field.value) for key, field in entry.fields_dict.items()}
    return {
        "itemType": BIBTEX_TYPES.get(entry.entry_type.lower()),
        "key": entry.key,
        "title": fields.get("title"),
        "date": fields.get("date") or fields.get("year"),
        "url": fields.get("url"),
        "language": fields.get("language"),
        "creators": [fields[key] for key in ("author", "editor", "translator") if key in fields],
    }


# --- CSL JSON.js (itemFromCSLJSON) -----------------------------------------------------

CSL_TYPES = {"post-weblog": "blogPost", "webpage": "webpage", "article-journal": "journalArticle"}
CSL_NAMES = ("author", "editor", "translator", "container-author", "collection-editor", "original-author")


def csl_item(item: dict) -> dict:
    """Zotero keeps CSL variables it has no field for only through `note`, which becomes Extra."""
    parts = item["issued"]["date-parts"][0]
    return {
        "itemType": CSL_TYPES.get(item["type"]),
        "key": item["id"],
        "title": item["title"],
        "publicationTitle": item.get("container-title"),
        "date": "-".join(f"{part:02d}" for part in parts),
        "url": item["URL"],
        "language": item.get("language"),
        "extra": item.get("note", ""),
        "creators": [name for name in CSL_NAMES if name in item],
    }
