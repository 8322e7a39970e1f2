"""The edition's data files (see data/README.md), read and checked.

Every problem is reported as a DataError whose message is one line naming the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml


class DataError(ValueError):
    """A data file is missing, malformed or inconsistent. One line naming the file."""


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str
    url: str
    date: str | None = None


@dataclass(frozen=True)
class Note:
    id: str
    paragraph: int
    wording: str
    note: str
    sources: tuple[Source, ...] = ()


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


def _source(path: Path, key: str, entry) -> Source:
    if not isinstance(entry, dict):
        raise DataError(f"{path}: source {key!r} must be a mapping with title, publisher and url")
    missing = [field for field in ("title", "publisher", "url") if not entry.get(field)]
    if missing:
        raise DataError(f"{path}: source {key!r} has no {', '.join(missing)}")
    unknown = set(entry) - {"title", "publisher", "url", "date"}
    if unknown:
        raise DataError(f"{path}: source {key!r} has unknown fields {sorted(unknown)}")
    url = str(entry["url"])
    if not url.startswith("https://"):
        raise DataError(f"{path}: source {key!r} url must be https, found {url!r}")
    date = entry.get("date")
    return Source(key, str(entry["title"]), str(entry["publisher"]), url, None if date is None else str(date))


def load_sources(path: Path) -> dict[str, Source]:
    """The sources of one page, in file order, keyed by their citation key."""
    return {str(key): _source(path, str(key), entry) for key, entry in _read_yaml(path, dict).items()}


def load_notes(path: Path, paragraphs: tuple[str, ...]) -> list[Note]:
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
        sources = tuple(
            _source(path, f"{note_id} source {i}", source)
            for i, source in enumerate(entry.get("sources") or [], start=1)
        )
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
class Edition:
    version: str
    date: str
    changes: tuple[str, ...]
    seed: SeedRecord | None = None


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
        editions.append(Edition(str(entry["version"]), str(entry["date"]), tuple(str(c).strip() for c in entry["changes"]),
                                _seed_record(path, index, entry.get("seed"))))
    return editions


@dataclass(frozen=True)
class CitableUrl:
    url: str  # relative to site_url: "" for the home page, "essay/"
    anchors: tuple[str, ...] = ()
    moved_to: str | None = None  # the new address of a page that moved (its old one redirects)


def load_citable_urls(path: Path) -> list[CitableUrl]:
    """The addresses the edition has promised (data/citable-urls.yml), each listed once."""
    data = _read_yaml(path, dict)
    if not isinstance(data.get("urls"), list):
        raise DataError(f"{path}: expected a list under urls")
    entries, seen = [], set()
    for index, entry in enumerate(data["urls"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str) or set(entry) - {"url", "anchors", "moved_to"}:
            raise DataError(f"{path}: entry {index} needs url (and may have anchors or moved_to, nothing else)")
        url = entry["url"]
        if url in seen:
            raise DataError(f"{path}: {url or '(home)'} is listed twice")
        seen.add(url)
        anchors = entry.get("anchors") or []
        if not isinstance(anchors, list) or not all(isinstance(a, str) and a for a in anchors):
            raise DataError(f"{path}: {url or '(home)'}: anchors must be a list of ids")
        entries.append(CitableUrl(url, tuple(anchors), entry.get("moved_to")))
    return entries
