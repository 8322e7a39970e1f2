"""The essay in the formats readers keep (edition/kept.py): plain text and JSON, in the
built site's downloads/, linked from the essay page, the How to cite page and every footer."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from conftest import ROOT, seed_paragraphs
from edition import kept

STEM = kept.FILE_STEM


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_the_plain_text_holds_each_paragraph_as_a_numbered_block(built_site):
    """The .txt file: UTF-8; the title; the attribution as given; each paragraph of the seed,
    exactly, as its own block prefixed with its number, in order; the citation, the source
    and the edition line.

    Breaks if: edition/kept.py plain() joins the paragraphs without their numbers, or reads
    them from anywhere but the seed.
    """
    text = (built_site.site / "downloads" / f"{STEM}.txt").read_bytes().decode("utf-8")
    blocks = text.split("\n\n")
    numbered = [b for b in blocks if re.match(r"¶\d+ ", b)]
    assert numbered == [f"¶{n} {p}" for n, p in enumerate(seed_paragraphs(), start=1)]
    assert blocks[0] == (ROOT / "seeds").glob("*.txt").__next__().read_text(encoding="utf-8").split("\n")[0]
    assert blocks[1].startswith("Attribution as given in the source:\nFrancois HOLLANDE")
    assert any(b.startswith("Cite as: ") and "version 1.1.0" in b for b in blocks)
    assert any(b.startswith("First published on nielharper.com") for b in blocks)


def test_the_json_validates_and_holds_the_paragraphs_and_notes(built_site):
    """The .json file validates against edition/kept.schema.json; its paragraphs are the
    seed's with their numbers, ids and edition URLs; each note names words that stand in
    its paragraph.

    Breaks if: edition/kept.py as_json renames a field (the schema refuses it), or gives a
    paragraph's URL without its anchor.
    """
    document = json.loads((built_site.site / "downloads" / f"{STEM}.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "edition" / "kept.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert [p["text"] for p in document["paragraphs"]] == list(seed_paragraphs())
    for paragraph in document["paragraphs"]:
        assert paragraph["id"] == f"p{paragraph['number']}"
        assert paragraph["url"] == f"{document['edition']['url']}#{paragraph['id']}"
    assert len(document["notes"]) >= 12
    for note in document["notes"]:
        assert note["words"] in document["paragraphs"][note["paragraph"] - 1]["text"]
    assert [n["number"] for n in document["notes"]] == list(range(1, len(document["notes"]) + 1))


def test_the_schema_refuses_what_the_json_must_not_be():
    """The schema can fail: a paragraph without its URL, or an unknown field, is refused."""
    schema = json.loads((ROOT / "edition" / "kept.schema.json").read_text(encoding="utf-8"))
    document = json.loads(kept.as_json(kept.load(ROOT)))
    jsonschema.validate(document, schema)
    del document["paragraphs"][0]["url"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
    document = json.loads(kept.as_json(kept.load(ROOT)))
    document["paragraphs"][0]["page"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_every_kept_file_is_linked_from_the_essay_the_cite_page_and_every_footer(built_site):
    """Breaks if: overrides/partials/copyright.html stops listing config.extra.kept_files, or the
    cite panel stops offering them on the essay and How to cite pages.
    """
    names = [name for name, _ in kept.files()]
    for url in ("essay/", "cite/"):
        panel = built_site.html(url).select_one(".cite-panel")
        assert [a["href"].rsplit("/", 1)[-1] for a in panel.select("a[href*='downloads/']")] == names, url
    for page in built_site.pages():
        if page.name != "index.html" or page.parent.name == "404":
            continue
        footer = page.read_text(encoding="utf-8").split("md-copyright", 1)[-1]
        for name in names:
            assert f"downloads/{name}" in footer, page
        assert (built_site.site / "downloads" / name).is_file()
