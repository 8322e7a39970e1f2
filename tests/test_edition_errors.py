"""Every error message that the Markdown extension can raise, each proved on a tiny project.

Each test builds a small, complete project in a temporary folder (a seed and the data
files), renders Markdown with plain Python-Markdown and the extension (all paths
absolute, so the working directory does not matter) and compares the one-line message
of the EditionError exactly, in the style of Python-Markdown's own
``markdown.test_tools.TestCase.assertMarkdownRenders``. No MkDocs build, no subprocess,
no citation formatting: each test takes a few milliseconds.

Messages covered ({page} is the page, here topics/x.md; {data} the data folder; N, M,
KEY, ID, FILE stand for the values of each case):

edition/markdown_essay.py
  {page}: [[…]] names paragraphs the essay does not have (it has ¶1–¶N)   (block, inline, reversed, ¶0)
  {page}:LINE: [[…]] is not one of the edition's forms; did you mean [[…]]? / (the forms)
  {page}:LINE: [[… is not closed with ]] / [[…]] is a reversed range: write ¶N–M
  {page}:LINE: [[…]] is used twice on this page (the ids it gives would clash)
  {page}: [[quote …]] should be [[quote ¶N]] or [[quote ¶N–M]]
  {page}:LINE: [[references]] but the page cites no source
  {page}: it cites sources but has no [[references]] to list them
  {page}:LINE: [[bibliography]]: {data}/bibliography.yml: KEY is cited on no page; cite or remove
  {page}: {data}/events.yml links to FILE, which is not a page of docs/
  {page}: [[note ID]]: there is no note 'ID' in data/notes.yml
  {page}: [[mentions]] but data/mentions.yml lists no words for this page
  {page}: [[mentions]]: none of [...] occurs in the essay
  {page}: [[…]] is not valid here: block forms such as [[quote ¶N]] must stand alone …
  {page}:LINE: [[source KEY]]: no source 'KEY' in {data}/bibliography.yml
  {page}:LINE: [[event ID]]: there is no event 'ID' in {data}/events.yml
  and "<page>" as the page when no page is given.
edition/data.py (re-raised by the extension as they are)
  FILE: file not found                                      (notes, mentions, glossary, editions)
  FILE: not valid UTF-8 (offset N) / cannot read the file (…)
  FILE:LINE: not valid YAML: …                          (where a construct began; a character; a key given twice)
  FILE: expected a mapping at the top level / expected a list at the top level
  FILE: source 'KEY' must be a mapping with title, publisher and url
  FILE: source 'KEY' has no … / has unknown fields [...] (fields: …)
  FILE: source 'KEY': its url … is not https / is a copy on HOST, not the original /
        is on HOST, not the site's own host / is a WordPress ?p= link, not the page's address /
        is a page in another language than English
  FILE: source 'KEY': type '…' is not one of … / date must be written YYYY, YYYY-MM or YYYY-MM-DD, found …
  FILE: sources 'KEY' and 'KEY' have the same url; define each source once
  FILE: note 'ID' / event 'ID' cites '…', which is not a key of the bibliography / needs a list of sources …
  FILE: event N needs exactly date, event, id, page, sources / event id 'ID' is used twice
  FILE: event 'ID': date must be YYYY, YYYY-MM or YYYY-MM-DD, or a span START/END … found '…'
  FILE: note N needs id, paragraph, wording and note
  FILE: note id 'ID' is used twice
  FILE: note 'ID' names paragraph …; the essay has ¶1–¶N    (out of range, not a number)
  FILE: note 'ID': its wording is not in ¶N
  FILE: 'ABBR' needs an expansion
  FILE: 'TARGET' needs a list of words
  FILE: edition N needs version, date and changes / edition N: changes must be a list /
        edition N: corrections must map each page … to a list of what was corrected
edition/essay.py
  SEED: seed file not found / cannot read the seed (…) / not valid UTF-8 (byte 0x.. at offset N)
  SEED: the seed is empty / no body paragraphs found (…) / the title must be a single line, found '…'
  SEED: paragraph N spans several lines
edition/record.py (the seed against the newest edition of data/editions.yml)
  SEED: ¶N differs / ¶N, ¶M differ / it has N paragraphs where M are recorded / the title differs /
        the attribution differs / the file differs (SHA-256) … from the … recorded for edition V in FILE; …
  FILE: no edition is recorded / edition V records no seed (…) / edition N: seed needs exactly …
edition/citation.py (Metadata, read by [[essay]] before any citation is formatted)
  CITATION.cff: file not found / not valid UTF-8 (offset N) / CITATION.cff:LINE: not valid YAML: …
  CITATION.cff: KEY is missing / CITATION.cff:LINE: KEY is malformed
  CITATION.cff:LINE: date-released must be a date written YYYY-MM-DD, found '…'
  CITATION.cff:LINE: the essay's author is not verified; list it as name: anonymous
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from conftest import editions_yaml
from edition.markdown_essay import EditionError, EditionExtension
from edition.project import CITATION_FILE

ROOT = Path(__file__).resolve().parent.parent
PAGE = "topics/x.md"

SEED = """\
The Title

Attribution line, as given

The UN and the ITU met in Geneva.

The IGF is a forum.

Nothing else happened.

Leave a Reply

