"""Python-Markdown extension that puts the essay, from its seed, into pages.

The edition's forms are written in double brackets, such as ``[[quote ¶9]]`` alone
between blank lines or ``[[¶9]]`` in running text. Each is registered once, with its
syntax and what it renders, by the ``@form`` decorator on the method that renders it
(FORMS holds them all; the README's table lists them and a test keeps the two in step).
A block form met inside running text is an error, not literal text.

pymdown-extensions' generic blocks (``pymdownx.blocks``: ``/// name | argument``) are
not used for the block forms: those blocks are made for content between an opening and
a closing line, while every form here is one line with at most one argument, shares its
brackets with the inline forms (``[[¶9]]``), and must fail when misplaced; a block
processor of a dozen lines does that.

The first use of each abbreviation of the glossary in every paragraph, list item,
table cell or heading is marked up with ``<abbr>``, on every page; a paragraph of the
essay counts together with its notes.
An unknown paragraph, source, note or form stops the build with a one-line
message naming the page or the data file.

Configuration: ``seed`` (path of the seed), ``data_dir`` (the data folder) and
``citation_file``, relative to the working directory, and ``essay_page`` (its path
inside ``docs/``); the defaults are in edition/project.py.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from edition import project
from edition.citation import LIVING, LIVING_SUMMARY, Metadata, edition_address
from edition import archive, references, site_index
from edition.data import (Citation, DataError, Event, Note, Source, load_bibliography, load_editions, load_events,
                          load_glossary, load_mentions, load_notes, parse_citation)
from edition.essay import Essay, SeedError, paragraph_id, paragraph_label
from edition.record import checked_essay

try:  # Under MkDocs a BuildError is reported as one line, without a traceback.
    from mkdocs.exceptions import BuildError as _ReportedError
except ImportError:  # pragma: no cover - plain Python-Markdown or another builder
    _ReportedError = Exception


class EditionError(_ReportedError):
    """A problem in a page, the seed or a data file that must stop the build."""


BLOCK_FORM = re.compile(r"^\s*\[\[(?P<name>[a-z]+)(?:\s+(?P<argument>[^\[\]\n]*?))?\s*\]\]\s*$")
PARAGRAPH_RANGE = re.compile(r"¶\s*(?P<first>\d+)(?:\s*[-–]\s*(?P<last>\d+))?")
EVENT_REF = re.compile(r"(?P<name>event|date)\s+(?P<id>[\w.-]+)")


@dataclass(frozen=True)
class Form:
    """One of the edition's forms, as a page writes it."""

    name: str  # the word after "[[" ("¶" for a link to a paragraph)
    syntax: str  # how a page writes it
    renders: str  # what it renders
    method: str  # the method that renders it
    pattern: re.Pattern | None = None  # what is inside the brackets, for an inline form
    repeatable: bool = False  # a block form that may stand twice on a page (it gives no ids)

    @property
    def inline(self) -> bool:
        return self.pattern is not None


FORMS: dict[str, Form] = {}


def form(name: str, syntax: str, renders: str, pattern: re.Pattern | None = None, repeatable: bool = False):
    """Register the decorated method as the renderer of a form: a block form (alone
    between blank lines) or, with ``pattern``, an inline form."""

    def register(method):
        FORMS[name] = Form(name, syntax, renders, method.__name__, pattern, repeatable)
        return method

    return register


# Every "[[" met in running text: an inline form, a block form out of place, a misspelt
# form or an unclosed one. None of them may pass as literal text.
DOUBLE_BRACKETS = r"\[\[(?P<body>[^\[\]\n]*)(?P<close>\]\])?"
# "[[p2]]": a paragraph written as its id.
PARAGRAPH_AS_ID = re.compile(r"p\s*(?P<range>\d+(?:\s*[-–]\s*\d+)?)", re.IGNORECASE)


def nearest_form(body: str) -> str | None:
    """What a writer probably meant by "[[body]]": the same words spaced and cased as the
    forms are, or the form whose name is closest to the first word."""
    words = body.split()
    if not words:
        return None
    if as_id := PARAGRAPH_AS_ID.fullmatch(" ".join(words)):
        return f"[[¶{as_id['range']}]]"
    name, rest = words[0].casefold(), " ".join(words[1:])
    if name.startswith("¶"):
        spaced = " ".join(words)
        return f"[[{spaced}]]" if PARAGRAPH_RANGE.fullmatch(spaced) else None
    close = difflib.get_close_matches(name, [n for n in FORMS if n != "¶"], n=1, cutoff=0.6)
    if not close:
        return None
    return f"[[{close[0]}{' ' + rest if rest else ''}]]"


# Links inside notes are written relative to docs/ and fixed for the page they land on.
ROOT_RELATIVE = "data-edition-root-relative"


def whole_words(terms, after: str = "") -> re.Pattern:
    """Any of the terms as a whole word (longest first, so the longer of two overlapping
    terms wins); ``after`` may allow a suffix, such as a plural "s", that stays outside."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?={after}(?!\w))")


def shown_as_is(text: str) -> AtomicString:
    """Text that no inline pattern reads. Every "&" is escaped here because
    Python-Markdown's serializer leaves "&name;" alone, which would turn a literal
    "&amp;" of the source into "&"."""
    return AtomicString(text.replace("&", "&amp;"))


def _text(parent: etree.Element, tag: str, text: str, **attrib: str) -> etree.Element:
    """A child element whose text is shown as is: no Markdown or HTML is read in it."""
    element = etree.SubElement(parent, tag, attrib)
    element.text = shown_as_is(text)
    return element


def _prose(parent: etree.Element, tag: str, text: str, **attrib: str) -> etree.Element:
    """A child element whose text is the editors' prose from a data file (an event, a
    correction, a page title): read as Markdown, so that it gets the typographic quotes and
    dashes (smarty) and the abbreviations of the pages' own prose."""
    element = etree.SubElement(parent, tag, attrib)
    element.text = text
    return element


