# Partner Center. `make run` starts it with demo data; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make run PORT=8001` serves on another port.
PORT ?= 8000

.PHONY: venv run test test-slow bench bench-review-postgres bench-ingest-postgres browsers fmt lint clean topology

venv: $(STAMP)

# Re-installs whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: venv
	$(BIN)/partnercenter migrate --noinput
	$(BIN)/partnercenter createcachetable
	$(BIN)/partnercenter program load --replace programs/exponential/2025-01-01.toml
	$(BIN)/partnercenter demo
	$(BIN)/partnercenter demo_logins --port $(PORT)
	@echo "Serving on http://127.0.0.1:$(PORT)/ with the background worker and the scheduler; Ctrl-C stops all."
	BIN=$(abspath $(BIN)) PORT=$(PORT) $(BIN)/honcho -f Procfile.dev start

lint: venv
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src
	$(BIN)/partnercenter makemigrations --check --dry-run

test: venv browsers lint
	$(BIN)/pytest -q -n 2

test-slow: venv
	$(BIN)/pytest -q -m slow

# Benchmarks: times a full tier review over many generated partners
# (`partnercenter bench review --help` for sizes; BENCH_REVIEW="--partners 100000
# --entries 20000000" for the full scale), on SQLite and on PostgreSQL; then webhook ingest
# on two throwaway PostgreSQL clusters (test settings + durable).
bench: venv bench-review-postgres bench-ingest-postgres
	$(BIN)/partnercenter bench review $(BENCH_REVIEW)

# The review bench on a throwaway PostgreSQL, started and stopped here (needs root to start it).
bench-review-postgres: venv
	bash -c '. scripts/postgres-for-tests.sh && pg_start && trap pg_stop EXIT && \
	  $(abspath $(BIN))/partnercenter bench review $(BENCH_REVIEW)'

# Webhook ingest through gunicorn on two throwaway PostgreSQL clusters (needs root).
bench-ingest-postgres: venv
	BIN=$(abspath $(BIN)) bash scripts/bench-ingest.sh

# The production topology (gunicorn, 2 db_workers, a scheduler, DEBUG=0) on a throwaway
# PostgreSQL, driven by a signed webhook and a background review (needs root for PostgreSQL).
topology: venv
	BIN=$(abspath $(BIN)) bash scripts/production-topology.sh

# Playwright drives Debian's Chromium (/usr/bin/chromium); no browser download.
browsers:
	@if [ -x /usr/bin/chromium ]; then \
	  echo "chromium: /usr/bin/chromium present"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  apt-get update -q && apt-get install -y -q chromium; \
	else \
	  echo "note: /usr/bin/chromium missing; install Debian's chromium to run browser tests"; \
	fi

fmt: venv
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf src/*.egg-info
