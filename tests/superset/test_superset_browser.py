"""The dashboards as an analyst sees them: Debian's Chromium, headless, driven by Playwright.

For every dashboard ("Trends slachtoffers", "Verblijf en vervolging", "Regionaal"): logs in through
the login form, opens the dashboard, waits until every chart has rendered, checks that no chart shows
an error and that the numbers the page received are the DuckDB figures, narrows the dashboard to one
year with the native filter (Regionaal: Periode), and saves screenshots to
$MH_DATA_DIR/screenshots/<slug with underscores>.png (trends_slachtoffers.png,
verblijf_en_vervolging.png, regionaal.png) and <...>_<year>.png. On Regionaal the country map must
colour the provinces.

Playwright only drives /usr/bin/chromium: it never downloads a browser.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from superset_figures import DASHBOARDS, DashboardSpec, expected_shown, normalise

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

from playwright.sync_api import Page, Response, sync_playwright  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # noqa: E402

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
    "table": "table tbody tr",
    "country_map": ".superset-legacy-chart-country-map svg path",
}
# Fills of a country-map province without data: none, and the grey of a missing colour scale.
EMPTY_FILLS = {"none", "", "rgba(0, 0, 0, 0)", "rgb(204, 204, 204)"}
MIN_COLOURED_PROVINCES = 8
ERROR_SELECTOR = ".ant-alert-error, [role='alert'], [data-test='error-tooltip']"


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def form_data(response: Captured) -> dict:
    """The form_data a chart request carries: JSON (/api/v1/chart/data) or, for legacy charts,
    a form field (/superset/explore_json/)."""
    if "/superset/explore_json" in response.url:
        body = response.request.post_data or ""
        # multipart/form-data with one field, form_data (or url-encoded)
        part = re.search(r'name="form_data"\r?\n\r?\n(.*?)\r?\n--', body, re.S)
        if part:
            return json.loads(part.group(1))
        fields = parse_qs(body)
        return json.loads(fields["form_data"][0]) if "form_data" in fields else {}
    return (response.request.post_data_json or {}).get("form_data", {})


def response_data(response: Captured) -> list[dict]:
    body = response.json()
    if "/superset/explore_json" in response.url:
        assert not body.get("error"), body.get("error")
        return body["data"] or []
    (result,) = body["result"]
    return result["data"]


def request_filters(response: Captured) -> list[dict]:
    """The filters a chart request applies (legacy: the dashboard's extra_form_data)."""
    if "/superset/explore_json" in response.url:
        return form_data(response).get("extra_form_data", {}).get("filters", [])
    return response.request.post_data_json["queries"][0]["filters"]


class Captured:
    """A chart-data response with its body read as soon as its request finishes: Chromium may
    drop the body of an earlier response (a chart queried twice, a re-render) before the test
    reads it."""

    def __init__(self, response: Response):
        self.response = response
        self.url = response.url
        self.request = response.request
        self.status = response.status
        self._text: str | None = None
        self.ok: bool | None = None  # body read (True), not available (False), not yet (None)

    def read(self) -> None:
        """Called when the request has finished. A chart queried twice in quick succession (the
        dashboard applying its filter defaults) cancels the first request, whose body is gone:
        such a response does not count."""
        if self._text is None and self.ok is None:
            try:
                self._text = self.response.text()
                self.ok = True
            except Exception:  # noqa: BLE001 - a cancelled request: no body
                self.ok = False

    def text(self) -> str:
        assert self.ok, f"no body for {self.url}"
        return self._text

    def json(self):
        return json.loads(self.text())


class ChartResponses:
    """Every chart-data response the page receives (/api/v1/chart/data, and
    /superset/explore_json/ for legacy charts such as the country map), by chart id."""

    def __init__(self, page: Page):
        self.responses: list[Captured] = []
        page.on("response", self._on_response)
        page.on("requestfinished", self._on_finished)

    def _on_response(self, response: Response) -> None:
        if response.request.method == "POST" and (
            "/api/v1/chart/data" in response.url or "/superset/explore_json" in response.url
        ):
            self.responses.append(Captured(response))

    def _on_finished(self, request) -> None:
        # The body is complete now: keep it.
        for captured in self.responses:
            if captured.request is request:
                captured.read()

    def mark(self) -> int:
        return len(self.responses)

    def by_chart(self, since: int = 0) -> dict[int, Captured]:
        out = {}
        for r in self.responses[since:]:
            if not r.ok:
                continue  # not finished yet, or cancelled
            slice_id = form_data(r).get("slice_id")
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


LOGIN_TIMEOUT_MS = 120_000


def login(page: Page, server) -> None:
    """Log in through the form. Superset 6's login page is drawn by React: a field filled before
    the page is hydrated can lose its value, and on a loaded 2-core CI machine the first welcome
    page can take long. So: wait for the form, check the values stuck, wait only for the URL to
    change (not for every asset of the welcome page), and try the form once more if it did not."""
    for attempt in (1, 2):
        page.goto(server.base_url + "/login/", wait_until="networkidle", timeout=LOGIN_TIMEOUT_MS)
        for selector, value in (("#username", server.username), ("#password", server.password)):
            field = page.locator(selector)
            field.wait_for(state="visible", timeout=LOGIN_TIMEOUT_MS)
            field.fill(value)
            assert field.input_value() == value, f"{selector} did not keep its value"
        page.click("button[type=submit]")
        try:
            page.wait_for_url(lambda url: "/login" not in url, wait_until="commit", timeout=LOGIN_TIMEOUT_MS)
            return
        except PlaywrightTimeoutError as timeout:
            if attempt == 2:
                shown = page.locator("body").inner_text(timeout=5_000)[:500]
                raise AssertionError(f"login did not leave the login page; it shows: {shown}") from timeout


def wait_until_rendered(page: Page, charts: list[dict]) -> None:
    for chart in charts:
        holder = page.locator(f"[data-test='chart-grid-component'][data-test-chart-id='{chart['id']}']")
        holder.scroll_into_view_if_needed(timeout=RENDER_TIMEOUT_MS)
        selector = RENDERED.get(chart["viz_type"])
        assert selector, f"no render check for viz type {chart['viz_type']}"
        holder.locator(selector).first.wait_for(state="visible", timeout=RENDER_TIMEOUT_MS)
    page.locator("[data-test='loading-indicator']").first.wait_for(
        state="detached", timeout=RENDER_TIMEOUT_MS
    )


# Over every <table> of the locator: with a sticky header Superset draws the headings and the body
# as two tables.
TABLE_SNAPSHOT_JS = """ts => ({
    headers: ts.flatMap(t => [...t.querySelectorAll('thead th')]).map(h => h.innerText.split(/\\s+/).join(' ').trim()),
    rows: ts.flatMap(t => [...t.querySelectorAll('tbody tr')]).map(r => [...r.querySelectorAll('td')].map(c => c.innerText.trim())),
})"""


def settled_table(table, timeout_ms: int = RENDER_TIMEOUT_MS) -> tuple[list[str], list[list[str]]]:
    """A drawn table's headings and rows, read in one go once two readings in a row agree. The
    dashboard draws a table first with the chart's own query and again when the native filters'
    defaults apply: rows read one locator at a time can come from two drawings, or from none."""
    table.locator("tbody tr").first.wait_for(state="visible", timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    previous = None
    while True:
        snapshot = table.evaluate_all(TABLE_SNAPSHOT_JS)
        reading = (snapshot["headers"], snapshot["rows"])
        if reading == previous and reading[1]:
            return reading
        assert time.monotonic() < deadline, f"the table did not settle: last read {reading}"
        previous = reading
        table.page.wait_for_timeout(500)


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


MIN_SCREENSHOT_BYTES = 50_000


def take_screenshot(page: Page, charts: list[dict], path: Path, attempts: int = 4) -> None:
    """A full-page screenshot of the drawn dashboard. The full-page capture resizes the viewport
    and the grid may repaint its charts meanwhile; on a busy machine the first capture can catch
    the grid blank (every chart was already checked as rendered): wait and capture again."""
    for _ in range(attempts):
        show_top_of_dashboard(page, charts)
        page.screenshot(path=str(path), full_page=True)
        if path.stat().st_size > MIN_SCREENSHOT_BYTES:
            return
        page.wait_for_timeout(3000)


def assert_no_chart_errors(page: Page, charts: list[dict]) -> None:
    for chart in charts:
        holder = page.locator(f"[data-test='chart-grid-component'][data-test-chart-id='{chart['id']}']")
        errors = holder.locator(ERROR_SELECTOR)
        assert errors.count() == 0, f"{chart['slice_name']}: {errors.first.inner_text()}"


def assert_figures(spec: DashboardSpec, responses: dict, charts: list[dict], serving_db, years):
    for chart in charts:
        response = responses[chart["id"]]
        assert response.status == 200, (
            f"{chart['slice_name']}: HTTP {response.status} {response.text()[:500]}"
        )
        expectation = spec.charts[chart["slice_name"]]
        expected = expected_shown(expectation, serving_db, years)  # without the cells the mart hides
        assert expected, f"{chart['slice_name']}: no rows in the warehouse for {years}"
        assert normalise(expectation, response_data(response)) == expected, chart["slice_name"]


def _luminance(fill: str) -> float:
    r, g, b = (int(x) for x in re.findall(r"\d+", fill)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def assert_map_coloured(page: Page, charts: list[dict], responses: dict) -> None:
    """Every country map colours its provinces: at least MIN_COLOURED_PROVINCES province paths
    with a fill from the colour scale (not none, not the grey of a missing scale), darker for a
    higher rate (the data the page received for the map)."""
    data_by_chart = {cid: response_data(r) for cid, r in responses.items()}
    for chart in charts:
        if chart["viz_type"] != "country_map":
            continue
        holder = page.locator(f"[data-test='chart-grid-component'][data-test-chart-id='{chart['id']}']")
        paths = holder.locator(".superset-legacy-chart-country-map svg path").evaluate_all(
            "paths => paths.map(p => [p.__data__ && p.__data__.properties ?"
            " p.__data__.properties.ISO : null, getComputedStyle(p).fill])"
        )
        coloured = {iso: fill for iso, fill in paths if iso and fill not in EMPTY_FILLS}
        assert len(coloured) >= MIN_COLOURED_PROVINCES, (
            f"{chart['slice_name']}: {len(coloured)} of {len(paths)} provinces coloured: {paths}"
        )
        # A choropleth, not one colour per province: a higher rate is never lighter.
        rates = {row["country_id"]: row["metric"] for row in data_by_chart[chart["id"]]}
        shade = {iso: _luminance(fill) for iso, fill in coloured.items()}
        by_rate = sorted((rates[iso], shade[iso], iso) for iso in coloured if iso in rates)
        for (r1, l1, a), (r2, l2, b) in zip(by_rate, by_rate[1:]):
            assert r1 == r2 or l2 <= l1 + 1e-9, (
                f"{chart['slice_name']}: {b} ({r2}) is lighter than {a} ({r1}): {coloured}"
            )
        assert by_rate[0][1] > by_rate[-1][1], f"{chart['slice_name']}: no colour scale"


@pytest.mark.parametrize("spec", DASHBOARDS, ids=lambda d: d.slug)
def test_dashboard_renders_in_chromium(spec, browser, superset_server, charts_by_dashboard, serving_db):
    dashboard_charts = charts_by_dashboard[spec.title]
    page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
    page_errors: list[str] = []
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    responses = ChartResponses(page)
    chart_ids = {c["id"] for c in dashboard_charts}

    login(page, superset_server)
    start = responses.mark()
    page.goto(f"{superset_server.base_url}/superset/dashboard/{spec.slug}/")
    assert page.locator("[data-test='editable-title-input']").first.input_value(timeout=60_000) == spec.title

    # Every chart queried, rendered, without an error, showing the warehouse's figures.
    first = responses.wait_for(page, chart_ids, start)
    wait_until_rendered(page, dashboard_charts)
    assert_no_chart_errors(page, dashboard_charts)
    assert_figures(spec, first, dashboard_charts, serving_db, None)
    assert_map_coloured(page, dashboard_charts, first)

    shots = superset_server.data_dir / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    shot = shots / f"{spec.screenshot}.png"
    take_screenshot(page, dashboard_charts, shot)
    assert shot.stat().st_size > MIN_SCREENSHOT_BYTES, "the screenshot looks empty"
    print(f"\nscreenshot: {shot}")

    # The year filter narrows every chart to the chosen year (but the ones deliberately outside it).
    in_scope = [c for c in dashboard_charts if c["slice_name"] not in spec.outside_year_filter]
    outside = [c for c in dashboard_charts if c["slice_name"] in spec.outside_year_filter]
    year = serving_db.execute(spec.filter_year_sql).fetchone()[0]
    before = responses.mark()
    year_filter = page.locator(f"[data-test='{spec.year_filter_id}']")
    year_filter.locator(".ant-select-selector").click()
    page.keyboard.type(str(year))
    page.locator(f".ant-select-item-option[title='{year}']").first.click()
    page.keyboard.press("Escape")
    page.locator("[data-test='filter-bar__apply-button']").click()
    filtered = responses.wait_for(page, {c["id"] for c in in_scope}, before)
    wait_until_rendered(page, dashboard_charts)
    assert_no_chart_errors(page, dashboard_charts)
    for chart in in_scope:
        filters = request_filters(filtered[chart["id"]])
        assert {"col": spec.year_column, "op": "IN", "val": [year]} in filters, chart["slice_name"]
    assert_figures(spec, filtered, in_scope, serving_db, [year])
    # Charts outside the filter keep their figures (re-queried or not).
    latest = responses.by_chart(start)
    assert_figures(spec, latest, outside, serving_db, None)
    assert_map_coloured(page, dashboard_charts, filtered)
    page.screenshot(path=str(shots / f"{spec.screenshot}_{year}.png"), full_page=True)

    assert not page_errors, page_errors
    page.close()