Your email address will not be published.
"""

# The default project: every file valid, so that each case breaks one thing only.
DEFAULT_FILES = {
    "seed.txt": SEED,
    "data/notes.yml": "- id: geneva\n  paragraph: 1\n  wording: Geneva\n  note: Where the ITU sits.\n",
    "data/mentions.yml": "topics/x.md: [IGF]\ninstitutions/itu.md: [ITU]\n",
    "data/glossary.yml": "UN:\n  expansion: United Nations\n",
    "data/editions.yml": editions_yaml(SEED),
    "data/bibliography.yml": "{}\n",
    "data/events.yml": "[]\n",
}

BIBLIOGRAPHY = "data/bibliography.yml"
SOURCE_A = "a:\n  title: A report\n  publisher: The ITU\n  url: https://example.org/a\n  date: 2015\n"
SOURCE_B = "b:\n  title: Another report\n  publisher: The IGF\n  url: https://example.org/b\n"
EVENT = "- id: met\n  date: {date}\n  event: The UN and the ITU meet.\n  sources: [{sources}]\n  page: {page}\n"

FOLDER = object()  # as the content of a file: a folder stands in its place


def citation_cff(pattern: str = "", replacement: str = "") -> str:
    """The project's CITATION.cff, with the line matching pattern replaced."""
    text = (ROOT / CITATION_FILE).read_text(encoding="utf-8")
    if pattern:
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
        assert count == 1, f"CITATION.cff has no line matching {pattern!r}"
    return text


CFF = citation_cff()


def line_of(text: str, start: str, after: str | None = None) -> int:
    """The number of the first line that starts with ``start`` (spaces and "- " aside), after
    the line that starts with ``after`` if given."""
    lines = [line.strip().removeprefix("- ") for line in text.splitlines()]
    first = lines.index(next(line for line in lines if line.startswith(after))) if after else 0
    return next(n for n, line in enumerate(lines, start=1) if n > first and line.startswith(start))


class Project:
    """A tiny, complete project in a folder, and the extension run on Markdown with it."""

    def __init__(self, root: Path):
        self.root = root
        self.seed = root / "seed.txt"
        self.data = root / "data"
        self.citation = root / "CITATION.cff"  # absent unless a test writes it
        self.write(DEFAULT_FILES)

    def write(self, files: dict) -> None:
        """Write files (path relative to the project -> str, bytes, None to delete, FOLDER)."""
        for name, content in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file():
                path.unlink()
            if content is FOLDER:
                path.mkdir()
            elif isinstance(content, bytes):
                path.write_bytes(content)
            elif content is not None:
                path.write_text(content, encoding="utf-8")

    @property
    def paths(self) -> dict[str, str]:
        """The absolute paths that the messages name, for str.format."""
        return {
            "seed": str(self.seed),
            "data": str(self.data),
            "citation": str(self.citation),
            "docs": str(self.root / "docs"),
        }

    def render(self, source: str, page: str | None = PAGE) -> str:
        options = dict(seed=str(self.seed), data_dir=str(self.data), citation_file=str(self.citation),
                       essay_page="essay.md", docs_dir=str(self.root / "docs"))
        if page is not None:
            options["page"] = page
        return markdown.markdown(source, extensions=[EditionExtension(**options)])

    def assertMarkdownRenders(self, source: str, expected: str, page: str | None = PAGE) -> None:
        assert self.render(source, page) == expected

    def assertMarkdownFails(self, source: str, message: str, page: str | None = PAGE) -> None:
        """Rendering stops with an EditionError whose message is exactly this one line."""
        with pytest.raises(EditionError) as raised:
            self.render(source, page)
        text = str(raised.value)
        assert "\n" not in text, f"the message is not one line: {text!r}"
        assert text == message


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)


def case(id: str, source: str, message: str, files: dict | None = None):
    """One table row: Markdown, the expected message ({seed}, {data} and
    {citation} stand for absolute paths), and the files that differ from the default."""
    return pytest.param(source, message, files or {}, id=id)


def check(project: Project, source: str, message: str, files: dict) -> None:
    project.write(files)
    project.assertMarkdownFails(source, message.format(**project.paths))


# --- what renders --------------------------------------------------------------------


def test_quote_and_paragraph_link(project):
    project.assertMarkdownRenders(
        "[[quote ¶1]]\n\nAs [[¶2–3]] say.",
        '<figure class="essay-quote">\n<blockquote>\n'
        '<p class="quoted-paragraph"><a aria-describedby="preview-p1" class="quote-number" href="../essay.md#p1">¶1</a> '
        '<span class="quoted-text">The <abbr tabindex="0" title="United Nations">UN</abbr>'
        ' and the ITU met in Geneva.</span></p>\n'
        '</blockquote>\n'
        '<figcaption>The essay, <a aria-describedby="preview-p1" href="../essay.md#p1">¶1</a></figcaption>\n</figure>\n'
        '<p>As <a aria-describedby="preview-p2" class="paragraph-ref" href="../essay.md#p2">¶2–3</a> say.</p>\n'
        # The previews (PreviewTreeprocessor): each paragraph once, the seed's text without markup.
        '<div class="paragraph-previews" data-search-exclude="" hidden="hidden">\n'
        '<p id="preview-p1">The UN and the ITU met in Geneva.</p>\n'
        '<p id="preview-p2">The IGF is a forum.</p>\n'
        '</div>',
    )


