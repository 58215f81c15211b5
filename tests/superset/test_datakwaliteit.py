"""The Datakwaliteit dashboard as a data steward uses it, after a bad delivery.

Its own Superset on the session's fault story (tests/integration/fault_story.py, shared with the
fault tests of tests/integration: the fault samples of CoMensha, IND and OM built once, then a
CoMensha delivery with a melding dated 1999 that an error expectation stops), so that every table has
rows to show. Then:

* the dashboard, its charts and its two native filters (Bron, Suite) exist; every dataset reads
  quality.duckdb read-only through its own connection, but the one of what the analysts'
  dashboards show: serving.duckdb's own record of it (marts.data_status), read-only;
* every chart's data through Superset's API equals independent DuckDB SQL on quality.duckdb
  (tests/superset/figures_datakwaliteit.py);
* the steward's path: the failed expectation of the blocking delivery, narrowed with the filters
  Bron = comensha and Suite = landing_comensha, names the Data Docs page and the failing row (file
  and line), and the quarantine table narrowed to comensha holds exactly the quarantined lines;
* issue 15: the state chart says the latest run is blocked and by which expectation, the chart
  beside it which delivery serving.duckdb holds (not the blocked one); runs are listed newest first; every failed expectation links its
  Data Docs page (HTML in the table);
* in Chromium every chart renders without an error, the state chart comes first, severities read
  in Dutch, the Data Docs link is a link, a run without CoMensha failures says "Geen mislukte
  verwachtingen"; screenshots of the dashboard and of the path (filter Bron = comensha) are saved
  to $MH_DATA_DIR/screenshots/datakwaliteit*.png.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from figures_datakwaliteit import FIGURES, FILTERS, SHOWN_CHART, SLUG, STATE_CHART, TITLE, expected, rows
from superset_harness import (
    Api,
    chart_data,
    running_superset,
)

from tests.data_docs_links import data_docs_file
from tests.integration.fault_story import BLOCKING_FILE


@pytest.fixture(scope="module")
def steward_data(fault_story) -> Path:
    assert fault_story.first.success
    return fault_story.data


@pytest.fixture(scope="module")
def steward_server(steward_data):
    with running_superset(steward_data, steward_data / "serving.duckdb") as server:
        yield server


@pytest.fixture(scope="module")
def steward_api(steward_server) -> Api:
    return Api(steward_server)


@pytest.fixture(scope="module")
def dashboard(steward_api) -> dict:
    q = json.dumps({"filters": [{"col": "dashboard_title", "opr": "eq", "value": TITLE}]})
    found = steward_api.get("/api/v1/dashboard/", params={"q": q})
    assert found["count"] == 1, found
    return steward_api.get(f"/api/v1/dashboard/{found['result'][0]['id']}")["result"]


@pytest.fixture(scope="module")
def charts(steward_api, dashboard) -> dict[str, dict]:
    listed = steward_api.get(f"/api/v1/dashboard/{dashboard['id']}/charts")["result"]
    out = {}
    for c in listed:
        chart = steward_api.get(f"/api/v1/chart/{c['id']}")["result"]
        out[chart["slice_name"]] = chart
    return out


@pytest.fixture(scope="module")
def quality_db(steward_data):
    con = duckdb.connect(str(steward_data / "quality.duckdb"), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def serving_db(steward_data):
    con = duckdb.connect(str(steward_data / "serving.duckdb"), read_only=True)
    yield con
    con.close()


def _with_filters(chart: dict, filters: list[dict]) -> dict:
    """The chart with extra filters, as the dashboard's native filters add them."""
    query_context = json.loads(chart["query_context"])
    for query in query_context["queries"]:
        query["filters"] = [*query["filters"], *filters]
    return {**chart, "query_context": json.dumps(query_context)}


def test_dashboard_charts_and_filters(dashboard, charts):
    assert (dashboard["dashboard_title"], dashboard["slug"], dashboard["published"]) == (TITLE, SLUG, True)
    assert sorted(charts) == sorted(FIGURES)
    metadata = json.loads(dashboard["json_metadata"])
    filters = {f["name"]: f for f in metadata["native_filter_configuration"]}
    for name, (filter_id, column) in FILTERS.items():
        assert filters[name]["id"] == filter_id
        assert filters[name]["targets"][0]["column"]["name"] == column
    # Bron applies to every chart; Suite to the charts on expectation results.
    assert sorted(filters["Bron"]["chartsInScope"]) == sorted(c["id"] for c in charts.values())
    assert sorted(filters["Suite"]["chartsInScope"]) == sorted(
        charts[t]["id"]
        for t in ("Mislukte verwachtingen per run en bron", "Mislukte verwachtingen met de rijen erachter")
    )


