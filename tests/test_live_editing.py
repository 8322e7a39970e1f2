"""`mkdocs serve` (what `make serve` runs) rebuilds on changes to the seed, the data, the
theme overrides and the Python package."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml

from browser import BASE_PATH
from conftest import CACHE_DIR, copy_project
from edition.essay import parse_essay
from edition.project import DATA_DIR, SEED
from edition.record import record_of


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url, text, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if text in fetch(url):
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


@pytest.fixture
def served_copy(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(project), NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
               EDITION_CACHE_DIR=str(CACHE_DIR))
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}{BASE_PATH}essay/"
    try:
        assert wait_for(url, "id=p12"), "mkdocs serve did not come up"
        yield project, url
    finally:
        server.terminate()
        server.wait(timeout=10)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_rebuilds_on_seed_overrides_data_and_python_changes(served_copy):
    """Under mkdocs serve, edits to the seed, an override, a data file and the Python package show up.

    Breaks if: hooks/reload_modules.py stops reloading edition.markdown_essay (serve keeps running the old code).
    """
    project, url = served_copy
    # A new text of the essay is a new edition, with the record of its seed.
    edit(project / SEED, "The traditional path", "The well-trodden path")
    editions_file = project / DATA_DIR / "editions.yml"
    editions = yaml.safe_load(editions_file.read_text(encoding="utf-8"))
    raw = (project / SEED).read_bytes()
    editions[0]["seed"] = record_of(raw, parse_essay(raw))
    editions_file.write_text(yaml.safe_dump(editions, allow_unicode=True), encoding="utf-8")
    assert wait_for(url, "The well-trodden path"), "seed change not picked up"
    edit(project / "overrides" / "partials" / "copyright.html", "Updates and corrections", "History of changes")
    assert wait_for(url, "History of changes"), "override change not picked up"
    edit(project / "data" / "glossary.yml", "expansion: Internet Assigned Numbers Authority",
         "expansion: The Internet Assigned Numbers Authority")
    assert wait_for(url, 'title="The Internet Assigned Numbers Authority"'), "data change not picked up"
    edit(project / "edition" / "markdown_essay.py", '"Attribution as given in the source:"',
         '"Attribution exactly as the source gives it:"')
    assert wait_for(url, "Attribution exactly as the source gives it:"), "Python change not picked up"
