"""MkDocs hook: every edition of data/editions.yml at its permanent address, editions/VERSION/.

The current edition is built as usual; after the build it is copied to
editions/CURRENT/, and each past edition is copied from its frozen build in the
repository (editions/VERSION/, checked against its record first), each page with a
banner that says which edition it is (edition/archive.py). Each page of the current
edition lists its editions (overrides/partials/page-editions.html).

Listed after the hooks that write files into the site (citations, kept formats) and
before hooks/citable_urls.py, which checks the copies' promised addresses too. The
offline copy (mkdocs-offline.yml) carries one edition only and has no copies.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from edition import archive, cache, citation, data, markdown_essay

_state: dict = {}


def on_config(config):
    _state.clear()
    if config.extra.get("offline"):
        return config
    options = markdown_essay.options(config)
    root = Path(config.config_file_path).parent
    try:
        editions = tuple(data.load_editions(Path(options["data_dir"]) / "editions.yml"))
        frozen = {edition.version: archive.checked_archive(root, edition) for edition in editions[1:]}
        archive.check_no_stray_editions(root, [edition.version for edition in editions[1:]])
        site_url = citation.Metadata(options["citation_file"]).site_url
    except data.DataError as error:
        raise PluginError(str(error)) from None
    pages = {version: {archive.page_address(name) for name in files if name.endswith("index.html")}
             for version, files in frozen.items()}
    _state.update(root=root, editions=editions, frozen=frozen, pages=pages, site_url=site_url)
    return config


def on_page_context(context, page, config, nav):
    """The page in each edition that has it, newest first: (version, date, path in the site)."""
    if not _state:
        return context
    context["page_editions"] = [
        (edition.version, edition.date, f"{archive.SITE_FOLDER}/{edition.version}/{page.url}")
        for index, edition in enumerate(_state["editions"])
        if index == 0 or page.url in _state["pages"][edition.version]]
    return context


def on_post_build(config):
    if not _state:
        return
    if folder := cache.folder("article-text"):
        cache.prune(folder)
    site = Path(config.site_dir)
    editions = _state["editions"]
    current_files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                           if p.is_file() and not p.relative_to(site).as_posix().startswith(archive.SITE_FOLDER + "/"))
    pages = dict(_state["pages"], **{editions[0].version: {archive.page_address(n) for n in current_files
                                                           if n.endswith("index.html")}})
    for edition in editions:
        copy = archive.EditionCopy(edition, editions[0], editions, pages, _state["site_url"])
        if edition is editions[0]:
            source, files = site, current_files
        else:
            source, files = archive.archive_folder(_state["root"], edition.version), _state["frozen"][edition.version]
        archive.write_copy(copy, source, files, site / archive.SITE_FOLDER / edition.version, site)
