"""edition/cache.py: one folder and one switch for every cache; entries written whole;
an unreadable entry counts as missing. And hooks/page_cache.py's guard on MkDocs' release."""

import importlib.util
import json
import logging
import os
import time
from types import SimpleNamespace

import mkdocs

from conftest import ROOT
from edition import cache


def test_every_cache_is_a_folder_under_the_one_named_by_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.delenv("EDITION_CACHE", raising=False)
    assert cache.folder("citeproc") == tmp_path / "elsewhere" / "citeproc"
    assert (tmp_path / "elsewhere" / "citeproc").is_dir()


def test_without_the_variable_the_folder_is_dot_cache_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("EDITION_CACHE_DIR", raising=False)
    monkeypatch.delenv("EDITION_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert cache.folder("pages").resolve() == tmp_path / ".cache" / "pages"


def test_one_switch_turns_every_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("EDITION_CACHE", "0")
    assert [cache.folder(name) for name in ("citeproc", "jinja", "pages")] == [None, None, None]
    assert list(tmp_path.iterdir()) == []


def test_an_entry_is_read_back_and_a_broken_one_counts_as_missing(tmp_path):
    entry = tmp_path / "key.json"
    assert cache.load(entry) is None
    cache.store(entry, json.dumps({"a": [1, "¶"]}, ensure_ascii=False))
    assert cache.load(entry) == {"a": [1, "¶"]}
    assert [p.name for p in tmp_path.iterdir()] == ["key.json"]  # no temporary file left
    entry.write_text('{"a": [1, "', encoding="utf-8")  # cut short, as by a killed build
    assert cache.load(entry) is None
    entry.write_bytes(b"\xff\xfe")
    assert cache.load(entry) is None


def test_the_page_cache_stays_off_with_a_mkdocs_release_it_was_not_checked_against(tmp_path, monkeypatch, caplog):
    spec = importlib.util.spec_from_file_location("page_cache_under_test", ROOT / "hooks" / "page_cache.py")
    page_cache = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(page_cache)
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("EDITION_CACHE", raising=False)
    monkeypatch.setattr(mkdocs, "__version__", "1.7.0")
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"))
    with caplog.at_level(logging.INFO):
        page_cache.on_config(config)
    assert "written for MkDocs 1.6.1, not 1.7.0; every page is converted" in caplog.text
    assert page_cache.on_page_markdown("# Text", page=None, config=config, files=None) == "# Text"
    assert page_cache.on_page_content("<h1>Text</h1>", page=None, config=config, files=None) == "<h1>Text</h1>"


def test_only_entries_no_build_has_used_for_a_week_are_pruned(tmp_path):
    """Breaks if: edition/cache.py prune deletes by anything but age, or a hit does not renew an entry."""
    old, used, new = (tmp_path / name for name in ("old.json", "used.json", "new.json"))
    for entry in (old, used, new):
        cache.store(entry, "{}")
    week_ago = time.time() - cache.STALE_AFTER - 60
    for entry in (old, used):
        os.utime(entry, (week_ago, week_ago))
    assert cache.load(used) == {}  # a build uses it: it is fresh again
    cache.prune(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [cache.PRUNED, "new.json", "used.json"]


def test_a_folder_is_looked_through_once_a_day(tmp_path):
    """A second build the same day does not look through the folder again; a build a day later does.

    Breaks if: edition/cache.py prune stops checking the date of its .pruned file (every build
    then walks thousands of entries: 0.09 s of a 0.6 s build).
    """
    stale = tmp_path / "stale.json"
    cache.prune(tmp_path)
    cache.store(stale, "{}")
    week_ago = time.time() - cache.STALE_AFTER - 60
    os.utime(stale, (week_ago, week_ago))
    cache.prune(tmp_path)
    assert stale.exists()
    day_ago = time.time() - cache.PRUNE_EVERY - 60
    os.utime(tmp_path / cache.PRUNED, (day_ago, day_ago))
    cache.prune(tmp_path)
    assert not stale.exists()


def test_an_unreadable_entry_is_a_miss_with_one_debug_line(tmp_path, caplog):
    entry = tmp_path / "key.json"
    entry.write_text("{", encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="mkdocs.edition.cache"):
        assert cache.load(entry) is None
    assert [r.getMessage() for r in caplog.records] == [f"{entry}: cache entry unreadable (JSONDecodeError), made again"]
