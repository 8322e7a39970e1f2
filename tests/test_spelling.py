"""Spell-check of the built site's prose with hunspell (through pyspelling).

The essay's words are exempt (see .pyspelling.yml); everything the edition wrote is
checked against en_US and the reviewed word list .wordlist.txt.
"""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def spellcheck(source):
    if shutil.which("hunspell") is None:
        if os.environ.get("CI"):
            pytest.fail("hunspell is not installed (.ci/run installs it)")
        pytest.skip("hunspell is not installed: apt-get install hunspell hunspell-en-us")
    return subprocess.run(
        [sys.executable, "-m", "pyspelling", "--config", str(ROOT / ".pyspelling.yml"),
         "--name", "site", "--source", str(source)],
        cwd=ROOT, capture_output=True, text=True,
    )


def test_built_site_prose_is_spelled_correctly(built_site):
    result = spellcheck(built_site.site / "**" / "*.html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Spelling check passed" in result.stdout


def test_spell_check_catches_a_planted_typo_in_edition_prose_but_not_in_essay_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><p>The edition explains the recieved text.</p>"
        '<div class="essay-paragraph"><p class="essay-text">civil society does participates, zzqx</p></div>'
        "</article></body></html>",
        encoding="utf-8",
    )
    result = spellcheck(page)
    assert result.returncode == 1
    assert "recieved" in result.stdout
    assert "zzqx" not in result.stdout
