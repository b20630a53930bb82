# Ledgerline: `make run` to start the app, `make test` to run the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
SEED ?= data/kmc_lucent.yaml
# The browser tests drive Debian's Chromium; tests/browser/conftest.py reads the same variable.
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH

.PHONY: run install install-dev migrate seed serve test test-deps lint format bench check-deploy clean loadtest faulttest

# The app's runtime (requirements.txt) and, for tests and tools, requirements-dev.txt on top of it.
# Each has its own stamp, so `make run` never installs the test tools.
$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py create_demo_users
	$(PY) manage.py load_agreement $(SEED) --user admin
	$(PY) manage.py attach_document --agreement LNM970313MP --title "SEC filing exhibits (EX-10.8 to EX-27.1)" --file data/sources/000_310fd50be46fe4d8.txt --user admin

## make run: install, migrate, load the seed agreement, create demo users, serve on 127.0.0.1:8000
run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core, the accessibility rules the browser tests inject into every page (tests/browser/conftest.py):
# the npm registry's tarball of a pinned version, checked against its SHA-256, cached under var/.
AXE_VERSION := 4.10.3
AXE_SHA256 := 0f2b4d7dcdf7d1219df8d1959ad68e565f51d14c3f0d88bb71cd59abeb956292
AXE_JS := var/axe/axe-core-$(AXE_VERSION).min.js
export AXE_JS
.PHONY: axe
axe: $(AXE_JS)
$(AXE_JS):
	mkdir -p var/axe
	cd var/axe && (npm pack --silent axe-core@$(AXE_VERSION) >/dev/null 2>&1 || $(PYTHON) -c "import urllib.request as u; \
		u.urlretrieve('https://registry.npmjs.org/axe-core/-/axe-core-$(AXE_VERSION).tgz', 'axe-core-$(AXE_VERSION).tgz')")
	echo "$(AXE_SHA256)  var/axe/axe-core-$(AXE_VERSION).tgz" | sha256sum --check --quiet
	tar -xzf var/axe/axe-core-$(AXE_VERSION).tgz -C var/axe package/axe.min.js
	mv var/axe/package/axe.min.js $@
	rmdir var/axe/package

## make test: the whole suite (SQLite; set DATABASE_URL for PostgreSQL). Installs Chromium if missing (as root).
test: test-deps install-dev $(AXE_JS)
	$(PY) -m pytest

# Before installing anything, so a machine without Chromium stops in its first seconds (or gets it, as root).
test-deps:
	scripts/check-test-deps

## make lint: ruff, ruff format, mypy, import-linter's layer contracts, and no model change without a migration
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

format: install-dev
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
bench: seed install-dev
	$(PY) -m bench

.PHONY: bench-scale
## make bench-scale: issue 11's targets as ratios of one run, the seed alone vs a generated portfolio of 1,000 agreements (databases kept in var/ or on DATABASE_URL's server; BENCH_SCALE_ARGS="--agreements 200" for a quick run); writes var/bench-scale-<db>.md
bench-scale: install-dev
	$(PY) -m bench.scale $(BENCH_SCALE_ARGS)

clean:
	rm -rf $(VENV) var

## make loadtest: gunicorn + PostgreSQL under concurrent buyers, auditors, admins (LOAD_SECONDS=30)
loadtest: install-dev
	$(PY) -m bench.load.loadtest

## make faulttest: the load run with a PostgreSQL restart in the middle (needs .ci/postgres-up's cluster)
faulttest: install-dev
	$(PY) -m bench.load.faulttest

.PHONY: profile
## make profile: where one request of each throughput case spends its time (production settings, a copy of var/bench-scale-200.sqlite3; PROFILE_ARGS="--tree")
profile: install-dev
	$(PY) -m bench.scale.profile $(PROFILE_ARGS)
