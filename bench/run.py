"""Benchmark of the edition, run on demand (not a test): `make bench`.

Measures, in one run, on this machine:
  1. build time of `mkdocs build --strict` against a bare Material build of the same essay
     with default settings (median of several alternating runs, and the ratio), and of
     the edition with its page cache off (every page converted);
  2. per page: bytes of HTML, CSS, JS and fonts loaded, raw and gzip, and the search index;
  3. Lighthouse 12.2.3 scores for every page (median of three runs), the site served with
     gzip as a real host would.
Writes bench/results.json and prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import BASE_PATH, CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from conftest import copy_project  # noqa: E402
from edition import project  # noqa: E402
from edition.essay import load_essay  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "node" / "node_modules" / ".bin" / "lighthouse"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
TEXT_TYPES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


# --- 1. build time ------------------------------------------------------------------

def bare_project(folder: Path) -> Path:
    """The same essay in a Material site with default settings."""
    essay = load_essay(ROOT / project.SEED)
    (folder / "docs").mkdir(parents=True)
    body = "\n\n".join(html.escape(p, quote=False) for p in essay.paragraphs)
    (folder / "docs" / "index.md").write_text(f"# {html.escape(essay.title)}\n\n{body}\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: Bare\ntheme:\n  name: material\n", encoding="utf-8")
    return folder


def timed_build(project: Path, site: Path, **env: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=project, env=dict(ENV, **env), check=True, capture_output=True)
    return time.perf_counter() - start


def without_page_cache(work: Path) -> dict:
    """A cache folder with the project's citations and compiled templates but no converted
    pages, as after an edit to data/ or to the extension's code (edition/cache.py)."""
    folder = work / "cache-without-pages"
    shutil.rmtree(folder, ignore_errors=True)
    for name in ("citeproc", "jinja"):
        shutil.copytree(ROOT / ".cache" / name, folder / name)
    return {"EDITION_CACHE_DIR": str(folder)}


def build_times(runs: int, work: Path) -> dict:
    bare = bare_project(work / "bare")
    # The first build of a fresh checkout fills the caches (.cache/: citations, templates,
    # converted pages); every later build, the ones compared, has them. The edition is
    # also timed with the page cache off, as when every page has changed.
    cold = timed_build(copy_project(work / "fresh"), work / "site-cold")
    timed_build(ROOT, work / "warm")
    ours, uncached, theirs = [], [], []
    for _ in range(runs):
        ours.append(timed_build(ROOT, work / "site-ours"))
        theirs.append(timed_build(bare, work / "site-bare"))
        uncached.append(timed_build(ROOT, work / "site-uncached", **without_page_cache(work)))
    bare_s = statistics.median(theirs)
    return {"runs": runs, "edition_s": statistics.median(ours), "bare_s": bare_s,
            "ratio": statistics.median(ours) / bare_s,
            "edition_pages_converted_s": statistics.median(uncached),
            "ratio_pages_converted": statistics.median(uncached) / bare_s,
            "edition_first_build_s": cold, "edition_all_s": ours, "bare_all_s": theirs,
            "edition_pages_converted_all_s": uncached}


# --- serving with gzip ---------------------------------------------------------------

class GzipHandler(SimpleHTTPRequestHandler):
    """Static files under BASE_PATH, text compressed with gzip when the client accepts it."""

    def do_GET(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(BASE_PATH):
            self.send_error(404)
            return
        file = Path(self.directory) / path[len(BASE_PATH):]
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            file, status = Path(self.directory) / "404.html", 404
        else:
            status = 200
        data = file.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Cache-Control", "max-age=3600")
        if file.suffix in TEXT_TYPES and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, 6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def serve(site: Path):
    handler = lambda *a, **k: GzipHandler(*a, directory=str(site), **k)  # noqa: E731
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}{BASE_PATH}"


# --- 2. page weight ------------------------------------------------------------------

def kind(url: str, content_type: str) -> str:
    if "font" in content_type or url.endswith((".woff", ".woff2", ".ttf")):
        return "fonts"
    for name, suffix in (("html", "text/html"), ("css", "text/css"), ("js", "javascript")):
        if suffix in content_type:
            return name
    return "other"


