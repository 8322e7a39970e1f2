"""Where the edition keeps its files: the one home of every path that the Markdown
extension, the hooks, the publishing build, the benchmark and the tests share.

Paths are relative to the project's folder, which is the working directory of every
build (`make`, `mkdocs`, `zensical` and the tests all run from it).
"""

SEED = "seeds/000_ecacc45a1ee5119f.txt"  # the essay, byte-identical to its source
DATA_DIR = "data"  # the edition's data files (data/README.md)
CITATION_FILE = "CITATION.cff"  # the citation metadata of the essay and the edition
ESSAY_PAGE = "essay.md"  # the essay page, inside docs/
DOCS_DIR = "docs"  # the site's pages
EDITIONS_DIR = "editions"  # the past editions, frozen as published (edition/archive.py)
