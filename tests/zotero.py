"""What Zotero makes of a page and of its downloads: the few rules of Zotero's translators
(github.com/zotero/translators) that decide it, ported to Python so that the tests check
what a reader's Zotero saves, not only that the metadata parses.

- COinS.js with openurl.js parseContextObject: the default translator for a page with a
  COinS span (priority 310, ahead of Embedded Metadata's 320).
- Embedded Metadata.js with RDF.js: what a reader gets on choosing "Embedded Metadata".
- RIS.js, BibTeX.js, CSL JSON.js: the importers of the downloads; and, for the files they
  name, what Zotero's ItemSaver (zotero/zotero translate_item.js) saves of an attachment.

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
    urls = tags.get("UR") or [None]
    return {
        "itemType": RIS_TYPES.get((tags.get("TY") or [""])[0], "journalArticle"),
        "title": (tags.get("TI") or [None])[0],
        "publicationTitle": (tags.get("T2") or [None])[0],
        "date": date,
        "url": urls[0],
        "language": (tags.get("LA") or [None])[0],
        "extra": "\n".join(tags.get("M2", [])),
        "creators": [value for tag in ("AU", "A1", "A2", "A3", "A4", "ED") for value in tags.get(tag, [])],
        # applyValue, default branch: a field already set keeps its value; a different one goes to
        # the "no corresponding Zotero field" note (item.unsupportedFields).
        "notes": [f"url: {url}" for url in urls[1:] if url != urls[0]],
        "attachments": [saved_attachment(a) for tag in ("L1", "L2", "L4")
                        for value in tags.get(tag, []) for a in _ris_attachments(tag, value)],
    }


# RIS.js fieldMap: `L1: "attachments/PDF", L2: "attachments/HTML", L4: "attachments/other"`;
# processTag, `case "attachments":` each line of the value is one attachment:
#   url = values[i].replace(/^internal-pdf:\/\//i, 'PDF/').trim();
#   title = url.match(/([^/\\]+)(?:\.\w{1,8})$/);  -> decodeURIComponent(title[1]), else "Attachment"
#   if (zField[1] == 'HTML') { title = "Full Text (HTML)"; mimeType = "text/html"; }
#   item.attachments.push({ title: title, path: url, mimeType: mimeType || undefined });
# (An L1 line gets no MIME type: "attachments/PDF" only sorts PDFs into L1 on export.)

def _ris_attachments(tag: str, value: str) -> list[dict]:
    attachments = []
    for line in value.split("\n"):
        url = re.sub(r"^internal-pdf://", "PDF/", line, flags=re.IGNORECASE).strip()
        if not url:
            continue
        match = re.search(r"([^/\\]+)(?:\.\w{1,8})$", url)
        title = unquote(match[1]) if match else "Attachment"
        mime_type = None
        if tag == "L2":
            title, mime_type = "Full Text (HTML)", "text/html"
        attachments.append({"title": title, "path": url, "mimeType": mime_type})
    return attachments


# --- what Zotero saves of an imported attachment ------------------------------------------
#
# zotero/zotero, chrome/content/zotero/xpcom/translation/translate_item.js, ItemSaver
# _saveAttachmentFile (import):
#   var url = Zotero.Attachments.cleanAttachmentURI(attachment.path, false);
#   if (url && /^(?:https?|ftp):/.test(url)) {
#       // A web URL. Don't bother parsing it as path below
#       if (!attachment.url) attachment.url = attachment.path;
#       delete attachment.path;
#   }
#   ... (no local file) ... only http and https are allowed, then
#   Zotero.Attachments.linkFromURL({ url, contentType: attachment.mimeType || undefined,
#                                    title: attachment.title || undefined, ... })
# A web address is linked (a "Link to URI" attachment), not downloaded; a path is looked up as a
# local file, which a reader of a download does not have.

def saved_attachment(attachment: dict) -> dict:
    path = attachment.get("path") or ""
    if re.match(r"(?:https?|ftp):", path):
        if not re.match(r"https?:", path):
            return {"error": "protocol is not allowed for attachments from translators"}
        return {"linkMode": "linked_url", "url": path, "title": attachment.get("title"),
                "contentType": attachment.get("mimeType")}
    return {"linkMode": "file", "path": path, "title": attachment.get("title")}  # a local file to find


# --- BibTeX.js ---------------------------------------------------------------------------

BIBTEX_TYPES = {"online": "webpage", "misc": "book", "article": "journalArticle", "book": "book"}


def bibtex_item(text: str) -> dict:
    [entry] = bibtexparser.parse_string(text).entries
    fields = {key: re.sub(r"[{}]", "", field.value) for key, field in entry.fields_dict.items()}
    attachments = []
    for key, field in entry.fields_dict.items():
        if key.lower() in ("pdf", "path"):
            # processField: `item.attachments.push({path:value, mimeType:"application/pdf"});`
            attachments.append({"path": fields[key], "mimeType": "application/pdf"})
        elif key.lower() == "file":
            attachments += _bibtex_file_field(re.sub(r"^\{(.*)\}$", r"\1", field.value, flags=re.DOTALL))
    return {
        "itemType": BIBTEX_TYPES.get(entry.entry_type.lower()),
        "key": entry.key,
        "title": fields.get("title"),
        "date": fields.get("date") or fields.get("year"),
        "url": fields.get("url"),
        "language": fields.get("language"),
        "creators": [fields[key] for key in ("author", "editor", "translator") if key in fields],
        "attachments": [saved_attachment(a) for a in attachments],
    }


# BibTeX.js processField, `field == "file"` (JabRef's and Mendeley's field), on the raw value:
#   records are split at each ";" not escaped by a backslash, and each goes to parseFilePathRecord,
#   which splits it at each unescaped ":" and decodes each part with decodeFilePathComponent,
#   `value.replace(/\\([^A-Za-z0-9.])/g, "$1")`; then
#   if (fields.length != 3 && fields.length != 1) { Zotero.debug("Unknown file path record format") ; return; }
#   3 parts: title = fields[0].trim() || 'Attachment', path = fields[1], mimeType = fields[2],
#            and `if (attachment.mimeType.search(/pdf/i) != -1) attachment.mimeType = 'application/pdf';`
#   1 part:  title = 'Attachment', path = fields[0]
#   path = path.trim(); an empty path is dropped.
# So an unescaped "https://…" (two parts) is dropped: the colon must be written "https\://".
# (Mendeley's escapes, `$\backslash$` and `\~{}`, are left out: the edition writes neither.)

def _split_unescaped(text: str, separator: str) -> list[str]:
    parts, start, i = [], 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == separator:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    return parts + [text[start:]]


def _bibtex_file_field(raw: str) -> list[dict]:
    attachments = []
    for record in _split_unescaped(raw, ";"):
        parts = [re.sub(r"\\([^A-Za-z0-9.])", r"\1", part) for part in _split_unescaped(record, ":")]
        if len(parts) == 3:
            title, path, mime_type = parts[0].strip() or "Attachment", parts[1], parts[2]
            if re.search("pdf", mime_type, re.IGNORECASE):
                mime_type = "application/pdf"
        elif len(parts) == 1:
            title, path, mime_type = "Attachment", parts[0], None
        else:
            continue  # "Unknown file path record format"
        if path.strip():
            attachments.append({"title": title, "path": path.strip(), "mimeType": mime_type})
    return attachments


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
