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

from edition import citation, data, kept, markdown_essay

DOWNLOADS = tuple(name for permanent, living, _ in citation.DOWNLOADS for name in (permanent, living))
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
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PluginError(f"{_state['manifest']}: {problems[0]}{more}")


def problems_in(site: Path, manifest: list[data.CitableUrl]) -> list[str]:
    """What the built site breaks of the manifest's promises, one line each."""
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
        problems += [f"{name}{download} is missing" for download in DOWNLOADS if not (page.parent / download).is_file()]
    listed = {entry.url for entry in manifest}
    for page in sorted(site.rglob("index.html")):
        url = page.parent.relative_to(site).as_posix()
        url = "" if url == "." else url + "/"
        if url not in listed:
            problems.append(f"{url or '(home)'} is published but not listed: add it, to promise its address")
    return problems