def _append_text(parent: etree.Element, text: str) -> None:
    """Add text after the last child of parent (or as its text if it has none)."""
    if len(parent):
        parent[-1].tail = shown_as_is((parent[-1].tail or "").replace("&amp;", "&") + text)
    else:
        parent.text = shown_as_is((parent.text or "").replace("&amp;", "&") + text)


class EditionExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "seed": [project.SEED, "Path of the essay's seed file"],
            "data_dir": [project.DATA_DIR, "Folder of the edition's data files"],
            "essay_page": [project.ESSAY_PAGE, "Source path of the essay page inside docs/"],
            "docs_dir": [project.DOCS_DIR, "The folder of the site's pages (for the Sources page)"],
            "citation_file": [project.CITATION_FILE, "The edition's citation metadata"],
            "page": ["", "Source path inside docs/ of the page being converted, where the builder "
                         "does not say (plain Python-Markdown, tests)"],
        }
        super().__init__(**kwargs)
        self.md = None
        self.used_forms: set[tuple[str, str]] = set()  # block forms that give ids, used on this page
        self.source_lines: list[str] = []

    # --- what the page is and where it links ---------------------------------------

    def page_path(self) -> str:
        """Source path of the page being rendered: MkDocs' link rewriter knows it, and
        so does Zensical's rendering-context preprocessor."""
        if self.md is not None and "relpath" in self.md.treeprocessors:
            file = getattr(self.md.treeprocessors["relpath"], "file", None)
            if file is not None:
                return file.src_uri
        if self.md is not None and "rendering_context" in self.md.preprocessors:
            page = getattr(self.md.preprocessors["rendering_context"], "page", None)
            if page is not None:
                return page.path
        return self.getConfig("page") or "<page>"

    def link(self, target: str) -> str:
        """A link from the current page to a docs-relative target (page.md or page.md#id).

        Written as a Markdown link to a source file: MkDocs then rewrites it to the
        built URL and checks that the page and the anchor exist.
        """
        path, _, fragment = target.partition("#")
        page = self.page_path()
        if path == page:
            return f"#{fragment}"
        if page != "<page>":
            path = posixpath.relpath(path, posixpath.dirname(page) or ".")
        return f"{path}#{fragment}" if fragment else path

    def paragraph_link(self, number: int) -> str:
        return self.link(f"{self.getConfig('essay_page')}#{paragraph_id(number)}")

    # --- data, read on first use so that a bad file fails the page build --------------

    def _checked(self, load, *args):
        try:
            return load(*args)
        except (SeedError, DataError) as error:
            raise EditionError(str(error)) from None

    @cached_property
    def essay(self) -> Essay:
        """The essay, from a seed that the newest edition records (edition/record.py)."""
        return self._checked(checked_essay, self.getConfig("seed"), self.data_dir / "editions.yml")

    @cached_property
    def metadata(self) -> Metadata:
        return self._checked(Metadata, self.getConfig("citation_file"))

    def essay_url(self) -> str:
        return self.metadata.page_url(self.getConfig("essay_page"))

    @property
    def data_dir(self) -> Path:
        return Path(self.getConfig("data_dir"))

    @cached_property
    def notes(self) -> dict[str, Note]:
        notes = self._checked(load_notes, self.data_dir / "notes.yml", self.essay.paragraphs, self.bibliography)
        return {note.id: note for note in notes}

    @cached_property
    def mentions(self) -> dict[str, tuple[str, ...]]:
        return self._checked(load_mentions, self.data_dir / "mentions.yml")

    @cached_property
    def mention_targets(self) -> dict[str, str]:
        """Each word of data/mentions.yml -> the page or section it names."""
        return {term: target for target, terms in self.mentions.items() for term in terms}

    @cached_property
    def mention_pattern(self) -> re.Pattern:
        return whole_words(self.mention_targets)

    @cached_property
    def glossary(self):
        return self._checked(load_glossary, self.data_dir / "glossary.yml")

    @cached_property
    def expansions(self) -> dict[str, str]:
        return {entry.abbr: entry.expansion for entry in self.glossary}

    @cached_property
    def abbreviation_pattern(self) -> re.Pattern:
        # A plural "s" may follow (NGOs); it stays outside the <abbr>.
        return whole_words(self.expansions, after="s?")

    @cached_property
    def bibliography(self) -> dict[str, Source]:
        return self._checked(load_bibliography, self.data_dir / "bibliography.yml")

    @cached_property
    def events(self) -> dict[str, Event]:
        events = self._checked(load_events, self.data_dir / "events.yml", self.bibliography)
        return {event.id: event for event in events}

    @property
    def docs_dir(self) -> Path:
        """The folder of the pages: MkDocs' own where it names the page's file (its
        docs_dir setting), else the option."""
        file = getattr(self.md.treeprocessors["relpath"], "file", None) if "relpath" in self.md.treeprocessors else None
        if file is not None and file.abs_src_path:
            return Path(file.abs_src_path[: -len(file.src_uri)])
        return Path(self.getConfig("docs_dir"))

    def page_title(self, page: str) -> str:
        """A page's title: its first heading; for the essay page, which cites only in its
        editors' notes, what it is."""
        if page == self.getConfig("essay_page"):
            return "The essay (editors' notes)"
        return site_index.page_title(self.docs_dir, page) or page

    def heading_title(self, target: str) -> str:
        """The text of the heading a link target (page.md#id) points to, or the page's title."""
        page, _, anchor = target.partition("#")
        if not (self.docs_dir / page).is_file():
            self.fail(f"{self.data_dir / 'events.yml'} links to {page}, which is not a page of {self.docs_dir}")
        heading = site_index.heading(self.docs_dir, page, anchor) if anchor else None
        return f"{self.page_title(page)}: {heading}" if heading else self.page_title(page)

    def checked_range(self, first: str, last: str | None, source: str) -> range:
        start, end = int(first), int(last or first)
        count = len(self.essay.paragraphs)
        if start > end:
            self.fail(f"{source} is a reversed range: write {paragraph_label(end, start)}", source)
        if not (1 <= start and end <= count):
            self.fail(f"{source} names paragraphs the essay does not have (it has ¶1–¶{count})", source)
        return range(start, end + 1)

    def fail(self, problem: str, source: str | None = None, occurrence: int = 1):
        """Stop the build: the page, the line where ``source`` is written (its first
        occurrence, or another), if it is found, and the problem."""
        line = self.line_of(source, occurrence) if source else None
        raise EditionError(f"{self.page_path()}{f':{line}' if line else ''}: {problem}")

    def line_of(self, text: str, occurrence: int = 1) -> int | None:
        """The number of the line of the page's Markdown file (or, where the builder does
        not name the file, of the converted text) that contains ``text`` (for the first
        time, or the given time)."""
        file = getattr(self.md.treeprocessors["relpath"], "file", None) if "relpath" in self.md.treeprocessors else None
        try:
            lines = Path(file.abs_src_path).read_text(encoding="utf-8").splitlines() if file else self.source_lines
        except OSError:
            lines = self.source_lines
        found = [number for number, line in enumerate(lines, start=1) if text in line]
        return found[occurrence - 1] if len(found) >= occurrence else None

    # --- registration -------------------------------------------------------------

    def extendMarkdown(self, md):
        self.md = md
        md.registerExtension(self)
        md.preprocessors.register(SourceLines(md, self), "edition_source_lines", 100)
        # Above 'paragraph' (10) and the other block processors that could claim the line.
        md.parser.blockprocessors.register(EditionBlockProcessor(md.parser, self), "edition_blocks", 105)
        # Above 'reference' (170) and 'link' (160), which would read the brackets as a link.
        md.inlinePatterns.register(EditionInlineProcessor(DOUBLE_BRACKETS, md, self), "edition_inline", 175)
        # After inline processing (20), before MkDocs rewrites and checks links (0).
        md.treeprocessors.register(NoteLinkTreeprocessor(md, self), "edition_note_links", 15)
        # After smarty (2), which skips the text this makes atomic; before MkDocs (0).
        md.treeprocessors.register(AbbreviationTreeprocessor(md, self), "edition_abbr", 1)
        # After inline processing (20), before the abbreviations (1), which it leaves to mark
        # in the reference lists.
        md.treeprocessors.register(ReferencesTreeprocessor(md, self), "edition_references", 16)
        # After the abbreviations (1), so that the previews hold the seed's text alone; before
        # MkDocs rewrites and checks links (0), so that hrefs still name essay.md.
        md.treeprocessors.register(PreviewTreeprocessor(md, self), "edition_previews", 0.5)

    def reset(self):
        self.used_forms = set()


