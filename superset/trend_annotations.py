"""The trend-break annotations of *Trends slachtoffers* (issue 17).

Every time-series chart of the dashboard gets the annotation layer "Trendbreuken": an event per
entry of the trend-break register, a dashed line at the first registration year the break works on.
ECharts places an event on a category axis by the category's name when given text and by its
position when given a number, so the charts' x axis is the text column `periode` and the event's
place the register's text column `eerste_periode` (a calculated column of the dataset
trend_break_register); on the numeric axis they had before, the year 2016 was read as the 2017th
category and nothing was drawn (issue 17).
Its source is the register's own table chart (superset/assets/charts/trendbreuken.yaml, on the
published mart trend_break_register), so the annotations are read from serving.duckdb whenever a
chart is drawn: a break a steward adds to dbt_project/seeds/trend_breaks.csv shows after the next
build, without a bootstrap. An annotation layer of Superset's own (NATIVE) would be a copy of the
register in the metadata DB, stale after every build.

A table-sourced layer names its source chart by id, which only exists once the bundle is imported
(the importer gives each chart a new id and does not translate annotation layers), so bootstrap.py
calls `annotate_trend_charts` after the import; the chart YAML keep `annotation_layers: []`.
"""

from __future__ import annotations

import json

TRENDS_DASHBOARD_UUID = "3665c1b3-809d-5775-8d64-491e7f1417c4"
REGISTER_CHART_UUID = "62567070-df05-55bc-839c-c7ac18c06930"
LAYER_NAME = "Trendbreuken"
# The charts with a time (year) axis: Superset annotates only these.
TIME_SERIES_PREFIX = "echarts_timeseries"


def trend_break_layer(register_chart_id: int) -> dict:
    """The layer as the chart editor would store it: an event per row of the register chart, at
    its first year as text (the x axis of every trend chart is the year as text, `periode`)."""
    return {
        "name": LAYER_NAME,
        "annotationType": "EVENT",
        "sourceType": "table",
        "value": register_chart_id,
        "timeColumn": "eerste_periode",
        "titleColumn": "what",
        "descriptionColumns": ["from_date", "affected_series", "effect"],
        "intervalEndColumn": "",
        "overrides": {"time_range": None},
        "show": True,
        "showLabel": False,
        "showMarkers": False,
        "hideLine": False,
        "style": "dashed",
        "width": 2,
        "color": "#555555",
        "opacity": "",
    }


def with_layer(layers: list[dict] | None, layer: dict) -> list[dict]:
    """The chart's layers with ours put in place of an earlier version of it (idempotent)."""
    return [x for x in layers or [] if x.get("name") != layer["name"]] + [layer]


def annotate_chart(params: dict, query_context: dict, layer: dict) -> tuple[dict, dict]:
    """The layer in the chart's form data and in each of its saved queries (the API and the
    dashboard's first drawing use the saved query context; the explore view the form data)."""
    params = {**params, "annotation_layers": with_layer(params.get("annotation_layers"), layer)}
    if query_context:
        query_context = {
            **query_context,
            "form_data": {
                **query_context.get("form_data", {}),
                "annotation_layers": params["annotation_layers"],
            },
            "queries": [
                {**q, "annotation_layers": with_layer(q.get("annotation_layers"), layer)}
                for q in query_context.get("queries", [])
            ],
        }
    return params, query_context


def annotate_trend_charts() -> list[str]:
    """Put the layer on every time-series chart of Trends slachtoffers; the names of the charts."""
    from superset.models.dashboard import Dashboard
    from superset.models.slice import Slice

    from superset import db

    register = db.session.query(Slice).filter_by(uuid=REGISTER_CHART_UUID).one()
    layer = trend_break_layer(register.id)
    dashboard = db.session.query(Dashboard).filter_by(uuid=TRENDS_DASHBOARD_UUID).one()
    annotated = []
    for chart in dashboard.slices:
        if not chart.viz_type.startswith(TIME_SERIES_PREFIX):
            continue
        params, query_context = annotate_chart(
            json.loads(chart.params or "{}"), json.loads(chart.query_context or "{}"), layer
        )
        chart.params = json.dumps(params)
        chart.query_context = json.dumps(query_context) if query_context else chart.query_context
        annotated.append(chart.slice_name)
    db.session.commit()
    return sorted(annotated)
