"""MkDocs hook: one rule taken out of Material's palette stylesheet in the built site.

At every page load Material's script sets the colour palette, and while it does so it
puts the attribute data-md-color-switching on <body>. palette.css has a rule for every
element under that attribute (``[data-md-color-switching] * {transition-duration: 0s}``,
so that colours do not fade when a reader switches palettes), and such a rule makes the
browser restyle the whole page each time the attribute comes and goes. On the essay page,
the longest, that is about 20 ms of main-thread work before the page answers input,
which is what kept its Lighthouse score under 100. Without the rule, switching the
palette lets Material's own colour transitions (up to 0.25 s) run; readers who ask for reduced
motion have no transitions at all (edition.css).

If a Material release no longer has the rule, the build stops here with one line, so
that this hook is looked at again rather than silently doing nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

SWITCHING_RULE = re.compile(r"\[data-md-color-switching\][^{}]*\{[^}]*\}")


def on_post_build(config):
    stylesheets = sorted(Path(config.site_dir, "assets", "stylesheets").glob("palette.*.min.css"))
    if not stylesheets:
        raise PluginError(f"{config.site_dir}/assets/stylesheets: no palette.*.min.css from Material")
    for stylesheet in stylesheets:
        text = stylesheet.read_text(encoding="utf-8")
        kept, removed = SWITCHING_RULE.subn("", text)
        if removed != 1:
            raise PluginError(f"{stylesheet}: expected one [data-md-color-switching] rule, found {removed}")
        stylesheet.write_text(kept, encoding="utf-8")
