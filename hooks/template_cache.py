"""MkDocs hook: Jinja keeps the templates it has compiled in .cache/jinja/.

Compiling Material's templates is a good part of every build (about 0.13 s of 0.8 s
here); MkDocs compiles them again each time. Jinja's bytecode cache is keyed by each
template's name and a checksum of its source, so an edited template is compiled again.
The folder can be deleted at any time.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache


def on_env(env, config, files):
    folder = Path(config.config_file_path).parent / ".cache" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
