"""What every chart of the Datakwaliteit dashboard must show, computed independently with DuckDB on
quality.duckdb (the stewards' database, schema `steward`).

Each figure is written from the definitions (a failed expectation is a result row with success =
false; a conflict is a person of `conflict_persons`), not from the chart: the charts count from
the summary tables (`runs`, `conflicts`) or group in Superset; these are plain queries on the
detail tables where there is one. Every chart is a table; its rows are compared as a sorted list
of tuples (columns in the chart's order, numbers as ints).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TITLE = "Datakwaliteit"
SLUG = "datakwaliteit"
FILTERS = {"Bron": ("NATIVE_FILTER-bron", "source"), "Suite": ("NATIVE_FILTER-suite", "suite")}


@dataclass(frozen=True)
class Figure:
    columns: tuple[str, ...]  # the chart's result columns, in order (metric labels included)
    sql: str  # the same rows, from quality.duckdb (or serving.duckdb: `database`)
    database: str = "quality"  # the file the chart reads: "quality" or "serving"


# The state first (issue 15): the latest run per source from quality.duckdb, and beside it what
# the analysts' dashboards show, from serving.duckdb's own record (marts.data_status).
STATE_CHART = "Stand: laatste run per bron"
SHOWN_CHART = "Stand: levering die de dashboards tonen"


FIGURES: dict[str, Figure] = {
    "Mislukte verwachtingen per run en bron": Figure(
        ("run_started", "source", "Blokkerend", "Waarschuwing", "Gecontroleerd"),
        "SELECT run_started, source, count(*) FILTER (WHERE NOT success AND severity = 'error'), "
        "count(*) FILTER (WHERE NOT success AND severity = 'warning'), count(*) "
        "FROM steward.results GROUP BY ALL",
    ),
    # Failed expectations with the severity in Dutch, and per run and source without any failure a
    # row that says so (issue 15); the Data Docs link is checked apart (test_datakwaliteit.py).
    "Mislukte verwachtingen met de rijen erachter": Figure(
        (
            "run_started",
            "source",
            "suite",
            "severity_nl",
            "beschrijving",
            "observed_value",
            "unexpected_sample",
            "delivery",
            "failing_rows_ref",
        ),
        "SELECT run_started, source, suite, CASE severity WHEN 'error' THEN 'blokkerend' ELSE 'waarschuwing' END, "
        "beschrijving, observed_value, unexpected_sample, delivery, failing_rows_ref "
        "FROM steward.results WHERE NOT success "
        "UNION ALL SELECT any_value(run_started), source, NULL, NULL, 'Geen mislukte verwachtingen', NULL, NULL, "
        "NULL, NULL FROM steward.results GROUP BY run_id, source HAVING count(*) FILTER (WHERE NOT success) = 0",
    ),
    "Rijen in quarantaine per bron en reden": Figure(
        ("source", "delivery", "reason_code", "Rijen"),
        "SELECT source, strftime(delivery_date, '%Y-%m-%d'), reason_code, count(*) "
        "FROM steward.quarantine GROUP BY ALL",
    ),
    "Rijen in quarantaine (gepseudonimiseerd)": Figure(
        ("source", "file_name", "row_number", "reason_code", "reasons_text", "reasons", "row_json"),
        "SELECT source, file_name, row_number, reason_code, reasons_text, reasons, row_json FROM steward.quarantine",
    ),
    # issue 15: the state first; what it holds is checked against the warehouse in
    # tests/integration/test_steward_quality.py, here that the charts show it whole.
    STATE_CHART: Figure(
        ("source", "run_started", "status", "blocked_by", "newest_delivery", "published"),
        "SELECT source, run_started, status, blocked_by, newest_delivery, published FROM steward.state",
    ),
    SHOWN_CHART: Figure(
        ("source", "getoonde_levering"),
        "SELECT source, strftime(last_delivery_date, '%Y-%m-%d') || ': ' || last_delivery_file "
        "FROM marts.data_status",
        database="serving",
    ),
    "Tegenstrijdige meldingen per persoon": Figure(
        ("source", "person", "registration_year", "kind", "reported_values", "reports", "delivery"),
        "SELECT source, left(person_key, 12), registration_year, kind, reported_values, reports, "
        "strftime(last_delivery, '%Y-%m-%d') FROM steward.conflict_persons",
    ),
    "Tegenstrijdige meldingen van één persoon per bron en soort": Figure(
        ("source", "delivery", "kind", "Personen"),
        "SELECT source, strftime(last_delivery, '%Y-%m-%d'), kind, count(*) "
        "FROM steward.conflict_persons GROUP BY ALL",
    ),
    "Trend: tegenstrijdige meldingen per run": Figure(
        ("run_started", "delivery", "source", "kind", "Personen"),
        "SELECT run_started, strftime(newest_delivery, '%Y-%m-%d'), source, kind, sum(persons) "
        "FROM steward.conflict_history GROUP BY ALL",
    ),
    "Trend: leveringen, afgewezen bestanden en quarantaine": Figure(
        ("source", "delivery", "Bestanden", "Afgewezen", "Rijen gelezen", "Rijen in quarantaine"),
        "SELECT source, strftime(delivery_date, '%Y-%m-%d'), count(*), count(*) FILTER (WHERE status <> 'geladen'), "
        "sum(rows_read), sum(rows_quarantined) FROM steward.load_log GROUP BY ALL",
    ),
}


def _value(v):
    if isinstance(v, float):
        if math.isnan(v):
            return None
        if v == int(v):
            return int(v)
    return v


def _key(row: tuple) -> tuple:
    return tuple((v is None, str(v)) for v in row)


def rows(records: list[dict], figure: Figure) -> list[tuple]:
    """A chart-data result as sorted tuples of the figure's columns."""
    return sorted((tuple(_value(r[c]) for c in figure.columns) for r in records), key=_key)


def expected(con, figure: Figure) -> list[tuple]:
    return sorted((tuple(_value(v) for v in r) for r in con.execute(figure.sql).fetchall()), key=_key)
