"""Issue 15, counts on the route Sankeys, as the user `analist` sees them in Chromium.

Superset's Sankey shows a link's count only on hover. Beside each of the three Sankeys stands a
table of its flows (van, naar, aantal): its rows as drawn equal the flows counted here from
serving.duckdb (figures_route_flows.py), the flows with a number are exactly the links the Sankey
draws with their values, the protected flows carry their marker, the count column is right-aligned,
and the table stands right beside its Sankey (or right below it, where the Sankey's long node names
need the dashboard's full width). The residence-route Sankey's
nodes carry the totals of their flows, added up here; it and its table show 2013-2017, are outside
the year filter, and say so.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from figures_route_flows import RESIDENCE_SANKEY, SANKEY_TABLES, VERBLIJF_WHOLE_WINDOW, residence_route_nodes
from superset_figures import DASHBOARD_BY_TITLE, node_name
from superset_harness import chart_data, role_password
from test_superset_browser import RENDER_TIMEOUT_MS, browser, login, settled_table  # noqa: F401 - the fixture
from test_superset_viewers import LAYOUT_JS, holder, wait_until_drawn

# What the chart's description must say when the dashboard's year filter does not reach it.
NOT_FILTERED = "Het jaarfilter geldt hier niet"
# Headings of a flow table: from, to, then the count under the Sankey's own metric label.
FROM, TO = "Van", "Naar"
# The gap between two neighbouring charts of the dashboard grid (pixels; 48 at a 1600 px wide
# window), with room to spare but less than a chart.
ADJACENT_PX = 80


@pytest.fixture(scope="module")
def analyst_page(browser, superset_server):  # noqa: F811
    username, password = role_password(superset_server, "Analist")
    page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
    login(page, replace(superset_server, username=username, password=password))
    yield page
    page.close()


def _chart(charts_by_dashboard, dashboard: str, title: str) -> dict:
    (chart,) = [c for c in charts_by_dashboard[dashboard] if c["slice_name"] == title]
    return chart


def _drawn(chart: dict) -> dict:
    return {"id": chart["id"], "slice_name": chart["slice_name"], "viz_type": chart["viz_type"]}


def _box(page, chart: dict) -> dict:
    return holder(page, _drawn(chart)).evaluate(
        "h => { const r = h.getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"
    )


def _table_problems(page, sankey: dict, table: dict, want: list[tuple], links: dict) -> list[str]:
    name = table["slice_name"]
    problems = []
    grid = holder(page, _drawn(table)).locator("table")
    headers, cells = settled_table(grid)
    label = json.loads(sankey["params"])["metric"]["label"]
    if len(headers) != 3 or not (
        headers[0].startswith(FROM) and headers[1].startswith(TO) and headers[2] == label
    ):
        problems.append(f"{name}: headings {headers}, want '{FROM} …', '{TO} …', {label!r}")
    rows = [tuple(row) for row in cells]
    if rows != want:
        problems.append(f"{name}: rows {rows}, want {want}")
    # the rows with a number are exactly the links the Sankey draws, with their values
    counted = {(a, b): int(n) for a, b, n in rows if n.isdigit()}
    if counted != links:
        problems.append(f"{name}: counted flows {counted} are not the Sankey's links {links}")
    counts = grid.locator("tbody tr td:nth-child(3)")
    aligns = set(counts.evaluate_all("cs => cs.map(c => getComputedStyle(c).textAlign)"))
    if aligns - {"right", "end"}:
        problems.append(f"{name}: counts aligned {aligns}")
    s, t = _box(page, sankey), _box(page, table)
    beside = abs(s["top"] - t["top"]) <= 2 and 0 <= t["left"] - s["right"] <= ADJACENT_PX
    below = abs(s["left"] - t["left"]) <= 2 and 0 <= t["top"] - s["bottom"] <= ADJACENT_PX
    if not (beside or below):
        problems.append(f"{name}: neither right beside nor right below its Sankey ({s} / {t})")
    return problems


def test_every_route_sankey_has_its_flows_counted_beside_it(
    analyst_page, api, dashboards, charts_by_dashboard, serving_db
):
    page = analyst_page
    problems = []
    for dashboard, sankey_title, table_title in SANKEY_TABLES:
        sankey = _chart(charts_by_dashboard, dashboard, sankey_title)
        table = _chart(charts_by_dashboard, dashboard, table_title)
        want = DASHBOARD_BY_TITLE[dashboard].charts[table_title].compute(serving_db, None)
        params = json.loads(sankey["params"])
        metric = params["metric"]["label"]
        links = {
            (node_name(row[params["source"]]), node_name(row[params["target"]])): int(row[metric])
            for row in chart_data(api, sankey)
        }
        page.goto(f"{api.base}/superset/dashboard/{dashboards[dashboard]['id']}/")
        wait_until_drawn(page, [_drawn(sankey), _drawn(table)])
        problems += _table_problems(page, sankey, table, want, links)
    assert problems == [], "\n".join(problems)


def test_residence_route_sankey_names_its_nodes_with_their_totals(
    analyst_page, api, dashboards, charts_by_dashboard, serving_db
):
    """Every node of the residence-route Sankey, as Chromium draws it, carries the total of the
    flows into or out of it over 2013-2017 on a line of its own ('Start: bedenktijd' / '(790)'),
    added up here from marts.residence_routes."""
    want = {name for key in residence_route_nodes(serving_db, None) for name in key}
    dashboard = "Verblijf en vervolging"
    chart = _chart(charts_by_dashboard, dashboard, RESIDENCE_SANKEY)
    analyst_page.goto(f"{api.base}/superset/dashboard/{dashboards[dashboard]['id']}/")
    wait_until_drawn(analyst_page, [_drawn(chart)])
    (drawn,) = [d for d in analyst_page.evaluate(LAYOUT_JS) if d["id"] == chart["id"]]
    lines: dict[int, list[str]] = {}
    for t in drawn["texts"]:  # a label of two lines is drawn as two texts of one label
        lines.setdefault(t["of"], []).append(t["text"])
    shown = {"\n".join(label) for label in lines.values()}
    assert want and shown == want, (sorted(shown - want), sorted(want - shown))


def test_whole_window_charts_say_the_year_filter_does_not_reach_them(dashboards, charts_by_dashboard):
    """The residence routes and the trafficking routes on Verblijf en vervolging show 2013-2017:
    outside the year filter's scope, and each says so in its description (no silent disagreement)."""
    dashboard = "Verblijf en vervolging"
    metadata = json.loads(dashboards[dashboard]["json_metadata"])
    (year_filter,) = [f for f in metadata["native_filter_configuration"] if f["name"] == "Jaar"]
    problems = []
    for title in VERBLIJF_WHOLE_WINDOW:
        chart = _chart(charts_by_dashboard, dashboard, title)
        if chart["id"] in year_filter["chartsInScope"]:
            problems.append(f"{title}: in the year filter's scope")
        if NOT_FILTERED not in (chart.get("description") or ""):
            problems.append(f"{title}: description does not say {NOT_FILTERED!r}")
    assert problems == [], "\n".join(problems)
