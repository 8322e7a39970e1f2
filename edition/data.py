"""The edition's data files (see data/README.md), read and checked.

Every problem is reported as a DataError whose message is one line naming the file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml


class DataError(ValueError):
    """A data file is missing, malformed or inconsistent. One line naming the file."""


@dataclass(frozen=True)
class Source:
    """One entry of the bibliography (data/bibliography.yml)."""

    key: str
    title: str
    publisher: str
    url: str
    date: str | None = None  # the source's own date: YYYY, YYYY-MM or YYYY-MM-DD
    type: str = "webpage"  # a CSL item type (SOURCE_TYPES)
    number: str | None = None  # a document's symbol, such as A/RES/70/125
    authors: tuple[str, ...] = ()  # people, each "Family, Given"; else the publisher stands as author
    container: str | None = None  # the journal, blog or site an article appears in


@dataclass(frozen=True)
class Citation:
    """A source cited by key, with an optional locator ("para. 34", "art. 27")."""

    key: str
    locator: str | None = None


@dataclass(frozen=True)
class Event:
    """One dated event of the register (data/events.yml)."""

    id: str
    start: str  # YYYY, YYYY-MM or YYYY-MM-DD
    end: str | None  # the last day of a span, as precise as start
    text: str
    sources: tuple[Citation, ...]
    page: str  # the page (page.md or page.md#anchor) that discusses it

    @property
    def datetime(self) -> str:
        """The date as an ISO 8601 date or interval (start/end)."""
        return f"{self.start}/{self.end}" if self.end else self.start

    @property
    def label(self) -> str:
        """The date as readers read it: "23 October 2014", "10–13 June 2014",
        "20 October – 7 November 2014", "July 2014", "1865"."""
        start = _date_parts(self.start)
        if not self.end:
            return " ".join(start)
        end = _date_parts(self.end)
        same = 0  # how many trailing parts (year, then month) the two ends share
        while same < min(len(start), len(end)) - 1 and start[-1 - same] == end[-1 - same]:
            same += 1
        head = " ".join(start[: len(start) - same])
        # An en dash closed up between numbers (10–13 June, 1865–1934), spaced between dates.
        closed = len(start) == 1 or (len(start) == 3 and same == 2)
        return f"{head}{'–' if closed else ' – '}{' '.join(end)}"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def _date_parts(date: str) -> list[str]:
    """"2014-10-23" -> ["23", "October", "2014"]; "2014-07" -> ["July", "2014"]."""
    parts = date.split("-")
    words = [parts[0]]
    if len(parts) > 1:
        words.insert(0, MONTHS[int(parts[1]) - 1])
    if len(parts) > 2:
        words.insert(0, str(int(parts[2])))
    return words


@dataclass(frozen=True)
class Note:
    id: str
    paragraph: int
    wording: str
    note: str
    sources: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Abbreviation:
    abbr: str
    expansion: str
    page: str | None  # docs-relative target (page.md or page.md#anchor), if the site has one


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe loader (libyaml's where it is installed: several times faster) that
    refuses a key given twice in one mapping, where YAML would keep the last silently."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    raise yaml.constructor.ConstructorError(None, None, f"{key!r} is given twice", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str, path: Path):
    """The YAML text of the file at path; DataError naming the file, the line and the problem."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        # Where a construct began (an unclosed quote, say) tells more than where YAML gave up.
        mark = error.context_mark or error.problem_mark
        problem = ", ".join(filter(None, (error.context, error.problem)))
        if error.context_mark and error.problem_mark and error.problem_mark.line != mark.line:
            problem += f" (line {error.problem_mark.line + 1})"
        raise DataError(f"{path}:{mark.line + 1}: not valid YAML: {problem}") from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        raise DataError(f"{path}:{line}: not valid YAML: {error.reason} (U+{error.character:04X})") from None


