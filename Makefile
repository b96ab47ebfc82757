# Front desk: `make run` opens the app, `make test` runs every check. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench clean demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the project's declared dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# From a clone, a first start opens the demo clinic; an installed app asks (new clinic or demo).
run: $(STAMP)
	FRONTDESK_FIRST_RUN=demo $(BIN)/frontdesk gui

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check frontdesk tests main.py bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache bench.json
