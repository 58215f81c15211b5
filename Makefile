# Every target installs what it needs on a fresh machine (uv from PyPI, both environments,
# Debian's chromium for the browser tests). See README.md.

SHELL := /bin/bash
.DEFAULT_GOAL := help

export MH_DATA_DIR ?= $(CURDIR)/data
export MH_INBOX_DIR ?= $(CURDIR)/seeds
export DAGSTER_HOME ?= $(MH_DATA_DIR)/dagster_home
export GX_ANALYTICS_ENABLED := false
export DAGSTER_DISABLE_TELEMETRY := true
export DO_NOT_TRACK := 1

# The one place that knows where uv is: on PATH if the machine has it, otherwise where
# `pip install --user` puts it (a fresh Debian machine: ~/.local/bin, which is not on PATH). Every
# recipe, and every test or script that needs uv, goes through $(UV) or a make target.
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo "$$(python3 -c 'import site; print(site.USER_BASE)')/bin/uv")
DAGSTER_PORT ?= 3000
# Dagster has no login: anyone who reaches it reads run logs (file names, failing values), launches
# runs and wipes history. Only this machine by default, as Superset; DAGSTER_HOST=0.0.0.0 opens it
# (behind a proxy that authenticates, README "Rollen").
DAGSTER_HOST ?= 127.0.0.1
# The Great Expectations Data Docs over HTTP (serve/data_docs.py), bound as Superset and Dagster.
# MH_DATA_DOCS_URL is where the links the quality checks write point (orchestration/settings.py):
# set it to the address others reach when DATA_DOCS_HOST is not 127.0.0.1.
DATA_DOCS_HOST ?= 127.0.0.1
DATA_DOCS_PORT ?= 8089
export MH_DATA_DOCS_URL ?= http://$(DATA_DOCS_HOST):$(DATA_DOCS_PORT)/
# VERBOSE=1: every command make runs, and all output of uv, Dagster, dbt, GX, the Superset
# bootstrap and the services. Quiet by default: one line per stage, warnings and failures.
VERBOSE ?=
Q := $(if $(VERBOSE),,@)

-include superset/superset.mk

.PHONY: help uv env chromium dagster-home dagster-serve build demo serve lint test bench sample docs clean

help:
	@echo "make demo   build the warehouse from the embedded sample, then serve Dagster, Superset and the Data Docs (VERBOSE=1: all output)"
	@echo "make serve  serve an existing build: Dagster, Superset and the Data Docs until Ctrl-C"
	@echo "make lint   ruff (lint and format check) over the Python, sqlfluff over the dbt SQL"
	@echo "make test   make lint, then the whole test suite (real Dagster, dbt, DuckDB, GX, Superset, Chromium)"
	@echo "make build  headless build: ingest, dbt, checks, publish \$$MH_DATA_DIR/serving.duckdb (REBUILD=1: from scratch)"
	@echo "make bench  measure scale and speed (SCALES=\"1 10 100\"), write bench/results.md and .json"
	@echo "make sample regenerate the embedded sample in seeds/ with the synthetic generator (byte for byte)"
	@echo "make docs   write docs/tables.md from the dbt project's YAML (after changing a description)"

uv: $(UV)

$(UV):
	python3 -m pip install --quiet --user "uv==$(UV_VERSION)"

# --compile-bytecode: the environment sets PYTHONDONTWRITEBYTECODE, so without compiled files every
# process (each build, each dbt call, each test subprocess) compiles Dagster, dbt and GX again:
# ~10 s per process start.
env: uv
	@$(UV) sync --frozen --quiet --compile-bytecode

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Private, as everything under the data dir (orchestration/private_files.py): umask 077 for what
# is new, chmod for a data dir or DAGSTER_HOME made earlier under a looser umask, install -m for a
# dagster.yaml copied before (cp keeps the mode of a file it overwrites).
dagster-home:
	@umask 077; mkdir -p "$(MH_DATA_DIR)" "$(DAGSTER_HOME)" && chmod 700 "$(MH_DATA_DIR)" "$(DAGSTER_HOME)" && \
	install -m 600 orchestration/dagster.yaml "$(DAGSTER_HOME)/dagster.yaml"

