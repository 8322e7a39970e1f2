"""Every internal link and fragment in the built site resolves; nothing loads from another host."""

import re
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from conftest import ROOT

RESOURCE_ATTRIBUTES = {
    "script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
    "audio": "src", "embed": "src", "object": "data", "link": "href",
}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


@pytest.fixture(scope="module")
def base_path():
    """The path part of site_url: pages such as 404.html link from it."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return urlsplit(config["site_url"]).path


def target_file(site, page_url, href, base_path):
    """The built file a link points to, or None if it leaves the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(urlsplit(urljoin("/" + page_url, href)).path)
    if href.startswith("/"):
        assert path.startswith(base_path), f"{page_url}: link {href!r} is outside the site"
        path = "/" + path[len(base_path):]
    file = site / path.lstrip("/")
    return file / "index.html" if path.endswith("/") else file


def ids_in(build, file, cache={}):
    if file not in cache:
        soup = build.html(str(file.relative_to(build.site)))
        cache[file] = {tag["id"] for tag in soup.select("[id]")} | {
            tag["name"] for tag in soup.select("a[name]")
        }
    return cache[file]


def test_every_internal_link_and_fragment_resolves(built_site, base_path):
    """Every link and fragment in the built pages, templates' included, reaches a file and an id.

    Breaks if: docs/cite.md drops { #no-author }, which the template link cite/#no-author of cite-panel.html needs.
    """
    problems = []
    checked = 0
    for page in built_site.pages():
        page_url = page.relative_to(built_site.site).as_posix()
        soup = built_site.html(page_url)
        for tag in soup.select("[href], [src]"):
            href = tag.get("href") or tag.get("src")
            if href.startswith(("mailto:", "javascript:", "data:")):
                continue
            file = target_file(built_site.site, page_url, href, base_path)
            if file is None:
                continue
            checked += 1
            if not file.is_file():
                problems.append(f"{page_url}: {href!r} -> missing {file.relative_to(built_site.site)}")
                continue
            fragment = unquote(urlsplit(href).fragment)
            if fragment and file.suffix == ".html" and fragment not in ids_in(built_site, file):
                problems.append(f"{page_url}: {href!r} -> no id {fragment!r}")
    assert checked > 50
    assert problems == []


def test_no_resource_is_requested_from_another_host(built_site):
    """No page or stylesheet loads anything from another host.

    Breaks if: mkdocs.yml drops theme.font: false (Material then loads Roboto from Google Fonts).
    """
    external = []
    for page in built_site.pages():
        soup = built_site.html(page.relative_to(built_site.site).as_posix())
        for tag, attribute in RESOURCE_ATTRIBUTES.items():
            for element in soup.find_all(tag):
                url = element.get(attribute, "")
                if tag == "link" and not set(element.get("rel", [])) & {
                    "stylesheet", "icon", "preload", "modulepreload", "manifest", "preconnect", "dns-prefetch"}:
                    continue
                if urlsplit(url).netloc:
                    external.append(f"{page.name}: <{tag}> {url}")
    for stylesheet in built_site.site.rglob("*.css"):
        for url in CSS_URL.findall(stylesheet.read_text(encoding="utf-8")):
            if urlsplit(url).netloc:
                external.append(f"{stylesheet.name}: {url}")
    assert external == []


def test_no_script_blocks_the_first_paint(built_site):
    """Every external script is deferred (overrides/main.html): the page paints its text
    without waiting for Material's bundle, which scores and feels faster on slow links.

    Breaks if: overrides/main.html's scripts block drops its replace("<script src=", "<script defer src=").
    """
    blocking = []
    for page in built_site.pages():
        soup = built_site.html(page.relative_to(built_site.site).as_posix())
        scripts = soup.select("script[src]")
        blocking += [f"{page.relative_to(built_site.site)}: {s['src']}" for s in scripts if not s.has_attr("defer")]
    assert blocking == []
    assert built_site.html("essay/").select_one('script[src*="bundle."][defer]'), "Material's bundle is not on the page"


def test_site_url_and_canonical_links_are_set(built_site):
    """The essay page has an https canonical link ending in /essay/.

    Breaks if: mkdocs.yml sets use_directory_urls: false (the essay is then essay.html, its canonical too).
    """
    canonical = built_site.html("essay/").select_one('link[rel="canonical"]')["href"]
    assert canonical.startswith("https://") and canonical.endswith("/essay/")
