# Terang. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $(STAMP)

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-20s %s\n", $$1, $$2}'

.PHONY: install
install: $(STAMP) ## Create the virtual environment and install the dependencies

.PHONY: run
run: $(STAMP) ## Migrate, load the demo content and serve the site on http://127.0.0.1:8000
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py load_demo
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: test
test: $(STAMP) browser-deps ## Run every check and test
	DJANGO_SETTINGS_MODULE=terang.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=terang.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

# The browser journeys (tests/e2e) drive Debian's Chromium and check pages with axe-core (npm).
AXE := node_modules/axe-core/axe.min.js

.PHONY: browser-deps
browser-deps: $(AXE) ## Install what the browser journeys need: Debian's Chromium and axe-core
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser journeys"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
		|| { echo "chromium could not be installed: the browser journeys will skip" >&2; [ "$${CI:-}" != "true" ]; }; \
	fi

$(AXE): package.json package-lock.json
	@if npm ci --no-audit --no-fund; then touch $(AXE); else \
		echo "axe-core could not be installed: the browser journeys will skip" >&2; [ "$${CI:-}" != "true" ]; fi

.PHONY: lint
lint: $(STAMP) ## Check the code with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: format
format: $(STAMP) ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: messages
messages: $(STAMP) ## Extract and compile translations (needs GNU gettext)
	$(PY) manage.py makemessages --locale id --locale en --no-obsolete --add-location file \
		--ignore ".venv/*" --ignore "node_modules/*" --ignore "bench/*" --ignore "tests/*" \
		--ignore "static-collected/*"
	$(PY) manage.py compilemessages --ignore ".venv/*" --ignore "node_modules/*"

.PHONY: clean
clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) db.sqlite3 media private-media static-collected

# Search speed (bench/search.py): one table, each size and engine against its floor. The database
# engine runs on SQLite and, when BENCH_DATABASE_URL is set or a local PostgreSQL answers, on
# PostgreSQL; 100k stories: make bench BENCH_SIZES="1000 10000 100000". Results: a new file in the
# git-ignored bench/results/ each run, or BENCH_OUT=path.
# It ends with one table of every goal of issue 12: search against each floor, index builds,
# publish to searchable, and the pages over HTTP (bench/pages_http.py at BENCH_PAGES stories; 0 skips).
BENCH_SIZES ?= 1000 10000
BENCH_OUT ?=
BENCH_PAGES ?= 10000

.PHONY: bench
bench: $(STAMP) ## Print every goal of issue 12 in one table: search against each engine's floor, index builds, publish to searchable, pages
	@if [ "$(BENCH_PAGES)" != "0" ]; then \
		command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk); \
		bash .ci/postgres; fi
	$(PY) bench/search.py --all-databases --sizes $(BENCH_SIZES) --pages $(BENCH_PAGES) $(if $(BENCH_OUT),--out $(BENCH_OUT))

.PHONY: search-eval
search-eval: $(STAMP) ## Measure search on its labelled queries (dev and heldout), both engines, with and without the lexicon
	$(PY) bench/search_eval.py

# The search lexicon's dictionary pairs come from Debian's dict-freedict-eng-ind; the generated JSON
# is committed, so the site runs without the package. This regenerates it when the package is here.
.PHONY: lexicon
lexicon: $(STAMP) ## Regenerate search/lexicon/freedict-eng-ind.json from FreeDict (dict-freedict-eng-ind)
	@if [ -f /usr/share/dictd/freedict-eng-ind.index ]; then \
		DJANGO_SETTINGS_MODULE=terang.settings.test $(PY) manage.py build_lexicon; \
	else echo "dict-freedict-eng-ind is not installed (apt-get install dict-freedict-eng-ind); keeping the committed lexicon"; fi

# Pages over HTTP (bench/pages_http.py): gunicorn with 2 workers on PostgreSQL, driven by wrk.
BENCH_PAGES_SIZE ?= 10000
BENCH_PAGES_ARGS ?=

.PHONY: bench-pages
bench-pages: $(STAMP) ## Serve the demo plus BENCH_PAGES_SIZE stories with gunicorn and drive the pages with wrk
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	@bash .ci/postgres
	$(PY) bench/pages_http.py --size $(BENCH_PAGES_SIZE) $(BENCH_PAGES_ARGS)

.PHONY: scanner-eval
scanner-eval: $(STAMP) ## Measure the red-flag scanner on its labelled corpus (dev and heldout) and time it
	$(PY) bench/scanner_eval.py

# A try-out of the production shape on this machine (docs/deploy.md): PostgreSQL, gunicorn, a task
# worker, JSON logs. Plain HTTP on $(HOST), so the HTTPS-only settings are switched off here, and the
# secret key is made afresh on each start; a real server takes all of these from its environment.
TRYOUT_DATABASE_URL ?= postgres://terang:terang@127.0.0.1:5432/terang
TRYOUT_ENV = DJANGO_SETTINGS_MODULE=terang.settings.production \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=$(HOST),localhost SITE_URL=http://$(HOST):$(PORT) \
	DATABASE_URL=$(TRYOUT_DATABASE_URL) EMAIL_URL=console:// \
	SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
	SECURE_HSTS_SECONDS=0 SECURE_PROXY_SSL_HEADER=none

.PHONY: serve-production
serve-production: $(STAMP) ## Try the production shape: PostgreSQL, gunicorn and a task worker on http://127.0.0.1:8000
	@if [ "$(TRYOUT_DATABASE_URL)" = "postgres://terang:terang@127.0.0.1:5432/terang" ]; then bash .ci/postgres; fi
	env $(TRYOUT_ENV) $(PY) manage.py migrate --no-input
	env $(TRYOUT_ENV) $(PY) manage.py createcachetable
	env $(TRYOUT_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	env $(TRYOUT_ENV) $(PY) manage.py load_demo --force
	env $(TRYOUT_ENV) sh -c '$(PY) manage.py task_worker --queue-name "*" & worker=$$!; \
		trap "kill $$worker 2>/dev/null; wait $$worker" EXIT INT TERM; \
		$(VENV)/bin/gunicorn --config python:terang.gunicorn_conf --bind $(HOST):$(PORT) --workers 2 terang.wsgi'

# Several processes of each part on this machine, loopback only (tools/cluster/cluster.py says
# which and where): HAProxy, two gunicorn app servers, PostgreSQL, Redis, a 3-node OpenSearch
# cluster, two task workers and moto standing in for S3. It installs the parts that are missing.
.PHONY: try-cluster
try-cluster: $(STAMP) ## Run Terang as a cluster on this machine: HAProxy, 2 app servers, Redis, 3 OpenSearch nodes, S3 (moto)
	$(PY) tools/cluster/cluster.py start

.PHONY: try-cluster-stop
try-cluster-stop: ## Stop everything make try-cluster started
	$(PY) tools/cluster/cluster.py stop

# Load and faults against try-cluster (bench/chaos.py; bench/README.md, "Chaos"): wrk readers,
# Locust members and moderators, an OpenSearch node, an app server, a task worker and PostgreSQL
# broken one after another. 3 minutes; CHAOS_SECONDS=60 for a shorter run.
CHAOS_SECONDS ?= 180

.PHONY: chaos
chaos: $(STAMP) ## Load try-cluster and break its parts one after another for CHAOS_SECONDS (180); prints the goals met
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	CHAOS_SECONDS=$(CHAOS_SECONDS) $(PY) bench/chaos.py
