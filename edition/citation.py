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
import re
from urllib.parse import quote, urlencode
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

# The kept formats (edition/kept.py) that the essay's RIS and BibLaTeX downloads name as its full
# text, in this order, by suffix; the plain text and the JSON are the edition's data, not named.
FULL_TEXT = {".pdf": "application/pdf", ".epub": "application/epub+zip"}
FULL_TEXT_TITLES = {"application/pdf": "Full Text PDF", "application/epub+zip": "Full Text EPUB"}


# The citation downloads beside every page (hooks/citations.py writes them, hooks/citable_urls.py
# checks them): for each format, the file of the permanent form, the file of the living form and
# the method of Metadata that writes it. The permanent form keeps the names the files had before
# there were two forms, so that a link to cite.bib still gets the form offered first.
DOWNLOADS = (
    ("cite.bib", "cite-living.bib", "biblatex"),
    ("cite-bibtex.bib", "cite-living-bibtex.bib", "bibtex"),
    ("cite.ris", "cite-living.ris", "ris"),
    ("cite.json", "cite-living.json", "csl_json"),
)

# The suffix of a living form's id (in the formatted citations and the expectation): the
# permanent form, offered first, keeps the plain id ("essay", "p3", "page").
LIVING = "-living"
# What labels the living form wherever it is offered (the cite panel, each "Cite ¶N").
LIVING_SUMMARY = "Cite the living address instead (it always shows the newest edition)"


