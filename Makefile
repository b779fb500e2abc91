# jobmatch: `make up` runs the system, `make test` tests it. `make help` lists everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
FUZZ_EXAMPLES ?= 1000

.DEFAULT_GOAL := help
.PHONY: help install up demo test test-portal test-unit test-integration test-e2e eval bench chaos fuzz clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "jobmatch needs Python 3.11 or newer (set PYTHON=...)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[all,test]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the services and test tools (done by the others too)

up: $(STAMP) ## Run intake, matcher, notifier, fairday and the portal until Ctrl-C (embedded bus and SQLite unless configured)
	$(PY) -m deploy.run_local

demo: $(STAMP) ## Load the sample Khulna fair, wait for matches and notifications, print them
	$(PY) -m deploy.demo

test: $(STAMP) ## Run unit, integration (RabbitMQ, PostgreSQL, SMTP), contract (a short fuzz), end-to-end and the fast fault tests
	$(PY) -m pytest tests

test-portal: $(STAMP) ## Run the portal's page tests, with the browser tests (headless Chromium)
	$(PY) -m pytest tests/portal

test-unit: $(STAMP) ## Run the unit tests only (no servers needed)
	$(PY) -m pytest tests/unit

test-integration: $(STAMP) ## Run the integration tests (real RabbitMQ, PostgreSQL, SMTP)
	$(PY) -m pytest tests/integration

test-e2e: $(STAMP) ## Run the end-to-end tests (three service processes, both buses)
	$(PY) -m pytest tests/e2e

eval: $(STAMP) ## Matching quality (evaluation/) on ../shared/data (JOBMATCH_DATA_DIR) vs TF-IDF and BM25; writes var/eval.json
	$(PY) -m evaluation

bench: $(STAMP) ## Every benchmark in one run into var/bench.json: index vs bm25s vs full refit at 10k/100k CVs, import, pages, broker end to end (BENCH_ARGS=--quick|--full)
	$(PY) -m benchmarks $(BENCH_ARGS)

chaos: $(STAMP) ## Fault tests on the real RabbitMQ (outage, kills, duplicates, poison, SIGTERM); prints a table
	$(PY) -m tests.chaos

fuzz: $(STAMP) ## Property-based run (schemathesis) against each service's OpenAPI, 1000 examples per operation (FUZZ_EXAMPLES=N)
	JOBMATCH_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) JOBMATCH_FUZZ_SEED=random $(PY) -m pytest tests/contract -p no:cacheprovider

clean: ## Remove local state under var/ (the virtualenv stays)
	rm -rf var
