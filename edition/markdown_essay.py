"""Python-Markdown extension that puts the essay, from its seed, into pages.

Accepted syntax (each block form must stand alone as its own paragraph):

``[[essay]]``
    The whole essay: title, attribution as given in the source, and the body
    paragraphs, each with the id ``pN`` and a margin number that links to it.

``[[quote ¶9]]`` or ``[[quote ¶9–10]]`` (``-`` works as well as ``–``)
    A block quotation of one paragraph or a range, each labelled ¶N and linked
    to its anchor on the essay page.

``[[¶9]]`` or ``[[¶9–10]]`` inline
    A link labelled ¶9 (or ¶9–10) to the paragraph on the essay page.

An unknown paragraph number or an unreadable seed stops the build with a one-line
message naming the page or the seed file.

Configuration: ``seed`` (path of the seed, relative to the working directory) and
``essay_page`` (source path of the essay page inside ``docs/``).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from edition.essay import Essay, SeedError, load_essay

try:  # Under MkDocs a BuildError is reported as one line, without a traceback.
    from mkdocs.exceptions import BuildError as _ReportedError
except ImportError:  # pragma: no cover - plain Python-Markdown or another builder
    _ReportedError = Exception


class EditionError(_ReportedError):
    """A problem in a page or the seed that must stop the build."""


_RANGE = r"¶\s*(?P<first>\d+)(?:\s*[-–]\s*(?P<last>\d+))?"
ESSAY_BLOCK = re.compile(r"^\s*\[\[essay\]\]\s*$")
QUOTE_BLOCK = re.compile(r"^\s*\[\[quote\s+" + _RANGE + r"\s*\]\]\s*$")
PARAGRAPH_REF = re.compile(_RANGE)
# Anything in double brackets that starts like the edition's syntax, met inside running text.
INLINE_SYNTAX = r"\[\[(?P<body>(?:quote|essay|¶)[^\[\]\n]*)\]\]"


def paragraph_id(number: int) -> str:
    return f"p{number}"


def paragraph_label(first: int, last: int | None = None) -> str:
    return f"¶{first}" if last in (None, first) else f"¶{first}–{last}"


def _text(parent: etree.Element, tag: str, text: str, **attrib: str) -> etree.Element:
    """A child element whose text is shown as is: no Markdown or HTML is read in it."""
    element = etree.SubElement(parent, tag, attrib)
    element.text = shown_as_is(text)
    return element


def shown_as_is(text: str) -> AtomicString:
    """Text that no inline pattern reads. Every "&" is escaped here because
    Python-Markdown's serializer leaves "&name;" alone, which would turn a literal
    "&amp;" of the source into "&"."""
    return AtomicString(text.replace("&", "&amp;"))


class _EssayProcessor(BlockProcessor):
    """Shared access to the essay, the current page and links to paragraphs."""

    def __init__(self, parser, extension: EssayExtension):
        super().__init__(parser)
        self.extension = extension

    def page(self) -> str:
        """Source path of the page being rendered (MkDocs' link rewriter knows it)."""
        if "relpath" in self.parser.md.treeprocessors:
            file = getattr(self.parser.md.treeprocessors["relpath"], "file", None)
            if file is not None:
                return file.src_uri
        return "<page>"

    def essay(self) -> Essay:
        return self.extension.essay()

    def href(self, number: int) -> str:
        """Link to ¶number, written as a Markdown link to the essay's source file.

        MkDocs then rewrites it to the built URL and checks that the anchor exists.
        """
        essay_page = self.extension.getConfig("essay_page")
        page = self.page()
        if page == essay_page:
            return f"#{paragraph_id(number)}"
        if page == "<page>":
            target = essay_page
        else:
            target = posixpath.relpath(essay_page, posixpath.dirname(page) or ".")
        return f"{target}#{paragraph_id(number)}"

    def checked_range(self, first: str, last: str | None, source: str) -> range:
        start, end = int(first), int(last or first)
        count = len(self.essay().paragraphs)
        if not (1 <= start <= end <= count):
            raise EditionError(
                f"{self.page()}: {source} names paragraphs the essay does not have "
                f"(it has ¶1–¶{count})"
            )
        return range(start, end + 1)


class EssayBlockProcessor(_EssayProcessor):
    """``[[essay]]``: the full essay with numbered, linkable paragraphs."""

    def test(self, parent, block):
        return bool(ESSAY_BLOCK.match(block))

    def run(self, parent, blocks):
        blocks.pop(0)
        essay = self.essay()
        article = etree.SubElement(parent, "div", {"class": "essay"})
        _text(article, "h1", essay.title, id="essay-title")

        attribution = etree.SubElement(article, "div", {"class": "essay-attribution"})
        _text(attribution, "p", "Attribution as given in the source:", **{"class": "essay-attribution-label"})
        for line in essay.attribution:
            _text(attribution, "p", line, **{"class": "essay-attribution-line"})

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
                    "title": f"Link to paragraph {number}",
                },
            )
            _text(block, "p", text, **{"class": "essay-text"})


