"""The edition as readers keep it: one model of the essay, its notes and its citation, from
which the kept formats are made (plain text and JSON here; PDF and EPUB in their own
modules), so that every format says the same as the site.

    python -m edition.kept FOLDER     # writes the formats into FOLDER

Everything comes from the seed (checked against the edition's record), data/notes.yml and
CITATION.cff, as the site's pages do.
"""

from __future__ import annotations

import hashlib
import json
import sys
from html.parser import HTMLParser
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import markdown

from edition import cache, project
from edition.citation import Metadata
from edition.csl import STYLES
from edition.data import load_bibliography, load_notes
from edition.essay import paragraph_id
from edition.record import checked_essay

FILE_STEM = "multilateralism-vs-multistakeholderism"  # the kept files' name, before the suffix


@dataclass(frozen=True)
class KeptParagraph:
    number: int
    id: str  # p1 …
    text: str  # exactly the seed's
    url: str  # its citable address in the edition


@dataclass(frozen=True)
class KeptNote:
    number: int  # 1 … in reading order, as on the essay page
    id: str
    paragraph: int
    wording: str  # the words it concerns, a substring of its paragraph
    text: str  # the note as plain text (its Markdown's words, links dropped)


@dataclass(frozen=True)
class KeptEdition:
    title: str  # as the seed gives it
    attribution: tuple[str, ...]  # the lines as given
    paragraphs: tuple[KeptParagraph, ...]
    notes: tuple[KeptNote, ...]
    url: str  # the essay page's permanent address, in this edition (editions/VERSION/essay/)
    living_url: str  # its living address, which shows the newest edition
    version: str
    released: str  # YYYY-MM-DD
    edition_title: str
    citation: str  # the recommended citation of the essay (APA 7, plain text)
    edition_line: str  # "Web edition, version 1.1.0, published 2026-11-30: <url>"
    source_line: str  # where the essay first appeared
    keywords: tuple[str, ...]


def load(root: Path = Path(".")) -> KeptEdition:
    """The kept edition of the project at root (its working directory by default)."""
    data = root / project.DATA_DIR
    essay = checked_essay(root / project.SEED, data / "editions.yml")
    metadata = Metadata(root / project.CITATION_FILE)
    # A kept file is this edition: its addresses are the edition's permanent ones.
    living_url = metadata.page_url(project.ESSAY_PAGE)
    url = metadata.permanent_url(living_url)
    notes = load_notes(data / "notes.yml", essay.paragraphs, load_bibliography(data / "bibliography.yml"))
    ordered = sorted(notes, key=lambda n: (n.paragraph, essay.paragraphs[n.paragraph - 1].index(n.wording)))
    # The recommended citation, as on the page: at the permanent address of this edition.
    citation = metadata.formatted([metadata.essay(living_url)])["essay"]
    apa = next(entry for entry in citation if entry["style"] == STYLES[0].key)
    return KeptEdition(
        title=essay.title,
        attribution=tuple(essay.attribution),
        paragraphs=tuple(KeptParagraph(n, paragraph_id(n), text, f"{url}#{paragraph_id(n)}")
                         for n, text in enumerate(essay.paragraphs, start=1)),
        notes=tuple(KeptNote(i, note.id, note.paragraph, note.wording, plain_text(note.note))
                    for i, note in enumerate(ordered, start=1)),
        url=url,
        living_url=living_url,
        version=metadata.version,
        released=metadata.released.isoformat(),
        edition_title=metadata.edition_title,
        citation=html_to_text(apa["html"]),
        edition_line=(f"{metadata.edition_label}, published {metadata.released.isoformat()}: {url} "
                      f"(the newest edition: {living_url})"),
        source_line=f"{metadata.first_published()}: {metadata.original_url}",
        keywords=tuple(metadata.keywords),
    )


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["smarty"])  # one converter: making one is slow


def plain_text(markdown_text: str) -> str:
    """A note's Markdown as plain text: its words, without link targets or markup."""
    return html_to_text(_converter().reset().convert(markdown_text))


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text of an HTML fragment on one line (no-break spaces kept)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).replace("\n", " ").strip()


