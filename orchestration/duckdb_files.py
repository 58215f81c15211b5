"""Write a DuckDB file for readers (serving.duckdb, quality.duckdb) so that a reader sees either
the previous complete file or the new one, never a half-written file; a crash before the final
rename leaves the previous file in place, and the next write starts clean.

How: the new file is written beside the target as `<target>.new` (with DuckDB's own
`<target>.new.wal` while it is open), closed, fsynced, then renamed over the target with
`os.replace` (atomic on POSIX within one file system) and the directory fsynced, so the rename
survives a power cut. Whatever a killed writer left (`.new`, `.new.wal`) is removed before the next
write (the `.new.wal` belongs to the dead writer's file, never to the next one). An advisory lock
(`<target>.lock`, flock) keeps two writers of the same target apart; the operating system drops it
when its process dies, so a killed writer never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb

BUILD = "build"  # the catalog name of the attached build database inside the table queries


def temp_path(target: Path) -> Path:
    return target.with_name(target.name + ".new")


def leftovers(target: Path) -> list[Path]:
    """Files a killed writer of `target` may leave behind (none after a completed write)."""
    tmp = temp_path(target)
    return [p for p in (tmp, tmp.with_name(tmp.name + ".wal")) if p.exists()]


@contextmanager
def _writer_lock(target: Path) -> Iterator[None]:
    lock = target.with_name(target.name + ".lock")
    with open(lock, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # waits for another writer of the same file to finish
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _replace(tmp: Path, target: Path) -> None:
    """The one step that switches readers from the previous file to the new one."""
    os.replace(tmp, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # make the rename itself durable
    finally:
        os.close(directory)


def write_atomically(
    target: Path,
    warehouse: Path,
    schema: str,
    tables: Callable[[duckdb.DuckDBPyConnection], Mapping[str, str]],
) -> dict[str, int]:
    """Create `target` anew with one table per (name -> SELECT) of `tables(con)` in `schema`,
    the build database attached read-only as `build`; then replace `target` in one step.
    Returns the row count of each table."""
    tmp = temp_path(target)
    counts: dict[str, int] = {}
    with _writer_lock(target):
        for stale in leftovers(target):
            stale.unlink()
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
        _replace(tmp, target)
    return counts
