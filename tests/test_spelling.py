"""Spell-check of the built site's prose with hunspell (through pyspelling).

The essay's words are exempt (see .pyspelling.yml); everything the edition wrote is
checked against en_US and the reviewed word list .wordlist.txt.

pyspelling calls hunspell once for every HTML element it captures: on the built site,
some 2,000 calls and half a minute. So each page is first reduced to the text of its
<article>, without the elements that .pyspelling.yml ignores, split where the elements
were, and pyspelling checks that text with the same configuration: one call per page.
"""

import html
import os
import shutil
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT

CONFIG = ROOT / ".pyspelling.yml"


def ignored_selectors() -> list[str]:
    [task] = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["matrix"]
    html_filter = next(step["pyspelling.filters.html"] for step in task["pipeline"] if "pyspelling.filters.html" in step)
    return html_filter["ignores"]


def prose(page: str) -> str:
    """A page as pyspelling reads it, in one piece: the text of its article (if any)."""
    article = BeautifulSoup(page, "html.parser").article
    if article is None:
        return "<html><body></body></html>"
    for element in article.select(", ".join(ignored_selectors())):
        element.decompose()
    # hunspell's en_US knows the typewriter apostrophe (the editors' notes), not the
    # typographic one that the pages print.
    text = article.get_text(chr(10)).replace("\u2019", "'")
    return f"<html><body><article>{html.escape(text)}</article></body></html>"


def spellcheck(source):
    if shutil.which("hunspell") is None:
        if os.environ.get("CI"):
            pytest.fail("hunspell is not installed (.ci/run installs it)")
        pytest.skip("hunspell is not installed: apt-get install hunspell hunspell-en-us")
    return subprocess.run(
        [sys.executable, "-m", "pyspelling", "--config", str(CONFIG), "--name", "site", "--source", str(source)],
        cwd=ROOT, capture_output=True, text=True,
    )


def reduced(pages, folder):
    """Each page reduced to its prose, in a folder of its own; the pattern of their names."""
    for number, page in enumerate(pages):
        target = folder / f"{number:02d}-{page.parent.name}-{page.name}"
        target.write_text(prose(page.read_text(encoding="utf-8")), encoding="utf-8")
    return folder / "*.html"


def test_built_site_prose_is_spelled_correctly(built_site, tmp_path):
    """The prose the edition wrote, on every built page, passes hunspell with .wordlist.txt.

    Breaks if: a page in docs/ or a note in data/notes.yml gains a misspelling ("recieved") not in .wordlist.txt.
    """
    result = spellcheck(reduced(built_site.pages(), tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Spelling check passed" in result.stdout


def test_spell_check_catches_a_planted_typo_in_edition_prose_but_not_in_essay_text(tmp_path):
    """The spell-check flags typos in the edition's prose, nested ones too, but not in the essay's own text.

    Breaks if: .pyspelling.yml's html filter stops ignoring .essay-text (the essay's "zzqx" is then reported).
    """
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><p>The edition explains the recieved text.</p>"
        "<ul><li>A list item, <em>nested teh</em> deeper.</li></ul>"
        '<div class="essay-paragraph"><p class="essay-text">civil society does participates, zzqx</p></div>'
        "</article></body></html>",
        encoding="utf-8",
    )
    folder = tmp_path / "reduced"
    folder.mkdir()
    result = spellcheck(reduced([page], folder))
    assert result.returncode == 1
    assert "recieved" in result.stdout and "teh" in result.stdout
    assert "zzqx" not in result.stdout
