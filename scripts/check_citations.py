"""Regenerate or check the stored expected citations against citeproc-js under Node.

    python scripts/check_citations.py --check   # compare edition, Node and stored strings
    python scripts/check_citations.py --write   # store Node's strings as the expectation

The expectation (tests/expected/citations.json) covers the essay as republished in the
edition, its twelve paragraphs, the original blog post and one page of the edition, in
the four styles; the essay, the paragraphs and the page in both forms, at the permanent
address of the edition (keys essay, p1…p12, page) and at the living address (the same
keys ending in -living). The edition formats with citeproc-js
too, but vendored and run in an embedded V8 (edition/csl.py); this script runs the npm
package `citeproc` under Node (scripts/citeproc-node, pinned by its package-lock.json),
checks that the vendored file is byte-identical to it, and compares the outputs.
Needs Node and npm; run it from the project's top folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition import project  # noqa: E402
from edition.citation import Metadata  # noqa: E402
from edition.csl import CITEPROC_JS, STYLES, _locales_json, _style_xml, format_citations  # noqa: E402

NODE_DIR = ROOT / "scripts" / "citeproc-node"
EXPECTED = ROOT / "tests" / "expected" / "citations.json"
# The page of the edition whose citation is part of the expectation, with its heading.
SAMPLE_PAGE = ("cite/", "How to cite")


def citables(metadata: Metadata):
    essay_url = metadata.site_url + "essay/"
    return [citable for living in (False, True) for citable in (
        [metadata.essay(essay_url, living=living)] + [metadata.paragraph(essay_url, n, living=living) for n in range(1, 13)]
        + [metadata.page(metadata.site_url + SAMPLE_PAGE[0], SAMPLE_PAGE[1], living=living)])] + [metadata.original()]


def requests_of(items):
    return [r for c in items for r in c.requests()]


def with_edition(items) -> dict:
    return format_citations([c.item for c in items], requests_of(items))


def with_node(items) -> dict:
    if shutil.which("node") is None or shutil.which("npm") is None:
        sys.exit("Node and npm are needed for this check")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=NODE_DIR, check=True)
    npm_file = NODE_DIR / "node_modules" / "citeproc" / "citeproc_commonjs.js"
    if hashlib.sha256(npm_file.read_bytes()).digest() != hashlib.sha256(CITEPROC_JS.read_bytes()).digest():
        sys.exit(f"{CITEPROC_JS} differs from the npm package in {npm_file}")
    job = {
        "items": [c.item for c in items],
        "requests": requests_of(items),
        "locales": json.loads(_locales_json()),
        "styles": [{"key": s.key, "xml": _style_xml(s.csl), "locale": s.locale} for s in STYLES],
    }
    result = subprocess.run(["node", "format.js"], cwd=NODE_DIR, input=json.dumps(job),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store Node's output as the expectation")
    parser.add_argument("--check", action="store_true", help="compare edition, Node and stored output")
    args = parser.parse_args()
    items = citables(Metadata(ROOT / project.CITATION_FILE))
    node = with_node(items)
    if args.write:
        EXPECTED.parent.mkdir(parents=True, exist_ok=True)
        EXPECTED.write_text(json.dumps(node, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {EXPECTED}")
    edition = with_edition(items)
    stored = json.loads(EXPECTED.read_text(encoding="utf-8"))
    problems = [name for name, other in (("edition (embedded V8)", edition), ("stored expectation", stored))
                if other != node]
    for name in problems:
        print(f"differs from citeproc-js under Node: {name}")
    if not problems:
        print(f"identical: citeproc-js under Node, the edition and {EXPECTED.relative_to(ROOT)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
