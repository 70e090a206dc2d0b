# The two commands of the README. Each works on a fresh machine: it makes the virtual
# environment it needs, installs into it, and runs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: serve build check test bench clean

$(BIN)/phrasebook: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## serve the bundled handbook on http://127.0.0.1:8000 and rebuild when content changes
serve: $(BIN)/phrasebook
	$(BIN)/phrasebook serve

## build the site into site/ (replaced only when the new build is complete)
build: $(BIN)/phrasebook
	$(BIN)/phrasebook build --strict

## run the guidance checker over the bundled handbook
check: $(BIN)/phrasebook
	$(BIN)/phrasebook check --strict

## run every test: lint, types, unit, build and browser tests (installs Chromium if missing)
test: $(BIN)/phrasebook
	sh tests/install-browser.sh
	$(BIN)/pytest -n auto --dist loadfile

## measure build, check and search speed against plain MkDocs (see benchmarks/README.md)
bench: $(BIN)/phrasebook
	sh tests/install-browser.sh
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site .site.* export
