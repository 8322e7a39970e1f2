"""MkDocs hook: the essay in the formats readers keep, written into downloads/ of the site
(edition/kept.py makes them from the seed, the notes and CITATION.cff). Not in the offline
copy, which is itself one of the downloads.

Making them reads the seed, the data and CITATION.cff and formats a citation (about 50 ms
even when the PDF and the EPUB come from their cache), so the files of the last build are
kept in the kept/ cache (edition.cache) under a digest of everything they are made from,
and copied from there while nothing of it changes.
"""

from __future__ import annotations

import hashlib
import shutil
from importlib.metadata import version
from pathlib import Path

from edition import cache, csl, kept, project


def on_config(config):
    # For the footer, the essay page and the How to cite page (overrides/partials).
    config.extra["kept_files"] = [] if config.extra.get("offline") else kept.files()
    return config


def on_post_build(config):
    if config.extra.get("offline"):
        return
    target = Path(config.site_dir) / "downloads"
    folder = cache.folder("kept")
    key = inputs_digest(Path(config.docs_dir)) if folder else ""
    names = [name for name, _ in kept.files()]
    stored = [folder / f"{key}-{name}" for name in names] if folder else []
    if stored and all(cache.load_bytes(entry) is not None for entry in stored):
        target.mkdir(parents=True, exist_ok=True)
        for entry, name in zip(stored, names):
            shutil.copyfile(entry, target / name)
        return
    for path in kept.write(target, kept.load()):
        if folder:
            cache.store(folder / f"{key}-{path.name}", path.read_bytes())


def inputs_digest(docs: Path) -> str:
    """Everything the kept files are made from: the seed, the data, CITATION.cff, the pages
    and mkdocs.yml's Markdown settings (the EPUB has some of the pages), the edition's code,
    the citation engine's styles and Typst's version."""
    files = [Path(project.SEED), Path(project.CITATION_FILE), Path("mkdocs.yml"),
             *sorted(Path(project.DATA_DIR).rglob("*.yml")), *sorted(docs.rglob("*.md")),
             *sorted(Path(kept.__file__).parent.glob("*.py"))]
    digest = hashlib.sha256(f"{csl.fingerprint()}\0{version('typst')}".encode())
    for file in files:
        digest.update(f"{file}\0".encode() + file.read_bytes())
    return digest.hexdigest()
