"""The period the dashboards show, taken from the build (issue 17, "Dashboards through 2025").

The marts count every registration year from the oldest edition's first year up to the last year of
the edition the build counts (dbt_project/macros/reporting_window.sql, counted_span), and their
cubes total that span under one period label: '2013-2017' in a build of that edition, '2013-2025' on
the whole sample. No asset names that label: they carry PERIOD_PLACEHOLDER where a chart keeps a
fixed period or a filter defaults to the whole span, and bootstrap.py puts in the label of the build
it serves, read from marts.data_status (column counted_period), the one place the build states it.
Before the first build there is no period to read, so the placeholder stays until the bootstrap
after it (as the datasets' columns do, bootstrap.py sync_datasets).
"""

from __future__ import annotations

from pathlib import Path

PERIOD_PLACEHOLDER = "__MH_PERIOD__"


def counted_period(serving: Path) -> str | None:
    """The period label the build's marts total, from serving.duckdb at `serving`; None when
    there is no build yet."""
    if not serving.exists():
        return None
    import duckdb

    # Closed before Superset opens the file: DuckDB keeps one configuration per open file in a
    # process, and Superset's connections get their own (duckdb_guard.py).
    with duckdb.connect(str(serving), read_only=True) as con:
        periods = {
            row[0] for row in con.execute("SELECT DISTINCT counted_period FROM marts.data_status").fetchall()
        }
    if len(periods) != 1 or None in periods:
        raise SystemExit(
            f"{serving}: marts.data_status must name one counted_period, found {sorted(map(str, periods))}"
        )
    return periods.pop()
