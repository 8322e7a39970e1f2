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
that this hook is looked at again rather than silently doing nothing. The rule is taken
out of the theme's own file, not out of the copy in the site, so that two builds writing
the same site (or one run twice) give the same stylesheet.
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
        original = theme_file(config, stylesheet.relative_to(config.site_dir)) or stylesheet
        kept, removed = SWITCHING_RULE.subn("", original.read_text(encoding="utf-8"))
        if removed != 1:
            raise PluginError(f"{original}: expected one [data-md-color-switching] rule, found {removed}")
        stylesheet.write_text(kept, encoding="utf-8")


def theme_file(config, relative: Path) -> Path | None:
    """The theme's own copy of a file of the site (the first of the theme's folders that has it)."""
    for folder in getattr(config.theme, "dirs", []):
        if (Path(folder) / relative).is_file():
            return Path(folder) / relative
    return None