class EditionBlockProcessor(BlockProcessor):
    """The block forms: one method per form name."""

    def __init__(self, parser, extension: EditionExtension):
        super().__init__(parser)
        self.ext = extension

    def test(self, parent, block):
        # An inline form alone on its line is a paragraph of its own, for the inline processor.
        match = BLOCK_FORM.match(block)
        body = block.strip()[2:-2]
        return bool(match) and not any(known.inline and known.pattern.fullmatch(body) for known in FORMS.values())

    def run(self, parent, blocks):
        block = blocks.pop(0)
        match = BLOCK_FORM.match(block)
        name, argument = match["name"], match["argument"] or ""
        source = block.strip()
        known = FORMS.get(name)
        if known is None or known.inline:
            self.ext.fail(not_a_form(source, source[2:-2]), source)
        if not known.repeatable:
            if (name, argument) in self.ext.used_forms:
                self.ext.fail(f"{source} is used twice on this page (the ids it gives would clash)", source, 2)
            self.ext.used_forms.add((name, argument))
        getattr(self, known.method)(parent, argument, source)

    @form("essay", "[[essay]]", "the whole essay: title, attribution as given, ¶1–¶12 with ids p1…p12, "
          "margin numbers that are permalinks, \"Cite ¶N\", links from the institutions it names, "
          "and the editors' notes beside their paragraphs")
    def form_essay(self, parent, argument, source):
        essay = self.ext.essay
        article = etree.SubElement(parent, "div", {"class": "essay"})
        _text(article, "h1", essay.title, id="essay-title")

        attribution = etree.SubElement(article, "div", {"class": "essay-attribution"})
        _text(attribution, "p", "Attribution as given in the source:", **{"class": "essay-attribution-label"})
        for line in essay.attribution:
            _text(attribution, "p", line, **{"class": "essay-attribution-line"})

        # Each paragraph's notes in the order of their words, numbered through the essay.
        notes_by_paragraph: dict[int, list[Note]] = {}
        for note in self.ext.notes.values():
            notes_by_paragraph.setdefault(note.paragraph, []).append(note)
        numbers, count = {}, 0
        for number, text in enumerate(essay.paragraphs, start=1):
            notes_by_paragraph[number] = sorted(notes_by_paragraph.get(number, []), key=lambda n: text.index(n.wording))
            for note in notes_by_paragraph[number]:
                count += 1
                numbers[note.id] = count
        url = self.ext.essay_url()
        # Each paragraph in both forms: at this edition's permanent address, and at the living one.
        citables = [self.ext.metadata.paragraph(url, n, living=living)
                    for n in range(1, len(essay.paragraphs) + 1) for living in (False, True)]
        citations = self.ext.metadata.formatted(citables)
        body = etree.SubElement(article, "div", {"class": "essay-body"})
        for number, text in enumerate(essay.paragraphs, start=1):
            pid = paragraph_id(number)
            block = etree.SubElement(body, "div", {"class": "essay-paragraph", "id": pid})
            _text(
                block,
                "a",
                str(number),
                **{
                    "class": "paragraph-number",
                    "href": f"#{pid}",
                    "aria-label": f"Paragraph {number}",
                },
            )
            # The notes come before the text they annotate, so that on wide screens they
            # float into the margin beside it (edition.css); on narrow screens and in print
            # they are shown after it.
            for note in notes_by_paragraph[number]:
                self.note(block, note, numbers[note.id])
            paragraph = etree.SubElement(block, "p", {"class": "essay-text"})
            self.linked_paragraph(paragraph, text, [(note, numbers[note.id]) for note in notes_by_paragraph[number]])
            self.paragraph_citation(block, number, citations[pid], citations[pid + LIVING])

    def paragraph_citation(self, parent: etree.Element, number: int, styles: list[dict],
                           living: list[dict]) -> None:
        """"Cite ¶N": the paragraph's citation in every style, in the HTML, opened on demand: at
        the edition's permanent address, with the living address offered inside in every style
        (the bibliography entry alone: the form in the text is the same)."""
        details = etree.SubElement(parent, "details", {"class": "paragraph-cite", "data-search-exclude": ""})
        _text(details, "summary", f"Cite ¶{number}")
        self.citation_list(details, styles)
        alternative = etree.SubElement(details, "details", {"class": "cite-living"})
        _text(alternative, "summary", LIVING_SUMMARY)
        self.citation_list(alternative, living, in_text=False)

    @staticmethod
    def citation_list(parent: etree.Element, styles: list[dict], in_text: bool = True) -> None:
        listing = etree.SubElement(parent, "dl", {"class": "citations"})
        for entry in styles:
            _text(listing, "dt", entry["label"])
            definition = etree.SubElement(listing, "dd")
            citation = etree.SubElement(definition, "div", {"class": "citation"})
            citation.append(_atomic(etree.fromstring(entry["html"])))
            if in_text:
                _text(definition, "p", f"In the text: {entry['in_text']}", **{"class": "citation-in-text"})

    def linked_paragraph(self, paragraph: etree.Element, text: str, notes=()) -> None:
        """The paragraph's text, with its first mention of each institution linked to it and
        the words each editors' note concerns marked and followed by a link to the note.
        Only elements are added around words (the link to a note has no text of its own:
        its number is drawn by CSS), so the text content stays the seed's."""
        spans = []  # (start, end, kind, value): marked words and mentions, never crossing
        for note, number in notes:
            start = text.index(note.wording)
            spans.append((start, start + len(note.wording), "noted", (note, number)))
        linked = set()
        for match in self.ext.mention_pattern.finditer(text) if self.ext.mention_targets else ():
            target = self.ext.mention_targets[match.group(0)]
            crosses = any(s < match.end() and match.start() < e and not (s <= match.start() and match.end() <= e)
                          for s, e, _, _ in spans)
            if target in linked or crosses:
                continue
            linked.add(target)
            spans.append((match.start(), match.end(), "mention", target))
        # Outer spans first where two start together: marked words may hold a mention.
        spans.sort(key=lambda span: (span[0], -span[1]))
        self._marked_text(paragraph, text, 0, len(text), spans)

    def _marked_text(self, parent: etree.Element, text: str, start: int, end: int, spans) -> None:
        position = start
        while spans:
            first, last, kind, value = spans[0]
            inner = [span for span in spans[1:] if span[0] < last]
            spans = [span for span in spans[1:] if span[0] >= last]
            _append_text(parent, text[position:first])
            if kind == "mention":
                _text(parent, "a", text[first:last], href=self.ext.link(value), **{"class": "mention"})
            else:
                note, number = value
                marked = etree.SubElement(parent, "span", {"class": "noted"})
                self._marked_text(marked, text, first, last, inner)
                mark = etree.SubElement(parent, "a", {
                    "class": "note-ref", "id": f"noted-{note.id}", "href": f"#note-{note.id}",
                    "data-note": str(number), "aria-label": f"Editors' note {number}"})
                mark.text = AtomicString("")
            position = last
        _append_text(parent, text[position:end])

    @form("quote", "[[quote ¶9]] or [[quote ¶9–10]]", "a block quotation of the exact text, each "
          "paragraph labelled ¶N and linked to its anchor on the essay page (- works as well as –)", repeatable=True)
    def form_quote(self, parent, argument, source):
        match = PARAGRAPH_RANGE.fullmatch(argument)
        if match is None:
            self.ext.fail(f"{source} should be [[quote ¶N]] or [[quote ¶N–M]]", source)
        numbers = self.ext.checked_range(match["first"], match["last"], source)
        figure = etree.SubElement(parent, "figure", {"class": "essay-quote"})
        quote = etree.SubElement(figure, "blockquote")
        for number in numbers:
            paragraph = etree.SubElement(quote, "p", {"class": "quoted-paragraph"})
            label = _text(paragraph, "a", paragraph_label(number), href=self.ext.paragraph_link(number))
            label.set("class", "quote-number")
            label.tail = " "
            _text(paragraph, "span", self.ext.essay.paragraph(number), **{"class": "quoted-text"})
        caption = etree.SubElement(figure, "figcaption")
        caption.text = AtomicString("The essay, ")
        _text(caption, "a", paragraph_label(numbers[0], numbers[-1]), href=self.ext.paragraph_link(numbers[0]))

    @form("references", "[[references]]", "the sources the page cites, as a numbered list in the order of "
          "their first citation, formatted by the CSL engine (edition/references.py)")
    def form_references(self, parent, argument, source):
        etree.SubElement(parent, "ol", {"class": "references", REFERENCES: source})

    @form("bibliography", "[[bibliography]]", "every source of data/bibliography.yml, formatted by the CSL "
          "engine, with the pages that cite it; a source cited nowhere stops the build")
    def form_bibliography(self, parent, argument, source):
        sources = self.ext.bibliography
        cited = site_index.citing_pages(self.ext.docs_dir, list(self.ext.events.values()), list(self.ext.notes.values()))
        uncited = [key for key in sources if key not in cited]
        if uncited:
            self.ext.fail(f"{self.ext.data_dir / 'bibliography.yml'}: {', '.join(uncited)} "
                          f"{'is' if len(uncited) == 1 else 'are'} cited on no page; cite or remove", source)
        unknown = sorted(set(cited) - set(sources))
        if unknown:  # a page's own build names the line; this says which page
            self.ext.fail(f"{', '.join(cited[unknown[0]])} cites {unknown[0]!r}, which is not in the bibliography", source)
        entries = references.formatted(list(sources.values()))
        listing = etree.SubElement(parent, "ul", {"class": "references bibliography"})
        for key in sorted(sources, key=lambda k: "".join(entries[k].itertext()).casefold()):
            item = etree.SubElement(listing, "li", {"id": f"source-{key}"})
            item.append(_atomic(entries[key]))
            pages = etree.SubElement(item, "p", {"class": "cited-on"})
            _append_text(pages, "Cited on: ")
            for index, page in enumerate(cited[key]):
                if index:
                    _append_text(pages, ", ")
                _prose(pages, "a", self.ext.page_title(page), href=self.ext.link(page))
            _append_text(pages, ".")

    @form("timeline", "[[timeline]]", "every event of data/events.yml in date order, each with its "
          "sources and a link to the page that discusses it")
    def form_timeline(self, parent, argument, source):
        listing = etree.SubElement(parent, "dl", {"class": "timeline"})
        for event in self.ext.events.values():
            term = etree.SubElement(listing, "dt", {"id": f"event-{event.id}"})
            term.append(event_date(event))
            definition = etree.SubElement(listing, "dd", {"class": "event", "data-event": event.id})
            _prose(definition, "span", event.text)
            for citation in event.sources:
                definition.append(citation_mark(citation))
            _append_text(definition, " See ")
            _prose(definition, "a", self.ext.heading_title(event.page), href=self.ext.link(event.page))
            _append_text(definition, ".")

    @form("note", "[[note ID]]", "the editors' note ID from data/notes.yml")
    def form_note(self, parent, argument, source):
        note = self.ext.notes.get(argument)
        if note is None:
            self.ext.fail(f"{source}: there is no note {argument!r} in {self.ext.data_dir / 'notes.yml'}", source)
        self.note(parent, note)

    def note(self, parent: etree.Element, note: Note, number: int | None = None) -> None:
        """An editors' note, kept apart from the essay's text and naming its paragraph. On
        the essay page (with its number) it names the marked words and links back to them."""
        # role=note, not <aside>: several notes on one paragraph would be landmarks with
        # the same name (axe: landmark-unique).
        attributes = {"class": "editorial-note", "id": f"note-{note.id}", "role": "note"}
        if not number:  # on the essay page its first line says what it is: "Note 3 on …"
            attributes["aria-label"] = f"Editors’ note on ¶{note.paragraph}"
        aside = etree.SubElement(parent, "div", attributes)
        label = etree.SubElement(aside, "p", {"class": "editorial-note-label"})
        if number:
            _text(label, "a", f"Note {number}", href=f"#note-{note.id}", **{"class": "note-number"})
            _append_text(label, " on ")
            quoted = etree.SubElement(label, "q")
            _text(quoted, "a", note.wording, href=f"#noted-{note.id}")
        else:
            _text(label, "strong", "Editors’ note")
            _append_text(label, " on ")
            _text(label, "a", paragraph_label(note.paragraph), href=self.ext.paragraph_link(note.paragraph))
            _append_text(label, ", about the words ")
            _text(label, "q", note.wording)
        body = etree.SubElement(aside, "div", {"class": "editorial-note-text", ROOT_RELATIVE: ""})
        self.parser.parseChunk(body, note.note)
        # Its sources are numbered citations, like every citation of the site: listed by
        # the [[references]] of the page that shows the note (the essay page has one).
        end = body[-1] if len(body) and body[-1].tag == "p" else body
        for citation in note.sources:
            end.append(citation_mark(citation))

    @form("mentions", "[[mentions]]", "\"Mentioned in the essay at ¶…\", computed from the words in "
          "data/mentions.yml")
    def form_mentions(self, parent, argument, source):
        page = self.ext.page_path()
        terms = [t for target, ts in self.ext.mentions.items() if target.partition("#")[0] == page for t in ts]
        if not terms:
            self.ext.fail(f"{source} but {self.ext.data_dir / 'mentions.yml'} lists no words for this page", source)
        numbers = mentioning_paragraphs(self.ext.essay, terms)
        if not numbers:
            self.ext.fail(f"{source}: none of {terms} occurs in the essay", source)
        line = etree.SubElement(parent, "p", {"class": "mentions"})
        _append_text(line, "Mentioned in the essay at ")
        for index, number in enumerate(numbers):
            if index:
                _append_text(line, ", ")
            _text(line, "a", paragraph_label(number), href=self.ext.paragraph_link(number))
        _append_text(line, ".")

    @form("glossary", "[[glossary]]", "the abbreviations of data/glossary.yml with links to their pages")
    def form_glossary(self, parent, argument, source):
        listing = etree.SubElement(parent, "dl", {"class": "glossary"})
        for entry in sorted(self.ext.glossary, key=lambda e: e.abbr.lower()):
            term = etree.SubElement(listing, "dt", {"id": f"abbr-{entry.abbr.lower()}"})
            term.text = AtomicString(entry.abbr)
            definition = etree.SubElement(listing, "dd")
            if entry.page:
                _prose(definition, "a", entry.expansion, href=self.ext.link(entry.page))
            else:
                definition.text = entry.expansion

    @form("editions", "[[editions]]", "the editions of data/editions.yml, each with its changes and its "
          "corrections page by page")
    def form_editions(self, parent, argument, source):
        editions = self.ext._checked(load_editions, self.ext.data_dir / "editions.yml")
        for index, edition in enumerate(editions):
            earlier = editions[index + 1] if index + 1 < len(editions) else None
            _text(parent, "h2", f"Edition {edition.version}", id=f"edition-{edition.version}")
            _text(parent, "p", f"Published {edition.date}.", **{"class": "edition-date"})
            changes = etree.SubElement(parent, "ul")
            for change in edition.changes:
                _prose(changes, "li", change)
            if edition.corrections:
                _text(parent, "h3", "Corrections, page by page", id=f"corrections-{edition.version}")
            for page, items in edition.corrections:
                folder = archive.page_folder(page)
                heading = etree.SubElement(parent, "p", {"class": "corrections-page",
                                                         "id": f"corrections-{edition.version}-{archive.page_slug(folder)}"})
                _prose(etree.SubElement(heading, "strong"), "a", self.ext.page_title(page), href=self.ext.link(page))
                # The page before and after, each at its edition's permanent address (in full, as
                # citations give it: the editions' copies are made after the pages are built).
                versions = [v for v in (earlier.version if earlier else None, edition.version)
                            if v and (v == editions[0].version or archive.has_page(Path.cwd(), v, folder))]
                _append_text(heading, " (read it in edition ")
                for position, version in enumerate(versions):
                    _text(heading, "a", version, href=edition_address(self.ext.metadata.site_url, version) + folder)
                    _append_text(heading, " or " if position + 1 < len(versions) else ")")
                listing = etree.SubElement(parent, "ul", {"class": "corrections"})
                for item in items:
                    _prose(listing, "li", item)