def _read_yaml(path: Path, kind: type):
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    # Every page reads the same files: parse each once per version of the file.
    return _parse_yaml(path, kind, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _parse_yaml(path: Path, kind: type, mtime_ns: int, size: int):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataError(f"{path}: not valid UTF-8 (offset {error.start})") from None
    except OSError as error:
        raise DataError(f"{path}: cannot read the file ({error.strerror})") from None
    data = parse_yaml(text, path)
    if not isinstance(data, kind):
        raise DataError(f"{path}: expected a {'mapping' if kind is dict else 'list'} at the top level")
    return data


SOURCE_FIELDS = ("title", "publisher", "url", "date", "type", "number", "author", "container")
SOURCE_TYPES = ("webpage", "document", "report", "book", "chapter", "legislation", "article-journal", "post-weblog")
# Copies of other hosts' documents, which the edition never cites (the original instead).
MIRROR_HOSTS = ("docslib.org", "studylib.net", "123dok.com", "dokumen.tips", "docplayer.net", "blogspot.com",
                "scarabresearch.com", "archive.org", "archive.ph", "scribd.com")
# Hosts that serve a site's pages under another name (webmail, back office, apps).
SIDE_HOSTS = ("mail.", "webmail.", "admin.", "whm.", "cpanel.", "apps.")
# A path segment naming a language other than English (un.org/zh/..., ecosoc.un.org/fr/...).
OTHER_LANGUAGE = re.compile(r"^(ar|de|es|fr|ru|zh|pt|ja|ko)(-[a-z]+)?$", re.IGNORECASE)


def non_canonical(url: str) -> str | None:
    """Why url is not the address the edition cites a source by, or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https":
        return "is not https"
    if any(host == mirror or host.endswith("." + mirror) for mirror in MIRROR_HOSTS):
        return f"is a copy on {host}, not the original"
    if host.startswith(SIDE_HOSTS):
        return f"is on {host}, not the site's own host"
    if "p" in parse_qs(parts.query):
        return "is a WordPress ?p= link, not the page's address"
    if any(OTHER_LANGUAGE.match(segment) for segment in parts.path.split("/")):
        return "is a page in another language than English"
    return None


PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _date(value) -> str:
    """A date of a data file as text: YYYY, YYYY-MM or YYYY-MM-DD (YAML reads an
    unquoted full date as a date)."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if not PARTIAL_DATE.fullmatch(text):
        raise ValueError(text)
    # A month or a day that does not exist.
    dt.date.fromisoformat((text + "-01-01")[:10])
    return text



def _source(path: Path, key: str, entry) -> Source:
    if not isinstance(entry, dict):
        raise DataError(f"{path}: source {key!r} must be a mapping with title, publisher and url")
    missing = [field for field in ("title", "publisher", "url") if not entry.get(field)]
    if missing:
        raise DataError(f"{path}: source {key!r} has no {', '.join(missing)}")
    unknown = set(entry) - set(SOURCE_FIELDS)
    if unknown:
        raise DataError(f"{path}: source {key!r} has unknown fields {sorted(unknown)} (fields: {', '.join(SOURCE_FIELDS)})")
    url = str(entry["url"])
    if problem := non_canonical(url):
        raise DataError(f"{path}: source {key!r}: its url {url} {problem}")
    kind = str(entry.get("type", "webpage"))
    if kind not in SOURCE_TYPES:
        raise DataError(f"{path}: source {key!r}: type {kind!r} is not one of {', '.join(SOURCE_TYPES)}")
    date = entry.get("date")
    if date is not None:
        try:
            date = _date(date)
        except ValueError:
            raise DataError(f"{path}: source {key!r}: date must be written YYYY, YYYY-MM or YYYY-MM-DD, found {date!r}") from None
    number, container = entry.get("number"), entry.get("container")
    authors = entry.get("author") or []
    if not isinstance(authors, list) or not all(isinstance(a, str) and re.fullmatch(r"[^,]+, [^,]+", a) for a in authors):
        raise DataError(f"{path}: source {key!r}: author must be a list of names written \"Family, Given\"")
    return Source(key, str(entry["title"]), str(entry["publisher"]), url, date, kind,
                  None if number is None else str(number), tuple(authors), None if container is None else str(container))


def load_bibliography(path: Path) -> dict[str, Source]:
    """Every source of the site, keyed by its citation key; one entry per URL."""
    sources, urls = {}, {}
    for key, entry in _read_yaml(path, dict).items():
        source = _source(path, str(key), entry)
        if source.url in urls:
            raise DataError(f"{path}: sources {urls[source.url]!r} and {source.key!r} have the same url; "
                            f"define each source once")
        urls[source.url] = source.key
        sources[source.key] = source
    return sources


CITATION = re.compile(r"(?P<key>[\w.-]+)(?:\s*,\s*(?P<locator>[^\[\]\n]+?))?\s*")


def parse_citation(text: str) -> Citation | None:
    """"KEY" or "KEY, LOCATOR" (as written after "source" in a page, or in a data file)."""
    match = CITATION.fullmatch(text.strip())
    return Citation(match["key"], match["locator"]) if match else None


def _citations(path: Path, owner: str, entries, bibliography: dict[str, Source]) -> tuple[Citation, ...]:
    if not isinstance(entries, list) or not entries:
        raise DataError(f"{path}: {owner} needs a list of sources (keys of the bibliography)")
    citations = []
    for entry in entries:
        citation = parse_citation(str(entry))
        if citation is None or citation.key not in bibliography:
            raise DataError(f"{path}: {owner} cites {entry!r}, which is not a key of the bibliography")
        citations.append(citation)
    return tuple(citations)


def load_events(path: Path, bibliography: dict[str, Source]) -> list[Event]:
    """The register of dated events, in date order."""
    events, seen = [], set()
    for index, entry in enumerate(_read_yaml(path, list), start=1):
        fields = {"id", "date", "event", "sources", "page"}
        if not isinstance(entry, dict) or set(entry) != fields:
            raise DataError(f"{path}: event {index} needs exactly {', '.join(sorted(fields))}")
        event_id = str(entry["id"])
        if event_id in seen:
            raise DataError(f"{path}: event id {event_id!r} is used twice")
        seen.add(event_id)
        written = entry["date"].isoformat() if isinstance(entry["date"], dt.date) else str(entry["date"])
        try:
            start, _, end = written.partition("/")
            start, end = _date(start), (_date(end) if end else None)
            if end and (len(end) != len(start) or end <= start):
                raise ValueError
        except ValueError:
            raise DataError(f"{path}: event {event_id!r}: date must be YYYY, YYYY-MM or YYYY-MM-DD, or a span "
                            f"START/END of two such dates in order, found {written!r}") from None
        events.append(Event(event_id, start, end, str(entry["event"]).strip(),
                            _citations(path, f"event {event_id!r}", entry["sources"], bibliography), str(entry["page"])))
    return sorted(events, key=lambda event: (event.start, event.end or ""))


def load_notes(path: Path, paragraphs: tuple[str, ...], bibliography: dict[str, Source]) -> list[Note]:
    """The editors' notes; each one's wording must occur verbatim in the paragraph it names."""
    notes, seen = [], set()
    for index, entry in enumerate(_read_yaml(path, list), start=1):
        if not isinstance(entry, dict) or not {"id", "paragraph", "wording", "note"} <= set(entry):
            raise DataError(f"{path}: note {index} needs id, paragraph, wording and note")
        note_id, number = str(entry["id"]), entry["paragraph"]
        if note_id in seen:
            raise DataError(f"{path}: note id {note_id!r} is used twice")
        seen.add(note_id)
        if type(number) is not int or not 1 <= number <= len(paragraphs):  # bool is an int too
            raise DataError(f"{path}: note {note_id!r} names paragraph {number!r}; the essay has ¶1–¶{len(paragraphs)}")
        if str(entry["wording"]) not in paragraphs[number - 1]:
            raise DataError(f"{path}: note {note_id!r}: its wording is not in ¶{number}")
        sources = _citations(path, f"note {note_id!r}", entry["sources"], bibliography) if "sources" in entry else ()
        notes.append(Note(note_id, number, str(entry["wording"]), str(entry["note"]).strip(), sources))
    return notes


def load_glossary(path: Path) -> list[Abbreviation]:
    entries = []
    for abbr, entry in _read_yaml(path, dict).items():
        if not isinstance(entry, dict) or not entry.get("expansion"):
            raise DataError(f"{path}: {abbr!r} needs an expansion")
        entries.append(Abbreviation(str(abbr), str(entry["expansion"]), entry.get("page")))
    return entries


def load_mentions(path: Path) -> dict[str, tuple[str, ...]]:
    """Link target (page.md or page.md#anchor) -> the words of the essay that name it."""
    mentions = {}
    for target, terms in _read_yaml(path, dict).items():
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t for t in terms):
            raise DataError(f"{path}: {target!r} needs a list of words")
        mentions[str(target)] = tuple(terms)
    return mentions


