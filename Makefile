# Two commands for a newcomer: `make preview` and `make test`. Both create the environment first.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COURSE ?= course

# A Python 3.12: one on PATH first, then pyenv's 3.12.x (this kind of machine has pyenv's 3.12.1 only).
PYTHON312 ?= $(shell for p in python3.12 $$(ls -d $$(pyenv root 2>/dev/null)/versions/3.12*/bin/python3.12 2>/dev/null); do \
	"$$p" -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1 && { echo "$$p"; break; }; done)

.PHONY: help venv preview test test-fast lint format chromium build check bench translations clean dist test-releases

help:
	@echo "make preview   build course/ and serve it at http://127.0.0.1:8000/ (Ctrl-C stops)"
	@echo "make test      run lint and the whole test suite (installs Chromium when missing)"
	@echo "make test-fast lint and every test but the browser and packaging ones"
	@echo "make build     build course/ into out/ (OLX folders and .tar.gz per language)"
	@echo "make check     check course/ and report every problem"
	@echo "make bench     run the benchmarks under bench/"
	@echo "make dist      build the wheel and the sdist into dist/ and check them with twine"
	@echo "make test-releases  test every supported Open edX release (nox), rewrite docs/compatibility.md"

venv: $(STAMP)

$(STAMP): setup.cfg pyproject.toml requirements/constraints.txt
	@test -n "$(PYTHON312)" || { echo "error: Python 3.12 not found (install it, or set PYTHON312=/path/to/python3.12)"; exit 2; }
	@test -x $(BIN)/python || "$(PYTHON312)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e ".[dev,report]"
	@touch $@

chromium:
	@command -v chromium >/dev/null || test -x /usr/bin/chromium || { \
		echo "Installing Chromium (Debian package) for the browser tests..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }; }

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: venv chromium lint
	$(BIN)/python -m pytest

# Everything but the browser and packaging tests: the quick loop while developing (about a minute).
test-fast: venv lint
	$(BIN)/python -m pytest -m "not browser and not packaging" -q

# The release matrix (noxfile.py): one venv per Open edX release, with its Python (found on PATH or
# in pyenv, never downloaded) and its pins (requirements/releases/). docs/compatibility.md is
# rewritten from the results even when a release fails; the target fails then too.
test-releases: venv
	test -x $(BIN)/nox || $(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt nox
	$(BIN)/nox --download-python never --reuse-venv yes; status=$$?; \
	$(BIN)/python requirements/releases/compat_table.py; exit $$status

# The package administrators install: sdist, then the wheel built from it (tests/packaging checks both).
# A stale latarnia.egg-info (left by the editable install) would fill gaps of MANIFEST.in: remove it.
dist: venv
	rm -rf dist latarnia.egg-info
	$(BIN)/python -m build --outdir dist .
	$(BIN)/python -m twine check --strict dist/*
	@echo "package data in the wheel:"; $(BIN)/python -m zipfile -l dist/*.whl | grep -E '\.(mo|json|html|css|js|md) '

preview: venv
	$(BIN)/latarnia preview $(COURSE)

build: venv
	$(BIN)/latarnia build $(COURSE) -o out

check: venv
	$(BIN)/latarnia check $(COURSE)

bench: venv
	$(BIN)/python bench/build_bench.py
	$(BIN)/python bench/blocks_bench.py
	$(BIN)/python bench/report_bench.py

translations: venv
	$(BIN)/python -m devtools.i18n

clean:
	rm -rf $(VENV) out build dist *.egg-info .pytest_cache