def _atomic(element: etree.Element) -> etree.Element:
    """Mark all text of a ready-made element (a formatted citation) as not to be parsed."""
    for node in element.iter():
        if node.text:
            node.text = shown_as_is(node.text)
        if node.tail:
            node.tail = shown_as_is(node.tail)
    return element


def mentioning_paragraphs(essay: Essay, terms) -> list[int]:
    """Numbers of the paragraphs in which any of the words occurs as a whole word."""
    pattern = whole_words(terms)
    return [n for n, text in enumerate(essay.paragraphs, start=1) if pattern.search(text)]


def not_a_form(source: str, body: str) -> str:
    guess = nearest_form(body)
    if guess and guess != source:
        return f"{source} is not one of the edition's forms; did you mean {guess}?"
    return f"{source} is not one of the edition's forms ({', '.join(known.syntax for known in FORMS.values())})"


class SourceLines(Preprocessor):
    """Keeps the page's lines, to say where a problem is written."""

    def __init__(self, md, extension: EditionExtension):
        super().__init__(md)
        self.ext = extension

    def run(self, lines):
        self.ext.source_lines = list(lines)
        return lines


class EditionInlineProcessor(InlineProcessor):
    """The inline forms. A block form met inside running text is an error, not literal
    text, so that a misplaced quotation cannot pass unnoticed."""

    def __init__(self, pattern, md, extension: EditionExtension):
        super().__init__(pattern, md)
        self.ext = extension

    def handleMatch(self, m, data):
        source = m.group(0)
        if not m["close"]:
            self.ext.fail(f"{source} is not closed with ]]", source)
        inline = [known for known in FORMS.values() if known.inline]
        for known in inline:
            if match := known.pattern.fullmatch(m["body"]):
                return getattr(self, known.method)(match, source), m.start(0), m.end(0)
        name = (m["body"].split() or [""])[0]
        if name in FORMS:
            self.ext.fail(
                f"{source} is not valid here: block forms such as [[quote ¶N]] must stand alone "
                f"between blank lines; the inline forms are {' and '.join(known.syntax for known in inline)}",
                source)
        self.ext.fail(not_a_form(source, m["body"]), source)

    @form("¶", "[[¶9]] or [[¶9–10]]", "a link to the paragraph on the essay page, which shows its text (the "
          "first paragraph's for a range) on hover and on keyboard focus", PARAGRAPH_RANGE)
    def paragraph_reference(self, match: re.Match, source: str) -> etree.Element:
        numbers = self.ext.checked_range(match["first"], match["last"], source)
        element = etree.Element("a", {"class": "paragraph-ref", "href": self.ext.paragraph_link(numbers[0])})
        element.text = AtomicString(paragraph_label(numbers[0], numbers[-1]))
        return element

    @form("source", "[[source KEY]] or [[source KEY, LOCATOR]]", "a numbered citation of source KEY of "
          "data/bibliography.yml, with a locator such as \"para. 34\" or \"art. 27\"", site_index.SOURCE_FORM)
    def citation(self, match: re.Match, source: str) -> etree.Element:
        citation = parse_citation(match["citation"])
        if citation is None or citation.key not in self.ext.bibliography:
            self.ext.fail(f"{source}: no source {match['citation'].partition(',')[0].strip()!r} in "
                          f"{self.ext.data_dir / 'bibliography.yml'}", source)
        return citation_mark(citation)

    @form("event", "[[event ID]] or [[date ID]]", "an event of data/events.yml: its date in bold, what "
          "happened and its sources; or only its date, with its sources", EVENT_REF)
    def event(self, match: re.Match, source: str) -> etree.Element:
        event = self.ext.events.get(match["id"])
        if event is None:
            self.ext.fail(f"{source}: there is no event {match['id']!r} in {self.ext.data_dir / 'events.yml'}", source)
        element = etree.Element("span", {"class": "event", "data-event": event.id})
        if match["name"] == "event":
            etree.SubElement(element, "strong").append(event_date(event))
            _append_text(element, ": ")
            _prose(element, "span", event.text)
        else:
            element.append(event_date(event))
        for citation in event.sources:
            element.append(citation_mark(citation))
        return element