def test_sources_cited_and_listed(project):
    # Numbered in the order of first citation, a locator in the mark; the list in CSL's style.
    project.write({BIBLIOGRAPHY: SOURCE_A + SOURCE_B})
    project.assertMarkdownRenders(
        "Cited [[source b]] and [[source a, para. 3]], then [[source b]].\n\n[[references]]",
        '<p>Cited <sup class="source-ref"><a aria-label="Source 1" href="#source-b">[1]</a></sup>'
        ' and <sup class="source-ref"><a aria-label="Source 2, para. 3" href="#source-a">[2, para. 3]</a></sup>, '
        'then <sup class="source-ref"><a aria-label="Source 1" href="#source-b">[1]</a></sup>.</p>\n'
        '<ol class="references" data-search-exclude="">\n'
        '<li id="source-b"><span class="csl-entry">The IGF. “Another Report.” '
        '<a href="https://example.org/b">https://example.org/b</a>.</span></li>\n'
        '<li id="source-a"><span class="csl-entry">The ITU. “A Report.” 2015. '
        '<a href="https://example.org/a">https://example.org/a</a>.</span></li>\n'
        '</ol>',
    )


def test_an_article_is_listed_under_its_authors_in_its_journal(project):
    project.write({BIBLIOGRAPHY: SOURCE_A + "  type: article-journal\n  author: ['Carr, Madeline', 'Raymond, Mark']\n"
                   "  container: Millennium\n"})
    assert ('<span class="csl-entry">Carr, Madeline, and Mark Raymond. “A Report.” <i>Millennium</i>, 2015. '
            in project.render("[[source a]]\n\n[[references]]"))


def test_events_render_their_register_date_and_sources(project):
    project.write({BIBLIOGRAPHY: SOURCE_A, "data/events.yml": EVENT.format(
        date="2014-10-20/2014-11-07", sources="'a, p. 2'", page="institutions/itu.md")})
    project.assertMarkdownRenders(
        "- [[event met]]\n\nOn [[date met]].\n\n[[references]]",
        '<ul>\n<li><span class="event" data-event="met"><strong><span class="event-date" '
        'data-date="2014-10-20/2014-11-07">20 October – 7 November 2014</span></strong>: <span>The '
        '<abbr tabindex="0" title="United Nations">UN</abbr> and the ITU meet.</span>'
        '<sup class="source-ref"><a aria-label="Source 1, p. 2" href="#source-a">[1, p. 2]</a></sup></span></li>\n</ul>\n'
        '<p>On <span class="event" data-event="met"><span class="event-date" data-date="2014-10-20/2014-11-07">'
        '20 October – 7 November 2014</span><sup class="source-ref"><a aria-label="Source 1, p. 2" '
        'href="#source-a">[1, p. 2]</a></sup></span>.</p>\n'
        '<ol class="references" data-search-exclude="">\n<li id="source-a"><span class="csl-entry">The ITU. “A Report.” 2015. '
        '<a href="https://example.org/a">https://example.org/a</a>.</span></li>\n</ol>',
    )


@pytest.mark.parametrize("date, label", [
    ("'1865'", "1865"), ("2014-07", "July 2014"), ("2014-10-23", "23 October 2014"),
    ("2014-06-10/2014-06-13", "10–13 June 2014"), ("1998-06-15/1998-07-17", "15 June – 17 July 1998"),
    ("2014-06/2014-07", "June – July 2014"), ("'2003/2005'", "2003–2005"),
    ("2015-12-30/2016-01-02", "30 December 2015 – 2 January 2016"),
])
def test_event_dates_as_readers_read_them(project, date, label):
    project.write({BIBLIOGRAPHY: SOURCE_A, "data/events.yml": EVENT.format(date=date, sources="a", page="x.md")})
    assert f">{label}</" in project.render("[[date met]]\n\n[[references]]")


def test_mentions_and_the_default_page(project):
    # Without the page option the page is "<page>" and links stay relative to docs/.
    project.write({"data/mentions.yml": "<page>: [IGF, Geneva]\n"})
    project.assertMarkdownRenders(
        "[[mentions]]",
        '<p class="mentions">Mentioned in the essay at '
        '<a aria-describedby="preview-p1" href="essay.md#p1">¶1</a>, '
        '<a aria-describedby="preview-p2" href="essay.md#p2">¶2</a>.</p>\n'
        '<div class="paragraph-previews" data-search-exclude="" hidden="hidden">\n'
        '<p id="preview-p1">The UN and the ITU met in Geneva.</p>\n'
        '<p id="preview-p2">The IGF is a forum.</p>\n'
        '</div>',
        page=None,
    )


def test_every_other_form_renders_with_the_default_data(project):
    # The defaults are valid: each error case below fails for its own change only.
    project.assertMarkdownRenders(
        "[[note geneva]]\n\n[[mentions]]\n\n[[glossary]]\n\n[[editions]]",
        '<div aria-label="Editors’ note on ¶1" class="editorial-note" id="note-geneva" role="note">\n'
        '<p class="editorial-note-label"><strong>Editors’ note</strong> on '
        '<a aria-describedby="preview-p1" href="../essay.md#p1">¶1</a>, about the words <q>Geneva</q></p>\n'
        '<div class="editorial-note-text">\n<p>Where the ITU sits.</p>\n</div>\n</div>\n'
        '<p class="mentions">Mentioned in the essay at '
        '<a aria-describedby="preview-p2" href="../essay.md#p2">¶2</a>.</p>\n'
        '<dl class="glossary">\n<dt id="abbr-un"><abbr tabindex="0" title="United Nations">UN</abbr></dt>\n'
        '<dd>United Nations</dd>\n</dl>\n'
        '<h2 id="edition-1.0.0">Edition 1.0.0</h2>\n<p class="edition-date">Published 2026-11-29.</p>\n'
        '<ul>\n<li>First edition.</li>\n</ul>\n'
        '<div class="paragraph-previews" data-search-exclude="" hidden="hidden">\n'
        '<p id="preview-p1">The UN and the ITU met in Geneva.</p>\n'
        '<p id="preview-p2">The IGF is a forum.</p>\n'
        '</div>',
    )