def page_weights(site: Path, pages: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    httpd, base = serve(site)
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in pages:
            page = browser.new_page()
            loaded = []
            page.on("response", lambda r: loaded.append(r))
            page.goto(base + path, wait_until="networkidle")
            totals: dict = {}
            for response in loaded:
                if not response.url.startswith(base):
                    continue
                raw = response.body()
                name = kind(response.url, response.headers.get("content-type", ""))
                entry = totals.setdefault(name, {"raw": 0, "gzip": 0})
                entry["raw"] += len(raw)
                entry["gzip"] += len(gzip.compress(raw, 6))
            results[path] = totals
            page.close()
        browser.close()
    httpd.shutdown()
    return results


# --- 3. Lighthouse -------------------------------------------------------------------

def lighthouse(site: Path, pages: list[str], runs: int) -> dict:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=LIGHTHOUSE.parents[2], check=True)
    httpd, base = serve(site)
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    scores = {}
    for path in pages:
        runs_scores = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as folder:
                report = Path(folder) / "report.json"
                subprocess.run([str(LIGHTHOUSE), base + path, "--quiet", "--output=json", f"--output-path={report}",
                                f"--chrome-flags={flags}", "--only-categories=performance,accessibility,best-practices,seo"],
                               env=dict(os.environ, CHROME_PATH=CHROMIUM), check=True, capture_output=True)
                categories = json.loads(report.read_text())["categories"]
                runs_scores.append({k: round(v["score"] * 100) for k, v in categories.items()})
        scores[path] = {k: statistics.median(r[k] for r in runs_scores) for k in runs_scores[0]}
        print(f"lighthouse {path or '(home)'}: {scores[path]}", flush=True)
    httpd.shutdown()
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="build runs of each kind")
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    manifest = yaml.safe_load((ROOT / project.DATA_DIR / "citable-urls.yml").read_text(encoding="utf-8"))
    pages = [e["url"] for e in manifest["urls"] if "moved_to" not in e]

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        results = {"machine": os.uname().machine, "date": time.strftime("%Y-%m-%d"), "build": build_times(args.runs, work)}
        b = results["build"]
        print(f"build: edition {b['edition_s']:.2f} s (every page converted {b['edition_pages_converted_s']:.2f} s, "
              f"first build {b['edition_first_build_s']:.2f} s), bare {b['bare_s']:.2f} s, "
              f"ratio {b['ratio']:.2f} ({b['ratio_pages_converted']:.2f})", flush=True)
        ours, bare = work / "site-ours", work / "site-bare"
        results["weights"] = page_weights(ours, pages)
        results["bare_weights"] = page_weights(bare, [""])
        # The edition's page load fetches a stub; the full index comes with the first search.
        results["search_index"] = {"edition_at_load": (ours / "search" / "search_index.json").stat().st_size,
                                   "edition_full": (ours / "search" / "search_index.full.json").stat().st_size,
                                   "bare": (bare / "search" / "search_index.json").stat().st_size}
        if not args.no_lighthouse:
            results["lighthouse"] = lighthouse(ours, pages, args.lighthouse_runs)
            # The reference page, scored the same way, shows what the theme itself reaches here.
            results["lighthouse_bare"] = lighthouse(bare, [""], args.lighthouse_runs)[""]
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    return 0


def table(results: dict) -> str:
    total = lambda w, key: sum(v[key] for v in w.values())  # noqa: E731
    lines = ["| page | HTML gzip | CSS gzip | JS gzip | fonts | total gzip | total raw | Lighthouse P/A/BP/SEO |",
             "|---|---|---|---|---|---|---|---|"]
    rows = [("bare Material essay", results["bare_weights"][""], results.get("lighthouse_bare"))] + [
        (path or "(home)", weights, results.get("lighthouse", {}).get(path)) for path, weights in results["weights"].items()]
    for name, w, lh in rows:
        get = lambda k: w.get(k, {}).get("gzip", 0)  # noqa: E731
        scores = "/".join(str(int(lh[k])) for k in ("performance", "accessibility", "best-practices", "seo")) if lh else "–"
        lines.append(f"| {name} | {get('html'):,} | {get('css'):,} | {get('js'):,} | {get('fonts'):,} | "
                     f"{total(w, 'gzip'):,} | {total(w, 'raw'):,} | {scores} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
