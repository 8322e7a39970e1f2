"""MkDocs hook: under `mkdocs serve`, edits to the edition's Python package take effect.

`mkdocs serve` rebuilds on changes to edition/ (see `watch:` in mkdocs.yml), but Python
keeps the modules it has imported, and MkDocs loads hooks once per process. Listed
first under `hooks:`, this reloads the edition's modules at the start of every build of
a serve session; the other hooks refer to them through their modules so they see the
new code. (edition.csl is left alone: it holds the citeproc-js engines, which take
seconds to build, and it only changes with the vendored engine.)
"""

import importlib
import sys

# In the order of their imports: a module is reloaded after those it uses.
MODULES = ("edition.project", "edition.cache", "edition.essay", "edition.data", "edition.record", "edition.citation",
           "edition.references", "edition.site_index", "edition.markdown_essay", "edition.kept", "edition.kept_pdf",
           "edition.kept_epub", "edition.archive")
_command = {"name": "build"}


def on_startup(command, dirty):
    _command["name"] = command


def on_config(config):
    if _command["name"] == "serve":
        for name in MODULES:
            if name in sys.modules:
                importlib.reload(sys.modules[name])
    return config
