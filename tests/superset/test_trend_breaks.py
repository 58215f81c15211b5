"""Issue 17, the trend-break register on Trends slachtoffers. Through Superset's API as the user
`analist`: every time-series chart of the dashboard carries the annotation layer "Trendbreuken",
and the chart's data request returns an event for every break of the register
(dbt_project/seeds/trend_breaks.csv), at its first year (as text, the x axis `periode`), with its
text. In Chromium: each of those charts draws every break as a vertical line at its year's place
on the x axis (echarts_marklines.js reads what ECharts drew). The register's own table on the
dashboard is checked with every other chart's figures (superset_figures.TRENDS)."""

from __future__ import annotations

import json
import math

import pytest
from superset_figures import TREND_BREAKS_CHART, trend_break_entries
from superset_harness import echarts_script, login_as
from test_superset_browser import RENDER_TIMEOUT_MS, RENDERED, browser, login  # noqa: F401 - the fixture

MARKLINES_JS = echarts_script("echarts_marklines.js")
SERIES_PREFIX = "echarts_timeseries"
# How far (pixels) a drawn line may lie from its year's place on the axis.
PIXELS = 1.0

TRENDS_TITLE = "Trends slachtoffers"
LAYER = "Trendbreuken"


@pytest.fixture(scope="module")
def analist(superset_server):
    return login_as(superset_server, "Analist")


def test_every_time_series_chart_of_trends_shows_every_break(analist, charts_by_dashboard):
    charts = charts_by_dashboard[TRENDS_TITLE]
    series_charts = [c for c in charts if c["viz_type"].startswith(SERIES_PREFIX)]
    expected = sorted((e["from_date"][:4], e["what"]) for e in trend_break_entries())
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
        shown = sorted((rec["eerste_periode"], rec["what"]) for rec in records)
        if shown != expected:
            problems.append(f"{chart['slice_name']}: annotations {shown} != register {expected}")
    assert problems == []


def _drawn_lines(page, chart: dict, years: list[str], expected: int) -> dict | None:
    """What ECharts drew for `chart` (echarts_marklines.js), once `expected` lines are drawn: the
    annotations come with the chart's data, but the page may still be drawing."""
    holder = f"[data-test='chart-grid-component'][data-test-chart-id='{chart['id']}']"
    page.locator(holder).scroll_into_view_if_needed(timeout=RENDER_TIMEOUT_MS)
    page.locator(holder).locator(RENDERED[chart["viz_type"]]).first.wait_for(
        state="visible", timeout=RENDER_TIMEOUT_MS
    )
    drawn = None
    for _ in range(60):
        drawn = page.evaluate(MARKLINES_JS, [holder, years])
        if drawn and len(drawn["lines"]) >= expected:
            break
        page.wait_for_timeout(500)
    return drawn


def test_every_break_is_drawn_on_every_time_series_chart_of_trends(
    browser,  # noqa: F811
    superset_server,
    charts_by_dashboard,
    serving_db,
):
    """In Chromium each time-series chart of Trends slachtoffers shows every break of the register
    whose first year is a registration year of the warehouse as a vertical line exactly at the
    place of that year on the x axis; a break after the warehouse's last year has no place on the
    axis and no line anywhere."""
    charts = [c for c in charts_by_dashboard[TRENDS_TITLE] if c["viz_type"].startswith(SERIES_PREFIX)]
    breaks = [(e["from_date"][:4], e["what"]) for e in trend_break_entries()]
    years = sorted({year for year, _ in breaks})
    on_axis = {
        str(y)
        for (y,) in serving_db.execute(
            "SELECT DISTINCT registration_year FROM marts.trend_figures WHERE registration_year IS NOT NULL"
        ).fetchall()
    }
    assert {year for year, _ in breaks} & on_axis, (
        f"no break falls in the warehouse's years {sorted(on_axis)}"
    )
    page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
    login(page, superset_server)
    page.goto(f"{superset_server.base_url}/superset/dashboard/trends-slachtoffers/")
    problems = []
    for chart in charts:
        # Superset 6.1 draws one line per year, named with the labels of all its breaks.
        drawn = _drawn_lines(page, chart, years, len({year for year, _ in breaks} & on_axis))
        if drawn is None:
            problems.append(f"{chart['slice_name']}: no ECharts instance found")
            continue
        for year, what in breaks:
            at = drawn["axis"].get(year)
            lines = [line for line in drawn["lines"] if what in line["name"] and line["vertical"]]
            if year not in on_axis:
                if lines:
                    problems.append(
                        f"{chart['slice_name']}: {what[:40]!r} ({year}, no such year) drawn at {lines}"
                    )
                continue
            if not isinstance(at, (int, float)) or not math.isfinite(at):
                problems.append(f"{chart['slice_name']}: {year} is not on the x axis ({at})")
                continue
            if not any(abs(line["x"] - at) <= PIXELS for line in lines):
                problems.append(
                    f"{chart['slice_name']}: no line for {what[:40]!r} at {year} (x {at:.1f}); "
                    f"drawn: {[round(line['x'], 1) for line in lines]}"
                )
    page.close()
    assert problems == [], "\n".join(problems)
