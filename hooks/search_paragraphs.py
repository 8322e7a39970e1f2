"""MkDocs hook: one search entry per essay paragraph.

Material's search splits pages at headings, so the essay would be one long entry. This
adds an entry per paragraph, pointing at its anchor (essay/#p12), so that a search
lands on the paragraph itself. It runs after the search plugin has written its index.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from edition.essay import load_essay

ESSAY_URL = "essay/"


def on_post_build(config):
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return
    options = config.mdx_configs.get("edition.markdown_essay", {})
    essay = load_essay(options.get("seed", "seeds/000_ecacc45a1ee5119f.txt"))
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index["docs"] = [doc for doc in index["docs"] if not doc["location"].startswith(f"{ESSAY_URL}#p")]
    # The page's own entry would hold the whole essay and hide the paragraph entries
    # behind it in the results; the paragraphs stand for the essay's text instead.
    essay_sections = {ESSAY_URL, f"{ESSAY_URL}#essay-title"}
    for doc in index["docs"]:
        if doc["location"] in essay_sections:
            doc["text"] = ""
    index["docs"] += [
        {"location": f"{ESSAY_URL}#p{number}", "title": f"The essay, ¶{number}", "text": f"<p>{html.escape(text)}</p>"}
        for number, text in enumerate(essay.paragraphs, start=1)
    ]
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