def test_every_dataset_reads_its_file_read_only(steward_api, steward_server, charts):
    """quality.duckdb for every chart, but serving.duckdb for what the dashboards show: one record."""
    problems = []
    for title, chart in charts.items():
        database = steward_api.get(f"/api/v1/dataset/{chart['datasource_id']}")["result"]["database"]["id"]
        db = steward_api.get(f"/api/v1/database/{database}/connection")["result"]
        want = steward_server.data_dir / f"{FIGURES[title].database}.duckdb"
        connect_args = json.loads(db["extra"])["engine_params"]["connect_args"]
        if db["sqlalchemy_uri"] != "duckdb:///" + str(want):
            problems.append((title, db["sqlalchemy_uri"]))
        if (
            connect_args["read_only"] is not True
            or connect_args["config"]["enable_external_access"] is not False
        ):
            problems.append((title, connect_args))
    assert problems == []


@pytest.mark.parametrize("title", sorted(FIGURES))
def test_chart_data_equals_duckdb(title, steward_api, charts, quality_db, serving_db):
    figure = FIGURES[title]
    want = expected(serving_db if figure.database == "serving" else quality_db, figure)
    assert want, f"{title}: {figure.database}.duckdb has no rows for this figure"
    assert rows(chart_data(steward_api, charts[title]), figure) == want


def test_the_stewards_path_from_a_failed_expectation_to_its_rows(
    steward_api, charts, quality_db, steward_data
):
    narrowed = [
        {"col": "source", "op": "IN", "val": ["comensha"]},
        {"col": "suite", "op": "IN", "val": ["landing_comensha"]},
    ]
    failed = chart_data(
        steward_api, _with_filters(charts["Mislukte verwachtingen met de rijen erachter"], narrowed)
    )
    (row,) = [r for r in failed if r["delivery"] and BLOCKING_FILE in r["delivery"]]
    assert row["severity_nl"] == "blokkerend" and "datum van de melding" in row["beschrijving"]
    assert json.loads(row["failing_rows_ref"]) == {
        "table": "raw.landing_comensha",
        "rows": [{"file_name": BLOCKING_FILE, "row_number": 2}],
    }
    assert data_docs_file(_href(row["data_docs_link"]), steward_data).is_file()

    quarantined = chart_data(
        steward_api, _with_filters(charts["Rijen in quarantaine (gepseudonimiseerd)"], narrowed[:1])
    )
    figure = FIGURES["Rijen in quarantaine (gepseudonimiseerd)"]
    assert rows(quarantined, figure) == [r for r in expected(quality_db, figure) if r[0] == "comensha"]
    assert quarantined


def _href(link: str) -> str:
    (href,) = re.findall(r'<a href="([^"]+)"', link or "")
    return href


def test_every_failed_expectation_links_its_data_docs_page(steward_api, charts, quality_db):
    """The link in the table (HTML allowed in the chart) opens the page quality.duckdb holds."""
    chart = charts["Mislukte verwachtingen met de rijen erachter"]
    assert json.loads(chart["params"])["allow_render_html"] is True
    shown = {
        (r["run_started"], r["suite"], r["beschrijving"], _href(r["data_docs_link"]))
        for r in chart_data(steward_api, chart)
        if r["suite"] is not None
    }
    want = set(
        quality_db.execute(
            "SELECT run_started, suite, beschrijving, data_docs_page FROM steward.results WHERE NOT success"
        ).fetchall()
    )
    assert shown == want


def test_runs_are_listed_newest_first(steward_api, charts, quality_db):
    for title in ("Mislukte verwachtingen per run en bron", "Mislukte verwachtingen met de rijen erachter"):
        started = [r["run_started"] for r in chart_data(steward_api, charts[title])]
        assert started == sorted(started, reverse=True), title
        assert started[0] == quality_db.execute("SELECT max(run_started) FROM steward.results").fetchone()[0]


def test_the_state_shows_the_blocked_run_and_the_delivery_the_dashboards_show(
    steward_api, charts, serving_db
):
    state = {r["source"]: r for r in chart_data(steward_api, charts[STATE_CHART])}
    comensha = state["comensha"]
    assert comensha["status"] == "geblokkeerd" and "landing_comensha" in comensha["blocked_by"]
    assert BLOCKING_FILE in comensha["newest_delivery"]
    # What the dashboards show is what serving.duckdb holds, as the steward reads it: the first
    # build's newest CoMensha file, not the blocked one.
    shown = {r["source"]: r["getoonde_levering"] for r in chart_data(steward_api, charts[SHOWN_CHART])}
    held = dict(serving_db.execute("SELECT source, last_delivery_file FROM marts.data_status").fetchall())
    assert BLOCKING_FILE not in shown["comensha"]
    assert {s: v.split(": ", 1)[1] for s, v in shown.items()} == held


