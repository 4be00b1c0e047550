# One task runner for people and CI. Every target bootstraps its own environment.
SHELL := /bin/bash
UV ?= python3 -m uv
RUN := $(UV) run --frozen
# Some images set PYTHONDONTWRITEBYTECODE=1: every command would then recompile ~1,300 modules
# (about 2 s per start). Let Python cache bytecode.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: bootstrap demo test lint types contracts pytest pytest-pg browser format bench clean

bootstrap:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

demo: bootstrap
	$(RUN) resonanz demo

lint: bootstrap
	$(RUN) ruff format --check .
	$(RUN) ruff check .

types: bootstrap
	$(RUN) mypy

contracts: bootstrap
	$(RUN) lint-imports

pytest: bootstrap
	$(RUN) pytest -n 2 -q --ignore=tests/browser

# The tests that touch the store run again on PostgreSQL.
STORE_TESTS := $(wildcard tests/cli tests/web)
# The same suite against PostgreSQL (scripts/postgres.sh starts a server if none runs).
pytest-pg: bootstrap
	@if bash scripts/postgres.sh; then \
		RESONANZ_TEST_DB=postgres $(RUN) pytest -n 2 -q -m "not sqlite_only" $(STORE_TESTS); \
	elif [ "$$CI" = "true" ]; then \
		echo "CI: the PostgreSQL suite is required, but no server is reachable" >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable: skipping the PostgreSQL suite (required under CI)"; \
	fi

# Real headless Chromium against a live server (skipped without Chromium, required under CI).
# Screenshots land in test-artifacts/browser/.
browser: bootstrap
	$(RUN) pytest -q tests/browser

test: lint types contracts pytest pytest-pg browser

format: bootstrap
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

bench: bootstrap
	$(RUN) python benchmarks/import_and_vet.py

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache resonanz-demo
