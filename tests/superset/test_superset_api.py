"""Superset after bootstrap: the dashboards exist, read serving.duckdb read-only, and every chart's
numbers equal the same aggregate computed straight from serving.duckdb."""

from __future__ import annotations

import json
import os
import secrets
import shutil
from pathlib import Path

import duckdb
import pytest
import requests
from figures_datakwaliteit import TITLE as DATAKWALITEIT_TITLE
from superset_figures import (
    ALL_CHARTS,
    ALL_FORMS,
    ALL_PERIODS,
    DASHBOARD_BY_TITLE,
    DASHBOARDS,
    DEFINITIONS_TITLE,
    REGIONAAL,
    REGIONAAL_CELLS,
    THRESHOLD,
    expected_shown,
    normalise,
)
from superset_harness import api_login, chart_data, run_bootstrap

BY_DASHBOARD = pytest.mark.parametrize("spec", DASHBOARDS, ids=lambda d: d.slug)


@BY_DASHBOARD
def test_dashboard_exists_and_is_published(spec, dashboards):
    dashboard = dashboards[spec.title]
    assert dashboard["dashboard_title"] == spec.title
    assert dashboard["slug"] == spec.slug
    assert dashboard["published"] is True
    metadata = json.loads(dashboard["json_metadata"])
    filters = {f["name"]: f for f in metadata["native_filter_configuration"]}
    assert spec.year_filter in filters
    assert filters[spec.year_filter]["id"] == spec.year_filter_id
    assert filters[spec.year_filter]["targets"][0]["column"]["name"] == spec.year_column
    for name, filter_id, column, _default in spec.other_filters:
        assert filters[name]["id"] == filter_id
        assert filters[name]["targets"][0]["column"]["name"] == column
    # Required single-value filters with a default (Regionaal: Periode 2013-2017, Vorm Alle vormen):
    # the cubes hold totals as values, so a chart must never sum over several periodes or forms.
    defaults = [(spec.year_filter, spec.year_column, spec.year_filter_default)] + [
        (name, column, default) for name, _, column, default in spec.other_filters
    ]
    for name, column, default in defaults:
        if default is None:
            continue
        flt = filters[name]
        assert flt["controlValues"]["multiSelect"] is False, name
        assert flt["controlValues"]["enableEmptyFilter"] is True, name
        assert flt["defaultDataMask"]["filterState"]["value"] == [default], name
        assert flt["defaultDataMask"]["extraFormData"]["filters"] == [
            {"col": column, "op": "IN", "val": [default]}
        ], name


@BY_DASHBOARD
def test_dashboard_has_a_chart_for_every_figure(spec, charts_by_dashboard):
    titles = sorted(c["slice_name"] for c in charts_by_dashboard[spec.title])
    assert titles == sorted(spec.charts)


@BY_DASHBOARD
def test_year_filter_applies_to_every_chart(spec, api, dashboards, charts_by_dashboard):
    """The importer leaves the export's chart ids in the filter scope; bootstrap maps them. The
    filter column must exist on every chart's dataset, or Superset silently ignores the filter."""
    every = charts_by_dashboard[spec.title]
    charts = [c for c in every if c["slice_name"] not in spec.outside_year_filter]
    metadata = json.loads(dashboards[spec.title]["json_metadata"])
    by_name = {f["name"]: f for f in metadata["native_filter_configuration"]}
    filters = [(by_name[spec.year_filter], spec.year_column)] + [
        (by_name[name], column) for name, _, column, _ in spec.other_filters
    ]
    for flt, column in filters:
        assert sorted(flt["chartsInScope"]) == sorted(c["id"] for c in charts), flt["name"]
        for dataset_id in {c["datasource_id"] for c in charts}:
            dataset = api.get(f"/api/v1/dataset/{dataset_id}")["result"]
            columns = {c["column_name"] for c in dataset["columns"]}
            assert column in columns, f"{dataset['table_name']}: no {column}"
    # A chart left out of the year filter (its dataset has no such column) is out of its scope.
    for chart in every:
        if chart["slice_name"] in spec.outside_year_filter:
            assert chart["id"] not in by_name[spec.year_filter]["chartsInScope"]