def event_date(event: Event) -> etree.Element:
    """The event's date, machine-readable in data-date (ISO 8601, a span as START/END):
    a <time> for one date, a <span> for a span, which <time> cannot hold."""
    attributes = {"class": "event-date", "data-date": event.datetime}
    if not event.end:
        attributes["datetime"] = event.start
    element = etree.Element("span" if event.end else "time", attributes)
    element.text = AtomicString(event.label)
    return element


def citation_mark(citation: Citation) -> etree.Element:
    """A citation as the page shows it, numbered later (ReferencesTreeprocessor): [3] or
    [3, para. 34], linked to the source in the page's list."""
    sup = etree.Element("sup", {"class": "source-ref", "data-source": citation.key})
    if citation.locator:
        sup.set("data-locator", citation.locator)
    return sup


class EditionTreeprocessor(Treeprocessor):
    """A tree processor of the extension, which knows the page, the essay and the data."""

    def __init__(self, md, extension: EditionExtension):
        super().__init__(md)
        self.ext = extension


class NoteLinkTreeprocessor(EditionTreeprocessor):
    """Links in notes are written relative to docs/; make them relative to this page.

    ``pymdownx.pathconverter`` rewrites links too, but all of a page's relative links, in
    the finished HTML, after MkDocs has checked them; this rewrites only the links of the
    notes, in the tree, before MkDocs' check, so that a broken one still fails the build.
    """

    def run(self, root):
        for container in root.iter():
            if ROOT_RELATIVE not in container.attrib:
                continue
            del container.attrib[ROOT_RELATIVE]
            for link in container.iter("a"):
                href = link.get("href", "")
                if href and not href.startswith("#") and not urlsplit(href).scheme:
                    link.set("href", self.ext.link(href))