def plain(edition: KeptEdition) -> str:
    """The essay as plain text: title, attribution as given, each paragraph a block with its
    number, then the notes, the citation, the source and the edition."""
    blocks = [edition.title, "Attribution as given in the source:\n" + "\n".join(edition.attribution)]
    blocks += [f"¶{p.number} {p.text}" for p in edition.paragraphs]
    blocks.append("Editors' notes")
    blocks += [f"[{n.number}] On ¶{n.paragraph}, \u201c{n.wording}\u201d: {n.text}" for n in edition.notes]
    blocks += [f"Cite as: {edition.citation}", edition.source_line, edition.edition_line]
    return "\n\n".join(blocks) + "\n"


def as_json(edition: KeptEdition) -> str:
    """The essay as JSON (schema: edition/kept.schema.json)."""
    document = {
        "title": edition.title,
        "attribution": list(edition.attribution),
        "edition": {"title": edition.edition_title, "version": edition.version, "released": edition.released,
                    "url": edition.url, "living_url": edition.living_url, "citation": edition.citation},
        "source": edition.source_line,
        "paragraphs": [{"number": p.number, "id": p.id, "text": p.text, "url": p.url} for p in edition.paragraphs],
        "notes": [{"number": n.number, "id": n.id, "paragraph": n.paragraph, "words": n.wording, "text": n.text}
                  for n in edition.notes],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def as_pdf(edition: KeptEdition) -> bytes:
    """The essay as a tagged PDF offprint (edition/kept_pdf.py, with Typst). Typst takes
    about a second, so the PDF is kept in the kept/ cache (edition.cache), keyed by the
    edition's content, the typesetting module and Typst's version."""
    import typst

    from edition import kept_pdf

    key = hashlib.sha256(b"\0".join([as_json(edition).encode(), Path(kept_pdf.__file__).read_bytes(),
                                      typst.__version__.encode()])).hexdigest()
    folder = cache.folder("kept")
    cached = cache.load_bytes(folder / f"{key}.pdf") if folder else None
    if cached is not None:
        return cached
    made = kept_pdf.pdf(edition)
    if folder:
        cache.store(folder / f"{key}.pdf", made)
    return made


def as_epub(edition: KeptEdition) -> bytes:
    """The essay and its apparatus pages as EPUB 3 (edition/kept_epub.py), the pages from
    the project in the working directory, as load() reads it by default. Kept in the kept/
    cache, keyed by the edition's content, the module, and the pages and data it reads."""
    from edition import kept_epub  # which imports this module

    parts = [as_json(edition).encode(), Path(kept_epub.__file__).read_bytes()]
    parts += [path.read_bytes() for folder in (Path(project.DOCS_DIR), Path(project.DATA_DIR))
              for path in sorted(folder.rglob("*")) if path.is_file() and path.suffix in (".md", ".yml")]
    key = hashlib.sha256(b"\0".join(parts)).hexdigest()
    folder = cache.folder("kept")
    cached = cache.load_bytes(folder / f"{key}.epub") if folder else None
    if cached is not None:
        return cached
    made = kept_epub.epub(edition, Path("."))
    if folder:
        cache.store(folder / f"{key}.epub", made)
    return made


FORMATS = {".txt": plain, ".json": as_json, ".pdf": as_pdf, ".epub": as_epub}  # text formats give str, the others bytes
LABELS = {".txt": "Plain text", ".json": "JSON", ".pdf": "PDF", ".epub": "EPUB"}  # link texts; the files name their type


def files() -> list[tuple[str, str]]:
    """Each kept file's name in downloads/ and the label of its link."""
    return [(f"{FILE_STEM}{suffix}", LABELS[suffix]) for suffix in FORMATS]


def write(folder: Path, edition: KeptEdition) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, make in FORMATS.items():
        target = folder / f"{FILE_STEM}{suffix}"
        content = make(edition)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":  # pragma: no cover - a tool for the writer
    for path in write(Path(sys.argv[1]), load()):
        print(path)
