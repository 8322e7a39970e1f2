"""Screenshots of the main pages for a person to look at: every page at phone, tablet,
laptop and wide widths, in the light and the dark palette, from a fresh build.

    python scripts/screenshots.py [FOLDER]     # default: screenshots/ (not in git)

The pictures are for review, not compared pixel by pixel: tests/test_layout.py checks
the layout by its boxes. Needs Chromium (/usr/bin/chromium) and Playwright.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["", "essay/", "topics/multilateralism/", "topics/interplay/", "institutions/itu/", "institutions/iana/",
         "timeline/", "sources/", "updates/", "editions/1.0.0/essay/", "editions/1.1.0/institutions/un/"]
WIDTHS = (360, 768, 1280, 1600)
SCHEMES = ("light", "dark")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as site:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", site],
                       cwd=ROOT, env=env, check=True)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=site))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for scheme in SCHEMES:
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 1000}, color_scheme=scheme)
                    page = context.new_page()
                    for path in PAGES:
                        page.goto(base + path)
                        name = f"{(path.strip('/') or 'home').replace('/', '_')}-{width}-{scheme}.png"
                        page.screenshot(path=str(folder / name), full_page=False)
                        print(folder / name)
                    context.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots")
