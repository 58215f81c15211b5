"""Write a DuckDB file for readers (serving.duckdb, quality.duckdb) so that a reader sees either
the previous complete file or the new one, never a half-written file; a crash before the final
rename leaves the previous file in place."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import duckdb

BUILD = "build"  # the catalog name of the attached build database inside the table queries


def write_atomically(
    target: Path,
    warehouse: Path,
    schema: str,
    tables: Callable[[duckdb.DuckDBPyConnection], Mapping[str, str]],
) -> dict[str, int]:
    """Create `target` anew with one table per (name -> SELECT) of `tables(con)` in `schema`,
    the build database attached read-only as `build`; then replace `target` in one step.
    Returns the row count of each table."""
    tmp = target.with_name(target.name + ".new")
    tmp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"ATTACH '{warehouse}' AS {BUILD} (READ_ONLY)")
        con.execute(f"CREATE SCHEMA {schema}")
        for name, sql in tables(con).items():
            con.execute(f"CREATE TABLE {schema}.{name} AS {sql}")
            counts[name] = con.execute(f"SELECT count(*) FROM {schema}.{name}").fetchone()[0]
        con.execute(f"DETACH {BUILD}")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, target)
    return counts