@dataclass(frozen=True)
class SeedRecord:
    """The seed an edition publishes (see edition/record.py)."""

    sha256: str
    title: str
    attribution: str
    paragraphs: tuple[str, ...]
    comment_form: str


@dataclass(frozen=True)
class ArchiveRecord:
    """Where a past edition's build is kept (edition/archive.py): the commit it was built
    from, and the SHA-256 of the listing of its files (editions/VERSION.sha256)."""

    commit: str
    listing: str


@dataclass(frozen=True)
class Edition:
    version: str
    date: str
    changes: tuple[str, ...]
    seed: SeedRecord | None = None
    # The corrections it made, page by page: page path inside docs/ -> what changed.
    corrections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    archive: ArchiveRecord | None = None


def _archive_record(path: Path, index: int, entry) -> ArchiveRecord | None:
    if entry is None:
        return None
    if (not isinstance(entry, dict) or set(entry) != {"commit", "listing"}
            or not re.fullmatch(r"[0-9a-f]{40}", str(entry["commit"]))
            or not re.fullmatch(r"[0-9a-f]{64}", str(entry["listing"]))):
        raise DataError(f"{path}: edition {index}: archive needs exactly commit (40 hex digits) and listing "
                        "(64 hex digits), as python -m edition.archive freeze prints them")
    return ArchiveRecord(str(entry["commit"]), str(entry["listing"]))


