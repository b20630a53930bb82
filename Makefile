# Ledgerline: `make run` to start the app, `make test` to run the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
SEED ?= data/kmc_lucent.yaml

.PHONY: run install migrate seed serve test lint format bench check-deploy clean loadtest faulttest

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py create_demo_users
	$(PY) manage.py load_agreement $(SEED) --user admin

## make run: install, migrate, load the seed agreement, create demo users, serve on 127.0.0.1:8000
run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (SQLite; set DATABASE_URL for PostgreSQL)
test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## make serve: gunicorn with production settings (needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL)
serve: install
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(VENV)/bin/gunicorn config.wsgi:application \
		--bind $(HOST):$(PORT) --workers 3 --access-logfile -

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py check --deploy --fail-level WARNING

## make bench: performance benchmarks (targets live here, never in timed tests)
bench: seed
	$(PY) -m bench

clean:
	rm -rf $(VENV) var

## make loadtest: gunicorn + PostgreSQL under concurrent buyers, auditors, admins (LOAD_SECONDS=30)
loadtest: install
	$(PY) -m bench.load.loadtest

## make faulttest: the load run with a PostgreSQL restart in the middle (needs .ci/postgres-up's cluster)
faulttest: install
	$(PY) -m bench.load.faulttest
