"""MkDocs hook: Material's palette stylesheet in the built site, trimmed to what the site uses.

1. One rule out. At every page load Material's script sets the colour palette, and while
   it does so it puts the attribute data-md-color-switching on <body>. palette.css has a
   rule for every element under that attribute (``[data-md-color-switching] *
   {transition-duration: 0s}``, so that colours do not fade when a reader switches
   palettes), and such a rule makes the browser restyle the whole page each time the
   attribute comes and goes. On the essay page, the longest, that is about 20 ms of
   main-thread work before the page answers input, which is what kept its Lighthouse
   score under 100. Without the rule, switching the palette lets Material's own colour
   transitions (up to 0.25 s) run; readers who ask for reduced motion have no
   transitions at all (edition.css).
2. The colours the site does not use out. The stylesheet defines all of Material's 19
   primary and 17 accent colours; the site names one of each in mkdocs.yml (theme >
   palette). The selectors for the others (``[data-md-color-primary=pink]``) can never
   match, and take about nine tenths of the file: some 1.8 KB of every page's transfer.
   The stylesheet is parsed with tinycss2, and a selector is dropped only if it names a
   colour the palette does not use.

If a Material release no longer has the rule, or no longer names the colours this way,
the build stops here with one line, so that this hook is looked at again rather than
silently doing nothing. The stylesheet is trimmed from the theme's own file, not from
the copy in the site, so that two builds writing the same site (or one run twice) give
the same stylesheet.
"""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2
from mkdocs.exceptions import PluginError

SWITCHING_RULE = re.compile(r"\[data-md-color-switching\][^{}]*\{[^}]*\}")
# A selector that applies to one colour: [data-md-color-primary=pink] or ...accent=...
COLOUR = re.compile(r"\[data-md-color-(primary|accent)=([\w-]+)\]")


def on_post_build(config):
    stylesheets = sorted(Path(config.site_dir, "assets", "stylesheets").glob("palette.*.min.css"))
    if not stylesheets:
        raise PluginError(f"{config.site_dir}/assets/stylesheets: no palette.*.min.css from Material")
    used = used_colours(config)
    for stylesheet in stylesheets:
        original = theme_file(config, stylesheet.relative_to(config.site_dir)) or stylesheet
        kept, removed = SWITCHING_RULE.subn("", original.read_text(encoding="utf-8"))
        if removed != 1:
            raise PluginError(f"{original}: expected one [data-md-color-switching] rule, found {removed}")
        trimmed, dropped = without_unused_colours(kept, used)
        if not dropped:
            raise PluginError(f"{original}: no [data-md-color-primary=…] or [data-md-color-accent=…] selector found")
        stylesheet.write_text(trimmed, encoding="utf-8")


def used_colours(config) -> dict[str, set[str]]:
    """The primary and accent colours of the palettes in mkdocs.yml (Material's defaults,
    indigo, where a palette names none)."""
    palettes = config.theme.get("palette") or [{}]
    palettes = palettes if isinstance(palettes, list) else [palettes]
    return {kind: {str(p.get(kind, "indigo")).replace(" ", "-").lower() for p in palettes} for kind in ("primary", "accent")}


def without_unused_colours(css: str, used: dict[str, set[str]]) -> tuple[str, int]:
    """The stylesheet without the selectors of unused colours (a rule left with none goes),
    and how many selectors were dropped."""
    dropped = 0

    def trim(rules) -> list:
        nonlocal dropped
        kept = []
        for rule in rules:
            if rule.type == "qualified-rule":
                selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
                keep = [s for s in selectors if all(value in used[kind] for kind, value in COLOUR.findall(s))]
                dropped += len(selectors) - len(keep)
                if not keep:
                    continue
                rule.prelude = tinycss2.parse_component_value_list(",".join(keep))
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                inner = trim(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                if not inner:
                    continue
                rule.content = tinycss2.parse_component_value_list(tinycss2.serialize(inner))
            kept.append(rule)
        return kept

    rules = trim(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return tinycss2.serialize(rules), dropped


def theme_file(config, relative: Path) -> Path | None:
    """The theme's own copy of a file of the site (the first of the theme's folders that has it)."""
    for folder in getattr(config.theme, "dirs", []):
        if (Path(folder) / relative).is_file():
            return Path(folder) / relative
    return None
