"""MkDocs hook: the edition's search index.

1. One entry per essay paragraph. Material's search splits pages at headings, so the
   essay would be one long entry; an entry per paragraph, pointing at its anchor
   (essay/#p12), lets a search land on the paragraph itself. The essay page is left out
   of Material's index (``search: exclude`` in its front matter) and added here: as its
   title, and as its paragraphs.
2. Online, the index is loaded on the first search, not on every page. Material's page
   script fetches search/search_index.json at load; that file becomes a stub whose config
   names the full index (search/search_index.full.json), which the edition's search
   worker (docs/javascripts/search-worker.js) loads with lunr when a reader searches.
   The offline copy keeps the full index: from disk, Material already waits for the
   reader to open search.

3. Each page's entries are kept. Material's search plugin parses every page's HTML at
   every build (about 0.2 s of a 0.6 s rebuild); here its index is an instance of a
   subclass that keeps each page's entries in the search/ cache (edition.cache), keyed by
   everything they are made from (the page's address, title, settings, table of contents
   and HTML, and Material's version), and parses only a page whose key is new.

Its post-build step runs after the search plugin has written search_index.json and
before Material's offline plugin (``@event_priority(-100)``) copies that file into the
search_index.js that the offline copy loads, so the copy has the paragraph entries too.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

from material import __version__ as material_version
from material.plugins.search.plugin import SearchIndex
from mkdocs.exceptions import PluginError

from edition import cache
from edition import essay as essay_model
from edition import markdown_essay

FULL_INDEX = "search/search_index.full.json"
WORKER = "javascripts/search-worker.js?material="
_state: dict = {}  # the extension's options; the essay page's URL and title, from its page


def on_config(config):
    # Read by overrides/main.html. Offline, Material already waits for the first search.
    config.extra["lazy_search"] = not config.extra.get("offline")
    _state["options"] = markdown_essay.options(config)
    # Hooks come after the plugins: the search plugin has made its index by now.
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is not None and isinstance(getattr(plugin, "search_index", None), SearchIndex):
        plugin.search_index = KeptEntriesIndex(**plugin.config)
    return config


class KeptEntriesIndex(SearchIndex):
    """Material's search index, which parses a page only when the cache has not its entries."""

    def add_entry_from_context(self, page):
        folder = cache.folder("search")
        if folder is None:
            return super().add_entry_from_context(page)
        inputs = [material_version, page.url, page.title, page.meta.get("title"), page.meta.get("search"),
                  page.meta.get("tags"), _toc(page.toc), page.content]
        entry = folder / f"{hashlib.sha256(json.dumps(inputs, default=str).encode()).hexdigest()}.json"
        kept = cache.load(entry)
        if kept is not None:
            self.entries.extend(kept)
            return
        start = len(self.entries)
        super().add_entry_from_context(page)
        cache.store(entry, json.dumps(self.entries[start:], ensure_ascii=False))


def _toc(items) -> list:
    return [[item.url, item.title, _toc(item.children)] for item in items]


def on_post_build(config):
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return
    index = with_paragraph_entries(json.loads(index_file.read_text(encoding="utf-8")))
    full = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    if not config.extra["lazy_search"]:
        index_file.write_text(full, encoding="utf-8")
        return
    (Path(config.site_dir) / FULL_INDEX).write_text(full, encoding="utf-8")
    stub = {"config": {**index["config"], "full_index": FULL_INDEX}, "docs": []}
    index_file.write_text(json.dumps(stub, separators=(",", ":")), encoding="utf-8")


def on_post_page(output, page, config):
    # The stub index is only right with the edition's worker: if overrides/main.html no
    # longer finds Material's worker path (a new Material), stop rather than publish a
    # search that finds nothing.
    if config.extra["lazy_search"] and WORKER not in output:
        raise PluginError(f"overrides/main.html: {page.file.src_uri} does not start search with {WORKER}; "
                          "has Material's search worker moved?")
    return output


def on_page_context(context, page, config, nav):
    if page.file.src_uri == _state["options"]["essay_page"]:
        _state.update(essay_url=page.url, essay_title=page.title)
    return context


def with_paragraph_entries(index: dict) -> dict:
    essay = essay_model.load_essay(_state["options"]["seed"])
    url = _state["essay_url"]
    entries = [
        {"location": url, "title": _state["essay_title"], "text": ""},
        {"location": f"{url}#essay-title", "title": essay.title, "text": ""},
    ] + [
        {"location": f"{url}#{essay_model.paragraph_id(number)}", "title": f"The essay, {essay_model.paragraph_label(number)}",
         "text": f"<p>{html.escape(text)}</p>"}
        for number, text in enumerate(essay.paragraphs, start=1)
    ]
    return {**index, "docs": index["docs"] + entries}