def test_dashboard_renders_in_chromium_with_the_stewards_path(steward_server, charts):
    from playwright.sync_api import sync_playwright
    from test_superset_browser import (
        CHROMIUM,
        CHROMIUM_ARGS,
        MIN_SCREENSHOT_BYTES,
        assert_no_chart_errors,
        login,
        take_screenshot,
        wait_until_rendered,
    )

    assert Path(CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)"
    shots = steward_server.data_dir / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    listed = list(charts.values())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
        page_errors: list[str] = []
        page.on("pageerror", lambda e: page_errors.append(str(e)))
        login(page, steward_server)
        page.goto(f"{steward_server.base_url}/superset/dashboard/{SLUG}/")
        wait_until_rendered(page, listed)
        assert_no_chart_errors(page, listed)
        problems = _first_screen_problems(page, charts)
        shot = shots / "datakwaliteit.png"
        take_screenshot(page, listed, shot)
        assert shot.stat().st_size > MIN_SCREENSHOT_BYTES, "the screenshot looks empty"

        # The path: Bron = comensha narrows the failed expectations and the quarantined rows.
        bron = page.locator(f"[data-test='{FILTERS['Bron'][0]}']")
        bron.locator(".ant-select-selector").click()
        page.keyboard.type("comensha")
        page.locator(".ant-select-item-option[title='comensha']").first.click()
        page.keyboard.press("Escape")
        page.locator("[data-test='filter-bar__apply-button']").click()
        page.wait_for_timeout(2000)
        # The charts of the path (a chart without comensha rows, such as the conflicts of the
        # fault sample, shows an empty table).
        path = [
            charts[t]
            for t in (
                "Mislukte verwachtingen per run en bron",
                "Mislukte verwachtingen met de rijen erachter",
                "Rijen in quarantaine per bron en reden",
                "Rijen in quarantaine (gepseudonimiseerd)",
            )
        ]
        wait_until_rendered(page, path)
        assert_no_chart_errors(page, listed)
        failed = page.locator(
            "[data-test='chart-grid-component']"
            f"[data-test-chart-id='{charts['Mislukte verwachtingen met de rijen erachter']['id']}']"
        )
        text = failed.inner_text(timeout=60_000)
        assert BLOCKING_FILE in text and "landing_ind" not in text
        # the fault build's run failed nothing of CoMensha: the table says so
        if "Geen mislukte verwachtingen" not in text:
            problems.append("no 'Geen mislukte verwachtingen' for the run without CoMensha failures")
        path_shot = shots / "datakwaliteit_comensha.png"
        take_screenshot(page, path, path_shot)
        print(f"\nscreenshots: {shot} {path_shot}")
        assert not page_errors, page_errors
        browser.close()
    assert problems == []


def _chart(page, chart: dict):
    return page.locator(f"[data-test='chart-grid-component'][data-test-chart-id='{chart['id']}']")


def _first_screen_problems(page, charts: dict) -> list[str]:
    """What the steward must see as the dashboard opens (issue 15), as rendered."""
    problems = []
    state = charts[STATE_CHART]
    tops = page.locator("[data-test='chart-grid-component']")
    if tops.first.get_attribute("data-test-chart-id") != str(state["id"]):
        problems.append("the state is not the first chart")
    text = _chart(page, state).inner_text(timeout=60_000)
    for wanted in ("geblokkeerd", "landing_comensha", BLOCKING_FILE):
        if wanted not in text:
            problems.append(f"state: {wanted!r} missing")
    shown = charts[SHOWN_CHART]
    if tops.nth(1).get_attribute("data-test-chart-id") != str(shown["id"]):
        problems.append("what the dashboards show is not beside the state")
    shown_text = _chart(page, shown).inner_text(timeout=60_000)
    if BLOCKING_FILE in shown_text or "comensha_registraties_" not in shown_text:
        problems.append(f"shown: {shown_text!r}")
    failed = _chart(page, charts["Mislukte verwachtingen met de rijen erachter"])
    failed_text = failed.inner_text(timeout=60_000)
    if "blokkerend" not in failed_text or "waarschuwing" not in failed_text:
        problems.append("failed expectations: severities not in Dutch")
    links = failed.locator("a", has_text="Data Docs-pagina")
    if links.count() == 0:
        problems.append("failed expectations: no Data Docs link")
    print(f"\nData Docs link as rendered: {links.first.get_attribute('href') if links.count() else None}")
    runs = _chart(page, charts["Mislukte verwachtingen per run en bron"])
    cells = runs.locator("tbody tr").first.locator("td")
    started = [
        runs.locator("tbody tr").nth(i).locator("td").first.inner_text()
        for i in range(runs.locator("tbody tr").count())
    ]
    if not cells.count() or started != sorted(started, reverse=True):
        problems.append(f"runs not newest first: {started}")
    return problems