# --- edition/markdown_essay.py ---------------------------------------------------------

NOT_IN_ESSAY = "topics/x.md:1: {form} names paragraphs the essay does not have (it has ¶1–¶3)"
NOT_VALID_HERE = (
    "topics/x.md:1: {form} is not valid here: block forms such as [[quote ¶N]] must stand alone between "
    "blank lines; the inline forms are [[¶9]] or [[¶9–10]] and [[source KEY]] or [[source KEY, LOCATOR]] and "
    "[[event ID]] or [[date ID]]"
)

ALL_FORMS = (" ([[essay]], [[quote ¶9]] or [[quote ¶9–10]], [[references]], [[bibliography]], [[timeline]], "
             "[[note ID]], [[mentions]], [[glossary]], [[editions]], [[¶9]] or [[¶9–10]], "
             "[[source KEY]] or [[source KEY, LOCATOR]], [[event ID]] or [[date ID]])")

EXTENSION_ERRORS = [
    case("quote beyond the essay", "[[quote ¶4]]", NOT_IN_ESSAY.replace("{form}", "[[quote ¶4]]")),
    case("quote of a range ending beyond the essay", "[[quote ¶2-4]]",
         NOT_IN_ESSAY.replace("{form}", "[[quote ¶2-4]]")),
    case("inline reversed range", "See [[¶3–2]].", "topics/x.md:1: [[¶3–2]] is a reversed range: write ¶2–3"),
    case("quote of a reversed range", "[[quote ¶3-1]]", "topics/x.md:1: [[quote ¶3-1]] is a reversed range: write ¶1–3"),
    case("inline paragraph 0", "See [[¶0]].", NOT_IN_ESSAY.replace("{form}", "[[¶0]]")),
    case("misspelt block form", "[[qoute ¶2]]",
         "topics/x.md:1: [[qoute ¶2]] is not one of the edition's forms; did you mean [[quote ¶2]]?"),
    case("capitalised form", "Text.\n\n[[Quote ¶2]]",
         "topics/x.md:3: [[Quote ¶2]] is not one of the edition's forms; did you mean [[quote ¶2]]?"),
    case("spaces inside the brackets", "See [[ ¶2 ]].",
         "topics/x.md:1: [[ ¶2 ]] is not one of the edition's forms; did you mean [[¶2]]?"),
    case("a paragraph written as its id", "See [[p2]].",
         "topics/x.md:1: [[p2]] is not one of the edition's forms; did you mean [[¶2]]?"),
    case("nothing like a form", "See [[whatever this is]].",
         "topics/x.md:1: [[whatever this is]] is not one of the edition's forms" + ALL_FORMS),
    case("unclosed inline form", "Line one.\nSee [[¶2 and more.", "topics/x.md:2: [[¶2 and more. is not closed with ]]"),
    case("unclosed block form", "[[quote ¶2", "topics/x.md:1: [[quote ¶2 is not closed with ]]"),
    case("block form twice on a page", "[[glossary]]\n\nText.\n\n[[glossary]]",
         "topics/x.md:5: [[glossary]] is used twice on this page (the ids it gives would clash)"),
    case("references twice on a page", "Cited [[source a]].\n\n[[references]]\n\n[[references]]",
         "topics/x.md:5: [[references]] is used twice on this page (the ids it gives would clash)",
         {BIBLIOGRAPHY: SOURCE_A}),
    case("one note twice on a page", "[[note geneva]]\n\n[[note geneva]]",
         "topics/x.md:3: [[note geneva]] is used twice on this page (the ids it gives would clash)"),
    case("quote without ¶", "[[quote 2]]", "topics/x.md:1: [[quote 2]] should be [[quote ¶N]] or [[quote ¶N–M]]"),
    case("quote without argument", "[[quote]]", "topics/x.md:1: [[quote]] should be [[quote ¶N]] or [[quote ¶N–M]]"),
    case("references on a page that cites nothing", "Text.\n\n[[references]]",
         "topics/x.md:3: [[references]] but the page cites no source"),
    case("unknown note", "[[note nowhere]]",
         "topics/x.md:1: [[note nowhere]]: there is no note 'nowhere' in {data}/notes.yml"),
    case("mentions without words for the page", "[[mentions]]",
         "topics/x.md:1: [[mentions]] but {data}/mentions.yml lists no words for this page",
         {"data/mentions.yml": "institutions/itu.md: [ITU]\n"}),
    case("mentions of words not in the essay", "[[mentions]]",
         "topics/x.md:1: [[mentions]]: none of ['WIPO', 'WSIS'] occurs in the essay",
         {"data/mentions.yml": "topics/x.md: [WIPO, WSIS]\ninstitutions/itu.md: [ITU]\n"}),
    case("block form inline", "As [[quote ¶2]] shows.", NOT_VALID_HERE.replace("{form}", "[[quote ¶2]]")),
    case("malformed inline paragraph link", "See [[¶two]].",
         "topics/x.md:1: [[¶two]] is not one of the edition's forms" + ALL_FORMS),
    case("unknown source", "Cited [[source b]].\n\n[[references]]",
         "topics/x.md:1: [[source b]]: no source 'b' in {data}/bibliography.yml", {BIBLIOGRAPHY: SOURCE_A}),
    case("unknown source with a locator", "Cited [[source b, p. 4]].\n\n[[references]]",
         "topics/x.md:1: [[source b, p. 4]]: no source 'b' in {data}/bibliography.yml", {BIBLIOGRAPHY: SOURCE_A}),
    case("sources but no references", "Cited [[source a]].",
         "topics/x.md: it cites sources but has no [[references]] to list them", {BIBLIOGRAPHY: SOURCE_A}),
    case("an event's sources but no references", "On [[date met]].",
         "topics/x.md: it cites sources but has no [[references]] to list them",
         {BIBLIOGRAPHY: SOURCE_A, "data/events.yml": EVENT.format(date="2014-10-23", sources="a", page="x.md")}),
    case("unknown event", "On [[date nowhere]].",
         "topics/x.md:1: [[date nowhere]]: there is no event 'nowhere' in {data}/events.yml"),
    case("source cited on no page", "[[bibliography]]",
         "topics/x.md:1: {data}/bibliography.yml: b is cited on no page; cite or remove",
         {BIBLIOGRAPHY: SOURCE_A + SOURCE_B, "docs/topics/x.md": "[[source a]]\n\n[[references]]\n"}),
    case("timeline event linked to no page", "[[timeline]]",
         "topics/x.md: {data}/events.yml links to nowhere.md, which is not a page of {docs}",
         {BIBLIOGRAPHY: SOURCE_A, "data/events.yml": EVENT.format(date="2014-10-23", sources="a", page="nowhere.md#x")}),
]