def test_database_is_the_serving_file_read_only(api, superset_server, charts_by_dashboard):
    dataset_ids = {c["datasource_id"] for charts in charts_by_dashboard.values() for c in charts}
    database_ids = {api.get(f"/api/v1/dataset/{i}")["result"]["database"]["id"] for i in dataset_ids}
    assert len(database_ids) == 1
    db = api.get(f"/api/v1/database/{database_ids.pop()}/connection")["result"]
    assert db["sqlalchemy_uri"] == "duckdb:///" + str(superset_server.serving_path)
    extra = json.loads(db["extra"])
    connect_args = extra["engine_params"]["connect_args"]
    assert connect_args["read_only"] is True
    assert connect_args["config"]["enable_external_access"] is False


@pytest.mark.parametrize(("dashboard_title", "title"), ALL_CHARTS)
def test_chart_data_equals_duckdb(dashboard_title, title, api, charts_by_dashboard, serving_db):
    (chart,) = [c for c in charts_by_dashboard[dashboard_title] if c["slice_name"] == title]
    expectation = DASHBOARD_BY_TITLE[dashboard_title].charts[title]
    if not expectation.legacy:
        assert chart["query_context"], f"{title}: no stored query_context"
    data = chart_data(api, chart, legacy=expectation.legacy)
    expected = expected_shown(expectation, serving_db, None)
    assert expected, f"{title}: the warehouse has no rows for this figure"
    assert normalise(expectation, data) == expected


# --- Issue 6: disclosure control on every analyst chart. Every chart of every dashboard but the
# stewards' Datakwaliteit, through the chart-data API, without and with the dashboard's year
# filter: no count of 1-4 in any returned cell, no rate whose parts are small, and the figures are
# the independent counts without the hidden cells (each hidden cell checked: "< 5" only on a count
# of 1-4, "x" only on one of at least 5).
ANALYST_CHARTS = [(d, t) for d, t in ALL_CHARTS if d != DATAKWALITEIT_TITLE]


def _filter_years(spec, serving_db) -> list[list | None]:
    if spec.title == "Regionaal":
        return [None]  # Periode/Vorm selections: test_regionaal_shows_no_suppressed_count
    (year,) = serving_db.execute(spec.filter_year_sql).fetchone()
    return [None, [year]]


def _with_year(api, chart, spec, values) -> list[dict]:
    """The chart's data with the dashboard's year filter set to `values`, as the front end sends
    it (extra_form_data filter on the filter's column)."""
    query_context = json.loads(chart["query_context"])
    for query in query_context["queries"]:
        query["filters"] = [*query["filters"], {"col": spec.year_column, "op": "IN", "val": values}]
    r = api.post("/api/v1/chart/data", query_context)
    assert r.status_code == 200, f"{chart['slice_name']}: {r.status_code} {r.text[:1000]}"
    (result,) = r.json()["result"]
    assert result.get("error") is None, result.get("error")
    return result["data"]


# Labels of numbers that count no persons: the specialised shelter places per province (a public
# inventory of beds, README "Regionaal"), not a cell of any cube.
NOT_PERSON_COUNTS = {"places_label"}


