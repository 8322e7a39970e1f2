"""The essay model on the real seed and on small, deliberately broken seeds."""

import pytest

from conftest import SEED, seed_paragraphs
from edition.essay import SeedError, load_essay, parse_essay


@pytest.fixture(scope="module")
def essay():
    return load_essay(SEED)


def test_title_and_attribution_are_kept_exactly(essay):
    assert essay.title == "Multilateralism vs Multistakeholderism \u2013 Is it One or the\u00a0Other?"
    assert essay.attribution == (
        "Francois HOLLANDE - President of The French REPUBLIC Republic",
        "European Commission Plenary",
    )


def test_twelve_body_paragraphs_in_order(essay):
    assert len(essay.paragraphs) == 12
    assert list(essay.paragraphs) == seed_paragraphs()
    assert essay.paragraph(1).startswith("The traditional path of multilateralism")
    assert essay.paragraph(12).startswith("While realizing the benefits of the Internet\u00a0")


def test_every_character_is_kept(essay):
    text = "\n".join(essay.paragraphs)
    for kept in ("\u2018one state, one vote\u2019", "\u2014 including", "Jo\u00e3o Pessoa",
                 "OECD\u00a0Committee", "here: <>.", "we\u2019re"):
        assert kept in text
    assert essay.paragraph(8).endswith("See WSIS+10 outcome documents here: <>.")
    assert "See Participant List here: <>." in essay.paragraph(11)


def test_comment_form_is_not_essay_text(essay):
    assert essay.comment_form[0] == "Leave a Reply"
    assert essay.comment_form[-1] == "Connecting to %s"
    assert len(essay.comment_form) == 6
    body = "\n".join((essay.title, *essay.attribution, *essay.paragraphs))
    for line in essay.comment_form:
        assert line not in body


def test_unknown_paragraph_number_is_a_key_error(essay):
    for number in (0, 13, -1):
        with pytest.raises(KeyError):
            essay.paragraph(number)


def test_windows_line_endings_give_the_same_essay(essay):
    crlf = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    assert parse_essay(crlf) == essay


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "the seed is empty"),
        (b"\n \n\n", "the seed is empty"),
        (b"Title\n\nAttribution\n\nLeave a Reply\n", "no body paragraphs found"),
        (b"Title\n\nBy\n\nText cut sho", "no line 'Leave a Reply', which starts the blog's comment form"),
        (b"Title\n\nAttribution\n\nLeave a Reply\n\nConnecting to %s", "no body paragraphs found"),
        (b"Title\n\nBy someone\n\nCaf\xe9\n", "not valid UTF-8 (byte 0xe9 at offset 22)"),
        (b"Title\nsecond line\n\nBy\n\nText\n\nLeave a Reply\n", "the title must be a single line"),
    ],
)
def test_bad_seeds_give_one_line_naming_the_file(tmp_path, content, problem):
    seed = tmp_path / "seed.txt"
    seed.write_bytes(content)
    with pytest.raises(SeedError) as error:
        load_essay(seed)
    message = str(error.value)
    assert message.startswith(f"{seed}: ")
    assert problem in message
    assert "\n" not in message


def test_the_comment_form_is_found_whatever_its_case_and_spacing(essay):
    altered = SEED.read_text(encoding="utf-8").replace("\nLeave a Reply\n", "\nLeave  a reply \n")
    assert parse_essay(altered).paragraphs == essay.paragraphs


def test_missing_seed(tmp_path):
    with pytest.raises(SeedError, match=r"missing\.txt: seed file not found$"):
        load_essay(tmp_path / "missing.txt")