def test_error_without_a_page_names_page_placeholder(project):
    project.assertMarkdownFails("[[qoute ¶2]]", "<page>:1: [[qoute ¶2]] is not one of the edition's forms; did you mean [[quote ¶2]]?", page=None)


# --- edition/data.py -------------------------------------------------------------------

NOTE = "- id: geneva\n  paragraph: {paragraph}\n  wording: {wording}\n  note: A note.\n"

DATA_ERRORS = [
    case("notes.yml not found", "[[note geneva]]", "{data}/notes.yml: file not found", {"data/notes.yml": None}),
    case("mentions.yml not found", "[[mentions]]", "{data}/mentions.yml: file not found",
         {"data/mentions.yml": None}),
    case("glossary.yml not found (read by every page)", "Plain text.", "{data}/glossary.yml: file not found",
         {"data/glossary.yml": None}),
    case("editions.yml not found", "[[editions]]", "{data}/editions.yml: file not found",
         {"data/editions.yml": None}),
    case("not UTF-8", "[[note geneva]]", "{data}/notes.yml: not valid UTF-8 (offset 7)",
         {"data/notes.yml": b"- id: g\xe9neva\n"}),
    case("a folder where a file should be", "[[note geneva]]", "{data}/notes.yml: cannot read the file (Is a directory)",
         {"data/notes.yml": FOLDER}),
    case("not YAML: where the unclosed construct began", "Plain text.",
         "{data}/glossary.yml:2: not valid YAML: while parsing a flow sequence, did not find expected ',' or ']' (line 3)",
         {"data/glossary.yml": "UN:\n  expansion: [United Nations\n"}),
    case("not YAML: an unclosed quote", "Plain text.",
         "{data}/glossary.yml:2: not valid YAML: while scanning a quoted scalar, found unexpected end of stream (line 5)",
         {"data/glossary.yml": 'UN:\n  expansion: "United Nations\nITU:\n  expansion: x\n'}),
    case("not YAML: a control character", "Plain text.",
         "{data}/glossary.yml:2: not valid YAML: control characters are not allowed (U+0007)",
         {"data/glossary.yml": "UN:\n  expansion: \x07\n"}),
    case("a key given twice", "Plain text.", "{data}/glossary.yml:3: not valid YAML: 'UN' is given twice",
         {"data/glossary.yml": "UN:\n  expansion: United Nations\nUN:\n  expansion: Other\n"}),
    case("list instead of mapping", "Plain text.", "{data}/glossary.yml: expected a mapping at the top level",
         {"data/glossary.yml": "- UN\n"}),
    case("mapping instead of list", "[[editions]]", "{data}/editions.yml: expected a list at the top level",
         {"data/editions.yml": "version: 1.0.0\n"}),
    case("source not a mapping", "Cited [[source a]].",
         "{data}/bibliography.yml: source 'a' must be a mapping with title, publisher and url",
         {BIBLIOGRAPHY: "a: A report, The ITU\n"}),
    case("source missing fields", "Cited [[source a]].", "{data}/bibliography.yml: source 'a' has no publisher, url",
         {BIBLIOGRAPHY: "a:\n  title: A report\n"}),
    case("source unknown fields", "Cited [[source a]].",
         "{data}/bibliography.yml: source 'a' has unknown fields ['editor', 'year'] "
         "(fields: title, publisher, url, date, type, number, author, container)",
         {BIBLIOGRAPHY: SOURCE_A + "  year: 2015\n  editor: Someone\n"}),
    case("source url not https", "Cited [[source a]].",
         "{data}/bibliography.yml: source 'a': its url http://example.org/a is not https",
         {BIBLIOGRAPHY: SOURCE_A.replace("https:", "http:")}),
    case("source url a mirror", "Cited [[source a]].",
         "{data}/bibliography.yml: source 'a': its url https://docslib.org/doc/1 is a copy on docslib.org, not the original",
         {BIBLIOGRAPHY: SOURCE_A.replace("https://example.org/a", "https://docslib.org/doc/1")}),
    case("source url on a mail host", "Cited [[source a]].",
         "{data}/bibliography.yml: source 'a': its url https://mail.example.org/a is on mail.example.org, "
         "not the site's own host",
         {BIBLIOGRAPHY: SOURCE_A.replace("https://example.org/a", "https://mail.example.org/a")}),
    case("source url a WordPress ?p= link", "Cited [[source a]].",
         "{data}/bibliography.yml: source 'a': its url https://example.org/en/?p=37086 is a WordPress ?p= link, "
         "not the page's address",
         {BIBLIOGRAPHY: SOURCE_A.replace("https://example.org/a", "https://example.org/en/?p=37086")}),
    case("source url in another language", "Cited [[source a]].",
         "{data}/bibliography.yml: source 'a': its url https://example.org/zh/node/1 is a page in another language "
         "than English",
         {BIBLIOGRAPHY: SOURCE_A.replace("https://example.org/a", "https://example.org/zh/node/1")}),
    case("source type unknown", "Cited [[source a]].",
         "{data}/bibliography.yml: source 'a': type 'blog' is not one of webpage, document, report, book, chapter, "
         "legislation, article-journal, post-weblog", {BIBLIOGRAPHY: SOURCE_A + "  type: blog\n"}),
    case("source author not 'Family, Given'", "Cited [[source a]].",
         "{data}/bibliography.yml: source 'a': author must be a list of names written \"Family, Given\"",
         {BIBLIOGRAPHY: SOURCE_A + "  author: [Madeline Carr]\n"}),
    case("source date malformed", "Cited [[source a]].",
         "{data}/bibliography.yml: source 'a': date must be written YYYY, YYYY-MM or YYYY-MM-DD, found '11 June 2014'",
         {BIBLIOGRAPHY: SOURCE_A.replace("date: 2015", "date: 11 June 2014")}),
    case("source date that does not exist", "Cited [[source a]].",
         "{data}/bibliography.yml: source 'a': date must be written YYYY, YYYY-MM or YYYY-MM-DD, found '2014-13'",
         {BIBLIOGRAPHY: SOURCE_A.replace("date: 2015", "date: 2014-13")}),
    case("two sources with one url", "Cited [[source a]].",
         "{data}/bibliography.yml: sources 'a' and 'b' have the same url; define each source once",
         {BIBLIOGRAPHY: SOURCE_A + SOURCE_B.replace("example.org/b", "example.org/a")}),
    case("note cites an unknown source", "[[note geneva]]",
         "{data}/notes.yml: note 'geneva' cites 'zz', which is not a key of the bibliography",
         {"data/notes.yml": NOTE.format(paragraph=1, wording="Geneva") + "  sources: [zz]\n"}),
    case("note's sources not a list", "[[note geneva]]",
         "{data}/notes.yml: note 'geneva' needs a list of sources (keys of the bibliography)",
         {"data/notes.yml": NOTE.format(paragraph=1, wording="Geneva") + "  sources: a\n", BIBLIOGRAPHY: SOURCE_A}),
    case("event missing fields", "[[date met]]",
         "{data}/events.yml: event 1 needs exactly date, event, id, page, sources",
         {"data/events.yml": "- id: met\n  date: 2014\n"}),
    case("event id used twice", "[[date met]]", "{data}/events.yml: event id 'met' is used twice",
         {BIBLIOGRAPHY: SOURCE_A, "data/events.yml": EVENT.format(date="2014", sources="a", page="x.md") * 2}),
    case("event date malformed", "[[date met]]",
         "{data}/events.yml: event 'met': date must be YYYY, YYYY-MM or YYYY-MM-DD, or a span START/END of two "
         "such dates in order, found '23 October 2014'",
         {BIBLIOGRAPHY: SOURCE_A, "data/events.yml": EVENT.format(date="23 October 2014", sources="a", page="x.md")}),
    case("event span reversed", "[[date met]]",
         "{data}/events.yml: event 'met': date must be YYYY, YYYY-MM or YYYY-MM-DD, or a span START/END of two "
         "such dates in order, found '2014-11-07/2014-10-20'",
         {BIBLIOGRAPHY: SOURCE_A, "data/events.yml": EVENT.format(date="2014-11-07/2014-10-20", sources="a", page="x.md")}),
    case("event span of unlike dates", "[[date met]]",
         "{data}/events.yml: event 'met': date must be YYYY, YYYY-MM or YYYY-MM-DD, or a span START/END of two "
         "such dates in order, found '2014-10/2014-11-07'",
         {BIBLIOGRAPHY: SOURCE_A, "data/events.yml": EVENT.format(date="2014-10/2014-11-07", sources="a", page="x.md")}),
    case("event cites an unknown source", "[[date met]]",
         "{data}/events.yml: event 'met' cites 'zz', which is not a key of the bibliography",
         {"data/events.yml": EVENT.format(date="2014", sources="zz", page="x.md")}),
    case("note missing fields", "[[note geneva]]",
         "{data}/notes.yml: note 2 needs id, paragraph, wording and note",
         {"data/notes.yml": NOTE.format(paragraph=1, wording="Geneva") + "- id: itu\n  paragraph: 1\n"}),
    case("note id used twice", "[[note geneva]]", "{data}/notes.yml: note id 'geneva' is used twice",
         {"data/notes.yml": NOTE.format(paragraph=1, wording="Geneva") * 2}),
    case("note paragraph beyond the essay", "[[note geneva]]",
         "{data}/notes.yml: note 'geneva' names paragraph 4; the essay has ¶1–¶3",
         {"data/notes.yml": NOTE.format(paragraph=4, wording="Geneva")}),
    case("note paragraph not a number", "[[note geneva]]",
         "{data}/notes.yml: note 'geneva' names paragraph '1'; the essay has ¶1–¶3",
         {"data/notes.yml": NOTE.format(paragraph="'1'", wording="Geneva")}),
    case("note paragraph a yes/no value", "[[note geneva]]",
         "{data}/notes.yml: note 'geneva' names paragraph True; the essay has ¶1–¶3",
         {"data/notes.yml": NOTE.format(paragraph="true", wording="Geneva")}),
    case("note wording not in its paragraph", "[[note geneva]]",
         "{data}/notes.yml: note 'geneva': its wording is not in ¶2",
         {"data/notes.yml": NOTE.format(paragraph=2, wording="Geneva")}),
    case("glossary entry without expansion", "Plain text.", "{data}/glossary.yml: 'ITU' needs an expansion",
         {"data/glossary.yml": "UN:\n  expansion: United Nations\nITU:\n  page: institutions/itu.md\n"}),
    case("mentions entry without words", "[[mentions]]", "{data}/mentions.yml: 'institutions/itu.md' needs a list of words",
         {"data/mentions.yml": "topics/x.md: [IGF]\ninstitutions/itu.md: ITU\n"}),
    case("edition missing fields", "[[editions]]", "{data}/editions.yml: edition 1 needs version, date and changes",
         {"data/editions.yml": "- version: 1.0.0\n  date: 2026-11-29\n"}),
    case("edition date not a date", "[[editions]]",
         "{data}/editions.yml: edition 1: date must be written YYYY-MM-DD, found '29 November 2026'",
         {"data/editions.yml": "- version: 1.0.0\n  date: 29 November 2026\n  changes: [First.]\n"}),
    case("edition corrections not a mapping of lists", "[[editions]]",
         "{data}/editions.yml: edition 1: corrections must map each page (a path inside docs/) to a list of what "
         "was corrected",
         {"data/editions.yml": "- version: 1.0.0\n  date: 2026-11-29\n  changes: [Fixed.]\n  corrections: [a, b]\n"}),
    case("edition changes not a list", "[[editions]]", "{data}/editions.yml: edition 1: changes must be a list",
         {"data/editions.yml": "- version: 1.0.0\n  date: 2026-11-29\n  changes: Fixed a typo.\n"}),
]