def _small(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v < THRESHOLD


def _label_small(v) -> bool:
    return isinstance(v, str) and v.isdigit() and 1 <= int(v) < THRESHOLD


def _vv_parts(serving_db) -> dict:
    """Independent recount of the VV grant rate's parts per decision year (and the window)."""
    return {
        year: (granted, rejected)
        for year, granted, rejected in serving_db.execute(
            "SELECT decision_year, count(*) FILTER (WHERE application_outcome = 'Ingewilligd'), "
            "count(*) FILTER (WHERE application_outcome = 'Afgewezen') FROM marts.residence_decisions "
            "WHERE residence_type = 'voortgezet' AND is_last_decision AND is_application_handled_in_span "
            "GROUP BY ALL"
        ).fetchall()
    }


@pytest.mark.parametrize(("dashboard_title", "title"), ANALYST_CHARTS)
def test_no_small_cell_in_any_analyst_chart(dashboard_title, title, api, charts_by_dashboard, serving_db):
    spec = DASHBOARD_BY_TITLE[dashboard_title]
    expectation = spec.charts[title]
    (chart,) = [c for c in charts_by_dashboard[dashboard_title] if c["slice_name"] == title]
    for years in _filter_years(spec, serving_db):
        if years is None or title in spec.outside_year_filter:
            data = chart_data(api, chart, legacy=expectation.legacy)
            expected_years = None
        else:
            data = _with_year(api, chart, spec, years)
            expected_years = years
        where = f"{dashboard_title} / {title} / {spec.year_filter} {years}"
        assert data, f"{where}: no data"
        dims = set(expectation.dims)
        for row in data:
            for column, value in row.items():
                if column in NOT_PERSON_COUNTS:
                    continue
                if column.endswith("_label") or column == "afscherming":
                    assert not _label_small(value), f"{where}: {column} shows {value!r}: {row}"
                    continue
                if expectation.table:
                    continue  # other table columns: numbers shown as labels above, rates, inhabitants
                if column in dims or expectation.rate or expectation.legacy:
                    continue
                assert not _small(value), f"{where}: {column} = {value} in {row}"
            if dashboard_title == "Slachtoffermonitor" and "warehouse_value" in row:
                # a count of 1-4 only where it is the published (public) figure
                if row["eenheid"] == "aantal" and _small(row["warehouse_value"]):
                    assert row["warehouse_value"] == row["published_value"], f"{where}: {row}"
        if expectation.rate and title.startswith("Inwilligingspercentage"):
            parts = _vv_parts(serving_db)
            for row in data:
                rate = row.get("Inwilligingspercentage")
                if rate is None:
                    continue
                granted, rejected = parts[row["jaar"]]
                assert granted + rejected >= THRESHOLD, f"{where}: a rate over {granted + rejected}"
                assert not 1 <= granted < THRESHOLD and not 1 <= rejected < THRESHOLD, f"{where}: {row}"
        if not expectation.legacy and spec.title != "Regionaal":
            assert normalise(expectation, data) == expected_shown(expectation, serving_db, expected_years), (
                where
            )


# --- Regionaal: disclosure control. The cubes hide counts below 5 ("< 5") and the cells that would
# give one away ("x"); no chart may show a number for such a cell, for any choice of the filters.
SELECTIONS = [
    (ALL_PERIODS, ALL_FORMS),
    ("2017", ALL_FORMS),
    ("2013", ALL_FORMS),
    (ALL_PERIODS, "GO-UBS"),
    ("2015", "BL-SU"),
    ("2016", "Onbekend"),
]


@pytest.mark.parametrize("title", sorted(REGIONAAL))
def test_regionaal_query_context_has_the_dashboard_defaults(title, charts_by_dashboard):
    """The stored query_context is what the dashboard sends on load (Periode 2013-2017, Vorm Alle
    vormen); the API test above posts it."""
    (chart,) = [c for c in charts_by_dashboard["Regionaal"] if c["slice_name"] == title]
    if REGIONAAL[title].legacy:
        return  # legacy charts send their form_data (chart_data adds the defaults)
    (query,) = json.loads(chart["query_context"])["queries"]
    assert {"col": "periode", "op": "IN", "val": [ALL_PERIODS]} in query["filters"]
    assert {"col": "trafficking_form", "op": "IN", "val": [ALL_FORMS]} in query["filters"]


@pytest.mark.parametrize("title", sorted(REGIONAAL))
@pytest.mark.parametrize(("periode", "vorm"), SELECTIONS, ids=lambda v: str(v))
def test_regionaal_shows_no_suppressed_count(title, periode, vorm, api, charts_by_dashboard, serving_db):
    (chart,) = [c for c in charts_by_dashboard["Regionaal"] if c["slice_name"] == title]
    cell = REGIONAAL_CELLS[title]
    rows = chart_data(api, chart, legacy=REGIONAAL[title].legacy, selection=(periode, vorm))
    for row in rows:
        where = f"{title} {periode}/{vorm} {row}"
        found = serving_db.execute(cell.sql, cell.params(row, periode, vorm)).fetchall()
        assert len(found) == 1, f"{where}: {len(found)} cube cells"
        ((suppressed,),) = found
        for column in cell.counts + cell.rates:
            if row[column] is None:
                continue
            assert not suppressed, f"{where}: {column} shows a suppressed cell"
        for column in cell.counts:
            if row[column] is not None:
                assert not 1 <= row[column] <= 4, f"{where}: a count below 5"
        for column in cell.labels:
            label = row[column]
            if suppressed:
                assert label in ("< 5", "x"), f"{where}: {column} = {label!r}"
            else:
                assert label.isdigit(), f"{where}: {column} = {label!r}"
                assert not 1 <= int(label) <= 4, f"{where}: a count below 5"


def test_bootstrap_is_idempotent(api, superset_server, dashboards, charts_by_dashboard):
    """A second bootstrap (as `make superset-bootstrap` again) changes nothing visible."""
    result = run_bootstrap(superset_server.env, superset_server.data_dir / "superset" / "bootstrap.log")
    log = (superset_server.data_dir / "superset" / "bootstrap.log").read_text()
    assert result.returncode == 0, log[-4000:]
    # Every column of the YAML is in the marts or calculated: no warning that teaches users to
    # ignore warnings (issue 15; before: three datasets with calculated columns were named).
    assert "columns missing" not in log, [line for line in log.splitlines() if "columns missing" in line]
    for spec in DASHBOARDS:
        dashboard = dashboards[spec.title]
        q = json.dumps({"filters": [{"col": "dashboard_title", "opr": "eq", "value": spec.title}]})
        found = api.get("/api/v1/dashboard/", params={"q": q})
        assert [d["id"] for d in found["result"]] == [dashboard["id"]]
        charts = api.get(f"/api/v1/dashboard/{dashboard['id']}/charts")["result"]
        assert sorted(c["id"] for c in charts) == sorted(c["id"] for c in charts_by_dashboard[spec.title])
    # the analysts' dashboards and the stewards' Datakwaliteit (tests/superset/test_datakwaliteit.py)
    titles = {
        d["dashboard_title"]
        for d in api.get("/api/v1/dashboard/", params={"q": json.dumps({"page_size": 100})})["result"]
    }
    assert titles == {spec.title for spec in DASHBOARDS} | {DATAKWALITEIT_TITLE, DEFINITIONS_TITLE}
    databases = api.get("/api/v1/database/")["result"]
    assert sorted(d["database_name"] for d in databases) == [
        "Datakwaliteit (quality.duckdb)",
        "Mensenhandel (serving.duckdb)",
    ]
    # The admin can still log in with the same password.
    assert api_login(requests.Session(), superset_server).status_code == 200


def test_republished_serving_file_shows_at_once(api, superset_server, dashboard_charts):
    """The pipeline publishes by writing a new file and os.replace-ing it over serving.duckdb;
    Superset (no cache, a connection per query) shows the new figures on the next query."""
    serving = superset_server.serving_path
    keep = serving.with_name("serving.duckdb.keep")
    new = serving.with_name("serving.duckdb.republish")
    shutil.copy2(serving, keep)
    shutil.copy2(serving, new)
    # The chart adds the yearly headline totals of the trend mart (issue 6).
    totals = (
        "FROM marts.trend_figures WHERE figure = 'mensenhandelvorm' AND category = 'Alle vormen' "
        "AND registration_year IS NOT NULL"
    )
    con = duckdb.connect(str(new))
    first_year = con.execute(f"SELECT min(registration_year) {totals}").fetchone()[0]
    con.execute(f"DELETE {totals} AND registration_year = ?", [first_year])
    expected = con.execute(f"SELECT sum(aantal) {totals}").fetchone()[0]
    con.close()
    with duckdb.connect(str(keep), read_only=True) as before:
        original = before.execute(f"SELECT sum(aantal) {totals}").fetchone()[0]
    assert expected < original
    (chart,) = [c for c in dashboard_charts if c["slice_name"] == "Slachtofferjaren (excl. sub-3)"]
    query_context = json.loads(chart["query_context"])
    try:
        os.replace(new, serving)
        r = api.post("/api/v1/chart/data", query_context)
        assert r.status_code == 200, r.text[:1000]
        assert r.json()["result"][0]["data"] == [{"slachtofferjaren": expected}]
    finally:
        os.replace(keep, serving)
    r = api.post("/api/v1/chart/data", query_context)
    assert r.json()["result"][0]["data"] == [{"slachtofferjaren": original}]


def _serving_database_id(api, dashboard_charts) -> int:
    dataset_id = dashboard_charts[0]["datasource_id"]
    return api.get(f"/api/v1/dataset/{dataset_id}")["result"]["database"]["id"]


def _sql_lab(api, database_id: int, sql: str):
    return api.post(
        "/api/v1/sqllab/execute/",
        {
            "database_id": database_id,
            "sql": sql,
            "schema": "marts",
            "runAsync": False,
            "tab": "test",
            "client_id": secrets.token_hex(5),
        },
    )


def test_sql_lab_reads_the_marts_but_nothing_else(api, dashboard_charts, serving_db):
    """Analysts may query the marts in SQL Lab; the connection neither writes nor reaches other
    files on the server (DuckDB's read_csv/COPY/ATTACH are disabled by the engine parameters)."""
    database_id = _serving_database_id(api, dashboard_charts)
    r = _sql_lab(api, database_id, "SELECT count(*) AS n FROM marts.victims WHERE NOT is_sub3")
    assert r.status_code == 200, r.text[:1000]
    expected = serving_db.execute("SELECT count(*) FROM marts.victims WHERE NOT is_sub3").fetchone()
    assert r.json()["data"] == [{"n": expected[0]}]
    for sql in (
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY (SELECT 1) TO '/tmp/mh_superset_copy.csv'",
        "CREATE TABLE marts.x AS SELECT 1",
    ):
        r = _sql_lab(api, database_id, sql)
        assert r.status_code >= 400, f"{sql!r} was allowed: {r.text[:500]}"
    assert not Path("/tmp/mh_superset_copy.csv").exists()


def test_every_chart_answers_on_a_warehouse_with_only_ind_data(
    api, superset_server, charts_by_dashboard, ind_only_warehouse
):
    """Issue 13: a warehouse that has only the IND's deliveries (CoMensha and the OM not live yet)
    publishes, and every chart of every dashboard answers on it without an error: the residence
    charts with their figures, the others empty (Superset's "no results"), not failing. Served by
    publishing that warehouse's serving.duckdb over the running server's, as the pipeline does.
    The warehouse is the session's IND-only build (tests/integration/ind_only.py), whose run the
    fixture asserts succeeded and whose counts test_delivery_scenarios.py checks."""
    assert ind_only_warehouse.serving_path.exists(), "the IND-only build did not publish"

    serving = superset_server.serving_path
    keep = serving.with_name("serving.duckdb.keep-ind-only")
    shutil.copy2(serving, keep)
    shown: dict[str, int] = {}
    try:
        new = serving.with_name("serving.duckdb.ind-only")
        shutil.copy2(ind_only_warehouse.serving_path, new)
        os.replace(new, serving)
        for dashboard_title, title in ALL_CHARTS:
            (chart,) = [c for c in charts_by_dashboard[dashboard_title] if c["slice_name"] == title]
            expectation = DASHBOARD_BY_TITLE[dashboard_title].charts[title]
            # chart_data asserts HTTP 200 and no error in the result
            shown[f"{dashboard_title} / {title}"] = len(chart_data(api, chart, legacy=expectation.legacy))
    finally:
        os.replace(keep, serving)
    with_rows = {t for t, n in shown.items() if n}
    assert "Verblijf en vervolging / Bedenktijd verleend per jaar" in with_rows, shown
    assert "Verblijf en vervolging / Routes door de verblijfsregeling (Figuur 4.2)" in with_rows, shown
    assert "Trends slachtoffers / Slachtoffers per jaar naar geslacht (excl. sub-3)" not in with_rows, shown


def _expired_access_token(server) -> str:
    """An access token as Superset signs them (HS256 with its SECRET_KEY, superset/superset_config.py),
    for the server's admin, that expired an hour ago."""
    import base64
    import hashlib
    import hmac
    import time

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    secret = (
        server.env.get("SUPERSET_SECRET_KEY")
        or (server.data_dir / "superset" / "secret_key").read_text().strip()
    )
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {
        "fresh": True,
        "iat": now - 7200,
        "nbf": now - 7200,
        "exp": now - 3600,
        "jti": secrets.token_hex(8),
        "type": "access",
        "sub": "1",
    }
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64(signature)


def test_a_client_whose_token_expired_logs_in_again(superset_server):
    """One Api serves a whole test session, longer than an access token lives on a loaded machine:
    after expiry it logs in again instead of failing every later test with 401."""
    from superset_harness import Api

    expired = "Bearer " + _expired_access_token(superset_server)
    refused = requests.get(
        superset_server.base_url + "/api/v1/dashboard/", headers={"Authorization": expired}, timeout=30
    )
    assert refused.status_code == 401 and "expired" in refused.text.lower(), (
        refused.text
    )  # the token really is expired
    api = Api(superset_server)
    api.s.headers["Authorization"] = expired
    assert api.get("/api/v1/dashboard/")["count"] >= len(DASHBOARDS)
    assert api.s.headers["Authorization"] != expired
