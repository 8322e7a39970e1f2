"""MkDocs hook: each page's cite panel, head metadata and citation downloads.

Thin on purpose: the metadata and the formatting live in edition.citation; this file
only hands them to the templates (overrides/) and writes the downloads beside each page,
which only MkDocs can do: cite.bib, cite-bibtex.bib, cite.ris and cite.json name the
permanent address of the edition being read, cite-living.bib, cite-living-bibtex.bib,
cite-living.ris and cite-living.json the living address (edition.citation.DOWNLOADS).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

# Through the modules, so that hooks/reload_modules.py's reloads reach this hook too.
from edition import cache, citation, data, essay, kept, markdown_essay, record

_state: dict = {"command": "build"}


def on_startup(command, dirty):
    _state["command"] = command


def on_config(config):
    options = markdown_essay.options(config)
    path = Path(options["citation_file"])
    editions = Path(options["data_dir"]) / "editions.yml"
    try:
        # The seed and the version are checked before any page is converted.
        record.checked_essay(options["seed"], editions)
        metadata = citation.Metadata(path)
        record.check_version(metadata.version, metadata.released.isoformat(), editions)
    except (data.DataError, essay.SeedError) as error:
        raise PluginError(str(error)) from None
    # `mkdocs serve` replaces site_url with the local address; citations keep CITATION.cff's.
    if metadata.site_url != config.site_url and _state["command"] != "serve":
        raise PluginError(f"{path}: url {metadata.site_url} differs from site_url {config.site_url} in mkdocs.yml")
    _state.update(metadata=metadata, downloads={}, essay_page=options["essay_page"])
    config.extra["edition"] = {"version": metadata.version, "released": metadata.released.isoformat()}
    return config


def on_page_context(context, page, config, nav):
    metadata: citation.Metadata = _state["metadata"]
    # The living address the page is published at; the offline copy (essay.html) cites the
    # online one. The citation offered first, the head metadata and cite.* name the permanent
    # address of this edition; the living form is offered beside it (docs/cite.md#permanent).
    url = metadata.page_url(page.file.src_uri) if config.extra.get("offline") else metadata.site_url + page.url
    title = _heading(page)
    is_essay = page.file.src_uri == _state["essay_page"]
    if is_essay:
        # Its downloads name the kept PDF and EPUB (hooks/kept_formats.py writes them online only).
        names = [] if config.extra.get("offline") else [name for name, _ in kept.files()]
        citable, living = (metadata.essay(url, names, living=form) for form in (False, True))
        heading = "Cite the essay"
    else:
        citable, living = (metadata.page(url, title, living=form) for form in (False, True))
        heading = "Cite this page"
    formatted = metadata.formatted([citable, living])
    context["cite"] = {
        "heading": heading,
        "styles": formatted[citable.id],
        "living": formatted[living.id],
        "living_summary": citation.LIVING_SUMMARY,
        "head": metadata.head(citable, title),
        # The essay page also offers the blog post as first published, for readers who cite the source.
        "original": metadata.formatted([metadata.original()])["original"] if is_essay else None,
        "first_published": metadata.first_published() if is_essay else None,
    }
    if config.extra.get("offline"):
        return context  # the offline copy has its citations in the pages, not as downloads
    _state["downloads"][page.file.dest_uri] = {
        name: getattr(metadata, method)(form)
        for permanent, living_name, method in citation.DOWNLOADS
        for name, form in ((permanent, citable), (living_name, living))
    }
    return context


def _heading(page) -> str:
    """The page's own title (its first heading), not the shorter label of the navigation."""
    first = page.toc.items[0] if page.toc.items else None
    return first.title if first is not None and first.level == 1 else page.title


def on_post_build(config):
    folder = cache.folder("citeproc")
    if folder:
        cache.prune(folder)
    site = Path(config.site_dir)
    for dest_uri, files in _state["downloads"].items():
        folder = (site / dest_uri).parent
        for name, content in files.items():
            target = folder / name
            if not target.exists() or target.read_text(encoding="utf-8") != content:
                target.write_text(content, encoding="utf-8")
