"""Fidelity of a Zensical build of the same mkdocs.yml (Material for MkDocs reaches end of
life on 2027-05-05; Zensical is its successor).

Which Zensical: the executable named by the environment variable ZENSICAL, else the one
installed beside this Python (the lock pins zensical 0.0.73, the newest release the
package registry here can install: later ones need zensical-ui, which it does not serve),
else the first `zensical` on PATH. Without any, these tests are skipped locally, and fail
in CI (the variable CI is set).

The build: `zensical build --strict --clean -f mkdocs.yml` in a copy of the project
(tests/conftest.py copy_project), run from the copy's root because the extension reads the
seed and data/ relative to the working directory, with PYTHONPATH set to the copy. Zensical
has no --site-dir option: it writes the site_dir of mkdocs.yml inside the copy, and its
.cache/ there too (--clean: that cache does not notice changes to seeds/ or data/). Zensical
ignores MkDocs `hooks:`, so nothing here checks what the hooks add (cite panel, head
metadata, citation downloads, search entries per paragraph): README, "Zensical", lists it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CACHE_DIR, Build, copy_project

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def zensical_executable() -> str | None:
    named = os.environ.get("ZENSICAL")
    if named:
        return named
    beside = Path(sys.executable).parent / "zensical"
    return str(beside) if beside.exists() else shutil.which("zensical")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Build:
    executable = zensical_executable()
    if executable is None:
        reason = ("Zensical is not installed: make setup installs it from the lock, or set ZENSICAL "
                  "(see the docstring of tests/test_zensical.py)")
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    project = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    env = dict(os.environ, NO_COLOR="1", EDITION_CACHE_DIR=str(CACHE_DIR))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project), env.get("PYTHONPATH")]))
    command = [executable, "build", "--strict", "--clean", "-f", "mkdocs.yml"]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    output = ANSI_ESCAPE.sub("", result.stdout + result.stderr)
    build = Build(site=project / "site", returncode=result.returncode, output=output)
    assert build.returncode == 0, f"{' '.join(command)} failed:\n{build.output}"
    return build


@pytest.fixture(scope="module")
def built_site(zensical_site):
    """The fidelity tests imported below run on the Zensical build."""
    return zensical_site


@pytest.fixture(scope="module")
def essay_page(zensical_site):
    return zensical_site.html("essay/")


from test_essay_page import (  # noqa: E402 (collected here, run on the Zensical build)
    test_each_paragraph_is_the_seed_paragraph_in_order,
    test_no_comment_form_line_is_rendered_as_essay_text,
    test_quote_by_number_renders_exact_text_label_and_link,
    test_special_characters_show_as_text,
    test_title_and_attribution_appear_as_given,
)

def test_paragraph_links_from_a_nested_page_reach_the_paragraph(zensical_site):
    """[[¶N]] is written relative to the page it is on; from topics/… that is ../../essay/#pN.

    Breaks if: edition/markdown_essay.py link() stops making targets relative to the page (Zensical: ../essay/#pN).
    """
    page = zensical_site.html("topics/multilateralism/")
    links = [a["href"] for a in page.select("article a[href*='essay/#p']")]
    assert links, "no paragraph link on topics/multilateralism/"
    ids = {block["id"] for block in zensical_site.html("essay/").select("div.essay-paragraph")}
    for href in links:
        assert href.startswith("../../essay/#p"), href
        assert href.partition("#")[2] in ids, href


def test_search_keeps_zensicals_own_worker(zensical_site):
    """The edition's search worker needs the stub index that hooks/search.py writes; a build
    without the hooks keeps the theme's worker, so that its search works.

    Breaks if: overrides/main.html swaps in search-worker.js without its {% if config.extra.lazy_search %} test.
    """
    config = json.loads(zensical_site.html("essay/").select_one("#__config").string)
    assert "assets/javascripts/workers/search." in config["search"], config["search"]
