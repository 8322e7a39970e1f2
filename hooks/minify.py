"""MkDocs hook: the built site is served minified.

- Pages: Material's templates leave much indentation and many blank lines; minify-html
  removes them, keeping every closing tag and the <html> and <head> tags. The essay
  page is the one that gains most, and the first response of a connection carries about
  14 KB, so a few hundred bytes decide whether the page arrives in one round trip or two.
- The edition's own stylesheets and scripts (docs/stylesheets/, docs/javascripts/) are
  kept readable, with comments, in the repository; their copies in the site are minified
  with rcssmin and rjsmin. Material's assets come minified already.
"""

from __future__ import annotations

from pathlib import Path

import minify_html
import rcssmin
import rjsmin

MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def minified_page(html: str) -> str:
    return minify_html.minify(html, keep_closing_tags=True, keep_html_and_head_opening_tags=True)


def on_post_page(output, page, config):
    return minified_page(output)


def on_post_template(output_content, template_name, config):
    return minified_page(output_content) if template_name.endswith(".html") else output_content


def on_post_build(config):
    docs, site = Path(config.docs_dir), Path(config.site_dir)
    for source in sorted(docs.rglob("*")):
        minify = MINIFIERS.get(source.suffix)
        built = site / source.relative_to(docs)
        if minify and built.is_file():
            built.write_text(minify(source.read_text(encoding="utf-8")), encoding="utf-8")
