"""The in-memory DuckDB that ingestion computes in, and how a Polars frame is handed to DuckDB.

Opening a DuckDB database costs tens of milliseconds on the bench machine (issue 19); a cursor of
an open one costs well under one. So each process opens one in-memory database, the first time it
needs it, and every read of a delivery works in a cursor of its own (a cursor is DuckDB's
connection for one thread). The database holds no table: nothing of a delivery outlives its query.

A result comes back through DuckDB's `.pl()` (`polars_frame`). Polars can take DuckDB's rows
through the Arrow C stream interface instead (no pyarrow copy of the whole result, issue 19), but
consuming that stream leaves DuckDB type objects alive that DuckDB's bindings then report on stderr
when the process ends ("nanobind: leaked 27 instances!", ~30 lines after every build's output; a
one-row query shows it); `.pl()` does not.
"""

from __future__ import annotations

import os

import duckdb
import polars as pl

_DATABASES: dict[int, duckdb.DuckDBPyConnection] = {}


def cursor() -> duckdb.DuckDBPyConnection:
    """A new connection to this process's in-memory database; close it after use. Keyed by the
    process id: a database opened before a fork is not used by the child."""
    pid = os.getpid()
    if pid not in _DATABASES:
        _DATABASES[pid] = duckdb.connect()
    return _DATABASES[pid].cursor()


def polars_frame(relation: duckdb.DuckDBPyRelation) -> pl.DataFrame:
    """The rows of `relation` as a Polars frame (an error of DuckDB while it reads is a duckdb.Error)."""
    return relation.pl()


class ArrowStream:
    """A Polars frame as DuckDB sees it through the Arrow C stream interface only (issue 19).

    Given the frame itself, DuckDB converts it with `to_arrow`, which imports pyarrow (half a
    second of every ingestion process on this machine) and copies nothing it needs; through the
    stream it scans Polars' own buffers."""

    def __init__(self, frame: pl.DataFrame):
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema=None):
        return self.frame.__arrow_c_stream__(requested_schema)
