"""Shared pieces of the browser tests: Debian's Chromium driven by Playwright, and a
local server for the built site at the path of site_url (as a real host serves it)."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the networking flags Chromium tries to reach Google's hosts at every start.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BASE_PATH = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path


def require(tool_path: str | None, what: str, install: str):
    """Skip locally with the reason when a tool is missing; in CI (CI=true) fail instead."""
    if tool_path and Path(tool_path).exists():
        return
    message = f"{what} not found: {install}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_chromium():
    require(CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), "Chromium",
            "apt-get install chromium (or set CHROMIUM)")


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site folder under BASE_PATH; anything else is a 404."""

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(BASE_PATH):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(BASE_PATH):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


class SiteServer:
    def __init__(self, site: Path):
        handler = functools.partial(_SiteHandler, directory=str(site))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}{BASE_PATH}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str = "") -> str:
        return self.base + path

    def close(self):
        self.httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(built_site):
    server = SiteServer(built_site.site)
    yield server
    server.close()


class Visit:
    """A page in a fresh browser context, recording console errors and foreign requests."""

    def __init__(self, browser, server, **context_options):
        self.context = browser.new_context(**context_options)
        self.errors, self.foreign = [], []
        host = urlsplit(server.base).netloc

        def route(route):
            if urlsplit(route.request.url).netloc != host and not route.request.url.startswith("data:"):
                self.foreign.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    visits = []

    def open_page(path="", **options):
        v = Visit(browser, server, **options)
        visits.append(v)
        if path is not None:
            v.page.goto(server.url(path))
        return v

    yield open_page
    for v in visits:
        v.close()


