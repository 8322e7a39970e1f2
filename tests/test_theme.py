"""The hooks that touch Material's theme: hooks/theme_env.py lists the theme's files
without walking its .icons folder (MkDocs must still find the same static files), and
hooks/palette_css.py takes the palette-switching rule out of the built palette CSS."""

import importlib.util
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
    """The built palette CSS has lost Material's [data-md-color-switching] rule, and only that.

    Breaks if: mkdocs.yml drops hooks/palette_css.py from its hooks (the switching rule stays in palette.css).
    """
    [built] = (built_site.site / "assets" / "stylesheets").glob("palette.*.min.css")
    [original] = MATERIAL_STYLESHEETS.glob(built.name)
    assert "[data-md-color-switching] *" in original.read_text(encoding="utf-8")
    text = built.read_text(encoding="utf-8")
    assert "data-md-color-switching" not in text
    # Only that rule: the dark palette and the indigo colours are all there.
    assert len(original.read_text(encoding="utf-8")) - len(text) < 150
    assert "[data-md-color-scheme=slate]" in text and "[data-md-color-primary=indigo]" in text


def test_a_material_without_the_rule_stops_the_build_with_one_line(tmp_path):
    stylesheets = tmp_path / "assets" / "stylesheets"
    stylesheets.mkdir(parents=True)
    (stylesheets / "palette.0000.min.css").write_text("[data-md-color-scheme=slate]{color-scheme:dark}")
    with pytest.raises(PluginError, match=r"palette\.0000\.min\.css: expected one \[data-md-color-switching\] rule, found 0"):
        palette_css.on_post_build(SimpleNamespace(site_dir=str(tmp_path), theme=SimpleNamespace(dirs=[])))


def test_the_rule_comes_out_of_the_themes_file_so_a_second_run_changes_nothing(tmp_path):
    """Two builds into one folder (or the hook run twice) give the same stylesheet, not an error.

    Breaks if: hooks/palette_css.py edits the copy in the site instead of the theme's file.
    """
    [original] = MATERIAL_STYLESHEETS.glob("palette.*.min.css")
    stylesheets = tmp_path / "assets" / "stylesheets"
    stylesheets.mkdir(parents=True)
    built = stylesheets / original.name
    built.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    config = SimpleNamespace(site_dir=str(tmp_path), theme=SimpleNamespace(dirs=[str(MATERIAL_STYLESHEETS.parents[1])]))
    palette_css.on_post_build(config)
    once = built.read_text(encoding="utf-8")
    palette_css.on_post_build(config)
    assert built.read_text(encoding="utf-8") == once and "data-md-color-switching" not in once
