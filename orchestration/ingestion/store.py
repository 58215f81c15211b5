"""The control and landing tables in DuckDB (contract README §3, §5, §6, §10), schema `raw`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from orchestration.ingestion.contract import SourceContract
from orchestration.ingestion.local_duckdb import ArrowStream
from orchestration.ingestion.validate import (
    QUARANTINE_SCHEMA,
    WARNINGS_SCHEMA,
    Delivery,
    check_rows,
    empty_rows,
)

SCHEMA = "raw"

LOAD_LOG_SCHEMA = {
    "source": pl.String,
    "file_name": pl.String,
    "delivery_date": pl.Date,
    "sha256": pl.String,
    "status": pl.String,
    "rows_read": pl.Int64,
    "rows_accepted": pl.Int64,
    "rows_quarantined": pl.Int64,
    "rows_empty": pl.Int64,
    "error": pl.String,
    "loaded_at": pl.Datetime("us"),
}


# One row per read of a delivery that has begun and not yet ended with its load_log row: committed
# before the file is read, deleted in the transaction that writes the load_log row. What is left
# are reads that the process did not survive (killed out of memory, say): run.py refuses a file
# after a few of them instead of reading it in every build (issue 14).
READ_ATTEMPTS_SCHEMA = {
    "source": pl.String,
    "file_name": pl.String,
    "sha256": pl.String,
    "started_at": pl.Datetime("us"),
}


def _create_like(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    con.register("__empty", ArrowStream(frame.clear()))
    con.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA}.{table} AS SELECT * FROM __empty")
    con.unregister("__empty")


def _existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [SCHEMA]
    ).fetchall()
    return {name for (name,) in rows}


def ensure_tables(con: duckdb.DuckDBPyConnection, contracts: list[SourceContract]) -> None:
    """Create every control table and one landing table per source, empty, if missing.

    The landing schema is what the checks produce for an empty file, so it can never drift from
    the contract definition.
    """
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    _create_like(con, "load_log", pl.DataFrame(schema=LOAD_LOG_SCHEMA))
    _create_like(con, "read_attempts", pl.DataFrame(schema=READ_ATTEMPTS_SCHEMA))
    _create_like(con, "quarantine", pl.DataFrame(schema=QUARANTINE_SCHEMA))
    _create_like(con, "warnings", pl.DataFrame(schema=WARNINGS_SCHEMA))
    existing = _existing_tables(con)
    for contract in contracts:
        if contract.landing_table in existing:
            # Its schema comes from running every check on an empty file: a tenth of a second
            # or more of each ingestion run, spent for nothing once the table exists (issue 19).
            continue
        delivery = Delivery(contract.source, "", dt.date(2000, 1, 1), dt.datetime(2000, 1, 1))
        landing = check_rows(contract, empty_rows(contract), delivery, key=b"schema-only").landing
        _create_like(con, contract.landing_table, landing)


def known_files(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, set[str]]:
    """file name -> hashes already recorded for it (any status)."""
    rows = con.execute(
        f"SELECT file_name, sha256 FROM {SCHEMA}.load_log WHERE source = ?", [source]
    ).fetchall()
    out: dict[str, set[str]] = {}
    for name, sha in rows:
        out.setdefault(name, set()).add(sha)
    return out


def loaded_hash(con: duckdb.DuckDBPyConnection, source: str, file_name: str) -> str | None:
    row = con.execute(
        f"SELECT sha256 FROM {SCHEMA}.load_log WHERE source = ? AND file_name = ? AND status = 'geladen'",
        [source, file_name],
    ).fetchone()
    return row[0] if row else None


def loaded_name_of_hash(con: duckdb.DuckDBPyConnection, source: str, sha: str) -> str | None:
    """The name of a loaded file of the source with exactly these bytes, if any."""
    row = con.execute(
        f"SELECT min(file_name) FROM {SCHEMA}.load_log WHERE source = ? AND sha256 = ? AND status = 'geladen'",
        [source, sha],
    ).fetchone()
    return row[0] if row else None


def unfinished_reads(con: duckdb.DuckDBPyConnection, source: str, file_name: str, sha: str) -> int:
    """How many reads of this file began and never ended with a load_log row."""
    [(count,)] = con.execute(
        f"SELECT count(*) FROM {SCHEMA}.read_attempts WHERE source = ? AND file_name = ? AND sha256 = ?",
        [source, file_name, sha],
    ).fetchall()  # fetched to the end: DuckDB refuses a `register` while a result is unfinished
    return count


def begin_read(
    con: duckdb.DuckDBPyConnection, source: str, file_name: str, sha: str, at: dt.datetime
) -> None:
    """Record that a read of this file begins; committed at once (the connection is in autocommit),
    so that the record outlives a process killed while reading."""
    append(
        con,
        "read_attempts",
        pl.DataFrame(
            [dict(source=source, file_name=file_name, sha256=sha, started_at=at)], schema=READ_ATTEMPTS_SCHEMA
        ),
    )


def end_reads(con: duckdb.DuckDBPyConnection, source: str, file_name: str, sha: str) -> None:
    """Forget the reads of this file: part of the transaction that writes its load_log row."""
    con.execute(
        f"DELETE FROM {SCHEMA}.read_attempts WHERE source = ? AND file_name = ? AND sha256 = ?",
        [source, file_name, sha],
    )


def append(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.height == 0:
        return
    con.register("__rows", ArrowStream(frame))
    con.execute(f"INSERT INTO {SCHEMA}.{table} BY NAME SELECT * FROM __rows")
    con.unregister("__rows")


def log_row(**values) -> pl.DataFrame:
    return pl.DataFrame([values], schema=LOAD_LOG_SCHEMA)


def files_losing_rows(con: duckdb.DuckDBPyConnection, contract: SourceContract) -> list[dict]:
    """Loaded files whose rows read differ from the rows found in landing plus quarantine."""
    rows = con.execute(
        f"""
        SELECT l.file_name, l.rows_read,
               (SELECT count(*) FROM {SCHEMA}.{contract.landing_table} t WHERE t.file_name = l.file_name) AS landed,
               (SELECT count(*) FROM {SCHEMA}.quarantine q
                 WHERE q.source = l.source AND q.file_name = l.file_name) AS quarantined
        FROM {SCHEMA}.load_log l
        WHERE l.source = ? AND l.status = 'geladen'
        """,
        [contract.source],
    ).fetchall()
    return [{"file": f, "read": r, "landing": a, "quarantine": q} for f, r, a, q in rows if r != a + q]


@dataclass(frozen=True)
class LandingSummary:
    landing_rows: int
    quarantine_rows: int
    last_delivery: str | None  # yyyy-mm-dd of the newest loaded delivery; None before the first


def landing_summary(con: duckdb.DuckDBPyConnection, contract: SourceContract) -> LandingSummary:
    """The source's totals over all its deliveries so far (the ingestion asset's metadata)."""
    [(landing_rows, quarantine_rows, last_delivery)] = con.execute(
        f"""
        SELECT (SELECT count(*) FROM {SCHEMA}.{contract.landing_table}),
               (SELECT count(*) FROM {SCHEMA}.quarantine WHERE source = ?),
               (SELECT strftime(max(delivery_date), '%Y-%m-%d') FROM {SCHEMA}.load_log
                 WHERE source = ? AND status = 'geladen')
        """,
        [contract.source, contract.source],
    ).fetchall()
    return LandingSummary(landing_rows, quarantine_rows, last_delivery)
