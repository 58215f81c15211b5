"""Connections to the build database. Short-lived by design: DuckDB allows one writing process,
and every step closes its connection so the next step (or dbt's own process) can open the file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from orchestration.settings import Settings


@contextmanager
def connect(settings: Settings, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(settings.warehouse_path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()
