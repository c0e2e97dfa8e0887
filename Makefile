# KenMe: `make run` serves the app with demo data, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app kenme
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Tests run on both cores; each worker gets its own SQLite files and PostgreSQL database.
PYTEST_ARGS ?= -n auto

.PHONY: run test install install-test lint format clean screenshots

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# setuptools warns on every editable install of a flat layout (kenme/ next to pyproject.toml),
# which is ours on purpose; that one notice is silenced, every other warning still shows.
QUIET_EDITABLE := PYTHONWARNINGS="ignore:Editable installation"

$(VENV)/.installed: pyproject.toml | $(PY)
	$(QUIET_EDITABLE) $(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(QUIET_EDITABLE) $(PY) -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@echo "KenMe draait op http://$(HOST):$(PORT)  (stoppen: Ctrl+C)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# One whole suite at a time per machine: two runs on two cores each take four times as long,
# and their browser and server tests start to time out. A second `make test` waits its turn.
SUITE_LOCK ?= /tmp/kenme-make-test.lock

test: install-test
	@flock -n $(SUITE_LOCK) true || echo "Another make test is running on this machine; waiting for it..."
	flock $(SUITE_LOCK) $(PY) -m pytest $(PYTEST_ARGS)

# PNGs of every main page at 390, 768 and 1280 px per role (guest, member, moderator), made
# with Chromium on a throw-away demo database. Outside git: instance/ is ignored.
SCREENSHOTS_DIR ?= instance/screenshots

screenshots: install-test
	SCREENSHOTS_DIR=$(SCREENSHOTS_DIR) $(PY) -m tests.browser.screenshots $(SCREENSHOTS_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
