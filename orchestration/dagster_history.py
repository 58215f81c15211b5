"""Dagster's run history written without an fsync per event (issue 19).

With a persistent DAGSTER_HOME (`make build`, the runs of `dagster dev`), Dagster stores every event
of a run in SQLite files under DAGSTER_HOME: about 1,200 for a build of the sample (a planned and an
evaluated event per asset check, a planned and a done event per asset, step outputs), each in a
connection of its own (Dagster uses SQLAlchemy's NullPool), each commit and each close (the WAL
checkpoint) waiting for an fsync. That was the largest single cost of the build process.

`PRAGMA synchronous=OFF` on those connections, and only on SQLite files under DAGSTER_HOME, leaves the
writes to the operating system. The trade-off: a killed process loses nothing (its writes are in the
operating system's cache; tests/integration/test_crash_safety.py kills builds at every stage); a power
loss or kernel crash during a build may lose the last events or leave a history file unreadable. The run
history is not the warehouse: the deliveries, the pseudonymised rows and the marts live in DuckDB,
which keeps its own durability (its WAL, synced at each commit), and serving.duckdb is written
beside, fsynced and renamed over the previous one (orchestration/duckdb_files.py). An unreadable history is
moved aside by hand, and the next build runs as on a new DAGSTER_HOME (README, "Dagster's run
history").
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

_installed = False


def _under_dagster_home(database_file: str) -> bool:
    home = os.environ.get("DAGSTER_HOME")
    if not home or not database_file:  # no persistent instance; or an in-memory database
        return False
    return Path(database_file).resolve().is_relative_to(Path(home).resolve())


def _no_fsync_on_run_history(dbapi_connection, _connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return  # DuckDB and any other database keep their settings
    # PRAGMA database_list: (seq, name, file) of the main database first.
    database_file = dbapi_connection.execute("PRAGMA database_list").fetchone()[2]
    if _under_dagster_home(database_file):
        dbapi_connection.execute("PRAGMA synchronous=OFF")


def write_run_history_without_fsync() -> None:
    """From now on in this process, every new SQLite connection to a file under DAGSTER_HOME skips
    the fsyncs. Once per process: SQLAlchemy's listeners on Engine apply to every engine."""
    global _installed
    if not _installed:
        event.listen(Engine, "connect", _no_fsync_on_run_history)
        _installed = True