class AbbreviationTreeprocessor(EditionTreeprocessor):
    """The glossary's abbreviations as ``<abbr title>``, essay text included: the first use
    of each in every block (paragraph, list item, table cell, heading). A paragraph of the
    essay and the editors' notes beside it are one block: a note repeats the paragraph's
    "UN" without marking it again.

    Python-Markdown's ``abbr`` extension (fed, in pymdown-extensions' way, by a file of
    definitions that ``pymdownx.snippets`` appends to every page) skips text that no
    inline pattern may read (the essay's), marks every use and gives no keyboard access;
    here each ``<abbr>`` outside a link can take focus so that its expansion shows on
    focus as on hover (see edition.css). Marking only
    the first use in a block keeps the expansion beside every paragraph a reader may land
    on without making each repeated "UN" a stop for the Tab key.
    """

    SKIP = {"code", "pre", "script", "style", "abbr"}
    BLOCKS = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "figcaption"}
    UNIT = "essay-paragraph"  # a paragraph of the essay with its notes: one block

    def run(self, root):
        if self.ext.expansions:
            self.walk(root, in_link=False, seen=set(), in_unit=False)

    def walk(self, element, in_link, seen, in_unit):
        """In document order: the element's text, then each child and the text after it."""
        children = list(element)
        if element.tag not in self.SKIP:
            self.wrap(element, "text", in_link, seen)
        if self.UNIT in (element.get("class") or "").split():
            # The essay's words first: its notes stand before it (to float beside it), but
            # an abbreviation is marked where the essay uses it.
            children.sort(key=lambda child: child.get("class") != "essay-text")
        for child in children:
            # A paragraph's citations name the styles the cite panel names (and marks) once more.
            if child.tag not in self.SKIP and not self.shows_an_address(child) and child.get("class") != "paragraph-cite":
                unit = self.UNIT in (child.get("class") or "").split()
                starts_block = unit or (child.tag in self.BLOCKS and not in_unit)
                self.walk(child, in_link or child.tag == "a", set() if starts_block else seen, in_unit or unit)
            self.wrap(child, "tail", in_link, seen, parent=element)

    @staticmethod
    def shows_an_address(element) -> bool:
        """A link whose text is its address (https://www.itu.int/en/ITU-T/…): no <abbr>
        inside a URL."""
        return element.tag == "a" and (element.text or "").startswith(("https://", "http://"))

    def wrap(self, element, field, in_link, seen, parent=None):
        """Split the element's text (or tail) around the abbreviations not yet seen in the
        block; each becomes an <abbr> inserted where its words stood."""
        text = getattr(element, field)
        if not text:
            return
        before, nodes, position = text, [], 0
        for match in self.ext.abbreviation_pattern.finditer(text):
            abbr = match.group(0)
            if abbr in seen:
                continue
            seen.add(abbr)
            node = etree.Element("abbr", {"title": self.ext.expansions[abbr]})
            if not in_link:
                node.set("tabindex", "0")
            node.text = AtomicString(abbr)
            if nodes:
                nodes[-1].tail = AtomicString(text[position:match.start()])
            else:
                before = text[:match.start()]
            nodes.append(node)
            position = match.end()
        if not nodes:
            return
        setattr(element, field, AtomicString(before))
        nodes[-1].tail = AtomicString(text[position:])
        holder = parent if field == "tail" else element
        index = list(holder).index(element) + 1 if field == "tail" else 0
        for offset, node in enumerate(nodes):
            holder.insert(index + offset, node)


