"""The lock file agrees with pyproject.toml and pins every package with hashes."""

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

LOCK_ENTRY = re.compile(r"^([A-Za-z0-9._-]+)==([^ \\]+)\s*\\\n((?:\s+--hash=sha256:[0-9a-f]{64}\s*\\?\n)+)", re.M)


def locked():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = {canonicalize_name(m[1]): (m[2], m[3].count("--hash=")) for m in LOCK_ENTRY.finditer(text)}
    requirement_lines = [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)]
    return entries, requirement_lines


def declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return [Requirement(r) for r in requirements]


def test_every_locked_package_is_pinned_with_hashes():
    entries, lines = locked()
    assert len(entries) == len(lines) >= 40
    for name, (version, hashes) in entries.items():
        assert hashes >= 1, name


def test_every_declared_dependency_is_locked_at_a_version_it_allows():
    entries, _ = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in entries, f"{name} is in pyproject.toml but not in requirements.lock: run make lock"
        version = entries[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name} {version} in requirements.lock does not satisfy {requirement} in pyproject.toml: run make lock")


def test_nothing_is_locked_that_no_declared_dependency_needs():
    # pip-compile writes "# via X" under every entry; a package whose only reason is gone
    # would still name a package that is no longer locked.
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries, _ = locked()
    blocks = re.findall(r"^([A-Za-z0-9._-]+)==[^\n]*\n(?:[ ]+--hash[^\n]*\n)*((?:[ ]+#[^\n]*\n)+)", text, re.M)
    assert len(blocks) == len(entries)
    for name, via in blocks:
        reasons = re.findall(r"#\s+(?:via\s+)?([A-Za-z0-9._-]+)", via)
        assert any(canonicalize_name(r) in entries or r == "essay-edition" for r in reasons), name
