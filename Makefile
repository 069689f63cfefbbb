# Respondent Portal. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Production is the portal's default when DJANGO_ENV is unset (portal/settings.py): every target here
# (the demo, translations, static files, tests) is a development run unless the caller says otherwise.
export DJANGO_ENV ?= development
# make test talks to PostgreSQL and Redis (override either from the environment).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
# The bench runs production settings, which refuse a per-process cache: it gets a Redis database of its own.
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/2
PYTEST_ARGS ?=
# The first-party apps, top layer first: the same list as .importlinter's root_packages
# (tests/test_architecture.py keeps the two equal, so a new app is never left out of bandit).
APPS := portal motions guidance filings notices delivery sms accounts cases audit common

.PHONY: help run test lint format deps os-deps os-deps-test static demo lock bench bench-load clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock requirements-dev.lock
	@py=$$(scripts/find-python) || exit 1; \
	  [ -x $(PY) ] || "$$py" -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv
	$(VENV)/bin/uv pip install -q --python $(PY) -r requirements.lock -r requirements-dev.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: $(VENV)/.installed node_modules/.installed ## Python and npm dependencies

os-deps: ## System packages for running (apt, when root)
	@scripts/os-packages run

os-deps-test: ## System packages for testing (adds Chromium)
	@scripts/os-packages test

static: deps ## Translations and static files
	@mkdir -p var
	$(MANAGE) compilemessages -v0 --ignore=.venv --ignore=node_modules
	$(MANAGE) collectstatic --noinput -v0

demo: static ## Database, roles and demo data (embedded defaults unless env says otherwise)
	$(MANAGE) migrate -v0
	$(MANAGE) sync_roles
	$(MANAGE) seed_demo

run: os-deps demo ## Set up everything and serve the portal at http://localhost:8000
	$(PY) -m portal.launch

test: os-deps-test static ## The whole test suite against PostgreSQL and Redis
	@scripts/services
	@scripts/clamd ensure
	DJANGO_ENV=development DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest $(PYTEST_ARGS)

lint: deps ## ruff (lint and format), djLint, bandit, the app layers (import-linter) and hidden imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/bandit -q -c pyproject.toml -r $(APPS) -ll
	$(VENV)/bin/lint-imports --no-cache
	$(PY) scripts/check_architecture.py

format: deps ## Apply ruff's formatting and fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

lock: ## Re-pin requirements*.lock from requirements*.in
	$(VENV)/bin/uv pip compile -q --python-version 3.12 --generate-hashes requirements.in -o requirements.lock
	$(VENV)/bin/uv pip compile -q --python-version 3.12 --generate-hashes requirements-dev.in -o requirements-dev.lock
	$(VENV)/bin/uv pip compile -q --python-version 3.12 --generate-hashes bench/requirements.in -o bench/requirements.lock

bench: static ## Speed figures against a baseline in the same run (PostgreSQL, gunicorn, wrk)
	@REDIS_URL=$(BENCH_REDIS_URL) scripts/services
	REDIS_URL=$(BENCH_REDIS_URL) $(PY) bench/run.py

bench-load: static ## 200 respondents signing in and reading their cases for 5 min (locust), and the baseline
	@REDIS_URL=$(BENCH_REDIS_URL) scripts/services
	$(VENV)/bin/uv pip install -q --python $(PY) -r bench/requirements.lock
	REDIS_URL=$(BENCH_REDIS_URL) $(PY) bench/load.py

clean: ## Remove the embedded demo state under var/ (database, files, mail)
	rm -rf var
