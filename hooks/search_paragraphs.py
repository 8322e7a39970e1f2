"""MkDocs hook: one search entry per essay paragraph.

Material's search splits pages at headings, so the essay would be one long entry. This
adds an entry per paragraph, pointing at its anchor (essay/#p12), so that a search
lands on the paragraph itself. It runs after the search plugin has written its index
(and after the offline plugin has copied it into search_index.js, which it rewrites too).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from edition import essay as essay_model

ESSAY_PAGE = "essay"


def on_post_build(config):
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return
    options = config.mdx_configs.get("edition.markdown_essay", {})
    essay = essay_model.load_essay(options.get("seed", "seeds/000_ecacc45a1ee5119f.txt"))
    # essay/ online, essay.html in the offline copy
    essay_url = f"{ESSAY_PAGE}/" if config.use_directory_urls else f"{ESSAY_PAGE}.html"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index["docs"] = [doc for doc in index["docs"] if not doc["location"].startswith(f"{essay_url}#p")]
    # The page's own entry would hold the whole essay and hide the paragraph entries
    # behind it in the results; the paragraphs stand for the essay's text instead.
    essay_sections = {essay_url, f"{essay_url}#essay-title"}
    for doc in index["docs"]:
        if doc["location"] in essay_sections:
            doc["text"] = ""
    index["docs"] += [
        {"location": f"{essay_url}#p{number}", "title": f"The essay, ¶{number}", "text": f"<p>{html.escape(text)}</p>"}
        for number, text in enumerate(essay.paragraphs, start=1)
    ]
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    index_file.write_text(data, encoding="utf-8")
    offline_index = index_file.with_suffix(".js")
    if offline_index.exists():
        offline_index.write_text(f"var __index = {data}", encoding="utf-8")
