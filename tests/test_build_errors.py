"""Bad input stops the build with one clear line, and no site is published.

A battery of faults, each in its own copy of the project: a changed or damaged seed, a
version without its edition, misspelt or misplaced forms, a key given twice in a data
file, a broken link, a theme that moved Material's search worker. The builds run two at a
time, sharing one cache folder, as builds beside each other do. Every message has its own
millisecond test as well (tests/test_edition_errors.py); these show what MkDocs prints.
(A warning stops the strict build itself, so the one build of the site that every other
test reads has none.)
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import Build, copy_project, run_build
from edition.project import DATA_DIR, SEED, CITATION_FILE


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ROOT = Path(__file__).resolve().parent.parent


def appended(text: str, markdown: str) -> str:
    return text + "\n\n" + markdown + "\n"


def append_to(page: str, markdown: str):
    def change(project: Path) -> None:
        path = project / "docs" / page
        path.write_text(appended(path.read_text(encoding="utf-8"), markdown), encoding="utf-8")
    return change


def appended_line(page: str) -> int:
    """The line of a page of docs/ on which append_to's Markdown lands."""
    return len(appended((ROOT / "docs" / page).read_text(encoding="utf-8"), "").splitlines())


def line_in(path: Path, text: str, occurrence: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if line == text][occurrence - 1]


def seed_bytes(change):
    def write(project: Path) -> None:
        seed = project / SEED
        seed.write_bytes(change(seed.read_bytes()))
    return write


def remove_seed(project: Path) -> None:
    (project / SEED).unlink()


def cut_inside_the_last_paragraph(raw: bytes) -> bytes:
    return raw[:raw.index("will be an optimal".encode()) + len("will be an optimal")]


NEW_TEXT = "; a new text needs a new edition (python -m edition.record)"
RECORDED = f"from the text recorded for edition 1.1.0 in {DATA_DIR}/editions.yml{NEW_TEXT}"

