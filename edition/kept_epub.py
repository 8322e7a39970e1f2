"""The kept edition as an EPUB 3: the essay with its paragraph numbers and the editors' notes
as footnotes, and the apparatus a reader of the essay needs (About this edition, Glossary,
Timeline, How to cite), made with the standard library only.

    epub(load(root), root) -> bytes

The essay and its notes come from the kept model (edition/kept.py), so the EPUB says what
the plain text and the JSON say. The apparatus pages are the site's own Markdown pages,
converted with the extensions of mkdocs.yml (the edition's extension included) and made
well-formed XHTML; their links to pages in the EPUB stay inside it, links to the edition's
other pages become absolute addresses of the online edition.

Two builds of the same project are byte-identical: every zip entry carries the edition's
release date, and nothing depends on the clock or on the order of a directory listing.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import markdown
import yaml

from edition import project
from edition.citation import Metadata
from edition.kept import KeptEdition
from edition.markdown_essay import EditionExtension

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
# Elements are built with plain names and their namespaces declared as attributes, so that
# nothing is registered in ElementTree's process-wide table of prefixes.
EPUB_TYPE = "epub:type"

ESSAY_DOC = "essay.xhtml"
NAV_DOC = "nav.xhtml"
STYLESHEET = "edition.css"
# The apparatus pages, in reading order after the essay: (source page in docs/, document).
APPARATUS = (("about.md", "about.xhtml"), ("glossary.md", "glossary.xhtml"),
             ("timeline.md", "timeline.xhtml"), ("cite.md", "cite.xhtml"))
DOCUMENTS = {project.ESSAY_PAGE: ESSAY_DOC, **dict(APPARATUS)}  # docs/ page -> EPUB document

# The HTML that the pages' Markdown gives but a book has no use for: elements dropped with
# their content, attributes dropped (the site's search and tooltip machinery).
DROPPED_ELEMENTS = {"script", "style", "noscript", "button", "form", "input", "iframe", "template"}
DROPPED_CLASSES = {"headerlink", "paragraph-previews", "cite-panel"}
KEPT_ATTRIBUTES = {"id", "class", "href", "title", "aria-label", "datetime", "role", "lang"}
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

STYLE = """\
body { font-family: serif; line-height: 1.5; }
.attribution { font-style: italic; }
.paragraph-number { font-family: sans-serif; font-size: 0.8em; font-weight: bold; margin-right: 0.3em; }
a[role="doc-noteref"] { font-size: 0.75em; vertical-align: super; line-height: 0; }
aside[role="doc-footnote"] { font-size: 0.9em; margin: 0.5em 0 1em 1.5em; }
dt { font-weight: bold; margin-top: 0.5em; }
"""


def epub(edition: KeptEdition, root: Path) -> bytes:
    """The EPUB 3 of the kept edition of the project at root."""
    metadata = Metadata(root / project.CITATION_FILE)
    pages = [_essay(edition)] + [_apparatus(root, source, name) for source, name in APPARATUS]
    _resolve_links(pages, metadata)
    files = {f"EPUB/{page.name}": _xhtml(page.title, page.body) for page in pages}
    files[f"EPUB/{NAV_DOC}"] = _nav(edition, pages)
    files[f"EPUB/{STYLESHEET}"] = STYLE.encode("utf-8")
    files["EPUB/package.opf"] = _package(edition, pages, metadata)
    files["META-INF/container.xml"] = _container()
    return _zip(files, edition.released)


# --- the documents -------------------------------------------------------------------


@dataclass
class Page:
    name: str  # its file in the EPUB
    title: str
    body: ET.Element
    epub_type: str  # its landmark
    ids: set[str] = field(default_factory=set)


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    attrib = {EPUB_TYPE if key == "epub_type" else key.rstrip("_").replace("_", "-"): value
              for key, value in attrib.items()}
    element = ET.Element(tag, attrib) if parent is None else ET.SubElement(parent, tag, attrib)
    element.text = text
    return element


def _essay(edition: KeptEdition) -> Page:
    """The essay: title, attribution as given, the numbered paragraphs with a noteref after
    the words of each note, each note a footnote after its paragraph, then its citation."""
    body = _el(None, "body")
    section = _el(body, "section", epub_type="bodymatter chapter", id="essay")
    _el(section, "h1", edition.title, id="title")
    given = _el(section, "div", class_="attribution", id="attribution")
    _el(given, "p", "Attribution as given in the source:", class_="label")
    for line in edition.attribution:
        _el(given, "p", line)
    for paragraph in edition.paragraphs:
        p = _el(section, "p", id=paragraph.id, class_="paragraph")
        _el(p, "span", f"¶{paragraph.number}", class_="paragraph-number")
        p[-1].tail = " "
        notes = [note for note in edition.notes if note.paragraph == paragraph.number]
        ends = sorted((paragraph.text.index(note.wording) + len(note.wording), note.number) for note in notes)
        notes_by_number = {note.number: note for note in notes}
        start = 0
        for end, number in ends:
            p[-1].tail += paragraph.text[start:end]
            _el(p, "a", str(number), epub_type="noteref", role="doc-noteref", href=f"#note-{number}",
                id=f"noteref-{number}")
            p[-1].tail = ""
            start = end
        p[-1].tail += paragraph.text[start:]
        for _end, number in ends:
            note = notes_by_number[number]
            aside = _el(section, "aside", epub_type="footnote", role="doc-footnote", id=f"note-{number}")
            text = _el(aside, "p")
            _el(text, "a", str(number), href=f"#noteref-{number}", role="doc-backlink",
                title=f"Back to \u00b6{note.paragraph}")
            text[-1].tail = f". Editors\u2019 note on \u00b6{note.paragraph}, \u201c{note.wording}\u201d: {note.text}"
    colophon = _el(body, "section", epub_type="colophon", id="this-edition")
    _el(colophon, "h2", "This edition")
    _el(colophon, "p", f"Cite as: {edition.citation}")
    _el(colophon, "p", f"{edition.source_line}.")
    _el(colophon, "p", f"{edition.edition_line}.")
    _el(colophon, "p", "The paragraph numbers are the edition\u2019s; each paragraph\u2019s citable address is "
                       f"{edition.url}#p1 to #p{len(edition.paragraphs)}.")
    return Page(ESSAY_DOC, edition.title, body, "bodymatter")


def _apparatus(root: Path, source: str, name: str) -> Page:
    """One of the site's pages, its Markdown converted as the site converts it."""
    text = (root / project.DOCS_DIR / source).read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # the YAML front matter
    html = markdown.Markdown(extensions=_extensions(root, source)).convert(text)
    builder = _Builder(source)
    builder.feed(html)
    builder.close()
    body = _el(None, "body")
    section = _el(body, "section", epub_type="appendix")
    section.extend(builder.root)
    heading = next(section.iter("h1"), None)
    title = "".join(heading.itertext()).strip() if heading is not None else source
    return Page(name, title, body, "appendix")


