# Summit Awards. Only python3 (>= 3.11) and make are needed; everything else goes into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Development defaults for `make run`; production sets its own env (see README).
DEV_ENV := DJANGO_DEBUG=1
# A throwaway production-like environment for `make check`.
PROD_ENV := DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=awards.example.org \
	DJANGO_SECRET_KEY=check-deploy-$$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')

.PHONY: run test lint fmt check admin install install-test clean serve bench soak soak-short

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: $(VENV)/.installed
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	$(DEV_ENV) $(BIN)/python manage.py load_initial_data
	@echo "Admin: http://127.0.0.1:$(PORT)/$${DJANGO_ADMIN_URL:-admin/}  (create an account: make admin)"
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production profile: DEBUG off, static files collected, gunicorn with summit/gunicorn.py.
# Settings come from the environment (README, "Production deployment"); migrate is a release
# step run once per deploy, not by every instance: `.venv/bin/python manage.py migrate`.
serve: $(VENV)/.installed
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v 0
	DJANGO_DEBUG=0 PORT=$(PORT) $(BIN)/gunicorn -c summit/gunicorn.py summit.wsgi

# Benchmarks (README, "Benchmarks"): they install wrk and PostgreSQL when missing,
# start their own throwaway cluster and gunicorn servers on 127.0.0.1, and write
# bench/results/*.json. Every phase is bounded in time.
# Each step waits (up to 3 minutes) for the one-minute load average to fall below 2, the last
# step's own load included, then prints the time and load: figures from a busy machine mean little.
LOAD = @for i in $$(seq 36); do awk '{exit !($$1 < 2)}' /proc/loadavg && break; sleep 5; done; \
	echo "== $$(date -u +%H:%M:%S) load average $$(cut -d" " -f1-3 /proc/loadavg)"
bench: $(VENV)/.installed
	$(LOAD)
	$(BIN)/python bench/bench_pages.py --database both
	$(LOAD)
	$(BIN)/python bench/bench_scale.py --database both
	$(LOAD)
	$(BIN)/python bench/render_cpu.py --archive
	$(LOAD)
	$(BIN)/python bench/bench_import.py --database both --scale
	$(LOAD)
	$(BIN)/python bench/bench_memory.py
	$(LOAD)
	$(BIN)/python bench/bench_certificates.py
	$(LOAD)
	$(BIN)/python bench/bench_evaluation.py

# Load and fault tests: 64 connections × 30 s, load during a 10,000-row import, two instances,
# workers killed mid-import. soak-short is the CI version (on CI's PostgreSQL server).
soak: $(VENV)/.installed
	$(BIN)/python bench/soak.py

soak-short: $(VENV)/.installed
	SOAK_DATABASE_URL="$${SOAK_DATABASE_URL:-$${DATABASE_URL:-}}" $(BIN)/python bench/soak.py --short

admin: $(VENV)/.installed
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	$(DEV_ENV) $(BIN)/python manage.py createsuperuser

test: $(VENV)/.installed-test
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.installed
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
