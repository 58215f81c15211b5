"""What a suite run returns, and its rows for `quality.results`. Light: no GX import here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Columns of the DuckDB table `quality.results`, in order. `source` (the source organisation,
# e.g. `comensha`) follows `suite`; the caller creates the table from the first rows.
# The last three serve the data stewards (issue 5): `delivery` is the newest delivery of the
# source(s) the suite checks at the time of the run (`2018-10-01: <file>, ...`), `data_docs_page`
# the http URL of this run's Data Docs page of the suite (Settings.data_docs_url), `failing_rows_ref` where the failing rows
# are: the table and the keys of up to 20 failing rows (JSON), None when the expectation passed.
RESULTS_COLUMNS = (
    "run_id",
    "run_at",
    "suite",
    "source",
    "expectation",
    "column_name",
    "severity",
    "success",
    "observed_value",
    "unexpected_sample",
    "beschrijving",
    "delivery",
    "data_docs_page",
    "failing_rows_ref",
)
# The severities as the stewards read them, in the dashboards and the Dagster checks (issue 15):
# `error` stops the publish of serving.duckdb, `warning` publishes.
SEVERITY_NL = {"error": "blokkerend", "warning": "waarschuwing"}


def severity_sql(column: str = "severity") -> str:
    """SEVERITY_NL as a DuckDB expression on `column`, for the stewards' tables."""
    cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in SEVERITY_NL.items())
    return f"CASE {column} {cases} ELSE {column} END"


# Added after the first release: ALTERed into an older `quality.results` so its history stays.
_ADDED_COLUMNS = ("delivery", "data_docs_page", "failing_rows_ref")

RESULTS_DDL = """
CREATE TABLE IF NOT EXISTS quality.results (
    run_id VARCHAR NOT NULL,
    run_at TIMESTAMP WITH TIME ZONE NOT NULL,
    suite VARCHAR NOT NULL,
    source VARCHAR,
    expectation VARCHAR NOT NULL,
    column_name VARCHAR,
    severity VARCHAR NOT NULL,
    success BOOLEAN NOT NULL,
    observed_value VARCHAR,
    unexpected_sample VARCHAR,
    beschrijving VARCHAR NOT NULL,
    delivery VARCHAR,
    data_docs_page VARCHAR,
    failing_rows_ref VARCHAR
)
"""


def ensure_results_table(con: Any) -> None:
    """Create `quality.results` (RESULTS_DDL), or add the stewards' columns to an older one."""
    con.execute("CREATE SCHEMA IF NOT EXISTS quality")
    con.execute(RESULTS_DDL)
    for column in _ADDED_COLUMNS:
        con.execute(f"ALTER TABLE quality.results ADD COLUMN IF NOT EXISTS {column} VARCHAR")


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result, in the terms the stewards and the Dagster check use.

    `expectation` is the GX expectation type (`expect_column_values_to_not_be_null`); `column`
    is its column, or the columns joined with `, ` for a multi-column expectation, or None for a
    table-level one. `observed_value` and `unexpected_sample` are short texts (None if GX gave
    nothing); an expectation that could not be evaluated has the exception in `observed_value`.
    """

    expectation: str
    column: str | None
    severity: str
    beschrijving: str
    success: bool
    observed_value: str | None
    unexpected_sample: str | None
    # Positions (frame row numbers) of up to 20 failing rows, as GX reports them (SUMMARY).
    unexpected_index: tuple[int, ...] = ()


@dataclass(frozen=True)
class SuiteOutcome:
    """A suite run. `success` is the error gate: False only when an `error` expectation failed,
    so warnings alone never stop a publish. `data_docs_path` is the Data Docs index.html;
    `validation_page` is this run's page in it."""

    suite: str
    success: bool
    error_failures: list[ExpectationOutcome]
    warning_failures: list[ExpectationOutcome]
    outcomes: list[ExpectationOutcome]
    data_docs_path: Path | None
    run_name: str = ""
    run_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    validation_page: Path | None = None
    parameters: dict = field(default_factory=dict)
    duration_seconds: float = 0.0


def results_rows(
    outcome: SuiteOutcome,
    run_id: str,
    source: str | None = None,
    delivery: str | None = None,
    failing_rows: dict[int, str] | None = None,
    data_docs_page: str | None = None,
) -> list[dict]:
    """One row per expectation for `quality.results` (columns RESULTS_COLUMNS, in order).

    `failing_rows` maps an outcome's position in `outcome.outcomes` to its failing-row reference;
    `data_docs_page` is the URL of the run's page (Settings.data_docs_url of validation_page).
    """
    failing_rows = failing_rows or {}
    return [
        {
            "run_id": run_id,
            "run_at": outcome.run_at,
            "suite": outcome.suite,
            "source": source,
            "expectation": o.expectation,
            "column_name": o.column,
            "severity": o.severity,
            "success": o.success,
            "observed_value": o.observed_value,
            "unexpected_sample": o.unexpected_sample,
            "beschrijving": o.beschrijving,
            "delivery": delivery,
            "data_docs_page": data_docs_page,
            "failing_rows_ref": None if o.success else failing_rows.get(i),
        }
        for i, o in enumerate(outcome.outcomes)
    ]


def write_results(con: Any, rows: list[dict]) -> int:
    """Append results_rows() output to `quality.results` on an open DuckDB connection.

    Creates the table with explicit types (RESULTS_DDL) when missing. Prefer this to
    `CREATE TABLE ... AS SELECT` from the first batch: when every expectation of the first run
    passes, `unexpected_sample` is NULL in every row, the column gets DuckDB's NULL type, and
    the first failing run can no longer be written.
    """
    ensure_results_table(con)
    if rows:
        placeholders = ", ".join("?" for _ in RESULTS_COLUMNS)
        con.executemany(
            f"INSERT INTO quality.results ({', '.join(RESULTS_COLUMNS)}) VALUES ({placeholders})",
            [tuple(row[c] for c in RESULTS_COLUMNS) for row in rows],
        )
    return len(rows)
