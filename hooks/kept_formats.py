"""MkDocs hook: the essay in the formats readers keep, written into downloads/ of the site
(edition/kept.py makes them from the seed, the notes and CITATION.cff). Not in the offline
copy, which is itself one of the downloads."""

from __future__ import annotations

from pathlib import Path

from edition import kept


def on_config(config):
    # For the footer, the essay page and the How to cite page (overrides/partials).
    config.extra["kept_files"] = [] if config.extra.get("offline") else kept.files()
    return config


def on_post_build(config):
    if config.extra.get("offline"):
        return
    kept.write(Path(config.site_dir) / "downloads", kept.load())