# REBUILD=1: move warehouse.duckdb aside and ingest the whole inbox again (after a key change).
# AS_OF=YYYY-MM-DD: every mart as of that date, in $(MH_DATA_DIR)/as_of_<date>/ (README "Counting as of a date").
build: env dagster-home
	$(Q)$(UV) run python -m orchestration.build $(if $(REBUILD),--rebuild) $(if $(AS_OF),--as-of $(AS_OF)) $(if $(VERBOSE),,--quiet)

demo: build superset-env superset-bootstrap serve

# Dagster, Superset and the Data Docs until Ctrl-C, under one supervisor (serve/supervisor.py): it
# prints the URLs and logins once all three answer, and on Ctrl-C stops each with its children.
# exec: the supervisor is the recipe's process, so make waits for it and nothing else.
# Run make superset-bootstrap (make demo does) first: without it Superset stops at once and says so.
serve: env dagster-home superset-env
	@exec $(CURDIR)/.venv/bin/python -m serve.supervisor $(if $(VERBOSE),--verbose) \
	  --dagster-host $(DAGSTER_HOST) --dagster-port $(DAGSTER_PORT) \
	  --superset-bind $(SUPERSET_BIND) --superset-port $(SUPERSET_PORT) \
	  --data-docs-bind $(DATA_DOCS_HOST) --data-docs-port $(DATA_DOCS_PORT)

# Dagster's UI, daemon and sensors on $(DAGSTER_HOST):$(DAGSTER_PORT) (foreground), with the key
# the build made (or MH_PSEUDONYM_KEY). umask 077: the webserver and daemon write run storage,
# event logs and compute logs into DAGSTER_HOME and never load our code, so only the umask they
# inherit keeps those files private (orchestration/private_files.py).
dagster-serve: env dagster-home
	@umask 077; MH_PSEUDONYM_KEY="$${MH_PSEUDONYM_KEY:-$$(cat $(MH_DATA_DIR)/pseudonym.key)}" \
	$(UV) run dagster dev -h $(DAGSTER_HOST) -p $(DAGSTER_PORT) -m orchestration.definitions

# ruff and sqlfluff come from the dev group in uv.lock (pyproject.toml [tool.ruff], .sqlfluff);
# superset/ is linted with the same ruff. Fix what they find with
#   .venv/bin/ruff format . && .venv/bin/ruff check --fix . && .venv/bin/sqlfluff fix dbt_project
# sqlfluff runs on two processes: it parses every templated model, the slowest of the three.
lint: env
	$(Q)$(UV) run --frozen ruff check --quiet .
	$(Q)$(UV) run --frozen ruff format --check --quiet .
	$(Q)$(UV) run --frozen sqlfluff lint --processes 2 --disable-progress-bar $(if $(VERBOSE),,--quiet) dbt_project

# Lint first: a style or pyflakes finding fails in seconds, before the 25-minute suite.
test: lint env chromium superset-env
	@$(UV) run pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure"; exit 1; fi; \
	exit $$rc

# Benchmarks measure, tests assert: not part of `make test`. See README "Scale and speed".
SCALES ?= 1 10 100
BENCH_BUDGET_MINUTES ?= 30
bench: env dagster-home superset-env
	$(UV) run python -m bench.run --scales $(SCALES) --budget-minutes $(BENCH_BUDGET_MINUTES)

# The embedded sample (seeds/), written again by the generator, a tool beside the pipeline
# (synthetic/README.md). CoMensha first: the IND and OM generators give their persons the link
# keys of the CoMensha sample in seeds/ (and OM those of the IND sample too), also when SAMPLE_DIR
# (to compare a fresh sample with the committed one: diff -r DIR seeds) is another folder.
# All three run through SAMPLE_THROUGH (issue 17): CoMensha's registration years, and one IND and
# one OM delivery per later edition (synthetic/README.md).
SAMPLE_DIR ?= seeds
SAMPLE_THROUGH ?= 2025
sample: env
	$(Q)for source in comensha ind om; do \
	  $(UV) run python -m synthetic --source $$source --out $(SAMPLE_DIR) \
	    --through $(SAMPLE_THROUGH) $(if $(VERBOSE),,>/dev/null) || exit 1; \
	done

# docs/tables.md is generated from the dbt manifest (tests/dbt/test_tables_doc.py fails when stale).
docs: env
	$(Q)$(UV) run python dbt_project/scripts/tables_doc.py $(if $(VERBOSE),,>/dev/null)

clean:
	rm -rf data dbt_project/target dbt_project/logs
