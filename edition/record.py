"""The edition record: what the newest entry of data/editions.yml says the edition is.

Every build checks it, so that a changed seed or a new version cannot be published by
mistake:

- the seed: its SHA-256 and its shape, that is a digest of its title, of its attribution
  and of each paragraph, and the line that starts the blog's comment form (where the
  essay ends). A difference is named: "¶2 differs", "13 paragraphs where 1.0.0 records 12";
- the version: CITATION.cff's version and date-released are the newest edition's.

A new text of the essay is published as a new edition: an entry in data/editions.yml,
with its changes and the record of the seed, which ``python -m edition.record`` prints.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from edition import project
from edition.data import DataError, Edition, SeedRecord, load_editions
from edition.essay import Essay, SeedError, parse_essay, read_seed, paragraph_label


def digest(text: str) -> str:
    """A short digest of a part of the seed: enough to tell one text from another."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def record_of(raw: bytes, essay: Essay) -> dict:
    """The record of a seed, as data/editions.yml keeps it."""
    return {
        "sha256": hashlib.sha256(raw).hexdigest(),
        "title": digest(essay.title),
        "attribution": digest("\n".join(essay.attribution)),
        "paragraphs": [digest(paragraph) for paragraph in essay.paragraphs],
        "comment_form": essay.comment_form[0],
    }


def newest_edition(editions_file: str | Path) -> Edition:
    editions_file = Path(editions_file)
    editions = load_editions(editions_file)
    if not editions:
        raise DataError(f"{editions_file}: no edition is recorded")
    if editions[0].seed is None:
        raise DataError(f"{editions_file}: edition {editions[0].version} records no seed "
                        "(python -m edition.record prints the record to add)")
    return editions[0]


def checked_essay(seed: str | Path, editions_file: str | Path) -> Essay:
    """The essay of the seed, if the seed is the one the newest edition records; else a
    SeedError naming the seed and what differs."""
    edition = newest_edition(editions_file)
    expected: SeedRecord = edition.seed
    raw = read_seed(seed)
    essay = parse_essay(raw, source=str(seed), comment_form=expected.comment_form)
    actual = record_of(raw, essay)
    if actual["sha256"] == expected.sha256:
        return essay
    where = f"edition {edition.version} in {editions_file}"
    if actual["title"] != expected.title:
        problem = "the title differs from the one recorded for"
    elif actual["attribution"] != expected.attribution:
        problem = "the attribution differs from the one recorded for"
    elif len(actual["paragraphs"]) != len(expected.paragraphs):
        problem = f"it has {len(actual['paragraphs'])} paragraphs where {len(expected.paragraphs)} are recorded for"
    elif changed := [n for n, (a, b) in enumerate(zip(actual["paragraphs"], expected.paragraphs), start=1) if a != b]:
        labels = ", ".join(paragraph_label(n) for n in changed)
        problem = f"{labels} {'differs' if len(changed) == 1 else 'differ'} from the text recorded for"
    else:
        problem = "its essay is the one recorded, but the file differs (SHA-256) from the one recorded for"
    raise SeedError(f"{seed}: {problem} {where}; a new text needs a new edition (python -m edition.record)")


def check_version(version: str, released: str, editions_file: str | Path) -> None:
    """CITATION.cff names the newest edition of data/editions.yml."""
    edition = newest_edition(editions_file)
    if (edition.version, edition.date) != (version, released):
        raise DataError(f"{project.CITATION_FILE}: version {version} of {released} is not the newest edition of "
                        f"{editions_file} ({edition.version} of {edition.date}); add its entry there")


def main(seed: str = project.SEED) -> int:
    """Print the record of the seed as it is, to paste into a new entry of data/editions.yml."""
    import yaml

    raw = read_seed(seed)
    print(yaml.safe_dump({"seed": record_of(raw, parse_essay(raw, source=seed))}, sort_keys=False,
                         allow_unicode=True, width=100), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
