"""The extension under plain Python-Markdown (no MkDocs): escaping and quoting."""

import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import editions_yaml
from edition import project
from edition.markdown_essay import FORMS, EditionError, EditionExtension

# The project's CITATION.cff, found from this file so that the tests run from any folder.
CITATION_FILE = Path(__file__).resolve().parent.parent / project.CITATION_FILE
TRICKY = "Use *stars*, _under_, `code`, <b>tags</b>, &amp; [a](link) and <> as text \\ here."


@pytest.fixture
def seed(tmp_path):
    path = tmp_path / "seed.txt"
    text = f"A <Title> & *more*\n\nBy <someone>\n\n{TRICKY}\n\nSecond paragraph.\n\nLeave a Reply\n"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "editions.yml").write_text(editions_yaml(text), encoding="utf-8")
    (tmp_path / "notes.yml").write_text("[]\n", encoding="utf-8")
    (tmp_path / "mentions.yml").write_text("{}\n", encoding="utf-8")
    (tmp_path / "glossary.yml").write_text("{}\n", encoding="utf-8")
    (tmp_path / "bibliography.yml").write_text("{}\n", encoding="utf-8")
    return path


def render(text, seed):
    extension = EditionExtension(seed=str(seed), data_dir=str(seed.parent), citation_file=str(CITATION_FILE))
    return BeautifulSoup(markdown.markdown(text, extensions=[extension]), "html.parser")


def test_markdown_and_html_in_the_seed_show_as_text(seed):
    soup = render("[[essay]]", seed)
    assert soup.select_one("h1").get_text() == "A <Title> & *more*"
    assert soup.select_one(".essay-attribution-line").get_text() == "By <someone>"
    assert soup.select_one("#p1 p").get_text() == TRICKY
    assert soup.find("b") is None and soup.find("em") is None and soup.find("code") is None


def test_quote_of_a_range_with_either_dash(seed):
    for syntax in ("[[quote ¶1–2]]", "[[quote ¶1-2]]", "[[quote ¶ 1 - 2]]"):
        soup = render(syntax, seed)
        labels = [a.get_text() for a in soup.select("a.quote-number")]
        assert labels == ["¶1", "¶2"]
        assert [a["href"] for a in soup.select("a.quote-number")] == ["essay.md#p1", "essay.md#p2"]
        assert soup.select(".quoted-text")[0].get_text() == TRICKY
        assert soup.select_one("figcaption a").get_text() == "¶1–2"


def test_inline_reference(seed):
    soup = render("As [[¶2]] says.", seed)
    link = soup.select_one("a.paragraph-ref")
    assert (link.get_text(), link["href"]) == ("¶2", "essay.md#p2")


def test_unknown_number_raises(seed):
    with pytest.raises(EditionError, match=r"\[\[quote ¶3\]\] names paragraphs the essay does not have \(it has ¶1–¶2\)"):
        render("[[quote ¶3]]", seed)


def test_the_readme_lists_every_registered_form():
    """The README's table of forms and the registry (FORMS) say the same: a form added to one
    and not the other fails here."""
    readme = (CITATION_FILE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing pages")[1].split("\n### ")[0]
    rows = re.findall(r"^\| `([^`]+)` \| ([^|]+) \| (.+) \|$", section, re.M)
    registered = [(f.syntax, "in running text" if f.inline else "alone between blank lines", f.renders)
                  for f in FORMS.values()]
    assert rows == registered


def test_every_registered_form_renders(seed):
    """Each block form of the registry is dispatched to its method (an unknown one fails)."""
    for name in ("quote ¶1", "glossary", "editions"):
        assert render(f"[[{name}]]", seed).find() is not None, name
    with pytest.raises(EditionError, match=r"did you mean \[\[quote ¶1\]\]\?"):
        render("[[quotes ¶1]]", seed)
