# Two commands do everything: `make run` (install, migrate, seed, serve) and `make test`.
SHELL := /bin/bash
# A recipe that fails leaves no half-made target behind.
.DELETE_ON_ERROR:
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install static migrate seed lint pytest smoke bench bench-xl mutation lock clean

# Beside the server, what the timers do in production that a visitor would miss, checked
# every minute: the scheduled announcements and the overdue responses.
run: install static migrate seed
	@( while sleep 60; do $(PY) manage.py announce_scheduled; \
	    $(PY) manage.py send_overdue_notices >/dev/null; done ) & \
	trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install static lint pytest

# A Python of at least 3.12: the one pyenv picks for .python-version, or python3.12+ on PATH.
$(VENV)/bin/python:
	@py=""; \
	for candidate in "$$(pyenv which python3.12 2>/dev/null)" python3.13 python3.12 python3; do \
	  [ -n "$$candidate" ] || continue; \
	  command -v "$$candidate" >/dev/null 2>&1 || continue; \
	  if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    py="$$candidate"; break; fi; \
	done; \
	if [ -z "$$py" ]; then \
	  echo "error: Python 3.12 or newer is needed (see .python-version). Install it, e.g. 'pyenv install 3.12', and run make again." >&2; \
	  exit 1; fi; \
	echo "Using $$("$$py" --version) at $$(command -v "$$py")"; \
	rm -rf $(VENV).tmp; \
	if ! "$$py" -m venv $(VENV).tmp; then \
	  rm -rf $(VENV).tmp; \
	  echo "error: '$$py -m venv' failed; on Debian or Ubuntu install python3-venv (or use pyenv)." >&2; \
	  exit 1; fi; \
	mv $(VENV).tmp $(VENV)

$(VENV)/.installed: requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

# USWDS's compiled CSS, JS, fonts and images, copied where Django serves static files.
# The PDFs embed some of those fonts (core/pdf/fonts.py reads them from
# static_build/uswds/fonts, AWARDS_PDF_FONT_DIR), so the build stops if USWDS moved them.
PDF_FONTS := merriweather/Latin-Merriweather-Regular.ttf merriweather/Latin-Merriweather-Bold.ttf \
	merriweather/Latin-Merriweather-Italic.ttf public-sans/PublicSans-Regular.ttf \
	public-sans/PublicSans-Bold.ttf public-sans/PublicSans-Italic.ttf
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "error: npm is needed to install USWDS; install Node.js 18 or newer with npm (e.g. apt-get install -y nodejs npm)." >&2; \
	  exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static_build/.built: node_modules/.installed
	rm -rf static_build && mkdir -p static_build/uswds
	cp -r node_modules/@uswds/uswds/dist/css node_modules/@uswds/uswds/dist/js \
	      node_modules/@uswds/uswds/dist/fonts node_modules/@uswds/uswds/dist/img static_build/uswds/
	@for font in $(PDF_FONTS); do test -f static_build/uswds/fonts/$$font || { \
	  echo "error: USWDS no longer ships fonts/$$font, which the certificate embeds; see core/pdf/fonts.py." >&2; \
	  exit 1; }; done
	touch $@

static: static_build/.built

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

lint: install
	$(VENV)/bin/ruff check .

pytest: install static
	$(VENV)/bin/pytest

# The production profile brought up for real on 127.0.0.1 (a scratch PostgreSQL database,
# Redis, moto's S3 server, an SMTP sink, two gunicorn app servers and the worker) and
# checked over HTTP as the proxy would call it; stops everything it started
# (see deploy/smoke/run.py). Needs PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379.
smoke: install static
	$(PY) deploy/smoke/run.py

# The benchmark tools (locust and its gevent), from their own lock, into the same venv.
$(VENV)/.installed-bench: requirements-bench.lock $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-bench.lock
	touch $@

# Query counts and page times at two data sizes, certificate batches, and load tests in
# the development profile and in the production one (needs PostgreSQL at 127.0.0.1:5432
# and Redis at 127.0.0.1:6379, as `make smoke` does), on scratch databases; writes
# bench/results.json and bench/results.md (see bench/run.py). About ten minutes.
bench: install static $(VENV)/.installed-bench
	$(PY) bench/run.py

# The same pages at 10,000 and 100,000 nominations, on PostgreSQL only; writes
# bench/results-xl.json and bench/results-xl.md (see bench/xl.py). About ten minutes.
bench-xl: install static $(VENV)/.installed-bench
	$(PY) bench/xl.py

# The mutation tester (mutmut), from its own lock, into the same venv.
$(VENV)/.installed-mutation: requirements-mutation.lock $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-mutation.lock
	touch $@

# Mutation testing of the critical modules (issue 21): mutmut over their functions, each
# mutant against the tests that reach it, on two workers (about 20 minutes); writes
# docs/mutation-report.md with the kill rate per module and every surviving mutant, and
# fails when a module is under 95%. Not part of `make test`; see docs/testing.md.
mutation: install static $(VENV)/.installed-mutation
	$(PY) mutation/run.py

# Regenerate the lock files after changing pyproject.toml (needs the network to PyPI).
# requirements.lock is the development and test install; requirements-prod.lock is what a
# server installs (no test tools). The production, bench and mutation locks are
# constrained by the main one, so the packages they share agree.
lock: install
	$(PY) -m pip install --quiet uv==0.13.8
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.12 -q -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.12 -q -c requirements.lock -o requirements-prod.lock
	$(VENV)/bin/uv pip compile pyproject.toml --group bench --generate-hashes --python-version 3.12 -q -c requirements.lock -o requirements-bench.lock
	$(VENV)/bin/uv pip compile pyproject.toml --group mutation --generate-hashes --python-version 3.12 -q -c requirements.lock -o requirements-mutation.lock

clean:
	rm -rf $(VENV) node_modules static_build staticfiles
