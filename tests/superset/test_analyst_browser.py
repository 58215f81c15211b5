"""Issue 15, what an analyst sees: every analyst dashboard in Debian's Chromium as the user `analist`
shows the line "Stand van de gegevens" with the newest delivery of each source, the note on protected
cells and the link to the definitions, which opens the page of definitions; on Regionaal the
protected cells of the tables are marked ("< 5", "x") and the counts are right-aligned like numbers, and the
map has a legend whose lightest and darkest colours are the map's lowest and highest rate;
the nodes of the route Sankeys carry the totals of their flows.

The layout of every dashboard (legends, overlaps, screenshots) is test_superset_browser.py's.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from superset_figures import (
    DARKEST,
    DASHBOARDS,
    DEFINITIONS_SLUG,
    LIGHTEST,
    MAP_LEGEND,
    MAP_SCHEME,
    MAP_SCHEME_ENDS,
    REGIONAAL,
    STATUS_CHART,
    newest_deliveries,
    origin_to_province,
    with_node_totals,
)
from superset_harness import role_password
from test_superset_browser import RENDER_TIMEOUT_MS, browser, login, settled_table  # noqa: F401 - the fixture

from orchestration.settings import DEFAULT_INBOX_DIR
from tests.sample import calibrated_edition_date

# Regionaal's tables: the columns of counts shown as labels ("< 5", "x" or the number).
REGIONAAL_LABELS = {
    "Provincies naar slachtoffers per 100.000 inwoners": ("Slachtoffers",),
    "Slachtoffers per politie-eenheid (gemeente van aantreffen)": ("Slachtoffers",),
    "Politiemeldingen per politie-eenheid": ("Politiemeldingen",),
}


@pytest.fixture(scope="module")
def analyst_server(superset_server):
    username, password = role_password(superset_server, "Analist")
    return replace(superset_server, username=username, password=password)


def _holder(page, chart_id: int):
    return page.locator(f"[data-test='chart-grid-component'][data-test-chart-id='{chart_id}']")


def test_every_analyst_dashboard_shows_state_note_and_definitions(
    browser, analyst_server, charts_by_dashboard
):  # noqa: F811
    page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
    login(page, analyst_server)
    problems = []
    for spec in DASHBOARDS:
        (status,) = [c for c in charts_by_dashboard[spec.title] if c["slice_name"] == STATUS_CHART]
        page.goto(f"{analyst_server.base_url}/superset/dashboard/{spec.slug}/")
        rows = _holder(page, status["id"]).locator("table tbody tr")
        rows.first.wait_for(state="visible", timeout=RENDER_TIMEOUT_MS)
        shown = [" ".join(r.split()) for r in rows.all_inner_texts()]
        for label, day in newest_deliveries(DEFAULT_INBOX_DIR, calibrated_edition_date()):
            if not any(line.startswith(label) and day in line for line in shown):
                problems.append(f"{spec.title}: no line '{label} … {day}' in {shown}")
        text = " ".join(page.locator("body").inner_text().split())
        if not ("Afgeschermd:" in text and '"< 5"' in text and '"x"' in text):
            problems.append(f"{spec.title}: no note on protected cells")
        link = page.locator(f"a[href$='/superset/dashboard/{DEFINITIONS_SLUG}/']")
        if link.count() == 0:
            problems.append(f"{spec.title}: no link to the definitions")
    # the link opens the definitions, for the analyst
    page.goto(f"{analyst_server.base_url}/superset/dashboard/trends-slachtoffers/")
    page.locator(f"a[href$='/superset/dashboard/{DEFINITIONS_SLUG}/']").first.click()
    page.wait_for_url(f"**/superset/dashboard/{DEFINITIONS_SLUG}/", timeout=RENDER_TIMEOUT_MS)
    page.get_by_text("Slachtofferjaar.", exact=False).first.wait_for(
        state="visible", timeout=RENDER_TIMEOUT_MS
    )
    page.close()
    assert problems == []


def test_regionaal_tables_mark_protected_cells_and_align_counts(
    browser, analyst_server, charts_by_dashboard, serving_db
):  # noqa: F811
    """Every count column of Regionaal's tables is right-aligned, and its hidden cells show their
    marker where the cube hides them (the number of "< 5" and "x" cells the page shows equals the
    hidden cells of the cube at the dashboard's defaults)."""
    page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
    login(page, analyst_server)
    page.goto(f"{analyst_server.base_url}/superset/dashboard/regionaal/")
    charts = {c["slice_name"]: c for c in charts_by_dashboard["Regionaal"]}
    problems = []
    for title, headers in REGIONAAL_LABELS.items():
        table = _holder(page, charts[title]["id"]).locator("table")
        table.locator("tbody tr").first.wait_for(state="visible", timeout=RENDER_TIMEOUT_MS)
        names = [" ".join(h.split()) for h in table.locator("thead th").all_inner_texts()]
        for header in headers:
            matching = [i for i, n in enumerate(names) if n.startswith(header)]
            if not matching:
                problems.append(f"{title}: no column {header!r} in {names}")
                continue
            cells = table.locator(f"tbody tr td:nth-child({matching[0] + 1})")
            aligns = set(cells.evaluate_all("cs => cs.map(c => getComputedStyle(c).textAlign)"))
            if aligns - {"right", "end"}:
                problems.append(f"{title} / {header}: aligned {aligns}")
            markers = sum(1 for t in cells.all_inner_texts() if t.strip() in ("< 5", "x"))
            hidden = _hidden_cells(serving_db, title)
            if markers != hidden:
                problems.append(f"{title} / {header}: {markers} markers shown, {hidden} cells hidden")
    page.close()
    assert problems == []


def _dutch_rate(v: float) -> str:
    """A rate as the legend's ',.2f' shows it with the Dutch separators (superset_config.py D3_FORMAT)."""
    return f"{v:,.2f}".translate(str.maketrans(",.", ".,"))


def test_regionaal_map_has_a_colour_legend(browser, analyst_server, charts_by_dashboard, serving_db):  # noqa: F811
    """Issue 15: beside the map a legend names its lightest and darkest colour with the lowest and
    highest rate the map shows (computed from the cube), and the map does draw those two colours."""
    ((low, high),) = REGIONAAL[MAP_LEGEND].compute(serving_db, None)
    charts = {c["slice_name"]: c for c in charts_by_dashboard["Regionaal"]}
    kaart = charts["Slachtoffers per 100.000 inwoners per provincie"]
    page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
    login(page, analyst_server)
    page.goto(f"{analyst_server.base_url}/superset/dashboard/regionaal/")
    problems = []
    headers, rows = settled_table(_holder(page, charts[MAP_LEGEND]["id"]).locator("table"))
    (row,) = rows
    shown = dict(zip(headers, row))
    # every cell within the chart's box: a legend read only by scrolling sideways is no legend
    cut = _holder(page, charts[MAP_LEGEND]["id"]).evaluate(
        "h => { const r = h.getBoundingClientRect();"
        " return [...h.querySelectorAll('th, td')].filter(c => c.getBoundingClientRect().right > r.right + 1)"
        ".map(c => c.innerText); }"
    )
    if cut:
        problems.append(f"legend cells past the chart's edge: {cut}")
    for header, bound in ((LIGHTEST, low), (DARKEST, high)):
        if shown.get(header) != _dutch_rate(bound):
            problems.append(f"legend {header}: {shown.get(header)!r}, want {_dutch_rate(bound)!r} in {shown}")
    # the colours the legend names are the ends of the map's scheme, drawn on the map
    if json.loads(kaart["params"]).get("linear_color_scheme") != MAP_SCHEME:
        problems.append(f"the map's scheme is not {MAP_SCHEME}")
    paths = _holder(page, kaart["id"]).locator("path")
    paths.first.wait_for(state="attached", timeout=RENDER_TIMEOUT_MS)
    fills = set(paths.evaluate_all("ps => ps.map(p => getComputedStyle(p).fill)"))
    for header, fill in MAP_SCHEME_ENDS.items():
        if fill not in fills:
            problems.append(f"{header}: {fill} not drawn on the map ({sorted(fills)})")
    page.close()
    assert problems == []


def _hidden_cells(serving_db, title: str) -> int:
    """The hidden cells of a table's rows at the dashboard's defaults (2013-2017, Alle vormen)."""
    where = {
        "Provincies naar slachtoffers per 100.000 inwoners": (
            "marts.regional_victims",
            "region_type = 'provincie' AND region_code LIKE 'NL-%'",
        ),
        "Slachtoffers per politie-eenheid (gemeente van aantreffen)": (
            "marts.regional_victims",
            "region_type = 'politie-eenheid'",
        ),
        "Politiemeldingen per politie-eenheid": (
            "marts.regional_police_reports",
            "police_unit <> 'Nederland'",
        ),
    }[title]
    (n,) = serving_db.execute(
        f"SELECT count(*) FROM {where[0]} WHERE {where[1]} AND is_suppressed "
        "AND periode = '2013-2017' AND trafficking_form = 'Alle vormen'"
    ).fetchone()
    return n


# The Sankeys of the routes (dashboard title, chart) at the dashboards' defaults: the whole window,
# every form.
ROUTE_SANKEYS = (
    ("Regionaal", "Herkomstregio van slachtoffers naar provincie van aantreffen"),
    ("Verblijf en vervolging", "Mensenhandelroutes: herkomstregio naar provincie"),
)


def test_sankey_nodes_are_named_with_the_totals_of_their_flows(
    browser,
    analyst_server,
    dashboards,
    charts_by_dashboard,
    serving_db,  # noqa: F811
):
    """Issue 15: every node of the route Sankeys, as Chromium draws it, carries the total of the
    flows drawn into or out of it ('Oost-Europa (123)'), added up here from the mart's shown flows."""
    from test_superset_viewers import LAYOUT_JS, wait_until_drawn

    flows = with_node_totals(origin_to_province(serving_db, None))
    want = {name for key in flows for name in key}
    page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
    login(page, analyst_server)
    problems = []
    for dashboard, title in ROUTE_SANKEYS:
        (chart,) = [c for c in charts_by_dashboard[dashboard] if c["slice_name"] == title]
        page.goto(f"{analyst_server.base_url}/superset/dashboard/{dashboards[dashboard]['id']}/")
        wait_until_drawn(page, [{"id": chart["id"], "slice_name": title, "viz_type": chart["viz_type"]}])
        (drawn,) = [d for d in page.evaluate(LAYOUT_JS) if d["id"] == chart["id"]]
        shown = {t["text"] for t in drawn["texts"]}
        if shown != want:
            problems.append((title, sorted(shown - want), sorted(want - shown)))
    page.close()
    assert want and problems == []
