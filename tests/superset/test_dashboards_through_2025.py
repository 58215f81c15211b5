"""Trends slachtoffers, Verblijf en vervolging and Regionaal show 2013-2025 on the whole sample
(issue 17, "Dashboards through 2025"), through the real bootstrap and Superset.

The session's Superset serves the build of the 2013-2017 edition (conftest.py), whose dashboards
show 2013-2017; this module serves a copy of the whole sample's published files (`current_warehouse`,
the build tests/integration/test_reporting_window.py and test_later_years_sample.py share) with a
Superset of its own: one more bootstrap and server start, the price of seeing the later years in the
dashboards themselves. The period the dashboards total is the build's (superset/counted_period.py);
the expected one comes from seed ref_edition and the sample's delivery dates, not from the build.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from superset_figures import DASHBOARD_BY_TITLE, STATUS_CHART, TREND_BREAKS_CHART
from superset_harness import Api, chart_data, post_query_context, running_superset

from tests.integration.published_seed import seed_rows
from tests.sample import delivery_dates

THROUGH_2025 = ("Trends slachtoffers", "Verblijf en vervolging", "Regionaal")
# Charts about the build or the break register, not a count per year.
NOT_PER_YEAR = {STATUS_CHART, TREND_BREAKS_CHART}
# The columns that hold the year or period of a row, not a count.
YEAR_COLUMNS = {"periode", "registration_year", "jaar", "decision_year", "eerste_periode"}
CALIBRATED_LAST_YEAR = 2017  # the 2013-2017 edition (contracts/README.md §10): a later year is new


def _expected_period() -> tuple[str, int]:
    """(the whole period's label, its last year): the oldest edition's first year up to the last
    year of the newest edition whose data date is on or before the sample's newest delivery."""
    editions = seed_rows("ref_edition")
    newest = max(
        (e for e in editions if e["data_date"] <= delivery_dates()[-1].isoformat()),
        key=lambda e: e["data_date"],
    )
    first = min(int(e["first_year"]) for e in editions)
    return f"{first}-{newest['last_year']}", int(newest["last_year"])


@pytest.fixture(scope="module")
def whole_sample_api(current_warehouse, tmp_path_factory) -> Api:
    data_dir = tmp_path_factory.mktemp("superset_whole_sample")
    for published in (current_warehouse.serving_path, current_warehouse.quality_path):
        shutil.copy2(published, data_dir / Path(published).name)
    with running_superset(data_dir, data_dir / "serving.duckdb") as server:
        yield Api(server)


def _dashboard(api: Api, title: str) -> tuple[dict, list[dict]]:
    q = json.dumps({"filters": [{"col": "dashboard_title", "opr": "eq", "value": title}]})
    (found,) = api.get("/api/v1/dashboard/", params={"q": q})["result"]
    dashboard = api.get(f"/api/v1/dashboard/{found['id']}")["result"]
    charts = api.get(f"/api/v1/dashboard/{found['id']}/charts")["result"]
    return dashboard, [api.get(f"/api/v1/chart/{c['id']}")["result"] for c in charts]


def _counts_something(rows: list[dict]) -> bool:
    """A row with a positive count beside its year: a number, or a table's label of one ('80'); a
    hidden cell is NULL, '< 5' or 'x'."""
    return any(
        (isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0)
        or (isinstance(v, str) and v.replace(".", "").isdigit() and int(v.replace(".", "")) > 0)
        for row in rows
        for column, v in row.items()
        if column not in YEAR_COLUMNS
    )


def _periods_filtered(chart: dict) -> set[str]:
    """The periodes a chart's stored query keeps (its own fixed filter, or the dashboard default)."""
    out = set()
    for query in json.loads(chart["query_context"] or "{}").get("queries", []):
        for flt in query.get("filters", []):
            if flt.get("col") == "periode":
                out |= set(flt["val"] if isinstance(flt["val"], list) else [flt["val"]])
    return out


def test_the_three_dashboards_show_the_years_after_2017_on_the_whole_sample(whole_sample_api):
    """Every chart of the three dashboards counts something in the years after 2017 (selected in the
    dashboard's year filter; Regionaal's single-value Periode on the newest year, 2025), and the
    charts outside that filter (the route Sankeys and their tables) and Regionaal's period filter
    default to the whole period 2013-2025, which only a build through 2025 has. One list of every
    chart that lacks it."""
    api = whole_sample_api
    period, last_year = _expected_period()
    assert last_year > CALIBRATED_LAST_YEAR, "the sample's newest edition must reach beyond 2017"
    later_years = list(range(CALIBRATED_LAST_YEAR + 1, last_year + 1))
    lacking = []
    for title in THROUGH_2025:
        spec = DASHBOARD_BY_TITLE[title]
        dashboard, charts = _dashboard(api, title)
        filters = {
            f["name"]: f for f in json.loads(dashboard["json_metadata"])["native_filter_configuration"]
        }
        default = filters[spec.year_filter]["defaultDataMask"].get("filterState", {}).get("value")
        if spec.year_filter_default is not None and default != [period]:
            lacking.append(f"{title}: filter {spec.year_filter} defaults to {default}, not {period}")
        for chart in charts:
            name = chart["slice_name"]
            if name in NOT_PER_YEAR:
                continue
            legacy = spec.charts[name].legacy
            if name in spec.outside_year_filter:
                rows = chart_data(api, chart, legacy=legacy)
                fixed = _periods_filtered(chart)
                if fixed and fixed != {period}:
                    lacking.append(f"{title} / {name}: a fixed period {sorted(fixed)}, not {period}")
            elif title == "Regionaal":
                rows = chart_data(api, chart, legacy=legacy, selection=(str(last_year), "Alle vormen"))
            else:
                query_context = json.loads(chart["query_context"])
                for query in query_context["queries"]:
                    query["filters"] = [
                        *query["filters"],
                        {"col": spec.year_column, "op": "IN", "val": later_years},
                    ]
                rows = post_query_context(api, query_context, name)
            # a later year on the chart's axis (its value may be hidden: the VV grant rate is in
            # every later year of the sample), or for a chart without a year a count
            shows_later_year = any(
                str(row.get(column)) in map(str, later_years) for row in rows for column in YEAR_COLUMNS
            )
            if not (shows_later_year or _counts_something(rows)):
                lacking.append(
                    f"{title} / {name}: nothing counted after {CALIBRATED_LAST_YEAR} (in {period}): {rows[:3]}"
                )
    assert not lacking, "\n".join(lacking)
