"""The kept EPUB (edition/kept_epub.py): valid for EPUBCheck, the essay's words exactly the
seed's with their numbers, the editors' notes as footnotes after their words, the package
metadata of the citation model, the apparatus pages in the navigation, and the same bytes
from every build.

EPUBCheck is Debian's package (apt-get install -y epubcheck: /usr/bin/epubcheck, a jar run
with Java); a missing checker fails the test with that command.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import yaml

from conftest import CITATION, ROOT, SEED, seed_paragraphs
from edition.kept import load
from edition.kept_epub import epub

EPUBCHECK = Path("/usr/bin/epubcheck")
X = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
APPARATUS_TITLES = ["About this edition", "Glossary", "Timeline", "How to cite"]


@pytest.fixture(scope="module")
def edition():
    return load(ROOT)


@pytest.fixture(scope="module")
def built(edition, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("epub") / "essay.epub"
    path.write_bytes(epub(edition, ROOT))
    return path


def entry(path: Path, name: str) -> ET.Element:
    with zipfile.ZipFile(path) as archive:
        return ET.fromstring(archive.read(name))


def normalised(text: str) -> str:
    """Runs of ASCII white space made one space (no-break spaces are the essay's and stay)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def text_without_noterefs(element: ET.Element) -> str:
    """The element's text, the noterefs' numbers left out (their tails kept)."""
    parts = [element.text or ""]
    for child in element:
        if child.get(EPUB_TYPE) != "noteref":
            parts.append(text_without_noterefs(child))
        parts.append(child.tail or "")
    return "".join(parts)


def epubcheck(path: Path, tmp_path: Path) -> list[dict]:
    if not EPUBCHECK.exists():
        pytest.fail("EPUBCheck is missing: apt-get install -y epubcheck (gives /usr/bin/epubcheck)")
    if shutil.which("java") is None:
        pytest.fail("Java is missing: apt-get install -y default-jre-headless (epubcheck depends on it)")
    report = tmp_path / f"{path.stem}-epubcheck.json"
    result = subprocess.run(["java", "-jar", str(EPUBCHECK), str(path), "--json", str(report)],
                            capture_output=True, text=True)
    assert report.exists(), f"EPUBCheck wrote no report:\n{result.stdout}\n{result.stderr}"
    return json.loads(report.read_text(encoding="utf-8"))["messages"]


def serious(messages: list[dict]) -> list[str]:
    return [f"{m['severity']} {m['ID']}: {m['message']} "
            f"{[(loc.get('path'), loc.get('line')) for loc in m.get('locations', [])]}"
            for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")]


@pytest.mark.java
def test_epubcheck_reports_an_epub_whose_mimetype_is_compressed(edition, tmp_path):
    """The check below can fail: the same EPUB with its mimetype entry compressed is an error."""
    good = zipfile.ZipFile(BytesIO(epub(edition, ROOT)))
    bad = tmp_path / "bad.epub"
    with zipfile.ZipFile(bad, "w") as archive:
        for info in good.infolist():
            archive.writestr(zipfile.ZipInfo(info.filename, info.date_time), good.read(info.filename),
                             compress_type=zipfile.ZIP_DEFLATED)
    assert serious(epubcheck(bad, tmp_path))


@pytest.mark.java
def test_epubcheck_reports_no_error_and_no_warning(built, tmp_path):
    """EPUBCheck has nothing to say about the EPUB: no fatal error, no error, no warning.

    Breaks if: edition/kept_epub.py _package() leaves the dcterms:modified meta out.
    """
    assert serious(epubcheck(built, tmp_path)) == []


def test_the_essay_holds_every_paragraph_of_the_seed_with_its_number(built):
    """The essay document has the seed's title, its attribution lines and its twelve
    paragraphs, in order, each as ¶N followed by the seed's words exactly (white space
    normalised), with the id pN; the noterefs' numbers aside.

    Breaks if: _essay() hands ElementTree html.escape(paragraph.text) (¶8's "<>" read "&lt;&gt;").
    """
    document = entry(built, "EPUB/essay.xhtml")
    blocks = SEED.read_text(encoding="utf-8").split("\n\n")
    assert normalised("".join(document.find(f".//{X}h1").itertext())) == normalised(blocks[0])
    attribution = document.find(f".//{X}div[@id='attribution']")
    assert [normalised("".join(p.itertext())) for p in attribution][1:] == blocks[1].split("\n")
    paragraphs = [p for p in document.iter(f"{X}p") if re.fullmatch(r"p\d+", p.get("id") or "")]
    assert [p.get("id") for p in paragraphs] == [f"p{n}" for n in range(1, 13)]
    expected = [normalised(f"¶{n} {text}") for n, text in enumerate(seed_paragraphs(), start=1)]
    assert [normalised(text_without_noterefs(p)) for p in paragraphs] == expected


def test_every_note_appears_once_with_its_noteref_right_after_its_words(built, edition):
    """Each editors' note is one footnote (aside, epub:type footnote, id note-N) with a backlink
    to its noteref, and one noteref to it stands in its paragraph right after its words.

    Breaks if: _essay() puts the noteref before the noted words (at paragraph.text.index(note.wording)).
    """
    document = entry(built, "EPUB/essay.xhtml")
    asides = document.findall(f".//{X}aside")
    noterefs = [a for a in document.iter(f"{X}a") if a.get(EPUB_TYPE) == "noteref"]
    assert len(edition.notes) == 19
    assert sorted(a.get("id") for a in asides) == sorted(f"note-{n.number}" for n in edition.notes)
    assert sorted(a.get("href") for a in noterefs) == sorted(f"#note-{n.number}" for n in edition.notes)
    for note in edition.notes:
        aside = document.find(f".//{X}aside[@id='note-{note.number}']")
        assert aside.get(EPUB_TYPE) == "footnote" and aside.get("role") == "doc-footnote"
        assert note.text in normalised("".join(aside.itertext())), note.id
        assert aside.find(f".//{X}a[@href='#noteref-{note.number}']") is not None, note.id
        paragraph = document.find(f".//{X}p[@id='p{note.paragraph}']")
        (ref,) = [a for a in paragraph if a.get("href") == f"#note-{note.number}"]
        assert ref.get("id") == f"noteref-{note.number}" and ref.get("role") == "doc-noteref"
        assert ref.text == str(note.number)
        before = [paragraph.text or ""]
        for child in paragraph:
            if child is ref:
                break
            before += [child.text or "" if child.get(EPUB_TYPE) != "noteref" else "", child.tail or ""]
        assert "".join(before).endswith(note.wording), note.id


def test_the_package_metadata_follows_the_citation_model(built):
    """The package document names the essay by its title, in English, with no creator (its
    author is not verified), the edition as publisher, the blog post as source, the keywords
    as subjects, and the edition's release date as its date and its last modification.

    Breaks if: _package() adds a dc:creator "anonymous", CITATION.cff's placeholder author.
    """
    cff = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    package = entry(built, "EPUB/package.opf")
    metadata = package.find(f"{OPF}metadata")

    def values(name):
        return [element.text for element in metadata.findall(f"{DC}{name}")]

    assert values("title") == [SEED.read_text(encoding="utf-8").split("\n\n")[0]]
    assert values("language") == ["en"]
    assert values("creator") == [] and values("contributor") == []
    released = str(cff["date-released"])
    assert values("date") == [released]
    assert [m.text for m in metadata.findall(f"{OPF}meta[@property='dcterms:modified']")] == [f"{released}T00:00:00Z"]
    assert values("publisher") == [cff["title"]]
    assert values("source") == [cff["preferred-citation"]["url"]]
    assert values("subject") == cff["keywords"]
    (identifier,) = metadata.findall(f"{DC}identifier")
    assert package.get("unique-identifier") == identifier.get("id")
    # This edition's permanent address (the living one shows the newest edition).
    assert identifier.text == cff["url"].rstrip("/") + f"/editions/{cff['version']}/essay/"


def test_two_builds_are_byte_identical(built, edition):
    """Building twice gives the same bytes; the zip's first entry is the stored mimetype
    and every entry is dated the release day.

    Breaks if: _zip() dates the entries with time.localtime()[:6] instead of the release date.
    """
    import time

    time.sleep(2)  # a clock-dated entry would differ by the zip format's two-second step
    assert epub(edition, ROOT) == built.read_bytes()
    with zipfile.ZipFile(built) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type, archive.read(first)) == \
            ("mimetype", zipfile.ZIP_STORED, b"application/epub+zip")
        date = tuple(int(part) for part in edition.released.split("-")) + (0, 0, 0)
        assert {info.date_time for info in archive.infolist()} == {date}


def test_the_apparatus_pages_are_in_the_navigation(built):
    """The navigation document's table of contents lists the essay and the four apparatus
    pages, each document is in the EPUB with its heading, and no link is left pointing to a
    Markdown source (.md) of the site.

    Breaks if: _nav() lists only the essay (its loop over pages stops after the first).
    """
    nav = entry(built, "EPUB/nav.xhtml")
    (toc,) = [n for n in nav.iter(f"{X}nav") if n.get(EPUB_TYPE) == "toc"]
    top = [(li.find(f"{X}a").text, li.find(f"{X}a").get("href")) for li in toc.find(f"{X}ol").findall(f"{X}li")]
    assert [title for title, _ in top] == ["The essay", *APPARATUS_TITLES]
    assert [n for n in nav.iter(f"{X}nav") if n.get(EPUB_TYPE) == "landmarks"]
    for title, href in top[1:]:
        page = entry(built, f"EPUB/{href}")
        assert normalised("".join(page.find(f".//{X}h1").itertext())) == title
        links = [a.get("href") for a in page.iter(f"{X}a")]
        assert links and not [link for link in links if re.search(r"\.md(#|$)", link)], title
    about = entry(built, "EPUB/about.xhtml")
    assert about.find(f".//{X}h2[@id='method']") is not None  # the page's own content
    assert about.find(f".//{X}a[@href='essay.xhtml#p1']") is not None  # [[¶1]] inside the EPUB
