"""What every chart of the dashboard must show, computed independently with DuckDB.

Each expectation is written from the Slachtoffermonitor's definitions (headline figures =
victim-years with is_sub3 = false), not copied from the chart: the charts use saved metrics,
adhoc filters, a virtual dataset and Superset's pivot post-processing; these are plain GROUP BYs
on serving.duckdb (and the top-5 ranking is done in Python).

A chart result is normalised to {key: count}. The key is the tuple of the chart's dimension values
(e.g. registration year, nationality) followed, for charts whose series are columns, by the series
name (e.g. 'BL-SU', a metric label). Zero and empty cells are left out on both sides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import duckdb

Counts = dict[tuple, int]


@dataclass(frozen=True)
class Expectation:
    dims: tuple[str, ...]  # columns of the result that identify a cell
    value: str | None  # the value column; None = every other column is a series
    compute: Callable[[duckdb.DuckDBPyConnection, list[int] | None], Counts]


def _years(years: list[int] | None, prefix: str = "AND") -> str:
    if not years:
        return ""
    return f" {prefix} registration_year IN ({', '.join(str(int(y)) for y in years)})"


def _rows(con, sql: str) -> Counts:
    return {tuple(r[:-1]): int(r[-1]) for r in con.execute(sql).fetchall() if r[-1]}


def headline_total(con, years) -> Counts:
    n = con.execute(
        "SELECT count(*) FROM marts.victims WHERE is_sub3 = false" + _years(years)
    ).fetchone()[0]
    return {("slachtoffers",): n} if n else {}


def headline_by_form(con, years) -> Counts:
    return _rows(
        con,
        "SELECT registration_year, trafficking_form, count(*) FROM marts.victims "
        "WHERE is_sub3 = false" + _years(years) + " GROUP BY ALL",
    )


def with_and_without_sub3(con, years) -> Counts:
    label = {False: "Slachtoffers (excl. sub-3)", True: "Sub-3-personen"}
    raw = _rows(
        con,
        "SELECT registration_year, is_sub3, count(*) FROM marts.victims "
        "WHERE true" + _years(years) + " GROUP BY ALL",
    )
    return {(year, label[sub3]): n for (year, sub3), n in raw.items()}


def reports_by_group(con, years) -> Counts:
    return _rows(
        con,
        "SELECT registration_year, reporter_group, count(*) FROM marts.reports "
        "WHERE true" + _years(years) + " GROUP BY ALL",
    )


def top5_nationalities(con, years) -> Counts:
    """Per year the nationalities ranked 1..5 by headline victims (shared ranks kept, like
    Table 3.1; 'Onbekend' is not a nationality to rank)."""
    counts = con.execute(
        "SELECT registration_year, nationality, count(*) FROM marts.victims "
        "WHERE is_sub3 = false AND nationality IS NOT NULL AND nationality <> 'Onbekend'"
        + _years(years)
        + " GROUP BY ALL"
    ).fetchall()
    per_year: dict[int, dict[str, int]] = {}
    for year, nat, n in counts:
        per_year.setdefault(year, {})[nat] = n
    out: Counts = {}
    for year, nats in per_year.items():
        for nat, n in nats.items():
            rank = 1 + sum(1 for m in nats.values() if m > n)
            if rank <= 5:
                out[(year, nat)] = n
    return out


def minors(con, years) -> Counts:
    raw = _rows(
        con,
        "SELECT registration_year, count(*) FROM marts.victims "
        "WHERE is_sub3 = false AND is_minor" + _years(years) + " GROUP BY ALL",
    )
    return {(year, "Minderjarige slachtoffers"): n for (year,), n in raw.items()}


def headline_by_gender(con, years) -> Counts:
    return _rows(
        con,
        "SELECT registration_year, gender, count(*) FROM marts.victims "
        "WHERE is_sub3 = false" + _years(years) + " GROUP BY ALL",
    )


YEAR = ("registration_year",)

# Chart title on the dashboard -> what it must show.
EXPECTATIONS: dict[str, Expectation] = {
    "Slachtoffers (excl. sub-3)": Expectation((), None, headline_total),
    "Slachtoffers per jaar naar mensenhandelvorm (excl. sub-3)": Expectation(
        YEAR, None, headline_by_form
    ),
    "Slachtoffers per jaar, met en zonder sub-3-personen": Expectation(
        YEAR, None, with_and_without_sub3
    ),
    "Meldingen per meldergroep per jaar": Expectation(YEAR, None, reports_by_group),
    "Top-5 nationaliteiten per jaar (excl. sub-3)": Expectation(
        ("registration_year", "nationality"), "Slachtoffers", top5_nationalities
    ),
    "Minderjarige slachtoffers per jaar (excl. sub-3)": Expectation(YEAR, None, minors),
    "Slachtoffers per jaar naar geslacht (excl. sub-3)": Expectation(
        YEAR, None, headline_by_gender
    ),
}


def _count(v) -> int | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    assert float(v) == int(v), f"not a count: {v!r}"
    return int(v)


def normalise(exp: Expectation, data: list[dict]) -> Counts:
    """A chart-data result (list of records) as {key: count}."""
    out: Counts = {}
    for row in data:
        key = tuple(row[d] for d in exp.dims)
        cells = (
            [((), row[exp.value])]
            if exp.value
            else [((k,), v) for k, v in row.items() if k not in exp.dims]
        )
        for suffix, v in cells:
            n = _count(v)
            if n:
                assert key + suffix not in out, f"duplicate cell {key + suffix}"
                out[key + suffix] = n
    return out
