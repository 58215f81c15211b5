# Superset targets; included by the main Makefile (`include superset/superset.mk`).
# Superset runs in its own virtualenv (superset/.venv, from superset/pyproject.toml + uv.lock):
# apache-superset 6.1 pins SQLAlchemy 1.4 and pandas 2.1, which cannot share the pipeline's.
#
#   make superset-env        create/update superset/.venv (uv sync --frozen; installs uv with pip if missing)
#   make superset-bootstrap  metadata DB, roles, admin user, dashboards (idempotent)
#   make superset-serve      serve on http://127.0.0.1:$(SUPERSET_PORT)/ (foreground; bootstraps if never done)
#   make superset-test       the Superset tests (API + headless Chromium) from the pipeline venv
#   make superset-clean      remove Superset's state under $(MH_DATA_DIR)/superset (not the venv)

SUPERSET_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
MH_DATA_DIR ?= $(CURDIR)/data
SUPERSET_PORT ?= 8088
SUPERSET_PY := $(SUPERSET_DIR)/.venv/bin/python
# $(UV) and the rule that installs it: the main Makefile.

.PHONY: superset-env superset-bootstrap superset-serve superset-test superset-clean

# Re-syncs when the lock, the project file or this file changes. Compiled bytecode: Superset's
# imports take 12 s without it and 4 s with it, in every bootstrap and every server start.
$(SUPERSET_DIR)/.venv/.synced: $(SUPERSET_DIR)/pyproject.toml $(SUPERSET_DIR)/uv.lock $(SUPERSET_DIR)/superset.mk | $(UV)
	$(UV) sync --frozen --compile-bytecode --project $(SUPERSET_DIR)
	@touch $@

superset-env: $(SUPERSET_DIR)/.venv/.synced

superset-bootstrap: superset-env
	MH_DATA_DIR="$(MH_DATA_DIR)" $(SUPERSET_PY) $(SUPERSET_DIR)/bootstrap.py

# Bootstraps first only when there is no metadata DB yet (`make superset-bootstrap` re-imports
# edited assets).
superset-serve: superset-env
	@test -f "$(MH_DATA_DIR)/superset/superset.db" || $(MAKE) --no-print-directory superset-bootstrap
	MH_DATA_DIR="$(MH_DATA_DIR)" SUPERSET_PORT="$(SUPERSET_PORT)" $(SUPERSET_DIR)/serve.sh

superset-test: superset-env
	$(UV) run pytest tests/superset

superset-clean:
	rm -rf "$(MH_DATA_DIR)/superset"