REFERENCES = "data-edition-references"  # the placeholder of a page's [[references]]


class ReferencesTreeprocessor(EditionTreeprocessor):
    """Numbers the page's citations in the order of their first appearance and fills its
    list of references: a page that cites must list its sources, and a list needs citations."""

    def run(self, root):
        marks = [sup for sup in root.iter("sup") if "data-source" in sup.attrib]
        lists = [ol for ol in root.iter("ol") if REFERENCES in ol.attrib]
        self.ext.reset()
        if not marks and not lists:
            return
        if marks and not lists:
            self.ext.fail("it cites sources but has no [[references]] to list them")
        if not marks:
            self.ext.fail(f"{lists[0].get(REFERENCES)} but the page cites no source", lists[0].get(REFERENCES))
        order = list(dict.fromkeys(sup.attrib["data-source"] for sup in marks))
        for sup in marks:
            key = sup.attrib.pop("data-source")
            locator = sup.attrib.pop("data-locator", None)
            number = order.index(key) + 1
            link = etree.SubElement(sup, "a", {"href": f"#source-{key}",
                                               "aria-label": f"Source {number}{', ' + locator if locator else ''}"})
            link.text = AtomicString(f"[{number}{', ' + locator if locator else ''}]")
        listing = lists[0]
        del listing.attrib[REFERENCES]
        # Searched once, on the Sources page, not again under every page that cites it.
        listing.set("data-search-exclude", "")
        entries = references.formatted([self.ext.bibliography[key] for key in order])
        for key in order:
            item = etree.SubElement(listing, "li", {"id": f"source-{key}"})
            item.append(_atomic(entries[key]))