# (id, change to the copy, the ERROR line expected, whether pages may have been converted)
FAULTS = [
    ("seed missing", remove_seed, f"{SEED}: seed file not found", False),
    ("seed not UTF-8", seed_bytes(lambda raw: raw.replace(b"The traditional", b"\xff\xfe traditional")),
     f"{SEED}: not valid UTF-8 (byte 0xff at offset {(ROOT / SEED).read_bytes().index(b'The traditional')})", False),
    ("one word of ¶2 changed", seed_bytes(lambda raw: raw.replace(b"the objective is", b"the aim is")),
     f"{SEED}: ¶2 differs {RECORDED}", False),
    ("seed cut inside ¶12", seed_bytes(cut_inside_the_last_paragraph),
     f"{SEED}: no line 'Leave a Reply', which starts the blog's comment form after the essay (is the file cut short?)",
     False),
    ("¶12 given twice", seed_bytes(lambda raw: raw.replace(b"\n\nLeave a Reply", b"\n\n" + raw.split(b"\n\n")[13]
                                                           + b"\n\nLeave a Reply")),
     f"{SEED}: it has 13 paragraphs where 12 are recorded for edition 1.1.0 in {DATA_DIR}/editions.yml{NEW_TEXT}",
     False),
    ("comment form's case changed", seed_bytes(lambda raw: raw.replace(b"Leave a Reply", b"Leave a reply")),
     f"{SEED}: its essay is the one recorded, but the file differs (SHA-256) from the one recorded for edition "
     f"1.1.0 in {DATA_DIR}/editions.yml{NEW_TEXT}",
     False),
    ("version without its edition", lambda project: replace(project / CITATION_FILE, 'version: "1.1.0"', 'version: "1.2.0"'),
     f"{CITATION_FILE}: version 1.2.0 of 2026-11-30 is not the newest edition of {DATA_DIR}/editions.yml "
     "(1.1.0 of 2026-11-30); add its entry there", False),
    ("key given twice", lambda project: replace(project / DATA_DIR / "glossary.yml", "UN:\n", "UN:\n  expansion: x\nUN:\n"),
     f"{DATA_DIR}/glossary.yml:{line_in(ROOT / DATA_DIR / 'glossary.yml', 'UN:') + 2}: not valid YAML: 'UN' is given twice",
     True),
    ("paragraph the essay lacks", append_to("index.md", "[[quote ¶13]]"),
     f"index.md:{appended_line('index.md')}: [[quote ¶13]] names paragraphs the essay does not have (it has ¶1–¶12)", True),
    ("block form in running text", append_to("index.md", "Text then [[quote ¶2]] inline."),
     f"index.md:{appended_line('index.md')}: [[quote ¶2]] is not valid here", True),
    ("capitalised form", append_to("index.md", "[[Quote ¶2]]"),
     f"index.md:{appended_line('index.md')}: [[Quote ¶2]] is not one of the edition's forms; did you mean [[quote ¶2]]?", True),
    ("unclosed form", append_to("index.md", "See [[¶2 and more."),
     f"index.md:{appended_line('index.md')}: [[¶2 and more. is not closed with ]]", True),
    ("essay twice", append_to("essay.md", "[[essay]]"),
     f"essay.md:{appended_line('essay.md')}: [[essay]] is used twice on this page (the ids it gives would clash)", True),
    ("source cited nowhere",
     lambda project: (project / DATA_DIR / "bibliography.yml").write_text(
         (ROOT / DATA_DIR / "bibliography.yml").read_text(encoding="utf-8")
         + 'zz-unused:\n  title: "A page"\n  publisher: "Someone"\n  url: "https://example.org/unused"\n',
         encoding="utf-8"),
     f"sources.md:{line_in(ROOT / 'docs' / 'sources.md', '[[bibliography]]')}: {DATA_DIR}/bibliography.yml: "
     "zz-unused is cited on no page; cite or remove", True),
    ("source on a WordPress ?p= link",
     lambda project: replace(project / DATA_DIR / "bibliography.yml", 'url: "https://www.itu.int/en/plenipotentiary/2014/Pages/zhao-bio.aspx"',
                             'url: "https://www.itu.int/en/?p=55"'),
     f"{DATA_DIR}/bibliography.yml: source 'itu-zhao-bio': its url https://www.itu.int/en/?p=55 is a WordPress ?p= link, "
     "not the page's address", True),
    ("event date written as text",
     lambda project: replace(project / DATA_DIR / "events.yml", "date: 2014-10-23\n", "date: 23 October 2014\n"),
     f"{DATA_DIR}/events.yml: event 'zhao-elected': date must be YYYY, YYYY-MM or YYYY-MM-DD, or a span START/END of "
     "two such dates in order, found '23 October 2014'", True),
    ("search worker moved",
     lambda project: replace(project / "overrides" / "main.html", '"assets/javascripts/workers/search."',
                             '"assets/js/workers/search."'),
     "overrides/main.html: index.md does not start search with", True),
]


@pytest.fixture(scope="module")
def faulty_builds(tmp_path_factory) -> dict[str, Build]:
    """Every fault built in its own copy, two builds at a time."""
    jobs = {}
    for name, change, _, _ in FAULTS:
        folder = tmp_path_factory.mktemp("fault")
        project = copy_project(folder / "project")
        change(project)
        jobs[name] = (project, folder / "site")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(run_build, project, site) for name, (project, site) in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("name, expected, pages_converted", [(f[0], f[2], f[3]) for f in FAULTS],
                         ids=[f[0] for f in FAULTS])
def test_a_fault_stops_the_build_with_one_clear_line(faulty_builds, name, expected, pages_converted):
    """One ERROR line names the file (and the line) and the problem; no traceback; no site.
    Seed and version faults are reported before any page is converted.

    Breaks if: edition/record.py stops comparing the paragraphs' digests (a changed word passes), or
    hooks/citations.py stops checking the seed and the version in on_config (a page is blamed first).
    """
    build = faulty_builds[name]
    errors = [line for line in build.output.splitlines() if line.startswith("ERROR")]
    assert build.returncode != 0, build.output
    assert "Traceback" not in build.output, build.output
    assert any(expected in line for line in errors), build.output
    if not pages_converted:
        assert "Error reading page" not in build.output, build.output
    assert not (build.site / "essay" / "index.html").exists()


def test_broken_link_fails_the_strict_build(tmp_path):
    """A link to a paragraph anchor the essay lacks (essay.md#p99) fails the strict build.

    Breaks if: mkdocs.yml lowers validation.links.anchors from warn to info (a missing #anchor passes --strict).
    """
    project = copy_project(tmp_path / "project")
    append_to("index.md", "[gone](essay.md#p99)")(project)
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "does not contain an anchor '#p99'" in build.output
