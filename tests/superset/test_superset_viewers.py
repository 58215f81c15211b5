"""Every dashboard as an `analist` and a `datasteward` see it, in Chromium (issue 15).

For each role and each dashboard it may open: no response of the server is a 5xx (the event log
POST /superset/log/ answered 500 for non-admins), the interface is Dutch (the language pack
answered 403 for them), and the layout reads: no chart in error, no ECharts legend paginated
("1/2" pager) or text truncated ("E…"), no text drawn outside its chart or over another text
(Sankey node labels, bar values, legend selectors), no number with an SI suffix ("7.63k")
anywhere on a chart, and every date-time shown is a quality run's start in Amsterdam time. Every problem of a dashboard is listed in one assertion. A full-page
screenshot of every dashboard per role is written to $MH_DATA_DIR/screenshots/<role>_<slug>.png
(the path is printed) for review.

Also per role: a chart's menu offers Download as CSV and Excel, and an empty chart says so in Dutch.
The checks are general (every chart on every dashboard), not per chart: other dashboards' items
come and go.
"""

from __future__ import annotations

import re
from dataclasses import replace
from zoneinfo import ZoneInfo

import duckdb
import pytest
from figures_datakwaliteit import SLUG as DATAKWALITEIT_SLUG
from superset_figures import DASHBOARDS
from superset_harness import echarts_script, login_as, role_password
from test_superset_browser import (  # noqa: F401 - browser: the module's Chromium fixture
    ERROR_SELECTOR,
    MIN_SCREENSHOT_BYTES,
    RENDER_TIMEOUT_MS,
    RENDERED,
    browser,
    login,
    take_screenshot,
)

ANALIST, DATASTEWARD = "Analist", "Datasteward"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ANALYST_SLUGS = [spec.slug for spec in DASHBOARDS]
CASES = [(ANALIST, slug) for slug in ANALYST_SLUGS] + [
    (DATASTEWARD, slug) for slug in [*ANALYST_SLUGS, DATAKWALITEIT_SLUG]
]
LAYOUT_JS = echarts_script("echarts_layout.js")

# What an English interface shows where the Dutch one has its own words (Superset's nl pack).
ENGLISH = re.compile(
    r"Filters and controls|Apply filters|Clear all|\bMetric\b|No results were returned|Download as image"
)
FILTER_BAR_DUTCH = "Filters toepassen"
EMPTY_STATE_DUTCH = "Er zijn geen resultaten gevonden voor deze zoekopdracht"
# The chart menu's Download items in Dutch (the permission: test_roles.py, Downloads).
DOWNLOADS = ("Exporteer naar .CSV", "Exporteer naar Excel")
# A number in Superset's SMART_NUMBER short form: 7.63k, 1,2M, 12 k.
SI_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?\s?[kMGT](?!\w)")
# A text's box is its font's em box, which holds every glyph with its ascenders and descenders:
# two boxes that overlap by more than this (pixels) have letters running into each other.
MAX_OVERLAP = 0
# What a chart without rows shows instead of its drawing.
EMPTY_SELECTOR = ".ant-empty"
# A date and time as a table shows it (Datakwaliteit's run_started).
SHOWN_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\b")


def holder(page, chart: dict):
    return page.locator(f"[data-test='chart-grid-component'][data-test-chart-id='{chart['id']}']")


def chart_list(server, role: str, slug: str) -> list[dict]:
    """The charts of a dashboard as the role's API lists them (id, slice_name, viz_type)."""
    charts = login_as(server, role).get(f"/api/v1/dashboard/{slug}/charts")["result"]
    return [
        {"id": c["id"], "slice_name": c["slice_name"], "viz_type": c["form_data"]["viz_type"]} for c in charts
    ]


def open_as(browser, server, role: str):
    """A page logged in as the role's user, and the list of 5xx responses it receives."""
    username, password = role_password(server, role)
    page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
    server_errors: list[str] = []
    page.on(
        "response",
        lambda r: server_errors.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 500 else None,
    )
    login(page, replace(server, username=username, password=password))
    return page, server_errors


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["of"] != b["of"]  # lines of one text sit right below each other
        and min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"]) > MAX_OVERLAP
        and min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"]) > MAX_OVERLAP
    )


