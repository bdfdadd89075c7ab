# keyparts — the two commands a fresh machine needs are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean i18n

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $(STAMP)

## run: set up, import the bundled sample into SQLite if the database is empty (never over
##      data in use), print the summary and key categories, write report.html, create the demo
##      accounts that do not exist yet (passwords printed once) and serve http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/keyparts demo

## test: set up and run the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

## bench: the benchmarks, each printing workload, our time, a peer's time and the ratio
bench: $(STAMP)
	@command -v ab >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get install -y -qq apache2-utils || (apt-get update -qq && apt-get install -y -qq apache2-utils)) >/dev/null; } || echo "ApacheBench not installed: the web benchmark uses its Python client only"
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) keyparts.db keyparts.db-wal keyparts.db-shm

## i18n: extract the interface's messages, update the zh_CN and en catalogs, compile them
i18n: $(STAMP)
	PY=$(BIN)/python tools/i18n
