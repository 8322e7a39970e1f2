"""Shared fixtures: a real `mkdocs build --strict` of the project into a temporary folder.

Markers (pyproject.toml): tests that drive Chromium are marked ``browser`` (here, from
the fixtures they use), the HTML checker's tests ``java``. `make check` runs the rest.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition import project
from edition.essay import parse_essay
from edition.record import record_of

# The browser fixtures (browser, server, visit) live in tests/browser.py.
pytest_plugins = ["browser"]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / project.SEED
DATA = ROOT / project.DATA_DIR
CITATION = ROOT / project.CITATION_FILE
# Every build of the tests, of the project or of a copy, shares the project's caches
# (edition/cache.py): the citations, slow to format, are the same in every copy.
CACHE_DIR = ROOT / ".cache"
# What a build needs besides the Python package: copied for builds of altered projects.
PROJECT_PARTS = ("mkdocs.yml", "mkdocs-offline.yml", "docs", "overrides", project.SEED.split("/")[0], project.DATA_DIR,
                 "hooks", "edition", project.CITATION_FILE, project.EDITIONS_DIR)


@dataclass
class Build:
    site: Path
    returncode: int
    output: str  # stdout and stderr together, as a person sees them

    def html(self, url_path: str) -> BeautifulSoup:
        """Parse the built page at a site-relative URL path such as 'essay/'."""
        path = self.site / url_path
        if url_path == "" or url_path.endswith("/"):
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def pages(self) -> list[Path]:
        """The current edition's pages, at the site's root (the editions' copies under
        editions/ are tested in tests/test_editions.py)."""
        return sorted(p for p in self.site.rglob("*.html")
                      if p.relative_to(self.site).parts[0] != project.EDITIONS_DIR)


def run_build(project: Path, site: Path, published: bool = False, env: dict | None = None,
              options: tuple[str, ...] = ()) -> Build:
    """Run `mkdocs build --strict` in `project` (not with -v unless a test asks in `options`:
    it skips the anchor check), or, with `published`, the whole publishing build
    (edition/publish.py: online edition plus the zipped offline copy), as `make build`
    runs it. `env` adds environment variables; `options` adds options to `mkdocs build`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "EDITION_CACHE_DIR": str(CACHE_DIR), **(env or {})}
    command = (["-m", "edition.publish", str(site)] if published
               else ["-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *options])
    result = subprocess.run([sys.executable, *command], cwd=project, env=env, capture_output=True, text=True)
    return Build(site=site, returncode=result.returncode, output=result.stdout + result.stderr)


def site_files(folder: Path) -> list[str]:
    """Every file of a built site, as sorted paths relative to it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def differing_files(one: Path, other: Path) -> list[str]:
    """The files that are in only one of two built sites, or differ in a byte."""
    files, others = site_files(one), site_files(other)
    only = sorted(set(files) ^ set(others))
    _, mismatch, errors = filecmp.cmpfiles(one, other, sorted(set(files) & set(others)), shallow=False)
    return only + mismatch + errors


def copy_project(destination: Path) -> Path:
    """A copy of the project's sources, for builds with altered input."""
    destination.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        elif source.exists():
            shutil.copy2(source, destination / part)
    return destination


BROWSER_FIXTURES = {"browser", "visit", "server"}


def pytest_configure(config):
    # The extension run in the tests' own process (tests/test_markdown_extension.py) uses
    # the same caches, whatever folder pytest runs from.
    os.environ.setdefault("EDITION_CACHE_DIR", str(CACHE_DIR))


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Build:
    build = run_build(ROOT, tmp_path_factory.mktemp("site"), published=True)
    assert build.returncode == 0, f"the publishing build failed:\n{build.output}"
    return build


def as_copied(text: str) -> str:
    """Text as the copy buttons copy it (docs/javascripts/cite.js): runs of spaces and
    line breaks made one space; no-break spaces stay."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def citation_text(citation) -> str:
    """A formatted citation as a reader copies it: its text, without markup or line breaks."""
    return as_copied(citation.get_text())


def editions_yaml(seed: str) -> str:
    """A data/editions.yml whose one edition records this seed (for small test projects)."""
    raw = seed.encode("utf-8")
    record = record_of(raw, parse_essay(raw))
    return f"- version: 1.0.0\n  date: 2026-11-29\n  changes: [First edition.]\n  seed: {json.dumps(record)}\n"


def seed_paragraphs() -> list[str]:
    """The seed's body paragraphs, split here independently of the edition's parser:
    blocks between blank lines, after the title and the attribution, up to the comment form."""
    blocks = SEED.read_text(encoding="utf-8").split("\n\n")
    end = blocks.index("Leave a Reply")
    return blocks[2:end]
