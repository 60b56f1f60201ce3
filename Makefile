# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
PIP := $(BIN)/python -m pip install --disable-pip-version-check --quiet

.DEFAULT_GOAL := test
.PHONY: run test lint typecheck unit fmt bench clean

run: $(RUN_STAMP)
	$(BIN)/gethip go openers

test: lint typecheck unit

lint: $(DEV_STAMP)
	$(BIN)/ruff check
	$(BIN)/ruff format --check

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

unit: $(DEV_STAMP)
	$(BIN)/pytest

fmt: $(DEV_STAMP)
	$(BIN)/ruff format
	$(BIN)/ruff check --fix

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/timer.py
	$(BIN)/python benchmarks/startup.py

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "gethip needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[dev]'
	@touch $@ $(RUN_STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
