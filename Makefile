# Crux: `make serve` builds the site and serves it; `make test` runs every test, `make test-fast`
# all but the browser, PostgreSQL and slow ones; `make lint` runs ruff and mypy; `make format`
# rewrites the code in ruff's format; `make docs` builds the documentation site. Each creates
# .venv with python3 when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: serve build test test-fast lint format docs bench screenshots clean

serve: $(VENV)/.installed
	$(BIN)/kb serve --port $(PORT)

build: $(VENV)/.installed
	$(BIN)/kb build --out site

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto -m "not browser and not postgres and not slow" $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The documentation site (MkDocs, strict: a broken link or reference fails) into build/docs.
docs: $(VENV)/.installed-test
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir build/docs

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

screenshots: $(VENV)/.installed-test
	$(BIN)/python -m tests.browser.screenshots

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) site .site.crux .pytest_cache test-artifacts build/docs
