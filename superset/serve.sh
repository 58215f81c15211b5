#!/usr/bin/env bash
# Serve Superset for the trafficking monitor on 127.0.0.1 (gunicorn, from superset/.venv).
# Run superset/bootstrap.py first. Settings (environment):
#   MH_DATA_DIR        data dir with serving.duckdb and superset/ (default: <repo>/data)
#   SUPERSET_PORT      port (default 8088)
#   SUPERSET_BIND      address (default 127.0.0.1)
#   SUPERSET_WORKERS   gunicorn worker processes (default 1)
#   SUPERSET_THREADS   threads per worker (default 8)
#   SUPERSET_SQLLAB_TIMEOUT  seconds a DuckDB statement may run (default 60, superset_config.py)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export MH_DATA_DIR="${MH_DATA_DIR:-$(dirname "$here")/data}"
export SUPERSET_CONFIG_PATH="${SUPERSET_CONFIG_PATH:-$here/superset_config.py}"
export FLASK_APP=superset
port="${SUPERSET_PORT:-8088}"
bind="${SUPERSET_BIND:-127.0.0.1}"
if [ ! -f "$MH_DATA_DIR/superset/superset.db" ]; then
    echo "serve.sh: no metadata DB in $MH_DATA_DIR/superset: run bootstrap first (make superset-bootstrap)" >&2
    exit 1
fi
echo "serve.sh: Superset on http://$bind:$port/ (data: $MH_DATA_DIR)" >&2
exec "$here/.venv/bin/gunicorn" \
    --bind "$bind:$port" \
    --workers "${SUPERSET_WORKERS:-1}" \
    --worker-class gthread \
    --threads "${SUPERSET_THREADS:-8}" \
    --timeout 120 \
    --graceful-timeout 10 \
    --limit-request-line 0 \
    --limit-request-field_size 0 \
    --access-logfile - \
    "superset.app:create_app()"