class QuoteBlockProcessor(_EssayProcessor):
    """``[[quote ¶9–10]]``: the exact text of one paragraph or a range, with links."""

    def test(self, parent, block):
        return bool(QUOTE_BLOCK.match(block))

    def run(self, parent, blocks):
        block = blocks.pop(0)
        match = QUOTE_BLOCK.match(block)
        numbers = self.checked_range(match["first"], match["last"], block.strip())
        figure = etree.SubElement(parent, "figure", {"class": "essay-quote"})
        quote = etree.SubElement(figure, "blockquote")
        for number in numbers:
            paragraph = etree.SubElement(quote, "p", {"class": "quoted-paragraph"})
            _text(paragraph, "a", paragraph_label(number), **{"class": "quote-number", "href": self.href(number)})
            paragraph[-1].tail = " "
            _text(paragraph, "span", self.essay().paragraph(number), **{"class": "quoted-text"})
        caption = etree.SubElement(figure, "figcaption")
        caption.text = AtomicString("The essay, ")
        _text(caption, "a", paragraph_label(numbers[0], numbers[-1]), href=self.href(numbers[0]))


class ParagraphRefInlineProcessor(InlineProcessor):
    """``[[¶9]]`` inline: a link to the paragraph on the essay page.

    A block form (``[[quote …]]``, ``[[essay]]``) met inside running text is an error,
    not literal text, so that a misplaced quotation cannot pass unnoticed.
    """

    def __init__(self, pattern, md, block_helper: _EssayProcessor):
        super().__init__(pattern, md)
        self.helper = block_helper

    def handleMatch(self, m, data):
        ref = PARAGRAPH_REF.fullmatch(m["body"])
        if ref is None:
            raise EditionError(
                f"{self.helper.page()}: {m.group(0)} is not valid here: [[essay]] and "
                "[[quote ¶N]] must stand alone between blank lines, a reference is [[¶N]] or [[¶N–M]]"
            )
        numbers = self.helper.checked_range(ref["first"], ref["last"], m.group(0))
        link = etree.Element("a", {"class": "paragraph-ref", "href": self.helper.href(numbers[0])})
        link.text = AtomicString(paragraph_label(numbers[0], numbers[-1]))
        return link, m.start(0), m.end(0)


class EssayExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "seed": ["seeds/000_ecacc45a1ee5119f.txt", "Path of the essay's seed file"],
            "essay_page": ["essay.md", "Source path of the essay page inside docs/"],
        }
        super().__init__(**kwargs)
        self._essay: Essay | None = None

    def essay(self) -> Essay:
        """The essay, read from the seed on first use (so a bad seed fails the page build)."""
        if self._essay is None:
            try:
                self._essay = load_essay(self.getConfig("seed"))
            except SeedError as error:
                raise EditionError(str(error)) from None
        return self._essay

    def extendMarkdown(self, md):
        # Above 'paragraph' (10) and the other block processors that could claim the line.
        md.parser.blockprocessors.register(EssayBlockProcessor(md.parser, self), "edition_essay", 105)
        quote = QuoteBlockProcessor(md.parser, self)
        md.parser.blockprocessors.register(quote, "edition_quote", 104)
        # Above 'reference' (170) and 'link' (160), which would read the brackets as a link.
        md.inlinePatterns.register(ParagraphRefInlineProcessor(INLINE_SYNTAX, md, quote), "edition_ref", 175)


def makeExtension(**kwargs):  # pragma: no cover - Python-Markdown's loading convention
    return EssayExtension(**kwargs)
