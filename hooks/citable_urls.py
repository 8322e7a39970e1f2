"""MkDocs hook: every address the edition has promised is in the site it builds.

A citation printed today must resolve tomorrow. After the build, each address of
data/citable-urls.yml is checked against the built site: the page (or, for a page that
moved, a redirect to its new address), each anchor listed for it, and the citation
downloads beside it (cite.bib, cite-bibtex.bib, cite.ris, cite.json and their living forms,
cite-living.bib and so on: edition.citation.DOWNLOADS), and each file of
``files`` (the essay as kept files). Every page the site publishes, and every kept file,
must be listed too, so that a new address is promised on purpose. A setting that would move
every address (``use_directory_urls: false``, which makes essay/ into essay.html) stops
the build before anything is built; the offline copy, a separate download made that way
on purpose (mkdocs-offline.yml), is exempt from both checks.

Listed last under ``hooks:``: its post-build step runs after the redirects plugin and
the citations hook have written their files.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from edition import archive, citation, data, kept, markdown_essay

DOWNLOADS = tuple(name for permanent, living, _ in citation.DOWNLOADS for name in (permanent, living))
# The citation downloads of the past editions' pages (1.0.0 had these four).
ARCHIVED_DOWNLOADS = ("cite.bib", "cite-bibtex.bib", "cite.ris", "cite.json")
# In the built (minified) pages, attribute values may stand without quotes. A regular
# expression reads the ids of all the pages in a few milliseconds, where an HTML parser
# takes ten times as long; text that merely looks like an id can only add to the ids found.
ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
REFRESH = re.compile(r"""<meta\s[^>]*http-equiv=["']?refresh["']?[^>]*content=["']?[^"'>]*url=([^"'>\s]+)""", re.I)
_state: dict = {}


def on_config(config):
    _state["offline"] = bool(config.extra.get("offline"))
    if not config.use_directory_urls and not _state["offline"]:
        raise PluginError(f"{config.config_file_path}: use_directory_urls: false would move every citable address "
                          "(essay/ would become essay.html); only the offline copy is built so")
    _state["manifest"] = Path(markdown_essay.options(config)["data_dir"]) / "citable-urls.yml"
    return config


def on_post_build(config):
    if _state["offline"]:
        return
    try:
        manifest = data.load_citable_urls(_state["manifest"])
    except data.DataError as error:
        raise PluginError(str(error)) from None
    problems = problems_in(Path(config.site_dir), manifest)
    try:
        files = data.load_citable_files(_state["manifest"])
    except data.DataError as error:
        raise PluginError(str(error)) from None
    problems += [f"{file} is promised but not built" for file in files if not (Path(config.site_dir) / file).is_file()]
    problems += [f"downloads/{name} is built but not promised under files" for name, _ in kept.files()
                 if f"downloads/{name}" not in files]
    if not problems:  # the current edition's copy repeats the root's problems
        problems = edition_problems(Path(config.site_dir), manifest, files)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PluginError(f"{_state['manifest']}: {problems[0]}{more}")


def edition_problems(site: Path, manifest: list[data.CitableUrl], files: tuple[str, ...]) -> list[str]:
    """What the editions' copies (hooks/editions.py) break of the promises: the current
    edition's copy keeps every promise of the root; each past edition, its own list under
    ``editions``, and every past edition has one."""
    try:
        editions = data.load_editions(_state["manifest"].with_name("editions.yml"))
        archived = data.load_archived_urls(_state["manifest"])
    except data.DataError as error:
        raise PluginError(str(error)) from None
    current, past = editions[0].version, {edition.version for edition in editions[1:]}
    problems = [f"editions: {version} is listed but is no past edition of editions.yml"
                for version in sorted(archived.keys() - past)]
    problems += [f"editions: past edition {version} lists nothing: add what it promised (python -m edition.archive "
                 "freeze prints it)" for version in sorted(past - archived.keys())]
    folders = {current: (manifest, files, DOWNLOADS)}
    folders.update({version: (*archived[version], ARCHIVED_DOWNLOADS) for version in sorted(past & archived.keys())})
    for version, (urls, promised_files, downloads) in folders.items():
        root = site / archive.SITE_FOLDER / version
        prefix = f"{archive.SITE_FOLDER}/{version}/"
        problems += [prefix + problem for problem in problems_in(root, urls, downloads)]
        problems += [f"{prefix}{file} is promised but not built" for file in promised_files
                     if not (root / file).is_file()]
    return problems


def problems_in(site: Path, manifest: list[data.CitableUrl], downloads: tuple[str, ...] = DOWNLOADS) -> list[str]:
    """What the built site breaks of the manifest's promises, one line each (the pages of
    the editions' copies, editions/, are checked on their own)."""
    problems = []
    for entry in manifest:
        name = entry.url or "(home)"
        page = site / entry.url / "index.html"
        if not page.is_file():
            problems.append(f"{name} is promised but not built: a page that moves needs a redirect (mkdocs.yml) "
                            "and moved_to here")
            continue
        html = page.read_text(encoding="utf-8")
        redirect = REFRESH.search(html)
        if entry.moved_to is not None:
            if not (redirect and redirect[1].rstrip("/").endswith(entry.moved_to.rstrip("/"))):
                problems.append(f"{name} moved to {entry.moved_to}, but does not redirect there")
            continue
        if redirect:
            problems.append(f"{name} is now a redirect to {redirect[1]}: record where it moved with moved_to")
            continue
        ids = {"".join(match) for match in ID.findall(html)}
        problems += [f"{name}#{anchor} is promised but the page has no such id" for anchor in entry.anchors
                     if anchor not in ids]
        problems += [f"{name}{download} is missing" for download in downloads if not (page.parent / download).is_file()]
    listed = {entry.url for entry in manifest}
    for page in sorted(site.rglob("index.html")):
        url = page.parent.relative_to(site).as_posix()
        url = "" if url == "." else url + "/"
        if url not in listed and not url.startswith(archive.SITE_FOLDER + "/"):
            problems.append(f"{url or '(home)'} is published but not listed: add it, to promise its address")
    return problems