@dataclass(frozen=True)
class Citable:
    """One thing a reader can cite: the essay, one paragraph of it, or a page of the edition,
    in one of its two forms (docs/cite.md, "Which address a citation names"): at the permanent
    address of the edition being read (the form offered first), or at the living address,
    which always shows the newest edition (`living`). The original blog post has one form."""

    id: str
    url: str
    item: dict  # CSL-JSON
    locator: str | None = None  # paragraph number, for a paragraph
    # The kept files the downloads name as the work's full text: (absolute URL, MIME type) each.
    # Not CSL (CSL-JSON has no variable for a file), so neither the item nor the citations change.
    files: tuple[tuple[str, str], ...] = ()
    living: bool = False

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
        self.keywords = tuple(str(k) for k in cff.get("keywords") or ())
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

    @property
    def edition_url(self) -> str:
        """The permanent address of the edition being read (see edition_address)."""
        return edition_address(self.site_url, self.version)

    def permanent_url(self, url: str) -> str:
        """The permanent address of a page (with its fragment) given by its living address:
        the same path under the edition's permanent address."""
        if not url.startswith(self.site_url):
            raise ValueError(f"{url} is not an address of the edition ({self.site_url})")
        return self.edition_url + url.removeprefix(self.site_url)

    def _address(self, url: str, living: bool) -> str:
        return url if living else self.permanent_url(url)

    def page_url(self, src_uri: str) -> str:
        """The citable address of the page with this source path in docs/, on the online
        edition, which uses directory URLs (essay.md -> essay/); the same when the
        offline copy, whose pages are essay.html, is being built."""
        path = src_uri.removesuffix(".md")
        path = "" if path == "index" else path.removesuffix("/index") + "/"
        return self.site_url + path

    # --- the item model (docs/cite.md, "Why the essay is cited as republished") ------
    #
    # The essay as read here is a blog post republished in this edition: the edition is
    # its container, the edition's date its date, the blog's date its original date, and
    # the edition's address its URL, for the paragraph numbers are the edition's. The
    # original blog post is a second item, with its own blog, date and address. No author.

    @property
    def edition_label(self) -> str:
        """Names the edition in the citations: as CSL's `medium`, which APA, MLA and Chicago
        print for a blog post and all four styles print for a web page (`version` is
        printed by MLA alone)."""
        return f"Web edition, version {self.version}"

    @property
    def title(self) -> str:
        """The essay's title as metadata gives it: the seed's no-break space (U+00A0) made a
        plain space, so that a saved title matches a typed search. The page keeps it."""
        return " ".join(self.essay_title.split())

    @property
    def short_title(self) -> str:
        """The title in the text of APA, MLA and Chicago citations: up to its dash."""
        return self.title.split(" – ")[0]

    @cached_property
    def essay_item(self) -> dict:
        return {
            "id": "essay",
            "type": "post-weblog",
            "title": self.title,
            "title-short": self.short_title,
            "container-title": self.edition_title,
            "issued": _date_parts(self.released),
            "original-date": _date_parts(self.published),
            "medium": self.edition_label,
        }

    # Each citable of the edition is made from the page's living address (site_url + path) and
    # names, as its URL, the permanent address of this edition (editions/VERSION/ + path), or
    # with `living`, the living address itself. Ids and item ids of a living form end in LIVING.

    def essay(self, url: str, kept: list[str] | tuple[str, ...] = (), living: bool = False) -> Citable:
        """The essay; with the names of its kept files in downloads/, its downloads name those
        a reference manager keeps as the full text (the PDF, then the EPUB), in the same
        edition as the URL: the permanent edition's copies, or with `living` the newest."""
        files = tuple((self.download_url(name, living), FULL_TEXT[suffix]) for suffix in FULL_TEXT
                      for name in kept if name.endswith(suffix))
        suffix = LIVING if living else ""
        address = self._address(url, living)
        return Citable("essay" + suffix, address, dict(self.essay_item, id="essay" + suffix, URL=address),
                       files=files, living=living)

    def download_url(self, name: str, living: bool = True) -> str:
        """A kept file's address on the online edition (the offline copy has no downloads/):
        the newest edition's, or the permanent copy of this edition's."""
        return self._address(f"{self.site_url}downloads/{name}", living)

    def paragraph(self, url: str, number: int, living: bool = False) -> Citable:
        anchor, suffix = paragraph_id(number), LIVING if living else ""
        item = dict(self.essay_item, id=f"essay-{anchor}{suffix}", URL=self._address(f"{url}#{anchor}", living))
        return Citable(anchor + suffix, item["URL"], item, locator=str(number), living=living)

    def original(self) -> Citable:
        """The blog post as first published, for readers who cite the source: no paragraphs."""
        return Citable("original", self.original_url, {
            "id": "original",
            "type": "post-weblog",
            "title": self.title,
            "title-short": self.short_title,
            # A domain name: styles that capitalize container titles must leave it alone.
            "container-title": f'<span class="nocase">{self.blog}</span>',
            "issued": _date_parts(self.published),
            "URL": self.original_url,
        })

    def page(self, url: str, title: str, living: bool = False) -> Citable:
        address = self._address(url, living)
        return Citable("page" + (LIVING if living else ""), address, {
            "id": address,
            "type": "webpage",
            "title": title,
            "container-title": self.edition_title,
            "issued": _date_parts(self.released),
            "URL": address,
            "medium": self.edition_label,
        }, living=living)

    def first_published(self) -> str:
        """The line that says where and when the essay first appeared."""
        return f"First published on {self.blog}, {long_date(self.published)}"

    # --- formatted citations -------------------------------------------------------

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

    # --- downloads: each carries the item, for the reference managers' importers --------

    def key(self, citable: Citable) -> str:
        """A citation key unique across the site and across the two forms: the edition's year
        and the page's path, with the version for the permanent form (edition2026-v1.1.0-essay;
        the living form: edition2026-essay)."""
        url = citable.url if citable.living else citable.url.removeprefix(self.edition_url)
        path = url.removeprefix(self.site_url).split("#")[0].strip("/").replace("/", "-") or "home"
        return f"edition{self.released.year}-{path}" if citable.living else \
            f"edition{self.released.year}-v{self.version}-{path}"

    def extra(self, citable: Citable) -> list[str]:
        """What Zotero keeps in Extra, one "Name: value" line each: the CSL variables it has
        no field for (it reads them back when it formats a citation)."""
        item = citable.item
        lines = []
        if "original-date" in item:
            lines.append(f"Original Date: {_iso(item['original-date'])}")
        if "medium" in item:
            lines.append(f"Medium: {item['medium']}")
        return lines

    def csl_json(self, citable: Citable) -> str:
        item = {**citable.item, "id": self.key(citable),
                "container-title": _plain(citable.item["container-title"]), "language": "en"}
        if extra := self.extra(citable):
            item["note"] = "\n".join(extra)
        return json.dumps([item], ensure_ascii=False, indent=2) + "\n"

    def biblatex(self, citable: Citable) -> str:
        """BibLaTeX: @online, which Zotero imports as a web page and biber reads in full."""
        item = citable.item
        fields = [
            Field("title", "{" + item["title"] + "}"),
            Field("organization", "{" + _plain(item["container-title"]) + "}"),
            Field("date", _iso(item["issued"])),
        ]
        if "original-date" in item:
            # The year, as APA gives it ("2015/2026"; biblatex-apa prints what it is given).
            fields.append(Field("origdate", str(item["original-date"]["date-parts"][0][0])))
        if "medium" in item:
            fields.append(Field("version", self.version))
        fields += [
            Field("url", item["URL"]),
            # The day the page was read: the edition's date here; a reader changes it.
            Field("urldate", self.released.isoformat()),
            Field("langid", "english"),
            Field("language", "english"),
        ]
        if citable.files:
            fields.append(Field("file", _file_field(citable.files)))
        library = bibtexparser.Library([Entry("online", self.key(citable), fields)])
        return bibtexparser.write_string(library)

    def bibtex(self, citable: Citable) -> str:
        """Classic BibTeX for natbib styles (plainnat and the like): @misc, whose
        howpublished and note they print. Reference managers should take the BibLaTeX file."""
        item = citable.item
        issued = item["issued"]["date-parts"][0]
        note = "; ".join(filter(None, [item.get("medium"),
                                       self.first_published() if "original-date" in item else None]))
        fields = [
            # With no author, natbib's styles sort and label by `key` ("to sort, need author or key").
            Field("key", item.get("title-short", item["title"])),
            Field("title", "{" + item["title"] + "}"),
            Field("howpublished", "\\url{" + item["URL"] + "}"),
            Field("year", str(issued[0])),
        ]
        if note:
            fields.append(Field("note", note))
        library = bibtexparser.Library([Entry("misc", self.key(citable), fields)])
        return bibtexparser.write_string(library)

    def ris(self, citable: Citable) -> str:
        item = citable.item
        issued = item["issued"]["date-parts"][0]
        entry = {
            "type_of_reference": "BLOG" if item["type"] == "post-weblog" else "ELEC",
            "title": item["title"],
            "secondary_title": _plain(item["container-title"]),
            "year": str(issued[0]),
            "date": "/".join(f"{part:02d}" if i else str(part) for i, part in enumerate(issued)) + "/",
            "urls": [item["URL"]],
            "language": "en",
        }
        if "medium" in item:
            entry["edition"] = item["medium"]  # EndNote's Edition; Zotero reads M2 instead
        if extra := self.extra(citable):
            entry["extra"] = extra  # one M2 line each
        if citable.files:
            # L1, "file attachments", one line each: Zotero links each URL (not a second UR).
            entry["file_attachments1"] = [url for url, _ in citable.files]
        return rispy.dumps([entry], implementation=_RisWriter)

    # --- the page's head: Dublin Core, Open Graph, JSON-LD, COinS -------------------

    def head(self, citable: Citable, title: str) -> dict:
        """Values for the page head's metadata. Zotero's Embedded Metadata translator saves
        the essay as a blog post (DC.type) and every other page as a web page (og:type)."""
        item = citable.item
        date = dt.date(*item["issued"]["date-parts"][0])
        is_essay = item["type"] == "post-weblog"
        return {
            "title": item["title"],
            "container": _plain(item["container-title"]),
            "date": date.isoformat(),
            "url": citable.url,
            "publisher": self.publisher,
            "version": self.version,
            "is_essay": is_essay,
            # "<" escaped so that the JSON can never close its <script> element.
            "json_ld": json.dumps(self._json_ld(citable, date), ensure_ascii=False).replace("<", "\\u003c"),
            "coins": self._coins(citable, date),
            "page_title": " ".join(title.split()),  # the essay's heading keeps the seed's no-break space
        }

    def _json_ld(self, citable: Citable, date: dt.date) -> dict:
        item = citable.item
        edition = {"@type": "WebSite", "name": self.edition_title, "url": self.site_url}
        if item["type"] == "post-weblog":
            return {
                "@context": "https://schema.org",
                "@type": "BlogPosting",
                "headline": item["title"],
                "datePublished": date.isoformat(),
                "url": citable.url,
                "inLanguage": "en",
                "isPartOf": edition,
                "isBasedOn": {
                    "@type": "BlogPosting",
                    "headline": item["title"],
                    "datePublished": self.published.isoformat(),
                    "url": self.original_url,
                    "isPartOf": {"@type": "Blog", "name": self.blog},
                },
                "publisher": {"@type": "Organization", "name": self.publisher},
                "version": self.version,
            }
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": item["title"],
            "datePublished": date.isoformat(),
            "url": citable.url,
            "inLanguage": "en",
            "isPartOf": edition,
            "publisher": {"@type": "Organization", "name": self.publisher},
            "version": self.version,
        }

    def _coins(self, citable: Citable, date: dt.date) -> str:
        """The page's COinS (Zotero's default translator for the page): Dublin Core format,
        the item type Zotero names, no creator. Values are percent-encoded (quote, not
        quote_plus: Zotero reads "+" as a space)."""
        item = citable.item
        return urlencode({
            "ctx_ver": "Z39.88-2004",
            "rft_val_fmt": "info:ofi/fmt:kev:mtx:dc",
            "rft.type": "blogPost" if item["type"] == "post-weblog" else "webpage",
            "rft.title": item["title"],
            "rft.source": _plain(item["container-title"]),
            "rft.date": date.isoformat(),
            "rft.identifier": citable.url,
            "rft.language": "en",
        }, quote_via=quote)


