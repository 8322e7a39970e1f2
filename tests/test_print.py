"""Printing the essay: Chromium's PDF, read back with pdftotext."""

import json
import re
import shutil
import subprocess

from browser import require
from conftest import ROOT

EXPECTED = json.loads((ROOT / "tests" / "expected" / "citations.json").read_text(encoding="utf-8"))


def squeeze(text):
    return re.sub(r"\s+", "", text)


def test_printed_essay_keeps_numbers_and_source_addresses_and_ends_with_its_citation(built_site, visit, tmp_path):
    """The essay printed to PDF keeps its ¶ numbers and the addresses of its notes' sources (once
    each), drops navigation, ends with its citation.

    Breaks if: docs/stylesheets/edition.css's @media print adds " <address>" after a source entry's
    address again (the .references exception of the a[href^="http"]::after rule is dropped).
    """
    require(shutil.which("pdftotext"), "pdftotext", "apt-get install poppler-utils")
    v = visit("essay/")
    v.page.emulate_media(media="print")
    pdf = tmp_path / "essay.pdf"
    v.page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = squeeze(text)
    for number in range(1, 13):
        assert f"¶{number}" in flat
    # The notes' sources are listed with their addresses, printed once: the page's other
    # external links get their address after them, in angle brackets (edition.css).
    essay = built_site.html("essay/")
    entry = essay.select_one(".references a[href^='https://']")
    assert entry.get_text() == entry["href"]
    assert squeeze(entry["href"]) in flat
    assert squeeze(f"{entry['href']} <") not in flat
    assert "Search" not in text and "Table of contents" not in text
    # The page ends with its citation panel, after the last paragraph.
    panel = flat.rindex("Citetheessay")
    assert panel > flat.index("¶12")
    citation = squeeze(EXPECTED["apa"]["text"]["essay"]["bibliography"])
    assert citation in flat[panel:]
    assert len(flat) - panel < 2500


def test_printed_essay_fits_five_a4_pages_with_its_notes_as_endnotes(built_site, visit, tmp_path):
    """Printed (A4), the essay and its notes fit in at most five pages: the twelve paragraphs
    first, then "Editors' notes" with every note in order, in smaller type than the essay;
    the per-paragraph citations give way to one citation of the essay (APA).

    Breaks if: docs/stylesheets/edition.css's print rules stop moving the notes after ¶12
    (.editorial-note order), or print them at the essay's size (11 pages, as before).
    """
    require(shutil.which("pdfinfo"), "pdfinfo", "apt-get install poppler-utils")
    v = visit("essay/")
    v.page.emulate_media(media="print")
    sizes = v.page.evaluate("""() => [".essay-text", ".essay .editorial-note"].map(
        s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))""")
    assert sizes[1] < sizes[0] * 0.85, sizes
    pdf = tmp_path / "essay.pdf"
    v.page.pdf(path=str(pdf), format="A4")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])
    assert pages <= 5, pages
    flat = squeeze(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    notes = [m.start() for m in (re.search(f"Note{n}on", flat) for n in range(1, 20))]
    assert flat.index("¶12") < flat.index("Editors’notes") < notes[0]
    assert notes == sorted(notes)
    assert "CitethisparagraphorCite¶" not in flat and "Cite¶3" not in flat
    assert "APA7" in flat and "MLA9" not in flat and "Chicago(author-date)" not in flat
