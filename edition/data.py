"""The edition's data files (see data/README.md), read and checked.

Every problem is reported as a DataError whose message is one line naming the file.
"""

from __future__ import annotations

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


# libyaml's loader where it is installed; the same results, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise DataError(f"{path}: not valid YAML{line}") from None
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
class Edition:
    version: str
    date: str
    changes: tuple[str, ...]


def load_editions(path: Path) -> list[Edition]:
    """The editions, newest first."""
    editions = []
    for index, entry in enumerate(_read_yaml(path, list), start=1):
        if not isinstance(entry, dict) or not entry.get("version") or not entry.get("date") or not entry.get("changes"):
            raise DataError(f"{path}: edition {index} needs version, date and changes")
        if not isinstance(entry["changes"], list):
            raise DataError(f"{path}: edition {index}: changes must be a list")
        editions.append(Edition(str(entry["version"]), str(entry["date"]), tuple(str(c).strip() for c in entry["changes"])))
    return editions