# --- edition/essay.py: the seed, read by any form --------------------------------------------

SEED_ERRORS = [
    case("seed not found", "See [[¶1]].", "{seed}: seed file not found", {"seed.txt": None}),
    case("seed unreadable", "See [[¶1]].", "{seed}: cannot read the seed (Is a directory)", {"seed.txt": FOLDER}),
    case("seed not UTF-8", "See [[¶1]].", "{seed}: not valid UTF-8 (byte 0xe9 at offset 8)",
         {"seed.txt": SEED.replace("Title", "Titl\xe9").encode("latin-1")}),
    case("seed empty", "See [[¶1]].", "{seed}: the seed is empty", {"seed.txt": "\n \n\n"}),
    case("seed without body paragraphs", "See [[¶1]].",
         "{seed}: no body paragraphs found "
         "(expected a title, an attribution and at least one paragraph, separated by blank lines)",
         {"seed.txt": "The Title\n\nAttribution line\n\nLeave a Reply\n\nThe UN and the ITU met in Geneva.\n"}),
    case("seed title on two lines", "See [[¶1]].",
         "{seed}: the title must be a single line, found 'The Title\\nand more'",
         {"seed.txt": SEED.replace("The Title\n", "The Title\nand more\n")}),
    case("seed paragraph on two lines", "See [[¶1]].", "{seed}: paragraph 2 spans several lines",
         {"seed.txt": SEED.replace("The IGF is a forum.", "The IGF\nis a forum.")}),
    case("seed cut short", "See [[¶1]].",
         "{seed}: no line 'Leave a Reply', which starts the blog's comment form after the essay (is the file cut short?)",
         {"seed.txt": SEED[:SEED.index("Nothing else") + 7]}),
]

