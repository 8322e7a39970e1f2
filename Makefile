# Two commands do everything: `make serve` and `make test`.
# Both create or refresh .venv from requirements.lock (exact versions, hashed).

PYTHON ?= python3
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
# The stamp names the Python that made .venv (cpython-311, say): with another Python,
# .venv is made again.
PYTHON_TAG := $(shell $(PYTHON) -c 'import sys; print(sys.implementation.cache_tag)' 2>/dev/null)
STAMP  := $(VENV)/.installed-$(PYTHON_TAG)

# Material prints a notice about MkDocs 2.0 on every build; it is not ours.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: setup serve build test check bench screenshots zensical lock freeze clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) scripts/require_python.py 3.11
	@if [ -d $(VENV) ] && [ ! -e $@ ]; then echo "make setup: .venv was made by another Python; making it again"; rm -rf $(VENV); fi
	@echo "make setup: installing the locked packages into .venv (about half a minute)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--no-build-isolation --editable .
	@touch $@

# The address is printed by MkDocs: site_url's path, on PORT (make serve PORT=8001).
serve: $(STAMP)
	@$(BIN)/python -c 'import socket; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); \
		s.bind(("127.0.0.1", $(PORT)))' 2>/dev/null || \
		{ echo "make serve: port $(PORT) is in use; choose another with make serve PORT=8001"; exit 1; }
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

# The site as published: the online edition in site/, plus the offline copy zipped
# into site/downloads/ (edition/publish.py; SOURCE_DATE_EPOCH from the last commit).
build: $(STAMP)
	$(BIN)/python -m edition.publish site

# The Nu HTML Checker comes from npm; without npm its test is skipped (CI installs it).
NODE_TOOLS := tools/node/node_modules/.package-lock.json

$(NODE_TOOLS): tools/node/package-lock.json
	if command -v npm >/dev/null; then npm ci --prefix tools/node --no-audit --no-fund --silent; fi

# Test files run side by side, one pytest worker per core; a file's tests stay in one
# worker, in order (the page cache's tests share one copy of the project).
PYTEST := $(BIN)/python -m pytest -n auto --dist loadfile

test: $(STAMP) $(NODE_TOOLS)
	$(PYTEST)

# The fast subset: every test but those that drive Chromium or run the HTML checker on Java.
check: $(STAMP)
	$(PYTEST) -m "not browser and not java"

# On demand, not part of the tests: build times, page weights, Lighthouse (needs npm).
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Screenshots of the main pages at 360, 768, 1280 and 1600 px, light and dark, for review
# (into screenshots/; tests/test_layout.py checks the layout itself).
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

# The site built with Zensical (pinned in requirements.lock) into site-zensical/.
zensical: $(STAMP)
	$(BIN)/zensical build --strict --clean -f mkdocs-zensical.yml

# Freeze the current edition (the last commit) into editions/VERSION/ before starting the
# next one; it prints what to add to data/editions.yml and data/citable-urls.yml (README).
freeze: $(STAMP)
	$(BIN)/python -m edition.archive freeze

# Regenerate the lock after editing the dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links \
		--extra test --extra dev --extra zensical -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) site site-zensical
