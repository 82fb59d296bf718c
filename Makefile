# Two commands do all the set-up on a fresh machine:
#   make run   — venv, install, migrate, serve on http://127.0.0.1:3000 with embedded SQLite
#   make test  — venv, install test extras, PostgreSQL binaries if missing, lint, types, tests
# The test suite starts (and stops) its own throwaway PostgreSQL server on loopback.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 3000

.PHONY: run test lint bench postgres-binaries clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/groundswell db upgrade
	$(BIN)/groundswell serve --host $(HOST) --port $(PORT)

postgres-binaries:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then \
	  echo "PostgreSQL binaries: $$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -n1)"; \
	else \
	  echo "PostgreSQL binaries missing: installing them with apt-get"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot storage adapters
	$(BIN)/lint-imports

test: $(VENV)/.installed-test postgres-binaries lint
	$(BIN)/pytest -n auto --dist worksteal

bench: $(VENV)/.installed-test
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
