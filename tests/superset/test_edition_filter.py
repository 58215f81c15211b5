"""Slachtoffermonitor's filter Editie (issue 17) through Superset's API on the default sample.

The filter lists the editions with data, newest first, and starts on the first (the front end's
defaultToFirstItem), so its default is whatever the first option is. The options are asked the
way the select filter asks them (its column grouped, its pre-filter, its sort order) and the first
must be the newest edition with data worked out in figures_editions.py; with the filter on that
edition each ledger chart shows that edition's rows and no other.
"""

from __future__ import annotations

import json

from figures_editions import newest_edition_with_data
from figures_slachtoffermonitor import LEDGER_CHARTS
from superset_figures import normalise
from superset_harness import post_query_context

TITLE = "Slachtoffermonitor"


def _filter(dashboards) -> dict:
    metadata = json.loads(dashboards[TITLE]["json_metadata"])
    (editie,) = [f for f in metadata["native_filter_configuration"] if f["name"] == "Editie"]
    return editie


def _ledger_charts(charts_by_dashboard) -> dict[str, dict]:
    return {c["slice_name"]: c for c in charts_by_dashboard[TITLE] if c["slice_name"] in LEDGER_CHARTS}


def test_editie_applies_to_the_ledger_charts_only_and_starts_on_its_first_option(
    dashboards, charts_by_dashboard
):
    editie, charts = _filter(dashboards), _ledger_charts(charts_by_dashboard)
    assert sorted(charts) == sorted(LEDGER_CHARTS)
    assert sorted(editie["chartsInScope"]) == sorted(c["id"] for c in charts.values())
    assert editie["targets"][0]["column"]["name"] == "edition"
    controls = editie["controlValues"]
    problems = {
        k: controls.get(k)
        for k, want in {"defaultToFirstItem": True, "multiSelect": False, "sortAscending": False}.items()
        if controls.get(k) is not want
    }
    assert not problems, f"Editie must start on its first option, one edition, newest first: {problems}"


def test_editie_starts_on_the_newest_edition_with_data(api, dashboards, charts_by_dashboard):
    editie = _filter(dashboards)
    (dataset_id,) = {c["datasource_id"] for c in _ledger_charts(charts_by_dashboard).values()}
    pre_filters = [
        {
            "col": f["subject"],
            "op": f["operator"],
            **({"val": f["comparator"]} if f["comparator"] is not None else {}),
        }
        for f in editie.get("adhoc_filters", [])
    ]
    column = editie["targets"][0]["column"]["name"]
    options = post_query_context(
        api,
        {
            "datasource": {"id": dataset_id, "type": "table"},
            "queries": [
                {
                    "columns": [column],
                    "metrics": [],
                    "filters": pre_filters,
                    "orderby": [[column, editie["controlValues"]["sortAscending"]]],
                    "row_limit": 1000,
                }
            ],
            "result_format": "json",
            "result_type": "full",
        },
        "the options of Editie",
    )
    assert [row[column] for row in options][:1] == [newest_edition_with_data()], options


def test_each_ledger_chart_shows_the_chosen_edition(api, charts_by_dashboard, serving_db):
    chosen = [newest_edition_with_data()]
    mismatches = {}
    for title, chart in _ledger_charts(charts_by_dashboard).items():
        query_context = json.loads(chart["query_context"])
        for query in query_context["queries"]:
            query["filters"] = [*query["filters"], {"col": "edition", "op": "IN", "val": chosen}]
        expectation = LEDGER_CHARTS[title]
        shown = normalise(expectation, post_query_context(api, query_context, title))
        expected = expectation.compute(serving_db, chosen)
        if shown != expected:
            mismatches[title] = (shown, expected)
    assert not mismatches, mismatches
