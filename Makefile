# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
	fonts-dejavu-core poppler-utils gettext chromium nginx postgresql-client
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup deps venv debs env messages migrate demo lint check worker bench clean \
	backup restore

run: setup migrate demo
	@if [ -n "$$REDIS_URL" ]; then \
		$(BIN)/celery -A config worker --detach --loglevel=INFO \
			--pidfile=var/celery.pid --logfile=var/celery.log && \
		echo "Celery worker started (var/celery.log)"; \
		trap 'kill $$(cat var/celery.pid) 2>/dev/null' EXIT; \
		$(MANAGE) runserver $(HOST):$(PORT); \
	else \
		$(MANAGE) runserver $(HOST):$(PORT); \
	fi

test: setup lint
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -q

setup: debs venv env messages

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

# WeasyPrint's libraries, the report fonts and the tools the tests use (nginx: the proxy of the
# two-server test; postgresql-client: pg_dump and pg_restore for backups).
debs:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing Debian packages. Run as root:"; \
			echo "  apt-get update && apt-get install -y$$missing"; exit 1; \
		fi; \
	fi

env: .env
.env:
	@sed "s/^SECRET_KEY=.*/SECRET_KEY=$$(sh scripts/secret_key.sh)/" .env.example > .env
	@echo "Created .env (DEBUG=1, SQLite, in-process tasks)"

messages:
	@$(MANAGE) compilemessages --ignore=.venv -v 0

migrate:
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) createcachetable

demo:
	$(MANAGE) load_demo

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --cache-dir var/import-linter

worker:
	$(BIN)/celery -A config worker --loglevel=INFO

# The benchmark of design §7 in a database of its own: PostgreSQL when it runs here, else SQLite.
# Prints the table and writes var/bench/latest.json. BENCH_DATABASE_URL overrides the database.
BENCH_DB ?= lienhiephoi_bench
bench: setup
	@command -v wrk >/dev/null || { [ "$$(id -u)" = "0" ] && apt-get install -y -qq wrk >/dev/null; } || true
	@if [ -n "$$BENCH_DATABASE_URL" ]; then url="$$BENCH_DATABASE_URL"; \
	elif pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
		psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB)'" | grep -q 1 \
			|| createdb -h 127.0.0.1 -U postgres $(BENCH_DB); \
		url="postgres://postgres@127.0.0.1:5432/$(BENCH_DB)"; \
	else url="sqlite:///$(CURDIR)/var/bench.sqlite3"; fi; \
	DATABASE_URL=$$url REDIS_URL= $(MANAGE) migrate --no-input -v 0 && \
	DEBUG=0 DATABASE_URL=$$url REDIS_URL= $(MANAGE) bench --json var/bench/latest.json $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# Backups (docs/backup.md): the database and every stored file, with checksums, into
# BACKUP_DIR (default var/backups); restore one folder into an empty database and storage.
backup:
	$(MANAGE) backup

restore:
	@test -n "$(DIR)" || { echo "Usage: make restore DIR=var/backups/YYYYMMDD-HHMMSS"; exit 1; }
	$(MANAGE) restore "$(DIR)" $(if $(YES),--yes)
