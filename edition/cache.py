"""The build's caches: one folder and one switch for all of them.

``.cache/`` in the working directory (the project's folder, as for seeds/ and data/), or
the folder named by the environment variable EDITION_CACHE_DIR, holds:

- ``citeproc/``: citations formatted by citeproc-js (edition.csl);
- ``jinja/``: the theme's compiled templates (hooks/theme_env.py);
- ``pages/``: converted pages (hooks/page_cache.py).

``EDITION_CACHE=0`` turns all of them off. Every entry is keyed by everything that can
change it, so the folder may be deleted at any time, or shared by copies of the project.
Entries are written under a temporary name and then renamed, and an entry that cannot be
read back is treated as missing, so a build never fails because of the cache.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

FOLDER = ".cache"


def folder(name: str) -> Path | None:
    """The folder of one cache, created if needed; None when caching is off."""
    if os.environ.get("EDITION_CACHE") == "0":
        return None
    path = Path(os.environ.get("EDITION_CACHE_DIR") or FOLDER) / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def load(entry: Path):
    """The JSON value stored in an entry, or None if it is missing or unreadable."""
    try:
        return json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(entry: Path, text: str) -> None:
    """Write an entry whole or not at all, even with another build writing beside it."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=entry.parent, prefix=entry.name,
                                     suffix=".tmp", delete=False) as temporary:
        temporary.write(text)
    os.replace(temporary.name, entry)
