"""The essay as a PDF offprint (edition/kept_pdf.py, typeset with Typst), read back with
poppler's pdftotext, pdffonts and pdfinfo."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time

import pytest
import typst

from browser import require
from conftest import ROOT, seed_paragraphs
from edition import kept


def words(text: str) -> str:
    """Text with every run of whitespace (no-break spaces too) made one space."""
    return " ".join(text.split())


def poppler(tool: str, *arguments: str) -> str:
    require(shutil.which(tool), tool, "apt-get install poppler-utils")
    return subprocess.run([tool, *arguments], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def edition() -> kept.KeptEdition:
    return kept.load(ROOT)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, edition):
    """The PDF as `python -m edition.kept FOLDER` writes it, beside the other kept formats."""
    written = kept.write(tmp_path_factory.mktemp("kept"), edition)
    return next(path for path in written if path.suffix == ".pdf")


@pytest.fixture(scope="module")
def pages(pdf, edition) -> list[str]:
    """Each page's text, in the order Typst wrote it (-raw: pdftotext's reading order drops
    the hyphen of a word such as "Secretary-General" broken at it), whitespace-normalised.
    The PDF is not hyphenated and no text of the edition has a hyphen before a space, so a
    line that ends in a hyphen goes on without a space."""
    texts = [p.text for p in edition.paragraphs] + [n.text for n in edition.notes]
    assert not any(re.search(r"-\s", text) for text in texts)
    text = poppler("pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-")
    return [words(page.replace("-\n", "-")) for page in text.split("\f")[:-1]]


def running_head(edition) -> str:
    return words(f"{edition.title} Web edition {edition.version} · {edition.released}")


def body(pages: list[str], edition) -> str:
    """The text of the pages without their furniture: the running head, the page number
    (each page's last word) and the footnotes (each its number and its text, whole)."""
    parts = []
    for number, page in enumerate(pages, start=1):
        assert page.rsplit(" ", 1)[-1] == str(number)
        page = page.rsplit(" ", 1)[0]
        if number > 1:
            assert page.startswith(running_head(edition))
            page = page[len(running_head(edition)):]
        for note in edition.notes:
            page = page.replace(f" {note.number}{words(note.text)}", "")
        parts.append(page)
    return words(" ".join(parts))


def with_markers(number: int, text: str, edition) -> str:
    """A paragraph as it reads in the PDF: its number, then its words with each note's
    number right after the words it concerns."""
    ends = sorted((text.index(n.wording) + len(n.wording), n.number) for n in edition.notes if n.paragraph == number)
    pieces, position = [], 0
    for end, note in ends:
        pieces += [text[position:end], str(note)]
        position = end
    return words(f"¶{number} " + "".join(pieces) + text[position:])


def test_every_paragraph_of_the_seed_in_order_with_its_number(pages, edition):
    """The PDF's text holds ¶1–¶12 of the seed, each whole and exactly (whitespace aside), in
    order, each after its number, with its address in the edition after it.

    Breaks if: edition/kept_pdf.py's segments() leaves out a paragraph's words after its last
    note (the `if position < len(text)` piece is dropped).
    """
    text = body(pages, edition)
    paragraphs = seed_paragraphs()
    assert len(paragraphs) == 12 == len(edition.paragraphs)
    position = 0
    for number, paragraph in enumerate(paragraphs, start=1):
        expected = with_markers(number, paragraph, edition)
        found = text.find(expected, position)
        assert found >= 0, f"¶{number} is not in the PDF whole, in order: {expected[:80]}…"
        position = found + len(expected)
        url = edition.paragraphs[number - 1].url
        assert url.endswith(f"#p{number}")
        assert text[position:].startswith(f" {url}")


def test_every_note_is_a_footnote_after_its_words(pages, edition):
    """Each editors' note is printed once, whole, as the footnote numbered as on the essay
    page, and its number stands right after the words it concerns.

    Breaks if: the Typst source puts the footnote before the words (`footnote(segment.note)`
    ahead of `segment.text`).
    """
    everything = words(" ".join(pages))
    text = body(pages, edition)
    assert [n.number for n in edition.notes] == list(range(1, len(edition.notes) + 1))
    for note in edition.notes:
        assert everything.count(words(note.text)) == 1, f"note {note.number} is not printed once, whole"
        assert f" {note.number}{words(note.text)}" in everything
        assert f"{words(note.wording)}{note.number}" in text, f"note {note.number} does not follow its words"
    # Nothing of the footnotes is left in the running text.
    assert not any(words(note.text)[:40] in text for note in edition.notes)


def test_first_page_has_title_attribution_citation_and_edition_line(pages, edition):
    """The first page has the title, the attribution as given (labelled), the recommended
    citation, where the essay first appeared and the edition line.

    Breaks if: the Typst source leaves out the block with `ed.citation`.
    """
    first = pages[0].replace(" ", "")  # long addresses break inside, where no space was
    for part in (edition.title, "Attribution as given in the source", *edition.attribution,
                 edition.citation, edition.source_line, edition.edition_line):
        assert part.replace(" ", "").replace("\u00a0", "") in first.replace("\u00a0", "")
    assert pages[0].index(words(edition.title)) < pages[0].index("Attribution as given in the source") < pages[0].index("¶1")


def test_only_typsts_own_fonts_all_embedded(pdf):
    """Every font is embedded, and every one is a font bundled with Typst: the PDF does not
    depend on the fonts of the machine that makes it.

    Breaks if: the body is set in a system font (`#set text(font: "DejaVu Serif")`) and
    typst.compile is called with ignore_system_fonts=False.
    """
    table = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert table
    bundled = {family.replace(" ", "") for family in typst.Fonts(include_system_fonts=False).families()}
    for row in table:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", row
        family = name.split("+", 1)[-1].split("-", 1)[0]
        assert family in bundled, row


def test_tagged_pdf_ua_with_title_language_and_metadata(pdf, edition):
    """The PDF is tagged, claims PDF/UA-1, has the essay's title, the language "en", the
    edition's release date, the keywords of CITATION.cff and a description.

    Breaks if: the text's language is British English (`lang: "en", region: "GB"`: /Lang(en-GB)),
    or typst.compile is called without pdf_standards.
    """
    info = poppler("pdfinfo", str(pdf))
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    fields = {key: value.strip() for key, value in fields.items()}
    assert fields["Tagged"] == "yes"
    assert fields["Title"] == edition.title
    assert fields["Keywords"] == ", ".join(edition.keywords) == "Internet governance, multilateralism, multistakeholderism"
    assert edition.edition_title in fields["Subject"]
    assert fields["Page size"].endswith("(A4)")
    assert time.strftime("%Y-%m-%d", time.strptime(fields["CreationDate"], "%a %b %d %H:%M:%S %Y %Z")) == edition.released
    meta = poppler("pdfinfo", "-meta", str(pdf))
    assert "<pdfuaid:part>1</pdfuaid:part>" in meta
    assert "<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>" in meta
    assert re.findall(rb"/Lang\s*\(([^)]*)\)", pdf.read_bytes()) == [b"en"]  # the catalog's, for the whole document


def test_no_author(pdf):
    """The PDF names no author, in its information dictionary or its XMP metadata: the
    essay's author is not verified (CITATION.cff).

    Breaks if: the Typst source sets `author: ed.attribution` in `set document`.
    """
    assert "Author" not in poppler("pdfinfo", str(pdf))
    assert "dc:creator" not in poppler("pdfinfo", "-meta", str(pdf))
    assert b"/Author" not in pdf.read_bytes()


def test_same_edition_same_bytes(pdf, tmp_path):
    """A second build, in another process a second later, gives the same bytes.

    Breaks if: the document's date is left to Typst (`date: auto` in `set document`) and
    typst.compile is given no timestamp: the PDF then carries the time of its build.
    """
    time.sleep(1.1)
    again = tmp_path / "again.pdf"
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from edition import kept, kept_pdf; "
                    "Path(sys.argv[1]).write_bytes(kept_pdf.pdf(kept.load(Path('.'))))", str(again)],
                   cwd=ROOT, check=True)
    assert again.read_bytes() == pdf.read_bytes()
