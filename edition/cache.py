"""The build's caches: one folder and one switch for all of them.

``.cache/`` in the working directory (the project's folder, as for seeds/ and data/), or
the folder named by the environment variable EDITION_CACHE_DIR, holds:

- ``citeproc/``: citations formatted by citeproc-js (edition.csl);
- ``jinja/``: the theme's compiled templates (hooks/theme_env.py);
- ``pages/``: converted pages (hooks/page_cache.py).

``EDITION_CACHE=0`` turns all of them off. Every entry is keyed by everything that can
change it, so the folder may be deleted at any time, or shared by copies of the project.
A cache is only ever a speed-up: entries are written under a unique temporary name and
then renamed, so that two builds at once never read half an entry; an entry that cannot
be read back is a miss (made again, with one debug line); and an entry is deleted only
when no build has used it for a week (STALE_AFTER), so that one build never deletes
what another, running beside it, is using.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from pathlib import Path

FOLDER = ".cache"
STALE_AFTER = 7 * 24 * 3600  # seconds without use after which an entry is deleted
PRUNE_EVERY = 24 * 3600  # a folder is looked through for stale entries at most this often
PRUNED = ".pruned"  # the file whose date says when a folder was last looked through

log = logging.getLogger("mkdocs.edition.cache")


def folder(name: str) -> Path | None:
    """The folder of one cache, created if needed; None when caching is off."""
    if os.environ.get("EDITION_CACHE") == "0":
        return None
    path = Path(os.environ.get("EDITION_CACHE_DIR") or FOLDER) / name
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
    return path


def load(entry: Path):
    """The JSON value stored in an entry, or None if it is missing or unreadable. A hit
    marks the entry as used now (its modification time), which keeps it from pruning."""
    try:
        value = json.loads(entry.read_text(encoding="utf-8"))
        os.utime(entry)
        return value
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:  # cut short, garbled, or deleted under our feet
        log.debug(f"{entry}: cache entry unreadable ({error.__class__.__name__}), made again")
        return None


def load_bytes(entry: Path) -> bytes | None:
    """The bytes stored in an entry (a made file, such as the PDF), or None; a hit marks
    the entry as used now."""
    try:
        value = entry.read_bytes()
        os.utime(entry)
        return value
    except FileNotFoundError:
        return None


def store(entry: Path, content: str | bytes) -> None:
    """Write an entry whole or not at all, even with another build writing beside it."""
    binary = isinstance(content, bytes)
    with tempfile.NamedTemporaryFile("wb" if binary else "w", encoding=None if binary else "utf-8",
                                     dir=entry.parent, prefix=entry.name, suffix=".tmp", delete=False) as temporary:
        temporary.write(content)
    os.replace(temporary.name, entry)


def prune(folder: Path) -> None:
    """Delete the entries (and temporary files left by a killed build) of a cache folder
    that no build has used for STALE_AFTER seconds. Looking through a folder of thousands
    of entries takes a tenth of a second, so it is done once a day (PRUNE_EVERY), not at
    every build."""
    marker = folder / PRUNED
    now = time.time()
    try:
        if now - marker.stat().st_mtime < PRUNE_EVERY:
            return
    except FileNotFoundError:
        pass
    marker.touch()
    limit = now - STALE_AFTER
    for entry in folder.iterdir():
        try:
            if entry.is_file() and entry.name != PRUNED and entry.stat().st_mtime < limit:
                entry.unlink()
        except FileNotFoundError:  # deleted by another build meanwhile
            pass