def _extensions(root: Path, page: str) -> list:
    """The Markdown extensions of mkdocs.yml, with the edition's extension told about the
    page and the project's folder, and no permalinks on headings."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !!python/... tags
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    extensions = []
    for entry in config.get("markdown_extensions", []):
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        options = dict(options or {})
        if name == "edition.markdown_essay":
            options.update(page=page, seed=str(root / project.SEED), data_dir=str(root / project.DATA_DIR),
                           docs_dir=str(root / project.DOCS_DIR), citation_file=str(root / project.CITATION_FILE))
            extensions.append(EditionExtension(**options))
            continue
        if name == "toc":
            options["permalink"] = False
        extensions.append(markdown.Markdown(extensions=[]).build_extension(name, options))
    return extensions


class _Builder(HTMLParser):
    """HTML fragment -> XHTML elements, without what a book does not need. Links are kept
    as the page wrote them, made relative to docs/, and resolved once every page is built."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.root = _el(None, "div")
        self.stack = [self.root]
        self.skipping = 0  # depth inside a dropped element

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        dropped = tag in DROPPED_ELEMENTS or "hidden" in attrs or \
            DROPPED_CLASSES & set((attrs.get("class") or "").split())
        if self.skipping or dropped:
            if tag not in VOID:
                self.skipping += 1
            return
        element = _el(self.stack[-1], tag)
        for key, value in attrs.items():
            if key in KEPT_ATTRIBUTES and value is not None:
                element.set(key, self._link(value) if key == "href" else value)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and not self.skipping:
            self.handle_endtag(tag)
        elif tag not in VOID:
            self.skipping -= 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.skipping:
            self.skipping -= 1
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if self.skipping:
            return
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data

    def _link(self, href: str) -> str:
        """A link to a page of the site as "docs:<page>#<fragment>"; others unchanged."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            return href
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), path)) if path else self.page
        return f"docs:{target}#{fragment}" if fragment else f"docs:{target}"


def _resolve_links(pages: list[Page], metadata: Metadata) -> None:
    """Links to a page of the site: into the EPUB where the page and its anchor are in it,
    to the online edition otherwise."""
    for page in pages:
        page.ids = {element.get("id") for element in page.body.iter() if element.get("id")}
    by_name = {page.name: page for page in pages}
    for page in pages:
        for link in page.body.iter("a"):
            href = link.get("href", "")
            if not href.startswith("docs:"):
                continue
            target, _, fragment = href.removeprefix("docs:").partition("#")
            document = by_name.get(DOCUMENTS.get(target, ""))
            if document is not None and (not fragment or fragment in document.ids):
                inside = "" if document is page else document.name
                link.set("href", f"{inside}#{fragment}" if fragment else document.name)
            else:
                link.set("href", metadata.page_url(target) + (f"#{fragment}" if fragment else ""))


def _xhtml(title: str, body: ET.Element) -> bytes:
    html = ET.Element("html", {"xmlns": XHTML, "xmlns:epub": OPS, "lang": "en", "xml:lang": "en"})
    head = _el(html, "head")
    _el(head, "meta", charset="utf-8")
    _el(head, "title", title)
    _el(head, "link", rel="stylesheet", type="text/css", href=STYLESHEET)
    html.append(body)
    return _document(html, doctype=True)


def _document(root: ET.Element, doctype: bool = False) -> bytes:
    text = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ("<!DOCTYPE html>\n" if doctype else "")
            + text + "\n").encode("utf-8")


def _nav(edition: KeptEdition, pages: list[Page]) -> bytes:
    body = _el(None, "body")
    toc = _el(body, "nav", epub_type="toc", id="toc")
    _el(toc, "h1", "Contents")
    items = _el(toc, "ol")
    for page in pages:
        item = _el(items, "li")
        _el(item, "a", page.title, href=page.name)
        if page.name == ESSAY_DOC:
            item[-1].text = "The essay"
            parts = _el(item, "ol")
            for label, target in [(f"\u00b6{p.number}", f"{ESSAY_DOC}#{p.id}") for p in edition.paragraphs] + \
                    [("This edition", f"{ESSAY_DOC}#this-edition")]:
                _el(_el(parts, "li"), "a", label, href=target)
    landmarks = _el(body, "nav", epub_type="landmarks", id="landmarks", hidden="hidden")
    _el(landmarks, "h2", "Landmarks")
    marks = _el(landmarks, "ol")
    _el(_el(marks, "li"), "a", "Contents", epub_type="toc", href=f"{NAV_DOC}#toc")
    _el(_el(marks, "li"), "a", "The essay", epub_type="bodymatter", href=ESSAY_DOC)
    for page in pages[1:]:
        _el(_el(marks, "li"), "a", page.title, epub_type=page.epub_type, href=page.name)
    return _xhtml("Contents", body)


def _package(edition: KeptEdition, pages: list[Page], metadata: Metadata) -> bytes:
    opf = ET.Element("package", {"xmlns": OPF, "version": "3.0", "unique-identifier": "pub-id", "xml:lang": "en"})
    meta = ET.SubElement(opf, "metadata", {"xmlns:dc": DC})

    def dc(name, text, **attrib):
        ET.SubElement(meta, f"dc:{name}", attrib).text = text

    # No dc:creator: the essay's author is not verified (docs/cite.md, "Why no author is named").
    dc("identifier", edition.url, id="pub-id")
    dc("title", edition.title)
    dc("language", "en")
    dc("date", edition.released)
    dc("publisher", edition.edition_title)
    dc("source", metadata.original_url)
    for keyword in edition.keywords:
        dc("subject", keyword)
    dc("description", f"{edition.source_line}. {edition.edition_line}.")
    ET.SubElement(meta, "meta", {"property": "dcterms:modified"}).text = f"{edition.released}T00:00:00Z"
    manifest = ET.SubElement(opf, "manifest")
    ET.SubElement(manifest, "item", {"id": "nav", "href": NAV_DOC, "media-type": "application/xhtml+xml",
                                     "properties": "nav"})
    ET.SubElement(manifest, "item", {"id": "css", "href": STYLESHEET, "media-type": "text/css"})
    for page in pages:
        ET.SubElement(manifest, "item", {"id": page.name.removesuffix(".xhtml"), "href": page.name,
                                         "media-type": "application/xhtml+xml"})
    spine = ET.SubElement(opf, "spine")
    ET.SubElement(spine, "itemref", {"idref": "nav", "linear": "no"})  # the landmarks link to its table
    for page in pages:
        ET.SubElement(spine, "itemref", {"idref": page.name.removesuffix(".xhtml")})
    return _document(opf)


def _container() -> bytes:
    container = ET.Element("container", {"xmlns": CONTAINER, "version": "1.0"})
    rootfiles = ET.SubElement(container, "rootfiles")
    ET.SubElement(rootfiles, "rootfile", {"full-path": "EPUB/package.opf",
                                          "media-type": "application/oebps-package+xml"})
    return _document(container)


def _zip(files: dict[str, bytes], released: str) -> bytes:
    """The OCF container: mimetype first and stored, every entry dated the release day."""
    date = tuple(int(part) for part in released.split("-")) + (0, 0, 0)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entries = [("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)]
        entries += [(name, files[name], zipfile.ZIP_DEFLATED) for name in sorted(files)]
        for name, data, compression in entries:
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = compression
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compress_type=compression, compresslevel=9 if compression else None)
    return buffer.getvalue()
