"""hooks/theme_env.py lists the theme's files without walking Material's .icons folder;
MkDocs must still find the same static files as with Jinja's own listing."""

import importlib.util
from pathlib import Path

import material
from jinja2 import FileSystemLoader

from conftest import ROOT

spec = importlib.util.spec_from_file_location("theme_env", ROOT / "hooks" / "theme_env.py")
theme_env = importlib.util.module_from_spec(spec)
spec.loader.exec_module(theme_env)


def test_listing_skips_only_what_mkdocs_drops():
    loader = FileSystemLoader([str(ROOT / "overrides"), str(Path(material.__file__).parent / "templates")])
    everything = loader.list_templates()
    # MkDocs drops every path with a part starting with a dot (patterns ".*" and "*/.*").
    kept = [name for name in everything if not any(part.startswith(".") for part in name.split("/")[:-1])]
    listed = theme_env.list_templates_outside_dot_folders(loader)
    assert listed == kept
    assert len(everything) - len(listed) > 10_000  # the icons
    assert "assets/javascripts/lunr/min/lunr.de.min.js" in listed and "main.html" in listed
