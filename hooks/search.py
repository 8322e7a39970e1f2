"""MkDocs hook: the edition's search index.

1. One entry per essay paragraph. Material's search splits pages at headings, so the
   essay would be one long entry; an entry per paragraph, pointing at its anchor
   (essay/#p12), lets a search land on the paragraph itself.
2. Online, the index is loaded on the first search, not on every page. Material's page
   script fetches search/search_index.json at load; that file becomes a stub whose config
   names the full index (search/search_index.full.json), which the edition's search
   worker (docs/javascripts/search-worker.js) loads with lunr when a reader searches.
   The offline copy keeps the full index: from disk, Material already waits for the
   reader to open search.

It runs after the search plugin has written its index (and after the offline plugin has
copied it into search_index.js, which it rewrites too).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from edition import essay as essay_model

ESSAY_PAGE = "essay"
FULL_INDEX = "search/search_index.full.json"


def on_post_build(config):
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return
    index = with_paragraph_entries(json.loads(index_file.read_text(encoding="utf-8")), config)
    full = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    if config.extra.get("offline"):
        index_file.write_text(full, encoding="utf-8")
        index_file.with_suffix(".js").write_text(f"var __index = {full}", encoding="utf-8")
        return
    (Path(config.site_dir) / FULL_INDEX).write_text(full, encoding="utf-8")
    stub = {"config": {**index["config"], "full_index": FULL_INDEX}, "docs": []}
    index_file.write_text(json.dumps(stub, separators=(",", ":")), encoding="utf-8")


def with_paragraph_entries(index: dict, config) -> dict:
    options = config.mdx_configs.get("edition.markdown_essay", {})
    essay = essay_model.load_essay(options.get("seed", "seeds/000_ecacc45a1ee5119f.txt"))
    # essay/ online, essay.html in the offline copy
    essay_url = f"{ESSAY_PAGE}/" if config.use_directory_urls else f"{ESSAY_PAGE}.html"
    docs = [doc for doc in index["docs"] if not doc["location"].startswith(f"{essay_url}#p")]
    # The page's own entry would hold the whole essay and hide the paragraph entries
    # behind it in the results; the paragraphs stand for the essay's text instead.
    essay_sections = {essay_url, f"{essay_url}#essay-title"}
    for doc in docs:
        if doc["location"] in essay_sections:
            doc["text"] = ""
    docs += [
        {"location": f"{essay_url}#p{number}", "title": f"The essay, ¶{number}", "text": f"<p>{html.escape(text)}</p>"}
        for number, text in enumerate(essay.paragraphs, start=1)
    ]
    return {**index, "docs": docs}