# --- edition/record.py: the seed against the newest edition's record ---------------------------

NEW_TEXT = "; a new text needs a new edition (python -m edition.record)"
RECORD_ERRORS = [
    case("one word of a paragraph changed", "See [[¶1]].",
         "{seed}: ¶2 differs from the text recorded for edition 1.0.0 in {data}/editions.yml" + NEW_TEXT,
         {"seed.txt": SEED.replace("is a forum", "is a meeting")}),
    case("two paragraphs changed", "See [[¶1]].",
         "{seed}: ¶1, ¶3 differ from the text recorded for edition 1.0.0 in {data}/editions.yml" + NEW_TEXT,
         {"seed.txt": SEED.replace("met in", "met at").replace("Nothing else", "Nothing more")}),
    case("a paragraph added", "See [[¶1]].",
         "{seed}: it has 4 paragraphs where 3 are recorded for edition 1.0.0 in {data}/editions.yml" + NEW_TEXT,
         {"seed.txt": SEED.replace("Nothing else happened.\n", "Nothing else happened.\n\nOne more.\n")}),
    case("the title changed", "See [[¶1]].",
         "{seed}: the title differs from the one recorded for edition 1.0.0 in {data}/editions.yml" + NEW_TEXT,
         {"seed.txt": SEED.replace("The Title", "A Title")}),
    case("the attribution changed", "See [[¶1]].",
         "{seed}: the attribution differs from the one recorded for edition 1.0.0 in {data}/editions.yml" + NEW_TEXT,
         {"seed.txt": SEED.replace("as given", "as written")}),
    case("the comment form's first line changed", "See [[¶1]].",
         "{seed}: its essay is the one recorded, but the file differs (SHA-256) from the one recorded for "
         "edition 1.0.0 in {data}/editions.yml" + NEW_TEXT,
         {"seed.txt": SEED.replace("Leave a Reply", "Leave a reply")}),
    case("no edition recorded", "See [[¶1]].", "{data}/editions.yml: no edition is recorded",
         {"data/editions.yml": "[]\n"}),
    case("no seed recorded", "See [[¶1]].",
         "{data}/editions.yml: edition 1.0.0 records no seed (python -m edition.record prints the record to add)",
         {"data/editions.yml": "- version: 1.0.0\n  date: 2026-11-29\n  changes: [First edition.]\n"}),
    case("a malformed record", "See [[¶1]].",
         "{data}/editions.yml: edition 1: seed needs exactly sha256, title, attribution, paragraphs, comment_form "
         "(paragraphs a list)",
         {"data/editions.yml": "- version: 1.0.0\n  date: 2026-11-29\n  changes: [First.]\n  seed: {sha256: x}\n"}),
]


