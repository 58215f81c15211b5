"""Issue 17, the trend-break register on Trends slachtoffers, through Superset's API as the user
`analist`: every time-series chart of the dashboard carries the annotation layer "Trendbreuken",
and the chart's data request returns an event for every break of the register
(dbt_project/seeds/trend_breaks.csv), at its first year, with its text. The register's own table
on the dashboard is checked with every other chart's figures (superset_figures.TRENDS)."""

from __future__ import annotations

import json

import pytest
from superset_figures import TREND_BREAKS_CHART, trend_break_entries
from superset_harness import login_as

TRENDS_TITLE = "Trends slachtoffers"
LAYER = "Trendbreuken"


@pytest.fixture(scope="module")
def analist(superset_server):
    return login_as(superset_server, "Analist")


def test_every_time_series_chart_of_trends_shows_every_break(analist, charts_by_dashboard):
    charts = charts_by_dashboard[TRENDS_TITLE]
    series_charts = [c for c in charts if c["viz_type"].startswith("echarts_timeseries")]
    expected = sorted((int(e["from_date"][:4]), e["what"]) for e in trend_break_entries())
    assert len(series_charts) >= 5, [c["slice_name"] for c in charts]
    assert TREND_BREAKS_CHART in {c["slice_name"] for c in charts}
    problems = []
    for chart in series_charts:
        layers = [x["name"] for x in json.loads(chart["params"]).get("annotation_layers", [])]
        if LAYER not in layers:
            problems.append(f"{chart['slice_name']}: no layer {LAYER} in the chart's form data ({layers})")
        r = analist.post("/api/v1/chart/data", json.loads(chart["query_context"]))
        if r.status_code != 200:
            problems.append(f"{chart['slice_name']}: {r.status_code} {r.text[:300]}")
            continue
        (result,) = r.json()["result"]
        records = (result.get("annotation_data") or {}).get(LAYER, {}).get("records", [])
        shown = sorted((rec["first_year"], rec["what"]) for rec in records)
        if shown != expected:
            problems.append(f"{chart['slice_name']}: annotations {shown} != register {expected}")
    assert problems == []