PREVIEWS = "paragraph-previews"  # the class of a page's hidden container of previews
PARAGRAPH_FRAGMENT = re.compile(r"p(?P<number>\d+)")


def preview_id(number: int) -> str:
    """The id of a page's preview of ¶number (see PreviewTreeprocessor)."""
    return f"preview-{paragraph_id(number)}"


class PreviewTreeprocessor(EditionTreeprocessor):
    """Paragraph previews: every link of the page to a paragraph of the essay (essay.md#p9,
    whatever wrote it: [[¶9]], [[quote ¶9]], [[mentions]], a note, a Markdown link) is
    described by that paragraph's text (``aria-describedby="preview-p9"``), which a screen
    reader announces with the link. The texts stand once each, in the seed's words and
    without markup, in one hidden container at the end of the page, left out of the search
    index; docs/javascripts/cite.js shows the one a link names in a tooltip on hover and on
    keyboard focus. A range (¶9–10) is described by its first paragraph, where the link
    leads: five paragraphs would be a page, not a preview. The essay page has none: its
    paragraphs are on screen.
    """

    def run(self, root):
        page, essay_page = self.ext.page_path(), self.ext.getConfig("essay_page")
        if page == essay_page:
            return
        numbers = set()
        for link in root.iter("a"):
            number = self.paragraph_of(link.get("href", ""), page, essay_page)
            if number is not None:
                link.set("aria-describedby", preview_id(number))
                numbers.add(number)
        if not numbers:
            return
        if len(root):
            root[-1].tail = root[-1].tail or "\n"
        container = etree.SubElement(root, "div", {"class": PREVIEWS, "hidden": "hidden", "data-search-exclude": ""})
        container.text = "\n"
        for number in sorted(numbers):
            _text(container, "p", self.ext.essay.paragraph(number), id=preview_id(number)).tail = "\n"

    def paragraph_of(self, href: str, page: str, essay_page: str) -> int | None:
        """The number of the essay's paragraph that a link of the page leads to, if any."""
        parts = urlsplit(href)
        fragment = PARAGRAPH_FRAGMENT.fullmatch(parts.fragment)
        if parts.scheme or parts.netloc or not parts.path or fragment is None:
            return None
        if posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path)) != essay_page:
            return None
        number = int(fragment["number"])
        return number if 1 <= number <= len(self.ext.essay.paragraphs) else None


def options(mkdocs_config) -> dict:
    """The extension's options as an MkDocs configuration gives them, defaults filled in
    (for the hooks, which need the seed and the essay page too)."""
    given = mkdocs_config.mdx_configs.get("edition.markdown_essay", {})
    return {**EditionExtension().getConfigs(), **given}


def makeExtension(**kwargs):  # pragma: no cover - Python-Markdown's loading convention
    return EditionExtension(**kwargs)
