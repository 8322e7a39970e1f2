"""The essay as a PDF offprint, typeset with Typst (the `typst` package, Typst's Python binding).

    pdf(edition) -> bytes

The Typst source below is fixed: nothing of the essay is written into it. The edition's
words reach Typst as one JSON document in `sys.inputs`, and Typst places them as strings,
never as markup, so no character of the essay or its notes (`#`, `*`, `<>`, `$`, `_` …)
can be read as Typst syntax.

The PDF is A4: the title, the attribution as given in the source, the recommended
citation and the edition line on the first page; ¶1–¶12 with their numbers in the left
margin and each paragraph's address in the edition after it; the editors' notes as
numbered footnotes right after the words they concern. It is tagged (PDF/UA-1), in
English, with the document's title, keywords and description, and no author (the
essay's author is not verified). Only Typst's bundled fonts are used (system fonts are
ignored), and every font is embedded. The creation date is the edition's release date,
so the same edition gives the same bytes on any machine.
"""

from __future__ import annotations

import datetime
import json

from typing import TYPE_CHECKING

import typst

if TYPE_CHECKING:  # edition.kept imports this module when it writes a PDF
    from edition.kept import KeptEdition

PDF_STANDARD = "ua-1"

# The document: data from sys.inputs.edition (see _data); only strings from it are placed.
SOURCE = r"""
#let ed = json(bytes(sys.inputs.edition))
#let released = {
  let (y, m, d) = ed.released.split("-").map(int)
  datetime(year: y, month: m, day: d)
}
#let serif = "Libertinus Serif"
#let grey = luma(35%)

#set document(
  title: ed.title,
  author: (),
  date: released,
  keywords: ed.keywords,
  description: ed.description,
)
#set text(font: serif, size: 11pt, lang: "en", hyphenate: false,
          number-type: "old-style")
#set par(justify: true, leading: 0.62em, spacing: 0.95em, first-line-indent: 0pt,
         justification-limits: (tracking: (min: -0.012em, max: 0.02em)))
#set page(
  paper: "a4",
  margin: (left: 34mm, right: 30mm, top: 27mm, bottom: 28mm),
  header: context {
    if here().page() > 1 {
      set text(size: 8.5pt, fill: grey)
      grid(columns: (1fr, auto),
        smallcaps(ed.running_head),
        ed.edition_short)
      v(-0.5em)
      line(length: 100%, stroke: 0.4pt + grey)
    }
  },
  footer: context {
    set text(size: 9pt, fill: grey)
    align(center, counter(page).display("1"))
  },
)
#set footnote.entry(
  separator: line(length: 25%, stroke: 0.5pt),
  clearance: 1.1em,
  gap: 0.55em,
  indent: 0pt,
)
#show footnote.entry: set text(size: 8.5pt)
#show footnote.entry: set par(leading: 0.5em, justify: true)
#show footnote.entry: it => block(breakable: false, it)
#show link: set text(fill: rgb("#1d3f72"))

// Title block.
#block(width: 100%, below: 1.6em, {
  set par(justify: false)
  text(size: 8.5pt, fill: grey, tracking: 0.06em, upper(ed.kind))
  v(0.5em)
  title(text(size: 19pt, weight: "regular", ed.title))
  v(0.9em)
  text(size: 9pt, style: "italic", fill: grey, ed.attribution_label)
  v(-0.25em)
  block(inset: (left: 1.2em), stroke: (left: 0.6pt + grey), {
    set par(spacing: 0.35em)
    for line in ed.attribution { par(text(size: 10pt, line)) }
  })
})

#block(width: 100%, inset: (x: 0pt, y: 0.8em),
       stroke: (top: 0.5pt + grey, bottom: 0.5pt + grey), below: 2.2em, {
  set text(size: 9pt)
  set par(justify: false, leading: 0.5em, spacing: 0.7em)
  par[#text(weight: "bold", ed.citation_label) #ed.citation]
  par(ed.source_line)
  par(ed.edition_line)
})

// The essay: each paragraph with its number in the margin and its address after it.
#for p in ed.paragraphs {
  block(width: 100%, below: 1.35em, {
    place(left + top, dx: -16mm, dy: 0.1em,
      box(width: 11mm, align(right, text(size: 9pt, fill: grey, number-type: "lining", p.label))))
    par({
      for segment in p.segments {
        segment.text
        if segment.note != none { footnote(segment.note) }
      }
    })
    v(-0.45em)
    block(text(size: 7.5pt, number-type: "lining", link(p.url, p.url)))
  })
}
"""


def segments(text: str, notes) -> list[dict]:
    """A paragraph cut after each note's words: pieces of its text in order, each with the
    text of the note that ends there (or None). The pieces together are the paragraph."""
    cuts = []
    for note in notes:
        start = text.index(note.wording)  # the words occur verbatim in their paragraph
        cuts.append((start + len(note.wording), note.number, note.text))
    pieces, position = [], 0
    for end, _, note_text in sorted(cuts):
        pieces.append({"text": text[position:end], "note": note_text})
        position = end
    if position < len(text):
        pieces.append({"text": text[position:], "note": None})
    return pieces


def _data(edition: KeptEdition) -> dict:
    """What the Typst source reads from sys.inputs.edition: strings and lists of them."""
    return {
        "title": edition.title,
        "kind": "Offprint of the web edition",
        "running_head": edition.title,
        "edition_short": f"Web edition {edition.version} · {edition.released}",
        "attribution_label": "Attribution as given in the source",
        "attribution": list(edition.attribution),
        "citation_label": "Recommended citation:",
        "citation": edition.citation,
        "source_line": edition.source_line,
        "edition_line": edition.edition_line,
        "released": edition.released,
        "keywords": list(edition.keywords),
        "description": f"The essay with numbered paragraphs and the editors’ notes, from {edition.edition_title}, "
                       f"version {edition.version} ({edition.released}).",
        "paragraphs": [{"label": f"¶{p.number}", "url": p.url,
                        "segments": segments(p.text, [n for n in edition.notes if n.paragraph == p.number])}
                       for p in edition.paragraphs],
    }


def timestamp(edition: KeptEdition) -> datetime.datetime:
    """The PDF's creation date: midnight UTC on the edition's release day."""
    return datetime.datetime.fromisoformat(edition.released).replace(tzinfo=datetime.timezone.utc)


def pdf(edition: KeptEdition) -> bytes:
    """The essay as a tagged PDF/UA-1 offprint, the same bytes for the same edition."""
    return typst.compile(
        SOURCE.encode("utf-8"),
        format="pdf",
        sys_inputs={"edition": json.dumps(_data(edition), ensure_ascii=False)},
        ignore_system_fonts=True,
        font_paths=[],
        pdf_standards=[PDF_STANDARD],
        timestamp=timestamp(edition),
    )