class _RisWriter(rispy.RisWriter):
    """RIS without rispy's numbered header line before each record, and with M2, which
    Zotero imports into Extra."""

    def __init__(self, **kwargs):
        super().__init__(mapping={**rispy.TAG_KEY_MAPPING, "M2": "extra"},
                         list_tags=[*rispy.LIST_TYPE_TAGS, "M2", "L1"], **kwargs)

    def set_header(self, count: int) -> str:
        return ""


def _file_field(files: tuple[tuple[str, str], ...]) -> str:
    """BibLaTeX's `file` field (a verbatim field for a link to a file of the work, printed by none
    of the standard styles) in JabRef's form, which Zotero's BibTeX importer reads:
    "title:path:type" records joined by ";", with "\\", ":", ";" and "$" escaped by a backslash
    (so the URL's "https:" is "https\\:")."""
    def escaped(value: str) -> str:
        return re.sub(r"([\\:;$])", r"\\\1", value)
    return ";".join(f"{FULL_TEXT_TITLES[mime]}:{escaped(url)}:{escaped(mime)}" for url, mime in files)


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


def _iso(date: dict) -> str:
    return dt.date(*date["date-parts"][0]).isoformat()


def edition_address(site_url: str, version: str) -> str:
    """The permanent address of an edition: editions/VERSION/ under site_url, where the
    edition stays as published when newer ones replace it at site_url."""
    return f"{site_url}{project.EDITIONS_DIR}/{version}/"


def long_date(date: dt.date) -> str:
    return f"{date.day} {date.strftime('%B')} {date.year}"
