"""The hooks that touch Material's theme: hooks/theme_env.py lists the theme's files
without walking its .icons folder (MkDocs must still find the same static files), and
hooks/palette_css.py takes the palette-switching rule and the colours the site does not use
out of the built palette CSS."""

import importlib.util
import re
from pathlib import Path
from types import SimpleNamespace

import material
import pytest
from jinja2 import FileSystemLoader
from mkdocs.exceptions import PluginError

from conftest import ROOT


def hook(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


theme_env, palette_css = hook("theme_env"), hook("palette_css")
MATERIAL_STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


class Theme(SimpleNamespace):
    """What the hook reads of MkDocs' theme: its folders and, like a mapping, its palette."""

    def get(self, key, default=None):
        return [{"primary": "indigo", "accent": "indigo"}] if key == "palette" else default


def test_listing_skips_only_what_mkdocs_drops():
    loader = FileSystemLoader([str(ROOT / "overrides"), str(Path(material.__file__).parent / "templates")])
    everything = loader.list_templates()
    # MkDocs drops every path with a part starting with a dot (patterns ".*" and "*/.*").
    kept = [name for name in everything if not any(part.startswith(".") for part in name.split("/")[:-1])]
    listed = theme_env.list_templates_outside_dot_folders(loader)
    assert listed == kept
    assert len(everything) - len(listed) > 10_000  # the icons
    assert "assets/javascripts/lunr/min/lunr.de.min.js" in listed and "main.html" in listed


def test_the_built_palette_has_no_rule_that_restyles_every_element(built_site):
    """The built palette CSS has lost Material's [data-md-color-switching] rule and the colours
    the site does not use, and only those: every rule for the light and dark schemes and for
    indigo, the site's primary and accent colour, is there as Material wrote it.

    Breaks if: mkdocs.yml drops hooks/palette_css.py from its hooks (the switching rule and all
    36 colours stay in palette.css), or the hook drops a selector that names indigo.
    """
    import tinycss2

    [built] = (built_site.site / "assets" / "stylesheets").glob("palette.*.min.css")
    [original] = MATERIAL_STYLESHEETS.glob(built.name)
    assert "[data-md-color-switching] *" in original.read_text(encoding="utf-8")
    text = built.read_text(encoding="utf-8")
    assert "data-md-color-switching" not in text
    assert len(text) < len(original.read_text(encoding="utf-8")) / 3

    def selectors(css):
        found = set()
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if rule.type == "at-rule" and rule.content is not None:
                found |= {f"@{rule.lower_at_keyword} {s}" for s in selectors(tinycss2.serialize(rule.content))}
            elif rule.type == "qualified-rule":
                found |= {s.strip() for s in tinycss2.serialize(rule.prelude).split(",")}
        return found

    before, after = selectors(original.read_text(encoding="utf-8")), selectors(text)
    unused = {s for s in before if re.search(r"data-md-color-(primary|accent)=(?!indigo\b)", s)}
    switching = {s for s in before if "data-md-color-switching" in s}
    assert unused and after == before - unused - switching
    assert "[data-md-color-scheme=slate]" in text and "[data-md-color-primary=indigo]" in text


def test_a_material_without_the_rule_stops_the_build_with_one_line(tmp_path):
    stylesheets = tmp_path / "assets" / "stylesheets"
    stylesheets.mkdir(parents=True)
    (stylesheets / "palette.0000.min.css").write_text("[data-md-color-scheme=slate]{color-scheme:dark}")
    with pytest.raises(PluginError, match=r"palette\.0000\.min\.css: expected one \[data-md-color-switching\] rule, found 0"):
        palette_css.on_post_build(SimpleNamespace(site_dir=str(tmp_path), theme=Theme(dirs=[])))


def test_the_rule_comes_out_of_the_themes_file_so_a_second_run_changes_nothing(tmp_path):
    """Two builds into one folder (or the hook run twice) give the same stylesheet, not an error.

    Breaks if: hooks/palette_css.py edits the copy in the site instead of the theme's file.
    """
    [original] = MATERIAL_STYLESHEETS.glob("palette.*.min.css")
    stylesheets = tmp_path / "assets" / "stylesheets"
    stylesheets.mkdir(parents=True)
    built = stylesheets / original.name
    built.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    config = SimpleNamespace(site_dir=str(tmp_path), theme=Theme(dirs=[str(MATERIAL_STYLESHEETS.parents[1])]))
    palette_css.on_post_build(config)
    once = built.read_text(encoding="utf-8")
    palette_css.on_post_build(config)
    assert built.read_text(encoding="utf-8") == once and "data-md-color-switching" not in once
