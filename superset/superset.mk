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
SUPERSET_BIND ?= 127.0.0.1
SUPERSET_PY := $(SUPERSET_DIR)/.venv/bin/python
# $(UV) and the rule that installs it: the main Makefile.

.PHONY: superset-env superset-bootstrap superset-serve superset-test superset-clean

# Re-syncs when the lock, the project file or this file changes. Compiled bytecode: Superset's
# imports take 12 s without it and 4 s with it, in every bootstrap and every server start.
$(SUPERSET_DIR)/.venv/.synced: $(SUPERSET_DIR)/pyproject.toml $(SUPERSET_DIR)/uv.lock $(SUPERSET_DIR)/superset.mk | $(UV)
	$(Q)$(UV) sync --frozen --compile-bytecode $(if $(VERBOSE),,--quiet) --project $(SUPERSET_DIR)
	@touch $@

superset-env: $(SUPERSET_DIR)/.venv/.synced

# Quiet (no VERBOSE): Superset's migration and import chatter goes to bootstrap.log, the terminal
# shows the bootstrap's warnings and its last line. The passwords it prints (stdout, when it
# generates them) stay in their files: `make demo` names those files last.
SUPERSET_BOOTSTRAP_LOG = $(MH_DATA_DIR)/superset/bootstrap.log
superset-bootstrap: superset-env
ifdef VERBOSE
	MH_DATA_DIR="$(MH_DATA_DIR)" $(SUPERSET_PY) $(SUPERSET_DIR)/bootstrap.py
else
	@umask 077; mkdir -p "$(MH_DATA_DIR)/superset"; set -o pipefail; \
	MH_DATA_DIR="$(MH_DATA_DIR)" $(SUPERSET_PY) $(SUPERSET_DIR)/bootstrap.py 2>&1 >/dev/null \
	  | tee "$(SUPERSET_BOOTSTRAP_LOG)" | { grep -E 'bootstrap: (WARNING|bootstrap done)' || true; } \
	  || { echo "Superset bootstrap failed; last lines of $(SUPERSET_BOOTSTRAP_LOG):" >&2; \
	       tail -n 30 "$(SUPERSET_BOOTSTRAP_LOG)" >&2; exit 1; }
endif

# Bootstraps first only when there is no metadata DB yet (`make superset-bootstrap` re-imports
# edited assets).
superset-serve: superset-env
	@test -f "$(MH_DATA_DIR)/superset/superset.db" || $(MAKE) --no-print-directory superset-bootstrap
	MH_DATA_DIR="$(MH_DATA_DIR)" SUPERSET_PORT="$(SUPERSET_PORT)" $(SUPERSET_DIR)/serve.sh

superset-test: superset-env
	$(UV) run pytest tests/superset

superset-clean:
	rm -rf "$(MH_DATA_DIR)/superset"
