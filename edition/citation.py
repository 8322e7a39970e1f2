"""Citations of the essay, its paragraphs and the edition's pages, from CITATION.cff.

CITATION.cff is the one source of the metadata: the edition's title, version, date
and URL, and (as ``preferred-citation``) the essay's date, blog and original URL. The
essay's title is also checked against the seed. Everything here is derived from it:
CSL-JSON items, citations in four styles (formatted by citeproc-js, see edition.csl),
BibTeX, RIS and the values of the metadata tags in each page's head.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field

from edition import project
from edition.csl import STYLES, format_citations
from edition.data import DataError, parse_yaml
from edition.essay import paragraph_id

# CFF's way of saying that no author is known; the citation then takes each style's
# no-author form (title first).
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Citable:
    """One thing a reader can cite: the essay, one paragraph of it, or a page of the edition."""

    id: str
    url: str
    item: dict  # CSL-JSON
    locator: str | None = None  # paragraph number, for a paragraph

    def requests(self) -> list[dict]:
        request = {"key": self.id, "id": self.item["id"]}
        if self.locator:
            request.update(locator=self.locator, label="paragraph")
        return [request]


class Metadata:
    """CITATION.cff, read once, with what is derived from it."""

    def __init__(self, path: str | Path = project.CITATION_FILE):
        self.path = Path(path)
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DataError(f"{self.path}: file not found") from None
        except UnicodeDecodeError as error:
            raise DataError(f"{self.path}: not valid UTF-8 (offset {error.start})") from None
        except OSError as error:
            raise DataError(f"{self.path}: cannot read the file ({error.strerror})") from None
        cff = parse_yaml(text, self.path)
        essay = self._field(text, cff, "preferred-citation", dict)
        self.edition_title = self._field(text, cff, "title", str)
        self.version = str(self._field(text, cff, "version", (str, int, float)))
        self.released = self._date(text, cff, "date-released")
        self.site_url = self._field(text, cff, "url", str).rstrip("/") + "/"
        authors = self._field(text, cff, "authors", list)
        if not authors or not isinstance(authors[0], dict) or not authors[0].get("name"):
            raise DataError(f"{self.path}:{_line_of(text, 'authors')}: authors needs a first entry with a name")
        self.publisher = authors[0]["name"]
        self.essay_title = self._field(text, essay, "title", str, "preferred-citation")
        self.blog = self._field(text, essay, "collection-title", str, "preferred-citation")
        self.published = self._date(text, essay, "date-published", "preferred-citation")
        self.original_url = self._field(text, essay, "url", str, "preferred-citation")
        named = [a for a in self._field(text, essay, "authors", list, "preferred-citation")
                 if not isinstance(a, dict) or a.get("name") != ANONYMOUS]
        if named:
            raise DataError(f"{self.path}:{_line_of(text, 'authors', after='preferred-citation')}: the essay's "
                            f"author is not verified; list it as name: {ANONYMOUS}")

    def _field(self, text: str, mapping, key: str, kind, within: str | None = None):
        """mapping[key], of the given type; DataError with the file and line otherwise."""
        name = f"{within}: {key}" if within else key
        if not isinstance(mapping, dict) or key not in mapping:
            where = f":{_line_of(text, within)}" if within else ""
            raise DataError(f"{self.path}{where}: {name} is missing")
        if not isinstance(mapping[key], kind) or isinstance(mapping[key], bool):
            raise DataError(f"{self.path}:{_line_of(text, key, after=within)}: {name} is malformed")
        return mapping[key]

    def _date(self, text: str, mapping, key: str, within: str | None = None) -> dt.date:
        value = self._field(text, mapping, key, (dt.date, str), within)
        try:
            return _date(value)
        except ValueError:
            raise DataError(f"{self.path}:{_line_of(text, key, after=within)}: {key} must be a date "
                            f"written YYYY-MM-DD, found {value!r}") from None

    def page_url(self, src_uri: str) -> str:
        """The citable address of the page with this source path in docs/, on the online
        edition, which uses directory URLs (essay.md -> essay/); the same when the
        offline copy, whose pages are essay.html, is being built."""
        path = src_uri.removesuffix(".md")
        path = "" if path == "index" else path.removesuffix("/index") + "/"
        return self.site_url + path

    # --- CSL-JSON items ---------------------------------------------------------

    @property
    def edition_label(self) -> str:
        """Names the edition in the citations: as CSL's `medium`, which APA, MLA and Chicago
        print for a blog post and all four styles print for a web page (`version` is
        printed by MLA alone)."""
        return f"Web edition, version {self.version}"

    @cached_property
    def essay_item(self) -> dict:
        return {
            "id": "essay",
            "type": "post-weblog",
            "title": self.essay_title,
            # A domain name: styles that capitalize container titles must leave it alone.
            "container-title": f'<span class="nocase">{self.blog}</span>',
            "issued": _date_parts(self.published),
            "URL": self.original_url,
            "medium": self.edition_label,
        }

    def essay(self, url: str) -> Citable:
        return Citable("essay", url, dict(self.essay_item, URL=url))

    def paragraph(self, url: str, number: int) -> Citable:
        anchor = paragraph_id(number)
        item = dict(self.essay_item, id=f"essay-{anchor}", URL=f"{url}#{anchor}")
        return Citable(anchor, item["URL"], item, locator=str(number))

    def page(self, url: str, title: str) -> Citable:
        return Citable("page", url, {
            "id": url,
            "type": "webpage",
            "title": title,
            "container-title": self.edition_title,
            "issued": _date_parts(self.released),
            "URL": url,
            "medium": self.edition_label,
        })

    # --- formatted citations and downloads ---------------------------------------

    def formatted(self, citables: list[Citable]) -> dict[str, list[dict]]:
        """For each citable id: one entry per style with its bibliography entry as HTML
        and its in-text citation as text (a reader copies the entry's text from the page).
        Each citable is formatted, and cached, on its own: a paragraph's citation does not
        depend on which others are on the page."""
        result = {}
        for citable in citables:
            styles = format_citations([citable.item], citable.requests())
            result[citable.id] = [{
                "style": style.key,
                "label": style.label,
                "html": styles[style.key]["html"][citable.id]["bibliography"],
                "in_text": styles[style.key]["text"][citable.id]["citation"],
            } for style in STYLES]
        return result

    def csl_json(self, citable: Citable) -> str:
        return json.dumps([citable.item], ensure_ascii=False, indent=2) + "\n"

    def bibtex(self, citable: Citable) -> str:
        item = citable.item
        issued = item["issued"]["date-parts"][0]
        fields = [
            Field("title", "{" + item["title"] + "}"),
            Field("howpublished", _plain(item["container-title"])),
            Field("year", str(issued[0])),
            Field("month", str(issued[1])),
            Field("url", item["URL"]),
            Field("note", f"Web edition, version {self.version}"
                  + (f", paragraph {citable.locator}" if citable.locator else "")),
        ]
        library = bibtexparser.Library([Entry("misc", _bibtex_key(citable, issued[0]), fields)])
        return bibtexparser.write_string(library)

    def ris(self, citable: Citable) -> str:
        item = citable.item
        issued = item["issued"]["date-parts"][0]
        entry = {
            "type_of_reference": "BLOG" if item["type"] == "post-weblog" else "ELEC",
            "title": item["title"],
            "secondary_title": _plain(item["container-title"]),
            "year": str(issued[0]),
            "date": "/".join(f"{part:02d}" if i else str(part) for i, part in enumerate(issued)),
            "urls": [item["URL"]],
            "edition": f"Web edition, version {self.version}",
        }
        if citable.locator:
            entry["notes"] = [f"Paragraph {citable.locator}"]
        return rispy.dumps([entry], implementation=_RisWriter)

    def head(self, citable: Citable, title: str) -> dict:
        """Values for the page head's metadata (Highwire, Dublin Core, Open Graph, JSON-LD, COinS)."""
        item = citable.item
        date = dt.date(*item["issued"]["date-parts"][0])
        return {
            "title": _plain(item["title"]),
            "container": _plain(item["container-title"]),
            "date": date.isoformat(),
            "highwire_date": date.strftime("%Y/%m/%d"),
            "url": citable.url,
            "publisher": self.publisher,
            "version": self.version,
            "is_essay": item["type"] == "post-weblog",
            # "<" escaped so that the JSON can never close its <script> element.
            "json_ld": json.dumps(self._json_ld(citable, date), ensure_ascii=False).replace("<", "\\u003c"),
            "coins": self._coins(citable, date),
            "page_title": title,
        }

    def _json_ld(self, citable: Citable, date: dt.date) -> dict:
        item = citable.item
        if item["type"] == "post-weblog":
            return {
                "@context": "https://schema.org",
                "@type": "BlogPosting",
                "headline": item["title"],
                "datePublished": date.isoformat(),
                "url": citable.url,
                "isBasedOn": self.original_url,
                "isPartOf": {"@type": "Blog", "name": self.blog},
                "publisher": {"@type": "Organization", "name": self.publisher},
                "version": self.version,
            }
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": item["title"],
            "datePublished": date.isoformat(),
            "url": citable.url,
            "isPartOf": {"@type": "WebSite", "name": self.edition_title, "url": self.site_url},
            "publisher": {"@type": "Organization", "name": self.publisher},
            "version": self.version,
        }

    def _coins(self, citable: Citable, date: dt.date) -> str:
        from urllib.parse import urlencode

        item = citable.item
        return urlencode({
            "ctx_ver": "Z39.88-2004",
            "rft_val_fmt": "info:ofi/fmt:kev:mtx:dc",
            "rft.type": "blogPost" if item["type"] == "post-weblog" else "webpage",
            "rft.title": _plain(item["title"]),
            "rft.source": _plain(item["container-title"]),
            "rft.date": date.isoformat(),
            "rft.identifier": citable.url,
            "rft.publisher": self.publisher,
            "rft.language": "en",
        })


class _RisWriter(rispy.RisWriter):
    """RIS without rispy's numbered header line before each record."""

    def set_header(self, count: int) -> str:
        return ""


def _line_of(text: str, key: str, after: str | None = None) -> int:
    """The line (1-based) where a key of the YAML text is given, after another key if named."""
    lines = text.splitlines()
    start = next((i + 1 for i, line in enumerate(lines) if after and line.lstrip().startswith(f"{after}:")), 0)
    return next((i + 1 for i, line in enumerate(lines[start:], start=start)
                 if line.lstrip().removeprefix("- ").startswith(f"{key}:")), start or 1)


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _date_parts(date: dt.date) -> dict:
    return {"date-parts": [[date.year, date.month, date.day]]}


def _plain(text: str) -> str:
    """A CSL rich-text value without its markup (only the nocase span is used here)."""
    return text.replace('<span class="nocase">', "").replace("</span>", "")


def _bibtex_key(citable: Citable, year: int) -> str:
    base = "essay" if citable.item["type"] == "post-weblog" else "edition"
    return f"{base}{year}" + (paragraph_id(int(citable.locator)) if citable.locator else "")