def layout_problems(drawn: dict, name: str) -> list[str]:
    """What is wrong with one ECharts chart as drawn (echarts_layout.js)."""
    if not drawn["found"]:
        return [f"{name}: no ECharts instance found"]
    problems = [f"{name}: legend paginated"] * drawn["pagedLegends"]
    texts = drawn["texts"]
    for t in texts:
        if "…" in t["text"] or t["text"].endswith("..."):
            problems.append(f"{name}: truncated {t['text']!r}")
        if (
            t["x"] < -1
            or t["y"] < -1
            or t["x"] + t["w"] > drawn["width"] + 1
            or t["y"] + t["h"] > drawn["height"] + 1
        ):
            problems.append(f"{name}: {t['text']!r} drawn outside the chart")
    for i, a in enumerate(texts):
        problems += [
            f"{name}: {a['text']!r} overlaps {b['text']!r}" for b in texts[i + 1 :] if _overlap(a, b)
        ]
    return problems


def dashboard_problems(page, charts: list[dict]) -> list[str]:
    """Every problem on the rendered dashboard: charts in error, layout, SI numbers."""
    problems = []
    by_id = {c["id"]: c for c in charts}
    for chart in charts:
        errors = holder(page, chart).locator(ERROR_SELECTOR)
        if errors.count():
            problems.append(f"{chart['slice_name']}: in error: {errors.first.inner_text()[:200]}")
        shown = holder(page, chart).locator("[data-test='slice-container']").inner_text()
        problems += [f"{chart['slice_name']}: number {m!r}" for m in SI_NUMBER.findall(shown)]
    for drawn in page.evaluate(LAYOUT_JS):
        name = by_id.get(drawn["id"], {}).get("slice_name", f"chart {drawn['id']}")
        problems += layout_problems(drawn, name)
        problems += [f"{name}: number {m!r}" for t in drawn["texts"] for m in SI_NUMBER.findall(t["text"])]
    return problems


def wait_until_drawn(page, charts: list[dict]) -> list[dict]:
    """Wait until every chart shows its data or its empty state (a steward's table of failed
    expectations is empty after a good build); returns the charts that show data."""
    drawn = []
    for chart in charts:
        box = holder(page, chart)
        box.scroll_into_view_if_needed(timeout=RENDER_TIMEOUT_MS)
        selector = RENDERED.get(chart["viz_type"])
        assert selector, f"no render check for viz type {chart['viz_type']}"
        box.locator(f"{selector}, {EMPTY_SELECTOR}").first.wait_for(
            state="visible", timeout=RENDER_TIMEOUT_MS
        )
        if box.locator(selector).count():
            drawn.append(chart)
    return drawn


# The stewards' tables that record when a run did something (UTC instants, run_at).
TIMED_TABLES = ("steward.results", "steward.conflict_history")


def run_starts_in_amsterdam(server) -> set[str]:
    """When each run began checking expectations or recording conflicts, in Amsterdam time, from
    the UTC instants quality.duckdb records."""
    with duckdb.connect(str(server.data_dir / "quality.duckdb"), read_only=True) as con:
        starts = [
            row[0]
            for table in TIMED_TABLES
            for row in con.execute(f"SELECT min(run_at) FROM {table} GROUP BY run_id").fetchall()
        ]
    return {start.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M:%S") for start in starts}


def time_problems(body: str, server) -> list[str]:
    """Every date and time on the page must be the Amsterdam time of a quality run's start."""
    shown = set(SHOWN_TIME.findall(body))
    if not shown:
        return []
    return [
        f"time {t} is no run start in Amsterdam time" for t in sorted(shown - run_starts_in_amsterdam(server))
    ]


def scroll_through(page) -> None:
    """Scroll down the whole dashboard: the grid renders a chart only once it came into view."""
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height, 800):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(300)


