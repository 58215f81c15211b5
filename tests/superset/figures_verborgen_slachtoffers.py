"""Dashboard Verborgen slachtoffers (issue 18): what its table must show, from the mart's unrounded
numbers with the rules written out here, not from its label columns.

The table reads `marts.dark_number_estimates`: per period and population the observed count, the
estimate and its 95% interval rounded to two significant figures as the rapporteur rounds ("5.000
tot 7.500", "ongeveer 3.000": report 000, lines 146-164), and the share seen in whole percents
("19%"). Where the mart has no number (no model, a runaway estimate, an unbounded interval) the
table says "geen schatting" in words. The observed count counts persons and is protected as
every count (the mart leaves it empty where hidden; its label must then be "< 5" or "x", and the
share seen, which would give it back, shows "x"). Per 100,000 inhabitants: the estimate and its
interval over the period's inhabitant-years, one decimal with a comma ("1,2 (0,9 tot 1,6)"). The
filter **Periode** picks periods ('2016', '2014-2015'); `compute(con, periods)` receives them
(None = all), as the other dashboards' year filters. The filters **Soort populatie** and
**Populatie** pick rows by the mart's `population_kind` and `population` (`estimate_rows`'
`picked`); the table lists each period's populations kind by kind, in the mart's
`population_order` (the kinds themselves are checked in tests/integration/test_dark_number.py).
"""

from __future__ import annotations

import math

from superset_figures import THRESHOLD, Expectation, analyst_dashboard, dutch_count

TITLE = "Verborgen slachtoffers"
TABLE_CHART = "Geschat aantal slachtoffers per periode en populatie"
NO_ESTIMATE = "geen schatting"
TABLE_COLUMNS = (
    "period",
    "population_kind",
    "population",
    "observed_label",
    "estimated_label",
    "interval_label",
    "share_seen_label",
    "per_100k_label",
    "lists",
    "model",
    "status",
    "toelichting",
)


def as_published(estimate: float) -> int:
    """Two significant figures: 6,284 -> 6,300; 1,345 -> 1,300."""
    return int(round(estimate, 1 - math.floor(math.log10(estimate))))


def _observed(n: int | None, label: str) -> str:
    if n is None:  # hidden: only a protection label may stand there
        return label if label in (f"< {THRESHOLD}", "x") else f"hidden count labelled {label!r}"
    return f"< {THRESHOLD}" if 1 <= n < THRESHOLD else dutch_count(n)


def _rate(n: float, inhabitant_years: int) -> str:
    return f"{100_000 * n / inhabitant_years:.1f}".replace(".", ",")


def _share(share: float | None) -> str:
    return f"{round(100 * share)}%" if share is not None else "x"


# The population filters: their names, ids and the columns they filter (DashboardSpec.other_filters).
KIND_FILTER = ("Soort populatie", "NATIVE_FILTER-soort-populatie", "population_kind", None)
POPULATION_FILTER = ("Populatie", "NATIVE_FILTER-populatie", "population", None)


def estimate_rows(con, periods, picked: dict[str, list[str]] | None = None) -> list[tuple]:
    """Every period and population (of `picked`: {column: values}, the population filters), single
    years first, then by period, each period's populations in the mart's order."""
    chosen = {"period": [str(p) for p in periods or []], **(picked or {})}
    chosen = {column: values for column, values in chosen.items() if values}
    where = " AND ".join(f"{column} IN ({', '.join('?' * len(v))})" for column, v in chosen.items())
    rows = con.execute(
        "SELECT period, population_kind, population, observed, observed_label, estimated, lower_95, "
        "upper_95, share_seen, inhabitant_years, lists, model, status, toelichting "
        f"FROM marts.dark_number_estimates WHERE {where or 'true'} ORDER BY years, period, population_order",
        [v for values in chosen.values() for v in values],
    ).fetchall()
    out = []
    for period, kind, population, observed, label, estimated, lower, upper, share, inhabitants, *rest in rows:
        lists, model, status, why = rest
        shown = estimated is not None
        out.append(
            (
                period,
                kind,
                population,
                _observed(observed, label),
                dutch_count(as_published(estimated)) if shown else NO_ESTIMATE,
                f"{dutch_count(as_published(lower))} tot {dutch_count(as_published(upper))}"
                if shown
                else NO_ESTIMATE,
                _share(share) if shown else NO_ESTIMATE,
                f"{_rate(estimated, inhabitants)} ({_rate(lower, inhabitants)} tot {_rate(upper, inhabitants)})"
                if shown and inhabitants
                else NO_ESTIMATE,
                lists,
                model,
                status,
                why,
            )
        )
    return out


VERBORGEN_SLACHTOFFERS = {TABLE_CHART: Expectation(TABLE_COLUMNS, None, estimate_rows, table=True)}

VERBORGEN_SLACHTOFFERS_SPEC = analyst_dashboard(
    title=TITLE,
    slug="verborgen-slachtoffers",
    charts=VERBORGEN_SLACHTOFFERS,
    year_filter="Periode",
    year_filter_id="NATIVE_FILTER-schattingsperiode",
    year_column="period",
    filter_year_sql="SELECT max(period) FROM marts.dark_number_estimates WHERE years = 1",
    other_filters=(KIND_FILTER, POPULATION_FILTER),
)
