# Two commands for a new user: `make run` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

# The second engine: these suites run again on a throwaway PostgreSQL cluster
# (tests/pg_cluster.py; skipped with a message when no PostgreSQL is installed, except in CI).
PG_TESTS := tests/store tests/cli tests/concurrency tests/tui/test_engines.py

.PHONY: run test test-sqlite test-postgres bench venv clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/dondoc demo

test: test-sqlite
	$(BIN)/python tests/pg_cluster.py run -- $(BIN)/python -m pytest -q $(PG_TESTS)

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest -q

test-postgres: $(STAMP)
	$(BIN)/python tests/pg_cluster.py run --require -- $(BIN)/python -m pytest -q $(PG_TESTS)

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
