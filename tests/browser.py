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
