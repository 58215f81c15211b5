"""Every connection Superset opens: one of the two published DuckDB files, read-only and sealed.

Superset's DB_CONNECTION_MUTATOR (superset_config.py) calls `guard_connection` with the URL and
the engine parameters of every engine it creates (SQL Lab, charts, the connection test behind
"add database"), after it has merged in the stored `extra` and `encrypted_extra`. Superset 6.1
does not block DuckDB (ALLOWED_UNSAFE_DB_DIALECTS), and a Beheerder may add databases and edit a
connection's `extra`; so the stored connection is never trusted (issue 14):

- the URL must name one of the files the asset bundle publishes (superset/assets/databases/*.yaml,
  under $MH_DATA_DIR); anything else is refused: the row-level warehouse.duckdb, the
  pseudonym.key, :memory: (from where read_text reaches every file), a new file;
- the URL is rebuilt from that path alone: duckdb_engine would apply its query string as
  configuration *over* connect_args (duckdb_engine/__init__.py, `url_config`);
- the engine parameters are replaced, not merged: duckdb_engine also takes `preload_extensions`
  and `register_filesystems` from connect_args;
- the DuckDB configuration is fixed at connect: read-only, no file access beyond the database
  itself, limits, and `lock_configuration` so that no `SET` in SQL Lab can lift any of it.

DuckDB opens a file once per process and refuses a second connection with another
configuration, so every connection to a file must get exactly the same configuration: this is
why the statement limit is one for SQL Lab and charts alike.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

# The bundle and how its URIs name the data dir (bootstrap.py rewrites that to $MH_DATA_DIR).
from bootstrap import ASSETS_DIR, DATA_DIR_PLACEHOLDER
from sqlalchemy.engine.url import URL

# The server has two cores and serves small marts: a runaway SQL Lab query must leave room for
# the dashboards and the pipeline. Spilling goes to <file>.tmp beside the published file.
THREADS = 2
MEMORY_LIMIT = "1GB"
MAX_TEMP_DIRECTORY_SIZE = "2GB"


class RefusedConnection(Exception):
    """A connection that is not one of the published files. A plain exception on purpose: Superset
    shows its message to the Beheerder adding the database (superset/commands/database/
    test_connection.py passes an unexpected error on with its text, but turns a
    SupersetSecurityException into "Verbinding mislukt" without it), and in SQL Lab."""


@functools.lru_cache
def published_files(data_dir: Path) -> frozenset[Path]:
    """The DuckDB files the asset bundle connects to, resolved under `data_dir` (read once per
    process: the bundle changes only with a new release, which restarts the server)."""
    uris = [
        yaml.safe_load(path.read_text(encoding="utf-8"))["sqlalchemy_uri"]
        for path in sorted((ASSETS_DIR / "databases").glob("*.yaml"))
    ]
    # bootstrap.py refuses a bundle whose URI does not start with the placeholder.
    return frozenset((data_dir / uri[len(DATA_DIR_PLACEHOLDER) :]).resolve() for uri in uris)


def sealed_config(statement_timeout_s: int) -> dict[str, Any]:
    """The DuckDB configuration of every connection (keys of duckdb_settings())."""
    return {
        "enable_external_access": False,  # no read_text/read_csv, ATTACH, COPY TO, INSTALL
        "threads": THREADS,
        "memory_limit": MEMORY_LIMIT,
        "max_temp_directory_size": MAX_TEMP_DIRECTORY_SIZE,
        # SQLLAB_TIMEOUT's SIGALRM only works in a main thread, which a request thread of
        # gunicorn's gthread worker (serve.sh) is not: DuckDB stops the statement itself.
        "max_execution_time": statement_timeout_s * 1000,
        "lock_configuration": True,  # last: nothing above can be SET or RESET afterwards
    }


def guard_connection(
    data_dir: Path,
    statement_timeout_s: int,
    url: URL,
    params: dict[str, Any],
    username: str | None,
    security_manager: Any,
    source: Any,
) -> tuple[URL, dict[str, Any]]:
    """DB_CONNECTION_MUTATOR: (url, params) for one of the published files, else RefusedConnection.
    `data_dir` and `statement_timeout_s` are bound in superset_config.py."""
    allowed = published_files(data_dir)
    database = url.database or ""
    target = Path(database).resolve() if database and Path(database).is_absolute() else None
    if url.get_backend_name() != "duckdb" or target not in allowed:
        names = " en ".join(sorted(p.name for p in allowed))
        shown = database if url.get_backend_name() == "duckdb" else url.get_backend_name()
        raise RefusedConnection(
            f"Verbinding geweigerd: Superset opent alleen de gepubliceerde databases {names} "
            f"in {data_dir}, niet {shown or 'een database zonder bestand'}"
        )
    sealed = {
        "read_only": True,
        "config": sealed_config(statement_timeout_s),
    }
    # Only what Superset itself decides (NullPool per query); everything else came from `extra`.
    engine_params = {k: v for k, v in params.items() if k == "poolclass"}
    return URL.create("duckdb", database=str(target)), {**engine_params, "connect_args": sealed}
