"""Issue 15, the analysts' points, through Superset's API as the user `analist`: the line "Stand van
de gegevens" on every analyst dashboard, the page of definitions every dashboard links to, the big
number that says it counts victim-years, and Regionaal without 'Onbekend' among the provinces.

The figures of every chart (also these) are compared with DuckDB in test_superset_api.py
(superset_figures.py); here what that comparison cannot see: who may read it, the filters it stays
out of, the build time and the words on the dashboards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from zoneinfo import ZoneInfo

import pytest
from superset_figures import (
    DASHBOARDS,
    DEFINITIONS_SLUG,
    DEFINITIONS_TITLE,
    STATUS_CHART,
)
from superset_harness import chart_data, login_as

DEFINITIONS_LINK = f"](/superset/dashboard/{DEFINITIONS_SLUG}/)"
# What the page of definitions must define (issue 15), as it names them.
DEFINED_TERMS = ("Slachtofferjaar", "Sub-3-personen", "Mensenhandelvorm", "Meldergroep", "Afscherming")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(scope="module")
def analist(superset_server):
    return login_as(superset_server, "Analist")


def _markdown(dashboard: dict) -> list[str]:
    position = json.loads(dashboard["position_json"])
    return [
        item["meta"]["code"]
        for item in position.values()
        if isinstance(item, dict) and item.get("type") == "MARKDOWN"
    ]


def test_status_line_tops_every_analyst_dashboard(analist, superset_server, dashboards, charts_by_dashboard):
    """Every analyst dashboard shows "Stand van de gegevens" in its first row, outside every native
    filter (a year or a form does not change the build), readable by the analyst, with the time of
    the build in Dutch time: the marts of serving.duckdb were built shortly before it was written."""
    problems = []
    written = dt.datetime.fromtimestamp(os.path.getmtime(superset_server.serving_path), AMSTERDAM).replace(
        tzinfo=None
    )
    for spec in DASHBOARDS:
        dashboard = dashboards[spec.title]
        (chart,) = [c for c in charts_by_dashboard[spec.title] if c["slice_name"] == STATUS_CHART]
        position = json.loads(dashboard["position_json"])
        first_row = position[position["GRID_ID"]["children"][0]]
        in_first_row = [position[i]["meta"].get("chartId") for i in first_row["children"]]
        if chart["id"] not in in_first_row:
            problems.append(f"{spec.title}: {STATUS_CHART} is not in the first row ({first_row['children']})")
        for flt in json.loads(dashboard["json_metadata"])["native_filter_configuration"]:
            if chart["id"] in flt["chartsInScope"]:
                problems.append(f"{spec.title}: filter {flt['name']} applies to {STATUS_CHART}")
        rows = chart_data(analist, chart)
        built = {dt.datetime.strptime(r["gebouwd_op"], "%d-%m-%Y %H:%M") for r in rows}
        if len(built) != 1:
            problems.append(f"{spec.title}: not one build time: {built}")
            continue
        (built_at,) = built
        # dbt builds the marts, the checks run, then the publish writes the file: minutes, not an hour
        if not written - dt.timedelta(minutes=30) <= built_at <= written.replace(second=0, microsecond=0):
            problems.append(
                f"{spec.title}: built at {built_at}, serving.duckdb written at {written} (Amsterdam)"
            )
    assert problems == []


def test_every_analyst_dashboard_links_the_definitions(analist, dashboards):
    problems = [
        f"{spec.title}: no link to the definitions"
        for spec in DASHBOARDS
        if not any(DEFINITIONS_LINK in code for code in _markdown(dashboards[spec.title]))
    ]
    # the analyst may open the page, and it defines every term the issue names
    page = analist.get(f"/api/v1/dashboard/{DEFINITIONS_SLUG}")["result"]
    assert page["dashboard_title"] == DEFINITIONS_TITLE
    text = "\n".join(_markdown(page))
    problems += [f"the definitions do not define {term}" for term in DEFINED_TERMS if f"**{term}" not in text]
    assert problems == []


def test_big_number_says_it_counts_victim_years(charts_by_dashboard):
    """A sum over years of victims per year counts a person once per year (contract registration
    R2): the big number may not call it unique victims."""
    (chart,) = [c for c in charts_by_dashboard["Trends slachtoffers"] if c["viz_type"] == "big_number_total"]
    params = json.loads(chart["params"])
    words = " ".join([chart["slice_name"], params["subtitle"], params["metric"]["label"]]).lower()
    assert "slachtofferjaren" in chart["slice_name"].lower(), chart["slice_name"]
    assert "uniek" not in words and "slachtofferjaren" in params["subtitle"], words


def test_regionaal_ranks_only_provinces(analist, charts_by_dashboard):
    """'Onbekend' (no municipality found) is no province: not in the ranking, and not a province
    whose requests for shelter find no place; its share is said beside the map."""
    charts = {c["slice_name"]: c for c in charts_by_dashboard["Regionaal"]}
    ranking = chart_data(analist, charts["Provincies naar slachtoffers per 100.000 inwoners"])
    shelter = chart_data(
        analist, charts["Vraag naar opvang tegenover gespecialiseerde plekken per provincie"]
    )
    share = chart_data(analist, charts["Slachtoffers zonder bekende provincie"])
    problems = [f"ranking: {r}" for r in ranking if r["region_name"] == "Onbekend"]
    problems += [
        f"shelter: {r}"
        for r in shelter
        if r["province_name"] == "Onbekend" and r["vraag_zonder_plekken"] != "Nee"
    ]
    if not (len(share) == 1 and 0 < share[0]["aandeel_provincie_onbekend"] < 1):
        problems.append(f"share of unknown province: {share}")
    assert problems == []