def _seed_record(path: Path, index: int, entry) -> SeedRecord | None:
    if entry is None:
        return None
    fields = ("sha256", "title", "attribution", "paragraphs", "comment_form")
    if not isinstance(entry, dict) or set(entry) != set(fields) or not isinstance(entry["paragraphs"], list):
        raise DataError(f"{path}: edition {index}: seed needs exactly {', '.join(fields)} (paragraphs a list)")
    return SeedRecord(str(entry["sha256"]), str(entry["title"]), str(entry["attribution"]),
                      tuple(str(p) for p in entry["paragraphs"]), str(entry["comment_form"]))


def load_editions(path: Path) -> list[Edition]:
    """The editions, newest first."""
    editions = []
    for index, entry in enumerate(_read_yaml(path, list), start=1):
        if not isinstance(entry, dict) or not entry.get("version") or not entry.get("date") or not entry.get("changes"):
            raise DataError(f"{path}: edition {index} needs version, date and changes")
        if not isinstance(entry["changes"], list):
            raise DataError(f"{path}: edition {index}: changes must be a list")
        try:
            dt.date.fromisoformat(str(entry["date"]))
        except ValueError:
            raise DataError(f"{path}: edition {index}: date must be written YYYY-MM-DD, found {entry['date']!r}") from None
        corrections = entry.get("corrections") or {}
        if not isinstance(corrections, dict) or not all(
                isinstance(items, list) and items and all(isinstance(i, str) for i in items) for items in corrections.values()):
            raise DataError(f"{path}: edition {index}: corrections must map each page (a path inside docs/) "
                            "to a list of what was corrected")
        editions.append(Edition(str(entry["version"]), str(entry["date"]), tuple(str(c).strip() for c in entry["changes"]),
                                _seed_record(path, index, entry.get("seed")),
                                tuple((str(page), tuple(i.strip() for i in items)) for page, items in corrections.items()),
                                _archive_record(path, index, entry.get("archive"))))
    return editions


@dataclass(frozen=True)
class CitableUrl:
    url: str  # relative to site_url: "" for the home page, "essay/"
    anchors: tuple[str, ...] = ()
    moved_to: str | None = None  # the new address of a page that moved (its old one redirects)


def load_citable_urls(path: Path) -> list[CitableUrl]:
    """The addresses the edition has promised (data/citable-urls.yml), each listed once."""
    return _citable_urls(path, _read_yaml(path, dict).get("urls"), "urls")


def _citable_urls(path: Path, listing, where: str) -> list[CitableUrl]:
    if not isinstance(listing, list):
        raise DataError(f"{path}: expected a list under {where}")
    entries, seen = [], set()
    for index, entry in enumerate(listing, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str) or set(entry) - {"url", "anchors", "moved_to"}:
            raise DataError(f"{path}: {where}: entry {index} needs url (and may have anchors or moved_to, nothing else)")
        url = entry["url"]
        if url in seen:
            raise DataError(f"{path}: {where}: {url or '(home)'} is listed twice")
        seen.add(url)
        anchors = entry.get("anchors") or []
        if not isinstance(anchors, list) or not all(isinstance(a, str) and a for a in anchors):
            raise DataError(f"{path}: {where}: {url or '(home)'}: anchors must be a list of ids")
        entries.append(CitableUrl(url, tuple(anchors), entry.get("moved_to")))
    return entries


def load_archived_urls(path: Path) -> dict[str, tuple[list[CitableUrl], tuple[str, ...]]]:
    """What each past edition promised at its permanent address (data/citable-urls.yml,
    ``editions``): version -> (its addresses, its files), relative to editions/VERSION/."""
    editions = _read_yaml(path, dict).get("editions") or {}
    if not isinstance(editions, dict):
        raise DataError(f"{path}: editions must map each past edition's version to its urls and files")
    promised = {}
    for version, entry in editions.items():
        if not isinstance(entry, dict) or set(entry) - {"urls", "files"}:
            raise DataError(f"{path}: editions: {version} needs urls (and may have files, nothing else)")
        promised[str(version)] = (_citable_urls(path, entry.get("urls"), f"editions: {version}: urls"),
                                  _citable_files(path, entry.get("files"), f"editions: {version}: files"))
    return promised


def load_citable_files(path: Path) -> tuple[str, ...]:
    """The files the edition has promised at their own addresses (data/citable-urls.yml,
    ``files``: the essay as kept files), relative to site_url."""
    return _citable_files(path, _read_yaml(path, dict).get("files"), "files")


def _citable_files(path: Path, files, where: str) -> tuple[str, ...]:
    files = files or []
    if not isinstance(files, list) or not all(isinstance(f, str) and f and not f.startswith("/") for f in files):
        raise DataError(f"{path}: {where} must be a list of paths relative to the site, such as downloads/essay.txt")
    return tuple(files)
