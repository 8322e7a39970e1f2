"""Bad input stops the build with one clear line. (A warning stops the strict build
itself, so the one build of the site that every other test reads has none.)"""

import pytest

from conftest import copy_project, run_build
from edition.project import SEED as SEED_NAME


def error_lines(build):
    return [line for line in build.output.splitlines() if line.startswith("ERROR")]


def assert_fails_with_one_clear_line(build, expected):
    assert build.returncode != 0
    assert "Traceback" not in build.output, build.output
    assert any(expected in line for line in error_lines(build)), build.output
    assert not (build.site / "essay" / "index.html").exists()


# Every message has its own millisecond test (tests/test_edition_errors.py); these builds
# show that MkDocs reports one of each kind, a bad seed and a bad page, as one line.
@pytest.mark.parametrize(
    "content, problem",
    [
        (None, f"{SEED_NAME}: seed file not found"),
        (b"Title\n\nAttribution\n\n\xff\xfe broken\n", f"{SEED_NAME}: not valid UTF-8 (byte 0xff at offset 20)"),
    ],
    ids=["missing", "not-utf8"],
)
def test_bad_seed_stops_the_build(tmp_path, content, problem):
    """A missing or non-UTF-8 seed stops the build with one ERROR line naming the file, without a traceback.

    Breaks if: edition/markdown_essay.py's EditionError stops deriving from MkDocs' BuildError (a traceback shows).
    """
    project = copy_project(tmp_path / "project")
    seed = project / SEED_NAME
    if content is None:
        seed.unlink()
    else:
        seed.write_bytes(content)
    assert_fails_with_one_clear_line(run_build(project, tmp_path / "site"), problem)


@pytest.mark.parametrize(
    "markdown, problem",
    [
        ("[[quote ¶13]]", "index.md: [[quote ¶13]] names paragraphs the essay does not have (it has ¶1–¶12)"),
        ("Text then [[quote ¶2]] inline.", "index.md: [[quote ¶2]] is not valid here"),
    ],
)
def test_unknown_or_misplaced_paragraph_reference_names_the_page(tmp_path, markdown, problem):
    """A quotation of a paragraph the essay lacks, or one met in running text, stops the build naming the page.

    Breaks if: edition/markdown_essay.py EditionExtension.fail leaves the page ("index.md: ") out of its message.
    """
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n" + markdown + "\n", encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "Traceback" not in build.output, build.output
    assert any(problem in line for line in error_lines(build)), build.output


def test_broken_link_fails_the_strict_build(tmp_path):
    """A link to a paragraph anchor the essay lacks (essay.md#p99) fails the strict build.

    Breaks if: mkdocs.yml lowers validation.links.anchors from warn to info (a missing #anchor passes --strict).
    """
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n[gone](essay.md#p99)\n", encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "does not contain an anchor '#p99'" in build.output


def test_search_worker_swap_that_finds_nothing_stops_the_build(tmp_path):
    """As if Material's search worker moved: the stub index would leave search empty.

    Breaks if: hooks/search.py on_post_page stops raising when a page does not start search with the edition's worker.
    """
    project = copy_project(tmp_path / "project")
    template = project / "overrides" / "main.html"
    text = template.read_text(encoding="utf-8")
    assert '"assets/javascripts/workers/search."' in text
    template.write_text(text.replace('"assets/javascripts/workers/search."', '"assets/js/workers/search."'), encoding="utf-8")
    build = run_build(project, tmp_path / "site")
    assert_fails_with_one_clear_line(build, "overrides/main.html: index.md does not start search with")
