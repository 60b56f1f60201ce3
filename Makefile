# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
PIP := $(BIN)/python -m pip install --disable-pip-version-check --quiet
HOST ?= 127.0.0.1
PORT ?= 8000
# The browser tests drive Debian's Chromium; nothing ever downloads a browser.
CHROMIUM := /usr/bin/chromium

.DEFAULT_GOAL := test
.PHONY: run lan hosted test lint typecheck unit browser browser-deps pose-model fmt bench clean

# The web coach on an embedded SQLite database; it prints the address to open.
run: $(RUN_STAMP) pose-model
	$(BIN)/gethip serve --host $(HOST) --port $(PORT)

# The same, over HTTPS on this machine's Wi-Fi address, for the phone: README "On your phone".
lan: $(RUN_STAMP)
	$(BIN)/gethip serve --lan

# Hosted mode (a club's server) on this machine's PostgreSQL, with the job worker:
# README "Hosting gethip for a club". Open http://127.0.0.1:$(PORT)/signup.
hosted: $(RUN_STAMP)
	BIN=$(BIN) PORT=$(PORT) scripts/hosted.sh

test: lint typecheck unit

lint: $(DEV_STAMP)
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/lint-imports

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

# One worker per core; a test file's tests stay together (they share a server or a browser).
unit: $(DEV_STAMP) browser-deps pose-model
	$(BIN)/pytest -n auto --dist loadfile

browser: $(DEV_STAMP) browser-deps pose-model
	$(BIN)/pytest -m browser

# Installs Debian's chromium when it is missing and apt can be used (as root, or
# through sudo without a password). Otherwise it says so and the browser tests
# skip with the reason, except under CI=true, where they fail.
browser-deps:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
		echo "note: no apt-get here; the browser tests need $(CHROMIUM) and will skip"; \
	elif [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
			|| echo "note: could not install chromium; the browser tests will skip"; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		(sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
			|| echo "note: could not install chromium; the browser tests will skip"; \
	else \
		echo "note: installing chromium needs root or sudo; the browser tests will skip"; \
	fi

# The hip check's pose model (@mediapipe/pose, pinned and checksummed), fetched
# once with npm into the folder the web app serves; see scripts/fetch_pose_model.py.
POSE_STAMP := src/gethip/web/static/vendor/mediapipe-pose/.fetched
pose-model: $(POSE_STAMP)

$(POSE_STAMP): scripts/fetch_pose_model.py
	$(PYTHON) scripts/fetch_pose_model.py

fmt: $(DEV_STAMP)
	$(BIN)/ruff format
	$(BIN)/ruff check --fix

bench: $(DEV_STAMP) pose-model
	$(BIN)/python benchmarks/timer.py
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/import.py
	$(BIN)/python benchmarks/hipcheck.py
	$(BIN)/python benchmarks/web.py
	# Skips, saying why, without PostgreSQL on this machine (or wrk where it cannot be installed).
	$(BIN)/python benchmarks/hosted.py

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
