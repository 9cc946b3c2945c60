# Integrationsportal Rostock — the commands a newcomer needs (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock upgrade run test test-fast bench lint migrate demo clean serve loadtest

# Install exactly what was tested: requirements.lock pins every package, with its hashes, from
# the dependencies declared in pyproject.toml. Re-install only when the lock changes.
$(STAMP): requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) fehlt"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

# After a change to the dependencies in pyproject.toml: write the lock anew (same pins where they
# still fit); `make upgrade` moves every package to its newest release the ranges admit.
LOCK := $(VENV)/bin/pip-compile --quiet --generate-hashes --extra dev --strip-extras \
	--allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
lock: install
	$(LOCK)
	$(MAKE) install

upgrade: install
	$(LOCK) --upgrade
	$(MAKE) install

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

# The local server and the demo accounts are for development: DEBUG on unless the caller says
# otherwise (demo_konten refuses to run without DEBUG; static files are served unhashed).
demo run: export DEBUG ?= 1

# migrate, load_konzept, load_monitoring, demo_konten, demo_fortschritt in one process
# (integration_portal/management/commands/demo.py): Django starts once, not five times.
demo: install
	$(PY) manage.py demo

# The worker beside the server runs the background tasks (mail, README "Hintergrundarbeit");
# Ctrl-C stops both, and the worker also ends when the server does.
run: demo
	$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Line coverage of our apps (pyproject.toml, [tool.coverage.*]): a table of the files not fully
# covered, the HTML report in var/coverage/index.html; fails under fail_under.
# One test process per core (pytest-xdist); a file's tests stay in one process (fixed ports of
# the proxy tests, module fixtures). PYTEST_WORKERS=0 runs everything in this process.
PYTEST_WORKERS ?= auto
XDIST = -n $(PYTEST_WORKERS) --dist loadfile

test: install
	$(VENV)/bin/pytest $(XDIST) --cov --cov-report=term --cov-report=html $(PYTEST_ARGS)

test-fast: install
	$(VENV)/bin/pytest $(XDIST) -m "not browser" $(PYTEST_ARGS)

# All benchmarks, each in its own process; `make bench BENCH=reports` for one (pages, monitoring).
bench: install
	$(PY) -m tests.bench $(BENCH)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache

# Production: gunicorn with the production profile on PostgreSQL (README, section "Betrieb").
# Needs DATABASE_URL, SECRET_KEY and ALLOWED_HOSTS; REDIS_URL for a cache shared by all workers.
PROD := DJANGO_SETTINGS_MODULE=integration_portal.settings_production
serve: install
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL fehlt (postgres://…), siehe README „Betrieb“"; exit 1; }
	$(PROD) $(PY) manage.py migrate --noinput
	$(PROD) $(PY) manage.py collectstatic --noinput
	$(PROD) $(VENV)/bin/gunicorn -c integration_portal/gunicorn_conf.py integration_portal.wsgi

# Two gunicorn instances on a throwaway PostgreSQL database, 50 users for 60 s, then the same
# while PostgreSQL restarts (tests/load/loadtest.py; loopback only).
loadtest: install
	$(PY) -m tests.load.loadtest $(LOADTEST_ARGS)