# --- edition/citation.py: CITATION.cff, read by [[essay]] only ---------------------------------

CITATION_ERRORS = [
    case("CITATION.cff not found", "[[essay]]", "{citation}: file not found"),
    case("CITATION.cff not UTF-8", "[[essay]]", f"{{citation}}: not valid UTF-8 (offset {len(CFF.encode()) + 2})",
         {"CITATION.cff": CFF.encode("utf-8") + b"# \xff\n"}),
    case("CITATION.cff not YAML", "[[essay]]",
         f"{{citation}}:{CFF.count(chr(10)) + 2}: not valid YAML: while parsing a flow node, did not find expected "
         "node content", {"CITATION.cff": CFF + "keywords: [\n"}),
    case("CITATION.cff missing field", "[[essay]]", "{citation}: version is missing",
         {"CITATION.cff": citation_cff(r"^version: .*\n")}),
    case("CITATION.cff malformed field", "[[essay]]", f"{{citation}}:{line_of(CFF, 'version:')}: version is malformed",
         {"CITATION.cff": citation_cff(r"^version: .*$", "version: [1]")}),
    case("CITATION.cff malformed date", "[[essay]]",
         f"{{citation}}:{line_of(CFF, 'date-released:')}: date-released must be a date written YYYY-MM-DD, "
         "found 'soon'", {"CITATION.cff": citation_cff(r"^date-released: .*$", 'date-released: "soon"')}),
    case("CITATION.cff names the essay's author", "[[essay]]",
         f"{{citation}}:{line_of(CFF, 'authors:', after='preferred-citation:')}: the essay's author is not verified; "
         "list it as name: anonymous",
         {"CITATION.cff": citation_cff(r'^    - name: "anonymous"$', '    - name: "Francois Hollande"')}),
]


@pytest.mark.parametrize("source, message, files", EXTENSION_ERRORS + DATA_ERRORS + SEED_ERRORS + RECORD_ERRORS
                         + CITATION_ERRORS)
def test_error_message(project, source, message, files):
    check(project, source, message, files)


def test_an_edition_lists_its_corrections_page_by_page(project):
    project.write({"docs/topics/x.md": "# Topic X\n", CITATION_FILE: (ROOT / CITATION_FILE).read_text(encoding="utf-8"),
                   "data/editions.yml": editions_yaml(SEED).replace(
        "changes: [First edition.]", "changes: [Re-checked.]\n  corrections:\n    topics/x.md: [A date., A title.]")})
    permanent = "https://essay-edition.github.io/multilateralism-vs-multistakeholderism/editions/1.0.0/topics/x/"
    project.assertMarkdownRenders(
        "[[editions]]",
        '<h2 id="edition-1.0.0">Edition 1.0.0</h2>\n<p class="edition-date">Published 2026-11-29.</p>\n'
        '<ul>\n<li>Re-checked.</li>\n</ul>\n'
        '<h3 id="corrections-1.0.0">Corrections, page by page</h3>\n'
        '<p class="corrections-page" id="corrections-1.0.0-topics-x"><strong><a href="#">Topic X</a></strong> '
        f'(read it in edition <a href="{permanent}">1.0.0</a>)</p>\n'
        '<ul class="corrections">\n<li>A date.</li>\n<li>A title.</li>\n</ul>',
    )


def test_a_source_edited_under_the_same_key_is_formatted_anew(project, monkeypatch):
    """One process formats a source, then the same key with another title (mkdocs serve after
    an edit of data/bibliography.yml): the list shows the new title.

    Breaks if: edition/csl.py stops emptying citeproc-js' registry before each request (the
    engine keeps the item's old data under its id).
    """
    monkeypatch.setenv("EDITION_CACHE", "0")
    project.write({BIBLIOGRAPHY: SOURCE_A})
    assert "“A Report.”" in project.render("[[source a]]\n\n[[references]]")
    project.write({BIBLIOGRAPHY: SOURCE_A.replace("A report", "The report, revised")})
    assert "“The Report, Revised.”" in project.render("[[source a]]\n\n[[references]]")
