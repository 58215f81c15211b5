"""The dashboards as an analyst sees them: Debian's Chromium, headless, driven by Playwright.

For every dashboard ("Trends slachtoffers", "Verblijf en vervolging"): logs in through the login
form, opens the dashboard, waits until every chart has rendered, checks that no chart shows an error
and that the numbers the page received are the DuckDB figures, narrows the dashboard to one year with
the native filter, and saves screenshots to $MH_DATA_DIR/screenshots/<slug with underscores>.png
(trends_slachtoffers.png, verblijf_en_vervolging.png) and <...>_<year>.png.

Playwright only drives /usr/bin/chromium: it never downloads a browser.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from superset_figures import DASHBOARDS, DashboardSpec, normalise

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

from playwright.sync_api import Page, Response, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
RENDER_TIMEOUT_MS = 120_000

# What a rendered chart contains, by visualisation type.
RENDERED = {
    "echarts_timeseries_bar": "[_echarts_instance_] canvas",
    "echarts_timeseries_line": "[_echarts_instance_] canvas",
    "sankey_v2": "[_echarts_instance_] canvas",
    "pivot_table_v2": "table tbody tr",
    "big_number_total": ".header-line",
}
ERROR_SELECTOR = ".ant-alert-error, [role='alert'], [data-test='error-tooltip']"


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class ChartResponses:
    """Every /api/v1/chart/data response the page receives, by chart id."""

    def __init__(self, page: Page):
        self.responses: list[Response] = []
        page.on("response", self._on_response)

    def _on_response(self, response: Response) -> None:
        if "/api/v1/chart/data" in response.url and response.request.method == "POST":
            self.responses.append(response)

    def mark(self) -> int:
        return len(self.responses)

    def by_chart(self, since: int = 0) -> dict[int, Response]:
        out = {}
        for r in self.responses[since:]:
            slice_id = (r.request.post_data_json or {}).get("form_data", {}).get("slice_id")
            if slice_id:
                out[slice_id] = r  # the latest response per chart
        return out

    def wait_for(self, page: Page, chart_ids: set[int], since: int, timeout_s: float = 120) -> dict:
        deadline = time.monotonic() + timeout_s
        while not chart_ids <= set(self.by_chart(since)):
            assert time.monotonic() < deadline, (
                f"charts without data after {timeout_s} s: {chart_ids - set(self.by_chart(since))}"
            )
            page.wait_for_timeout(200)
        return self.by_chart(since)


def login(page: Page, server) -> None:
    page.goto(server.base_url + "/login/")
    page.fill("#username", server.username)
    page.fill("#password", server.password)
    page.click("button[type=submit]")
    page.wait_for_url("**/superset/welcome/**", timeout=60_000)


def wait_until_rendered(page: Page, charts: list[dict]) -> None:
    for chart in charts:
        holder = page.locator(
            f"[data-test='chart-grid-component'][data-test-chart-id='{chart['id']}']"
        )
        holder.scroll_into_view_if_needed(timeout=RENDER_TIMEOUT_MS)
        selector = RENDERED.get(chart["viz_type"])
        assert selector, f"no render check for viz type {chart['viz_type']}"
        holder.locator(selector).first.wait_for(state="visible", timeout=RENDER_TIMEOUT_MS)
    page.locator("[data-test='loading-indicator']").first.wait_for(
        state="detached", timeout=RENDER_TIMEOUT_MS
    )


def show_top_of_dashboard(page: Page, charts: list[dict]) -> None:
    """Scroll back up and wait until the top chart is drawn again before a screenshot: the grid
    re-renders charts that come back into view, and a screenshot taken too early is blank."""
    page.evaluate("window.scrollTo(0, 0)")
    holders = {
        c["id"]: page.locator(f"[data-test='chart-grid-component'][data-test-chart-id='{c['id']}']")
        for c in charts
    }
    top = min(charts, key=lambda c: holders[c["id"]].bounding_box(timeout=RENDER_TIMEOUT_MS)["y"])
    holders[top["id"]].locator(RENDERED[top["viz_type"]]).first.wait_for(
        state="visible", timeout=RENDER_TIMEOUT_MS
    )
    page.wait_for_timeout(500)


def assert_no_chart_errors(page: Page, charts: list[dict]) -> None:
    for chart in charts:
        holder = page.locator(
            f"[data-test='chart-grid-component'][data-test-chart-id='{chart['id']}']"
        )
        errors = holder.locator(ERROR_SELECTOR)
        assert errors.count() == 0, f"{chart['slice_name']}: {errors.first.inner_text()}"


def assert_figures(spec: DashboardSpec, responses: dict, charts: list[dict], serving_db, years):
    for chart in charts:
        response = responses[chart["id"]]
        assert response.status == 200, (
            f"{chart['slice_name']}: HTTP {response.status} {response.text()[:500]}"
        )
        (result,) = response.json()["result"]
        expectation = spec.charts[chart["slice_name"]]
        expected = expectation.compute(serving_db, years)
        assert expected, f"{chart['slice_name']}: no rows in the warehouse for {years}"
        assert normalise(expectation, result["data"]) == expected, chart["slice_name"]


@pytest.mark.parametrize("spec", DASHBOARDS, ids=lambda d: d.slug)
def test_dashboard_renders_in_chromium(
    spec, browser, superset_server, charts_by_dashboard, serving_db
):
    dashboard_charts = charts_by_dashboard[spec.title]
    page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
    page_errors: list[str] = []
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    responses = ChartResponses(page)
    chart_ids = {c["id"] for c in dashboard_charts}

    login(page, superset_server)
    start = responses.mark()
    page.goto(f"{superset_server.base_url}/superset/dashboard/{spec.slug}/")
    assert (
        page.locator("[data-test='editable-title-input']").first.input_value(timeout=60_000)
        == spec.title
    )

    # Every chart queried, rendered, without an error, showing the warehouse's figures.
    first = responses.wait_for(page, chart_ids, start)
    wait_until_rendered(page, dashboard_charts)
    assert_no_chart_errors(page, dashboard_charts)
    assert_figures(spec, first, dashboard_charts, serving_db, None)

    show_top_of_dashboard(page, dashboard_charts)
    shots = superset_server.data_dir / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    shot = shots / f"{spec.screenshot}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000, "the screenshot looks empty"
    print(f"\nscreenshot: {shot}")

    # The year filter narrows every chart to the chosen year.
    year = serving_db.execute(spec.filter_year_sql).fetchone()[0]
    before = responses.mark()
    year_filter = page.locator(f"[data-test='{spec.year_filter_id}']")
    year_filter.locator(".ant-select-selector").click()
    page.keyboard.type(str(year))
    page.locator(f".ant-select-item-option[title='{year}']").first.click()
    page.keyboard.press("Escape")
    page.locator("[data-test='filter-bar__apply-button']").click()
    filtered = responses.wait_for(page, chart_ids, before)
    wait_until_rendered(page, dashboard_charts)
    assert_no_chart_errors(page, dashboard_charts)
    for chart in dashboard_charts:
        filters = filtered[chart["id"]].request.post_data_json["queries"][0]["filters"]
        assert {"col": spec.year_column, "op": "IN", "val": [year]} in filters, chart[
            "slice_name"
        ]
    assert_figures(spec, filtered, dashboard_charts, serving_db, [year])
    page.screenshot(path=str(shots / f"{spec.screenshot}_{year}.png"), full_page=True)

    assert not page_errors, page_errors
    page.close()
