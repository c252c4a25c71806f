# The portal's everyday commands. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: demo test install check lint format search-engine search-engine-stop search-rebuild \
	search-reindex search-status search-sync bench bench-search bench-flows-scale stack-test clean test-wagtail-next \
	screenshots

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.lock
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

## The portal with demo content on the embedded default: SQLite, database search.
## `make demo SEARCH=elasticsearch`: the same demo on the development Elasticsearch node.
SEARCH ?= database
ifeq ($(SEARCH),elasticsearch)
DEMO_ENV := env -u DATABASE_URL ELASTICSEARCH_URL=http://127.0.0.1:9200 SEARCH_INDEX_PREFIX=demo
else
DEMO_ENV := env -u ELASTICSEARCH_URL -u DATABASE_URL
endif
demo: install
	@case "$(SEARCH)" in database|elasticsearch) ;; \
	  *) echo "SEARCH must be database or elasticsearch" >&2; exit 2;; esac
	mkdir -p var
	@if [ "$(SEARCH)" = elasticsearch ]; then scripts/search-engine.sh start; fi
	$(DEMO_ENV) $(MANAGE) migrate --no-input -v0
	$(DEMO_ENV) $(MANAGE) seed_demo
	@if [ "$(SEARCH)" = elasticsearch ]; then $(DEMO_ENV) $(MANAGE) search_index rebuild; fi
	$(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

## The whole suite; starts the development Elasticsearch unless ELASTICSEARCH_URL is set.
## Runs on every core (pytest-xdist: one test database and one index prefix per worker;
## a test file, or a whole package of tests/conftest.py's PACKAGE_UNITS, stays on one worker,
## so a module- or package-scoped fixture such as the seeded demo is built once);
## `make test WORKERS=0` runs in one process. The 25 slowest tests are printed.
WORKERS ?= auto
test: install
	@if [ -z "$$ELASTICSEARCH_URL" ]; then scripts/search-engine.sh start; fi
	ELASTICSEARCH_URL=$${ELASTICSEARCH_URL:-http://127.0.0.1:9200} \
	  $(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder --durations=25 $(PYTEST_ARGS)

## The suite on the newest Wagtail pre-release below the next cap (WAGTAIL_NEXT), in its own
## virtualenv (var/venv-wagtail-next): the locked dependencies, then Wagtail --pre on top.
## `make test-wagtail-next PYTEST_ARGS="tests/portal tests/flows"` for a part of the suite.
WAGTAIL_NEXT ?= wagtail<8.2
NEXT_VENV := var/venv-wagtail-next
test-wagtail-next:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON))"; exit 1; }
	mkdir -p var
	[ -x $(NEXT_VENV)/bin/python ] || $(PYTHON) -m venv $(NEXT_VENV)
	$(NEXT_VENV)/bin/pip install --quiet --upgrade pip
	$(NEXT_VENV)/bin/pip install --quiet -r requirements.lock
	$(NEXT_VENV)/bin/pip install --quiet --pre --upgrade '$(WAGTAIL_NEXT)'
	@$(NEXT_VENV)/bin/python -c "import wagtail; print('Wagtail', wagtail.__version__)"
	@if [ -z "$$ELASTICSEARCH_URL" ]; then scripts/search-engine.sh start; fi
	ELASTICSEARCH_URL=$${ELASTICSEARCH_URL:-http://127.0.0.1:9200} \
	  $(NEXT_VENV)/bin/python -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder --durations=25 -p no:cacheprovider $(PYTEST_ARGS)

check: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

search-engine:
	scripts/search-engine.sh start

search-engine-stop:
	scripts/search-engine.sh stop

search-rebuild: install
	$(MANAGE) search_index rebuild

## Elasticsearch alone, from the documents the database engine stores (after a mapping
## change, on a new or restored cluster): no page is read again.
search-reindex: install
	$(MANAGE) search_index reindex

search-status: install
	$(MANAGE) search_index status

## Replays index writes that failed while the engine was down, and fixes drift.
search-sync: install
	$(MANAGE) search_index sync

## A PNG of every page type for each role at 1280 and 375 px, in var/screenshots/portal/.
screenshots: install
	$(BIN)/python scripts/screenshots.py

bench: install
	$(BIN)/python bench/page_timings.py

## Search latency on N generated pages (COUNT=10000 by default; 100000 on request), in
## var/bench.sqlite3 or the PostgreSQL database of DATABASE_URL; BENCH_ARGS=--no-wagtail
## leaves Wagtail's own search out (its update_index takes minutes at 100,000 pages).
COUNT ?= 10000
BENCH_ARGS ?=
bench-search: install search-engine
	$(BIN)/python bench/generate_documents.py --count $(COUNT)
	ELASTICSEARCH_URL=http://127.0.0.1:9200 $(BIN)/python bench/search_latency.py $(BENCH_ARGS)

## Flows at national scale: 50,000 then 1,000,000 flows on PostgreSQL and Elasticsearch,
## matching and pooling p95 on both paths, index build time and size (docs/deployment.md).
BENCH_DATABASE_URL ?= postgres://portal:portal-ci@127.0.0.1:5432/portal_bench
FLOWS_STEPS ?= 50000,1000000
bench-flows-scale: install search-engine
	DATABASE_URL=$(BENCH_DATABASE_URL) ELASTICSEARCH_URL=http://127.0.0.1:9200 \
		$(BIN)/python bench/flows_scale.py --steps $(FLOWS_STEPS)

## The production stack built and run with podman, checked end to end and under faults (root).
stack-test:
	scripts/stack-test.sh

clean:
	rm -rf $(VENV) var tools/elasticsearch/target