@pytest.mark.parametrize("role,slug", CASES, ids=[f"{r.lower()}-{s}" for r, s in CASES])
def test_dashboard_reads_right_for_the_role(role, slug, browser, superset_server):
    charts = chart_list(superset_server, role, slug)
    page, server_errors = open_as(browser, superset_server, role)
    page.goto(f"{superset_server.base_url}/superset/dashboard/{slug}/")
    page.locator("[data-test='filter-bar__apply-button']").wait_for(timeout=RENDER_TIMEOUT_MS)
    wait_until_drawn(page, charts)
    scroll_through(page)
    drawn = wait_until_drawn(page, charts)

    problems = dashboard_problems(page, charts)
    body = page.locator("body").inner_text()
    problems += [f"English on the page: {m!r}" for m in sorted(set(ENGLISH.findall(body)))]
    problems += time_problems(body, superset_server)
    filter_bar = page.locator("[data-test='filter-bar__apply-button']").inner_text()
    if filter_bar.strip() != FILTER_BAR_DUTCH:
        problems.append(f"filter bar button {filter_bar!r}, not {FILTER_BAR_DUTCH!r}")

    shots = superset_server.data_dir / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    shot = shots / f"{role.lower()}_{slug.replace('-', '_')}.png"
    take_screenshot(page, drawn, shot)
    print(f"\nscreenshot: {shot}")
    if shot.stat().st_size <= MIN_SCREENSHOT_BYTES:
        problems.append(f"the screenshot {shot} looks empty")
    problems += [f"server error: {e}" for e in server_errors]
    page.close()
    assert not problems, f"{role} on {slug}:\n" + "\n".join(problems)


def open_chart_menu(page, chart_id: int) -> None:
    """Open a chart's menu (the "..." button) from the keyboard, as a user without a mouse: a click
    lands wherever the pointer is, and while the grid settles a neighbouring chart's resizable
    container can lie over the button (a CI run waited 30 s for it)."""
    page.locator(f"#slice_{chart_id}-controls").press("Enter")


@pytest.mark.parametrize("role", [ANALIST, DATASTEWARD])
def test_chart_menu_offers_csv_and_excel_download(role, browser, superset_server):
    slug = ANALYST_SLUGS[0]
    charts = chart_list(superset_server, role, slug)
    page, server_errors = open_as(browser, superset_server, role)
    page.goto(f"{superset_server.base_url}/superset/dashboard/{slug}/")
    chart = next(c for c in charts if c["viz_type"].startswith("echarts"))
    wait_until_drawn(page, [chart])
    open_chart_menu(page, chart["id"])
    # The submenu's title (its accessible name also holds the arrow icon's label).
    page.get_by_role("menuitem", name=re.compile(r"^Download")).first.hover()
    page.get_by_role("menuitem", name=DOWNLOADS[0]).wait_for(timeout=RENDER_TIMEOUT_MS)
    offered = {item.strip() for item in page.get_by_role("menuitem").all_inner_texts()}
    page.close()
    assert set(DOWNLOADS) | {"Bekijk als tabel"} <= offered, offered
    assert not server_errors, server_errors


def _no_year(spec) -> str:
    """The dashboard URL's native filter state (rison) with its year filter on a year without
    data: every chart in its scope is empty."""
    return (
        f"({spec.year_filter_id}:(extraFormData:(filters:!((col:{spec.year_column},op:IN,val:!(1900)))),"
        f"filterState:(value:!(1900)),id:{spec.year_filter_id},ownState:()))"
    )


@pytest.mark.parametrize("role", [ANALIST, DATASTEWARD])
def test_empty_chart_says_so_in_dutch(role, browser, superset_server):
    spec = DASHBOARDS[0]
    page, server_errors = open_as(browser, superset_server, role)
    page.goto(f"{superset_server.base_url}/superset/dashboard/{spec.slug}/?native_filters={_no_year(spec)}")
    empty = page.get_by_text(EMPTY_STATE_DUTCH).first
    empty.wait_for(timeout=120_000)
    body = page.locator("body").inner_text()
    page.close()
    assert not ENGLISH.findall(body), ENGLISH.findall(body)
    assert not server_errors, server_errors
