"""MkDocs hook: a page whose Markdown and inputs are unchanged is not converted again.

MkDocs converts the Markdown of every page at every build; here that is most of a build's
own work. What a conversion produces (the HTML, the table of contents, the title, the ids
of the page and the links it makes to ids of other pages) is kept in the ``pages/`` cache
(edition.cache), one entry per page, under a key made of everything the conversion reads:

- the page's Markdown (as the other plugins leave it), its source path and its URL;
- the source path and URL of every file of the site, which links are checked against;
- the settings the conversion reads (Markdown extensions and their options, URL style,
  link validation, docs folder), and MkDocs', Python-Markdown's and Python's versions;
- the source files of every package that provides a Markdown extension in use (the
  edition's package among them), by size and modification time;
- the seed, the data folder and CITATION.cff, which the edition's extension reads, and
  the citation engine, styles and locales (edition.csl.fingerprint);
- which page cites which source (edition.site_index.digest), which the Sources page
  lists: a page's prose can change without converting every page again.

It works with two page events and patches nothing. The last ``page_markdown`` handler
looks the page up; on a hit it hands MkDocs an empty text, which MkDocs converts at
no cost, and the first ``page_content`` handler puts the stored conversion back before
any other plugin sees the page. Putting it back sets attributes of MkDocs' Page that
are not part of its documented interface (``_title_from_render``, ``present_anchor_ids``,
``links_to_anchors``), so the cache is used only with the MkDocs releases it was checked
against (MKDOCS_RELEASES); with another, every page is converted and the build says so.

A conversion that logged anything (a broken link, say) is not kept, so that the next
build reports it again; nor is one made under --verbose, which skips MkDocs' anchor
check. At the end of a build, entries that no build has used for a week are deleted
(edition.cache.prune): two builds at once, or a build beside `mkdocs serve`, never delete
each other's entries.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from pathlib import Path

import markdown
import mkdocs
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc

from edition import cache, csl, markdown_essay, site_index

MKDOCS_RELEASES = ("1.6.1",)

log = logging.getLogger("mkdocs.hooks.page_cache")
_state: dict = {}


def on_config(config):
    if _state.get("recording"):  # a conversion that failed under `mkdocs serve`
        _state["recording"][1].stop()
    _state.clear()
    folder = cache.folder("pages")
    if folder is None:
        return config
    if mkdocs.__version__ not in MKDOCS_RELEASES:
        log.info(f"hooks/page_cache.py: written for MkDocs {', '.join(MKDOCS_RELEASES)}, "
                 f"not {mkdocs.__version__}; every page is converted")
        return config
    folder = folder / Path(config.config_file_path).stem
    folder.mkdir(exist_ok=True)
    _state.update(folder=folder, inputs=_inputs_digest(config), hits={}, recording=None)
    return config


@event_priority(-100)  # last: the Markdown as every other plugin leaves it
def on_page_markdown(text, page, config, files):
    if not _state:
        return text
    key = _key(page, files, text)
    saved = cache.load(_state["folder"] / f"{key}.json")
    if saved is not None:
        _state["hits"][page.file.src_uri] = (saved, text)
        return ""  # MkDocs converts nothing; on_page_content puts the stored conversion back
    _state["recording"] = (key, _LogRecorder().start())
    return text


@event_priority(100)  # first: every other plugin sees the page as converted
def on_page_content(html, page, config, files):
    if not _state:
        return html
    hit = _state["hits"].pop(page.file.src_uri, None)
    if hit is not None:
        saved, page.markdown = hit
        return _restore(page, files, saved)
    key, recorder = _state["recording"]
    _state["recording"] = None
    if not recorder.stop() and _collects_anchor_links():
        cache.store(_state["folder"] / f"{key}.json", json.dumps(_saved(page, html), ensure_ascii=False))
    return html


def on_post_build(config):
    if _state:
        cache.prune(_state["folder"])


def _saved(page, html: str) -> dict:
    return {
        "content": html,
        "toc": [_toc_token(anchor) for anchor in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links_to_anchors": {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()},
    }


def _toc_token(anchor) -> dict:
    """An entry of the table of contents as Python-Markdown's toc extension gives it."""
    return {"name": anchor.title, "id": anchor.id, "level": anchor.level,
            "children": [_toc_token(child) for child in anchor.children]}


def _restore(page, files, saved: dict) -> str:
    page.toc = get_toc(saved["toc"])
    page._title_from_render = saved["title"]
    page.present_anchor_ids = set(saved["anchors"])
    if _collects_anchor_links():
        page.links_to_anchors = {files.get_file_from_path(src): links for src, links in saved["links_to_anchors"].items()}
    return saved["content"]


def _collects_anchor_links() -> bool:
    """MkDocs keeps a page's links to anchors (checked after all pages are converted) only
    when it is not logging at debug level (`--verbose`); a conversion made without them
    is not kept, or a later build would not check them."""
    return logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG


def _key(page, files, text: str) -> str:
    parts = (_state["inputs"], _files_digest(files), page.file.src_uri, page.file.url, text)
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
    digest.update(csl.fingerprint().encode())
    digest.update(site_index.digest(Path(config.docs_dir)).encode())
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

    def start(self) -> _LogRecorder:
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self

    def stop(self) -> list[logging.LogRecord]:
        """Stop recording; what was logged."""
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)
        return self.records
