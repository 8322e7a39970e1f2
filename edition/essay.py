"""The essay model: read the seed once and split it into its parts.

The seed is plain text in blocks separated by blank lines:

    title
    attribution line(s), as given in the source
    body paragraph 1
    ...
    body paragraph n
    "Leave a Reply" and the rest of the blog's comment form (not essay text)

The comment form's first line is found whatever its case and spacing; a seed without it
is refused (it would be cut short, or the form would be published as essay text).
Nothing is changed inside a block: curly quotes, dashes, non-breaking spaces
and the literal ``<>`` where the source lost two links are kept as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# The first line of the blog's comment form; it and everything after it is boilerplate.
# (data/editions.yml records it with the seed: edition/record.py.)
COMMENT_FORM_START = "Leave a Reply"

_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def paragraph_id(number: int) -> str:
    """The id of ¶number on the essay page, and so the fragment of its citable URL."""
    return f"p{number}"


def paragraph_label(first: int, last: int | None = None) -> str:
    """How the edition names a paragraph or a range of them: ¶3, ¶9–10."""
    return f"¶{first}" if last in (None, first) else f"¶{first}–{last}"


class SeedError(ValueError):
    """The seed cannot be read or has no essay in it. The message is one line naming the file."""


@dataclass(frozen=True)
class Essay:
    title: str
    attribution: tuple[str, ...]
    paragraphs: tuple[str, ...]  # paragraphs[0] is ¶1
    comment_form: tuple[str, ...]

    def paragraph(self, number: int) -> str:
        """The text of ¶number (1-based); KeyError if the essay has no such paragraph."""
        if not 1 <= number <= len(self.paragraphs):
            raise KeyError(number)
        return self.paragraphs[number - 1]


def read_seed(path: str | Path) -> bytes:
    """The seed's bytes; SeedError with a one-line message if it cannot be read."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SeedError(f"{path}: seed file not found") from None
    except OSError as error:
        raise SeedError(f"{path}: cannot read the seed ({error.strerror})") from None


def load_essay(path: str | Path) -> Essay:
    """Read the seed at ``path``; raise SeedError with a one-line message if it is unusable."""
    return parse_essay(read_seed(path), source=str(path))


def parse_essay(seed: bytes | str, source: str = "<seed>", comment_form: str = COMMENT_FORM_START) -> Essay:
    """Split the seed into title, attribution, body paragraphs and comment form."""
    if isinstance(seed, bytes):
        try:
            seed = seed.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SeedError(
                f"{source}: not valid UTF-8 (byte 0x{seed[error.start]:02x} at offset {error.start})"
            ) from None
    text = seed.removeprefix("\ufeff").replace("\r\n", "\n")
    blocks = [block.strip("\n") for block in _BLANK_LINES.split(text) if block.strip()]
    if not blocks:
        raise SeedError(f"{source}: the seed is empty")

    marker = comment_form.casefold()
    comment_start = next((i for i, block in enumerate(blocks) if " ".join(block.split()).casefold() == marker), None)
    if comment_start is None:
        raise SeedError(f"{source}: no line '{comment_form}', which starts the blog's comment form after the "
                        "essay (is the file cut short?)")
    essay_blocks, form_blocks = blocks[:comment_start], blocks[comment_start:]
    if len(essay_blocks) < 3:
        raise SeedError(
            f"{source}: no body paragraphs found "
            "(expected a title, an attribution and at least one paragraph, separated by blank lines)"
        )

    title, attribution, *paragraphs = essay_blocks
    if "\n" in title:
        raise SeedError(f"{source}: the title must be a single line, found {title!r}")
    for number, paragraph in enumerate(paragraphs, start=1):
        if "\n" in paragraph:
            raise SeedError(f"{source}: paragraph {number} spans several lines")
    return Essay(
        title=title,
        attribution=tuple(attribution.split("\n")),
        paragraphs=tuple(paragraphs),
        comment_form=tuple(form_blocks),
    )
