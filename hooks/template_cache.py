"""MkDocs hook: Jinja keeps the templates it has compiled in .cache/jinja/.

Compiling Material's templates is a good part of every build (about 0.15 s of 0.8 s
here); MkDocs compiles them again each time. Jinja's bytecode cache is keyed by each
template's name and a checksum of its source, so an edited template is compiled again.
The folder can be deleted at any time.

Every Jinja environment of the theme gets the cache, including the one Material's search
plugin makes in its own on_config to read its translations: hence the high priority.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.plugins import event_priority


@event_priority(100)
def on_config(config):
    folder = Path(config.config_file_path).parent / ".cache" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    cache = FileSystemBytecodeCache(str(folder))
    theme_env = config.theme.get_env

    def env_with_cache():
        env = theme_env()
        env.bytecode_cache = cache
        return env

    config.theme.get_env = env_with_cache
    return config
