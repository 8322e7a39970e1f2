"""MkDocs hook: a page whose Markdown and inputs are unchanged is not converted again.

MkDocs converts the Markdown of every page at every build; here that is most of a build's
own work. What a conversion produces (the HTML, the table of contents, the title, the ids
of the page and the links it makes to ids of other pages) is kept in
.cache/pages/<config>/, one file per page, under a key made of everything the conversion
reads:

- the page's Markdown (after the page_markdown event), its source path and its URL;
- the source path and URL of every file of the site, which links are checked against;
- the settings the conversion reads (Markdown extensions and their options, URL style,
  link validation, docs folder), and MkDocs', Python-Markdown's and Python's versions;
- the source files of every package that provides a Markdown extension in use (the
  edition's package among them), by size and modification time;
- the seed, the data folder and CITATION.cff, which the edition's extension reads, and
  the citation engine and styles (edition.csl's fingerprints).

A conversion that logged anything (a broken link, say) is not kept, so that the next
build reports it again; nor is one made under --verbose, which skips MkDocs' anchor
check. Entries a build did not use are deleted at its end. The folder can be deleted at
any time; EDITION_RENDER_CACHE=0 turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from pathlib import Path

import markdown
import mkdocs
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from edition import csl, markdown_essay

_state: dict = {}


def on_config(config):
    _state.clear()
    if os.environ.get("EDITION_RENDER_CACHE") == "0":
        return config
    config_file = Path(config.config_file_path)
    folder = config_file.parent / ".cache" / "pages" / config_file.stem
    folder.mkdir(parents=True, exist_ok=True)
    _state.update(folder=folder, used=set(), inputs=_inputs_digest(config))
    if not hasattr(Page, "_render_uncached"):  # MkDocs' own, kept once per process
        Page._render_uncached = Page.render
    Page.render = _render
    return config


def on_post_build(config):
    if _state:
        for entry in _state["folder"].glob("*.json"):
            if entry.stem not in _state["used"]:
                entry.unlink(missing_ok=True)


def _render(page: Page, config, files) -> None:
    if not _state:
        return page._render_uncached(config, files)
    key = _key(page, files)
    _state["used"].add(key)
    entry = _state["folder"] / f"{key}.json"
    if entry.exists():
        _restore(page, files, json.loads(entry.read_text(encoding="utf-8")))
        return None
    with _LogRecorder() as recorder:
        page._render_uncached(config, files)
    if not recorder.records and _collects_anchor_links():
        temporary = entry.with_suffix(".tmp")
        temporary.write_text(json.dumps(_saved(page), ensure_ascii=False), encoding="utf-8")
        temporary.replace(entry)
    return None


def _saved(page: Page) -> dict:
    return {
        "content": page.content,
        "toc": [_toc_token(anchor) for anchor in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links_to_anchors": {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()},
    }


def _toc_token(anchor) -> dict:
    """An entry of the table of contents as Python-Markdown's toc extension gives it."""
    return {"name": anchor.title, "id": anchor.id, "level": anchor.level,
            "children": [_toc_token(child) for child in anchor.children]}


def _restore(page: Page, files, saved: dict) -> None:
    page.content = saved["content"]
    page.toc = get_toc(saved["toc"])
    page._title_from_render = saved["title"]
    page.present_anchor_ids = set(saved["anchors"])
    if _collects_anchor_links():
        page.links_to_anchors = {files.get_file_from_path(src): links for src, links in saved["links_to_anchors"].items()}


def _collects_anchor_links() -> bool:
    """MkDocs keeps a page's links to anchors (checked after all pages are converted) only
    when it is not logging at debug level (`--verbose`); a conversion made without them
    is not kept, or a later build would not check them."""
    return logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG


def _key(page: Page, files) -> str:
    parts = (_state["inputs"], _files_digest(files), page.file.src_uri, page.file.url, page.markdown)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _files_digest(files) -> str:
    """The site's files as links see them; computed once per build (one Files object)."""
    if _state.get("files") is not files:
        listing = sorted((file.src_uri, file.url) for file in files)
        _state.update(files=files, files_digest=hashlib.sha256(json.dumps(listing).encode()).hexdigest())
    return _state["files_digest"]


def _inputs_digest(config) -> str:
    digest = hashlib.sha256()
    for part in (mkdocs.__version__, markdown.__version__, sys.version):
        digest.update(part.encode() + b"\0")
    # What the conversion reads from the configuration, as MkDocs resolved it (after INHERIT).
    settings = [config.markdown_extensions, config.mdx_configs, config.use_directory_urls, config.validation,
                config.docs_dir]
    digest.update(json.dumps(settings, default=str, sort_keys=True).encode())
    for folder in sorted(_extension_packages(config)):
        for file in sorted(folder.rglob("*.py")):
            stat = file.stat()
            digest.update(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    options = markdown_essay.options(config)
    data = Path(options["data_dir"])
    for file in [Path(options["seed"]), Path(options["citation_file"]), *sorted(p for p in data.rglob("*") if p.is_file())]:
        # A missing file is the extension's to report, with its own message.
        digest.update(f"{file}\0".encode() + (file.read_bytes() if file.is_file() else b"(missing)"))
    for style in csl.STYLES:
        digest.update(csl._fingerprint(style).encode())
    return digest.hexdigest()


def _extension_packages(config) -> set[Path]:
    """The folders of the packages whose code converts the pages: each processor's
    top-level package, found on a converter built with the configured extensions."""
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    registries = (md.preprocessors, md.parser.blockprocessors, md.inlinePatterns, md.treeprocessors, md.postprocessors)
    modules = {type(item).__module__ for registry in registries for item in registry}
    modules |= {type(extension).__module__ for extension in md.registeredExtensions}
    return {Path(sys.modules[name.partition(".")[0]].__file__).parent for name in modules}


class _LogRecorder(logging.Handler):
    """Records what is logged while a page is converted (a warning, say)."""

    # MkDocs' logger does not pass its records on to the root logger; the others do.
    LOGGERS = ("", "mkdocs")

    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def __enter__(self):
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc):
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)
