"""The roles of issue 6 through Superset's REST API, on the session's Superset (conftest.py).

The bootstrap creates the roles Analist, Datasteward and Beheerder and one user per role; the
session's bootstrap ran without SUPERSET_<ROLE>_PASSWORD, so their passwords were generated into
$MH_DATA_DIR/superset/<user>_password, where these tests read them.

What Superset answers when a role may not see something (asserted below as it really is):
- an endpoint the role has no permission for at all (SQL Lab for an Analist): 403;
- a single object of a kind the role may read (dataset, chart, dashboard) but outside its access:
  the REST API filters the object out of its query (DatasourceFilter, ChartFilter,
  DashboardAccessFilter with dashboard RBAC) and answers 404, as if it did not exist;
- chart data of a dataset the role may not query: 403.
"""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from figures_datakwaliteit import SHOWN_CHART
from figures_datakwaliteit import TITLE as DATAKWALITEIT_TITLE
from superset_figures import DASHBOARDS, DEFINITIONS_TITLE
from superset_harness import (
    REPO,
    Api,
    chart_data,
    chart_export,
    login_as,
    role_password,
    run_bootstrap,
    sql_lab,
)

ANALIST, DATASTEWARD, BEHEERDER = "Analist", "Datasteward", "Beheerder"
SERVING_DB = "Mensenhandel (serving.duckdb)"
QUALITY_DB = "Datakwaliteit (quality.duckdb)"
ANALYST_MENUS = {"Dashboards", "Charts"}


@pytest.fixture(scope="module")
def analist(superset_server) -> Api:
    return login_as(superset_server, ANALIST)


@pytest.fixture(scope="module")
def steward(superset_server) -> Api:
    return login_as(superset_server, DATASTEWARD)


@pytest.fixture(scope="module")
def beheerder(superset_server) -> Api:
    return login_as(superset_server, BEHEERDER)


def _all(api: Api, path: str) -> list[dict]:
    return api.get(path, params={"q": json.dumps({"page_size": 100})})["result"]


@pytest.fixture(scope="module")
def databases(api) -> dict[str, int]:
    return {d["database_name"]: d["id"] for d in _all(api, "/api/v1/database/")}


@pytest.fixture(scope="module")
def datasets_by_db(api) -> dict[str, list[dict]]:
    """Every dataset (as the admin sees it), by the name of its database."""
    out: dict[str, list[dict]] = {}
    for ds in _all(api, "/api/v1/dataset/"):
        out.setdefault(ds["database"]["database_name"], []).append(ds)
    assert out.get(QUALITY_DB) and out.get(SERVING_DB), out.keys()
    return out


@pytest.fixture(scope="module")
def datakwaliteit(api) -> tuple[dict, list[dict]]:
    """The Datakwaliteit dashboard and its charts (with query_context), as the admin sees them."""
    (dash,) = [d for d in _all(api, "/api/v1/dashboard/") if d["dashboard_title"] == DATAKWALITEIT_TITLE]
    charts = api.get(f"/api/v1/dashboard/{dash['id']}/charts")["result"]
    assert charts, "Datakwaliteit has no charts"
    return dash, [api.get(f"/api/v1/chart/{c['id']}")["result"] for c in charts]


def _post_chart_data(api: Api, chart: dict):
    return api.post("/api/v1/chart/data", json.loads(chart["query_context"]))


def _role_permissions(server) -> dict[str, set[tuple[str, str]]]:
    """{role: {(permission, view menu)}} straight from the metadata DB."""
    con = sqlite3.connect(f"file:{server.data_dir / 'superset' / 'superset.db'}?mode=ro", uri=True)
    try:
        rows = con.execute(
            """
            SELECT r.name, p.name, v.name
            FROM ab_role r
            JOIN ab_permission_view_role pvr ON pvr.role_id = r.id
            JOIN ab_permission_view pv ON pv.id = pvr.permission_view_id
            JOIN ab_permission p ON p.id = pv.permission_id
            JOIN ab_view_menu v ON v.id = pv.view_menu_id
            """
        ).fetchall()
    finally:
        con.close()
    out: dict[str, set[tuple[str, str]]] = {}
    for role, perm, view in rows:
        out.setdefault(role, set()).add((perm, view))
    return out


def _dashboard_roles(server) -> dict[str, set[str]]:
    con = sqlite3.connect(f"file:{server.data_dir / 'superset' / 'superset.db'}?mode=ro", uri=True)
    try:
        rows = con.execute(
            """
            SELECT d.dashboard_title, r.name FROM dashboards d
            JOIN dashboard_roles dr ON dr.dashboard_id = d.id JOIN ab_role r ON r.id = dr.role_id
            """
        ).fetchall()
    finally:
        con.close()
    out: dict[str, set[str]] = {}
    for title, role in rows:
        out.setdefault(title, set()).add(role)
    return out


# --- Analist ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("database", [SERVING_DB, QUALITY_DB])
def test_analist_has_nosql_lab(analist, databases, database):
    """SQL Lab needs can_execute_sql_query on SQLLab, which the Analist lacks: 403 on every DB."""
    r = sql_lab(analist, databases[database], "SELECT 1 AS n", "main")
    assert r.status_code == 403, f"{database}: {r.status_code} {r.text[:300]}"
    assert analist.s.get(analist.base + "/api/v1/query/", timeout=30).status_code == 403


def test_analist_reads_no_quality_dataset(analist, datasets_by_db):
    """Every dataset on the quality connection is filtered out of the Analist's dataset API (404,
    as if it did not exist); a serving dataset of an analyst dashboard reads (200)."""
    for ds in datasets_by_db[QUALITY_DB]:
        r = analist.s.get(f"{analist.base}/api/v1/dataset/{ds['id']}", timeout=30)
        assert r.status_code == 404, f"{ds['table_name']}: {r.status_code} {r.text[:300]}"
    listed = {d["id"] for d in _all(analist, "/api/v1/dataset/")}
    assert not listed & {d["id"] for d in datasets_by_db[QUALITY_DB]}
    assert listed, "the Analist sees no dataset at all"
    some = sorted(listed)[0]
    assert analist.s.get(f"{analist.base}/api/v1/dataset/{some}", timeout=30).status_code == 200


def test_analist_cannot_open_datakwaliteit(analist, datakwaliteit):
    """Dashboard RBAC: Datakwaliteit carries only the roles Datasteward and Beheerder. It is not in
    the Analist's list; it and its charts are filtered out (404), their data refused (403)."""
    dash, charts = datakwaliteit
    titles = {d["dashboard_title"] for d in _all(analist, "/api/v1/dashboard/")}
    assert titles == {spec.title for spec in DASHBOARDS} | {DEFINITIONS_TITLE}
    for ref in (dash["id"], dash["slug"]):
        r = analist.s.get(f"{analist.base}/api/v1/dashboard/{ref}", timeout=30)
        assert r.status_code == 404, f"dashboard {ref}: {r.status_code} {r.text[:300]}"
    r = analist.s.get(f"{analist.base}/api/v1/dashboard/{dash['id']}/charts", timeout=30)
    assert r.status_code == 404, r.text[:300]
    for chart in charts:
        r = analist.s.get(f"{analist.base}/api/v1/chart/{chart['id']}", timeout=30)
        assert r.status_code == 404, f"{chart['slice_name']}: {r.status_code}"
        r = _post_chart_data(analist, chart)
        assert r.status_code == 403, f"{chart['slice_name']}: {r.status_code} {r.text[:300]}"
        # Not even by naming the dashboard (the dashboard-RBAC path of raise_for_access).
        qc = json.loads(chart["query_context"])
        qc["form_data"] = {**qc.get("form_data", {}), "dashboardId": dash["id"], "slice_id": chart["id"]}
        r = analist.post("/api/v1/chart/data", qc)
        assert r.status_code == 403, f"{chart['slice_name']} via dashboard: {r.status_code}"


@pytest.mark.parametrize("spec", DASHBOARDS, ids=lambda s: s.slug)
def test_analist_reads_every_analyst_dashboard(spec, analist, dashboards, charts_by_dashboard):
    dash = dashboards[spec.title]
    assert analist.get(f"/api/v1/dashboard/{dash['id']}")["result"]["dashboard_title"] == spec.title
    page = analist.web().get(f"{analist.base}/superset/dashboard/{dash['slug'] or dash['id']}/", timeout=60)
    assert page.status_code == 200 and "/login" not in page.url, (page.status_code, page.url)
    charts = analist.get(f"/api/v1/dashboard/{dash['id']}/charts")["result"]
    assert sorted(c["id"] for c in charts) == sorted(c["id"] for c in charts_by_dashboard[spec.title])
    for chart in charts_by_dashboard[spec.title]:
        assert analist.get(f"/api/v1/chart/{chart['id']}")["result"]["id"] == chart["id"]
        expectation = spec.charts.get(chart["slice_name"])
        chart_data(analist, chart, legacy=bool(expectation and expectation.legacy))


# --- Datasteward -----------------------------------------------------------------------------------


def test_steward_reads_datakwaliteit_and_the_analyst_dashboards(steward, datakwaliteit, dashboards):
    dash, charts = datakwaliteit
    titles = {d["dashboard_title"] for d in _all(steward, "/api/v1/dashboard/")}
    assert titles == {spec.title for spec in DASHBOARDS} | {DATAKWALITEIT_TITLE, DEFINITIONS_TITLE}
    assert steward.get(f"/api/v1/dashboard/{dash['id']}")["result"]["dashboard_title"] == DATAKWALITEIT_TITLE
    for chart in charts:
        chart_data(steward, chart)
    for spec in DASHBOARDS:
        steward.get(f"/api/v1/dashboard/{dashboards[spec.title]['id']}")


def test_steward_sql_lab_reads_quality_only(steward, databases, superset_server):
    """SQL Lab on the quality connection: SELECT works, writes are refused (allow_dml false and a
    read-only DuckDB connection); the serving connection is refused, also for a mart the steward
    may read on the dashboards (superset_config.MonitorSecurityManager: database_access needed)."""
    import duckdb

    quality = databases[QUALITY_DB]
    r = sql_lab(steward, quality, "SELECT count(*) AS n FROM steward.runs", "steward")
    assert r.status_code == 200, r.text[:1000]
    with duckdb.connect(str(superset_server.data_dir / "quality.duckdb"), read_only=True) as con:
        expected = con.execute("SELECT count(*) FROM steward.runs").fetchone()[0]
    assert r.json()["data"] == [{"n": expected}]
    for sql in (
        "CREATE TABLE steward.x AS SELECT 1 AS a",
        "INSERT INTO steward.runs SELECT * FROM steward.runs",
        "DROP TABLE steward.runs",
        "DELETE FROM steward.runs",
    ):
        r = sql_lab(steward, quality, sql, "steward")
        assert r.status_code >= 400, f"{sql!r} was allowed: {r.text[:500]}"
    r = sql_lab(steward, quality, "SELECT count(*) AS n FROM steward.runs", "steward")
    assert r.json()["data"] == [{"n": expected}], "a write reached quality.duckdb"
    # Superset does not find the serving connection for the steward (its DatabaseFilter lists no
    # database the steward lacks database_access on, see superset_config.py) and answers 500
    # "The database referenced in this query was not found"; the rule itself is tested below.
    serving = databases[SERVING_DB]
    for sql in ("SELECT count(*) AS n FROM marts.victims", "SELECT 1 AS n"):
        r = sql_lab(steward, serving, sql, "marts")
        assert r.status_code in (403, 500), f"{sql!r} on serving: {r.status_code} {r.text[:500]}"
        assert "data" not in r.json(), r.text[:500]
    listed = {d["database_name"] for d in _all(steward, "/api/v1/database/")}
    assert listed == {QUALITY_DB}


SQL_ACCESS_PROBE = """
import json, sys
from superset.app import create_app
app = create_app()
with app.test_request_context():
    from flask import g
    from superset import security_manager as sm
    from superset.exceptions import SupersetSecurityException
    from superset.models.core import Database
    from superset import db
    g.user = sm.find_user(username=sys.argv[1])
    out = {}
    for database in db.session.query(Database).all():
        try:
            sm.raise_for_access(database=database, sql=sys.argv[2])
            out[database.database_name] = "allowed"
        except SupersetSecurityException:
            out[database.database_name] = "denied"
    print("RESULT " + json.dumps(out))
"""


def test_sql_needs_database_access(superset_server):
    """MonitorSecurityManager (superset_config.py): free SQL on a database needs database_access
    to it. Without it Superset would let the steward query marts.victims on the serving
    connection, since the steward reads that dataset on the dashboards."""
    from superset_harness import SUPERSET_PY

    username, _ = role_password(superset_server, DATASTEWARD)
    env = {**superset_server.env, "SUPERSET_CONFIG_PATH": str(REPO / "superset" / "superset_config.py")}
    r = subprocess.run(
        [str(SUPERSET_PY), "-c", SQL_ACCESS_PROBE, username, "SELECT count(*) FROM marts.victims"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [line for line in r.stdout.splitlines() if line.startswith("RESULT ")]
    assert r.returncode == 0 and lines, r.stdout[-2000:] + r.stderr[-4000:]
    assert json.loads(lines[-1][len("RESULT ") :]) == {SERVING_DB: "denied", QUALITY_DB: "allowed"}


# --- Beheerder -------------------------------------------------------------------------------------


def test_beheerder_sees_everything(beheerder, databases, datakwaliteit):
    titles = {d["dashboard_title"] for d in _all(beheerder, "/api/v1/dashboard/")}
    assert titles == {spec.title for spec in DASHBOARDS} | {DATAKWALITEIT_TITLE, DEFINITIONS_TITLE}
    for chart in datakwaliteit[1]:
        chart_data(beheerder, chart)
    r = sql_lab(beheerder, databases[SERVING_DB], "SELECT count(*) AS n FROM marts.victims", "marts")
    assert r.status_code == 200, r.text[:500]
    assert beheerder.s.get(beheerder.base + "/api/v1/security/users/", timeout=30).status_code == 200


# --- The permissions themselves ----------------------------------------------------------------------


def test_role_permissions_are_derived_from_the_bundle(
    superset_server, api, dashboards, charts_by_dashboard, datakwaliteit
):
    """Exactly the data the dashboards need, and nothing of SQL Lab or the quality connection for
    the Analist."""
    perms = _role_permissions(superset_server)
    analist, steward = perms[ANALIST], perms[DATASTEWARD]

    def access(dashes: list[dict], chart_lists) -> set[str]:
        """datasource_access of the datasets behind the charts and native filters."""
        ids = {c["datasource_id"] for charts in chart_lists for c in charts}
        ids |= {
            target["datasetId"]
            for dash in dashes
            for flt in json.loads(dash["json_metadata"] or "{}").get("native_filter_configuration", [])
            for target in flt.get("targets", [])
            if target.get("datasetId")
        }
        return ids

    def granted(perms: set[tuple[str, str]], database: str | None = None) -> set[int]:
        """Dataset ids of the datasource_access permissions ("[db].[table](id:N)")."""
        return {
            int(re.search(r"\(id:(\d+)\)$", v).group(1))
            for p, v in perms
            if p == "datasource_access" and (database is None or v.startswith(f"[{database}]."))
        }

    analyst_ids = access(list(dashboards.values()), charts_by_dashboard.values())
    assert granted(analist) == analyst_ids
    assert granted(analist, SERVING_DB) == analyst_ids, "an Analist dataset outside serving"
    assert not {p for p, _ in analist} & {
        "database_access",
        "schema_access",
        "catalog_access",
        "all_datasource_access",
        "all_database_access",
        "all_query_access",
    }
    assert not {(p, v) for p, v in analist if "sql" in (p + v).lower() or v in ("Query", "SavedQuery")}
    assert {v for p, v in analist if p == "menu_access"} == ANALYST_MENUS
    assert not {
        (p, v)
        for p, v in analist
        if p.startswith("can_write") and v in ("Dashboard", "Chart", "Dataset", "Database")
    }

    quality_ids = access(
        [api.get(f"/api/v1/dashboard/{datakwaliteit[0]['id']}")["result"]], [datakwaliteit[1]]
    )
    assert granted(steward) == analyst_ids | quality_ids
    # Datakwaliteit reads quality.duckdb, but what the dashboards show from serving's own record
    # (issue 15): a dataset of the stewards only, never granted to the Analist.
    shown = {c["datasource_id"] for c in datakwaliteit[1] if c["slice_name"] == SHOWN_CHART}
    assert len(shown) == 1 and not shown & granted(analist)
    assert granted(steward, QUALITY_DB) == quality_ids - shown
    assert granted(steward, SERVING_DB) & quality_ids == shown
    (db_access,) = {v for p, v in steward if p == "database_access"}
    assert QUALITY_DB in db_access
    assert ("can_execute_sql_query", "SQLLab") in steward
    assert perms[BEHEERDER] == perms["Admin"]

    roles = _dashboard_roles(superset_server)
    assert roles[DATAKWALITEIT_TITLE] == {DATASTEWARD, BEHEERDER}
    for title in [spec.title for spec in DASHBOARDS] + [DEFINITIONS_TITLE]:
        assert roles[title] == {ANALIST, DATASTEWARD, BEHEERDER}


def test_bootstrap_twice_gives_the_same_roles(superset_server, analist):
    before = _role_permissions(superset_server), _dashboard_roles(superset_server)
    log = superset_server.data_dir / "superset" / "bootstrap.log"
    result = run_bootstrap(superset_server.env, log)
    assert result.returncode == 0, log.read_text()[-4000:]
    after = _role_permissions(superset_server), _dashboard_roles(superset_server)
    for role in (ANALIST, DATASTEWARD, BEHEERDER):
        assert after[0][role] == before[0][role], role
    assert after[1] == before[1]
    # Same generated password: the Analist still logs in.
    login_as(superset_server, ANALIST)


# --- Downloads (issue 15) ------------------------------------------------------------------------------

# What the chart menus of a dashboard offer depends on these permissions of the user's roles (the
# front end's useChartMenuPermissions in Superset's bundle): "Download" (CSV, Excel) on can_csv,
# "View as table" on can_view_chart_as_table. The server checks can_csv again before it writes a
# file (charts/data/api.py, views/core.py explore_json).
DOWNLOAD_PVMS = {("can_csv", "Superset"), ("can_view_chart_as_table", "Dashboard")}
FILE_FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _me_permissions(api: Api) -> set[tuple[str, str]]:
    """The permissions the front end sees (it reads /api/v1/me/roles/ to build the menus)."""
    roles = api.get("/api/v1/me/roles/")["result"]["roles"]
    return {tuple(pvm) for pvms in roles.values() for pvm in pvms}


def _file_rows(r, file_format: str) -> list[list]:
    """The header row and the rows of a downloaded CSV or Excel file."""
    if file_format == "csv":
        return list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    (sheet,) = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True).worksheets
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# Text a spreadsheet would read as a formula: Superset's CSV writer puts a quote before it (CSV
# injection, superset/utils/csv.py escape_value); the chart shows it as it is, e.g. the unit "%".
FORMULA_START = re.compile(r"^[-@+|=%]")


def _file_cell(shown, file_format: str):
    """The cell a file holds for a value of the chart's JSON data: numbers as numbers, an empty
    cell for a NULL or empty text (CSV and Excel cannot tell them apart), text as it is."""
    if shown in (None, ""):
        return None
    if isinstance(shown, (int, float)) and not isinstance(shown, bool):
        return float(shown)
    if file_format == "csv" and FORMULA_START.match(str(shown)):
        return "'" + str(shown).replace("|", "\\|")
    return str(shown)


def _read_cell(cell, numeric: bool):
    """A cell as read from the file (CSV: all text; Excel: typed), in _file_cell's terms."""
    if cell in (None, ""):
        return None
    return float(cell) if numeric else str(cell)


def _shown(api: Api, chart: dict, legacy: bool) -> tuple[list[str], list[dict]]:
    """(columns, records) of the chart's query as JSON: what the chart is drawn from and what
    "View as table" shows."""
    r = chart_export(api, chart, "results", legacy=legacy)
    assert r.status_code == 200, f"{chart['slice_name']} as table: {r.status_code} {r.text[:500]}"
    body = r.json()
    result = body if legacy else body["result"][0]
    return list(result["colnames"]), result["data"]


def _file_header(api: Api, chart: dict, columns: list[str], legacy: bool) -> list[str]:
    """The header a download of `columns` carries: /api/v1/chart/data names each column by its
    label in the dataset (the verbose_map of common/query_context_processor.py get_data), the
    legacy endpoint by its name."""
    if legacy:
        return columns
    dataset = api.get(f"/api/v1/dataset/{chart['datasource_id']}")["result"]
    labels = {c["column_name"]: c["verbose_name"] for c in dataset["columns"]}
    labels |= {m["metric_name"]: m["verbose_name"] for m in dataset["metrics"]}
    return [labels.get(c) or c for c in columns]


def _assert_downloads_as_shown(api: Api, chart: dict, legacy: bool = False) -> None:
    """CSV and Excel download of the chart answer a file holding exactly the cells of the chart's
    JSON data: the same columns, rows and values, so no cell the protected marts hide."""
    name = chart["slice_name"]
    columns, records = _shown(api, chart, legacy)
    # Compared as multisets: rows that tie in the chart's ORDER BY may come in any order.
    if not legacy:  # the table is the chart's own data (a legacy chart reshapes it for drawing)
        assert _multiset(records) == _multiset(chart_data(api, chart)), name
    header = _file_header(api, chart, columns, legacy)
    numeric = [
        any(isinstance(r[c], (int, float)) and not isinstance(r[c], bool) for r in records) for c in columns
    ]
    for file_format in FILE_FORMATS:
        r = chart_export(api, chart, file_format, legacy=legacy)
        assert r.status_code == 200, f"{name} {file_format}: {r.status_code} {r.text[:300]}"
        assert r.headers["Content-Type"].startswith(CONTENT_TYPES[file_format]), r.headers
        rows = _file_rows(r, file_format)
        assert rows[0] == header, f"{name} {file_format}: columns {rows[0]} != {header}"
        assert {len(row) for row in rows[1:]} <= {len(columns)}, f"{name} {file_format}: ragged rows"
        in_file = Counter(tuple(_read_cell(c, n) for c, n in zip(row, numeric)) for row in rows[1:])
        shown = Counter(tuple(_file_cell(rec[c], file_format) for c in columns) for rec in records)
        assert in_file == shown, (
            f"{name} {file_format}: {sum((in_file - shown).values())} rows of the file not in the "
            f"chart, {sum((shown - in_file).values())} rows of the chart not in the file"
        )


def _multiset(records: list[dict]) -> Counter:
    return Counter(json.dumps(rec, sort_keys=True) for rec in records)


def test_viewers_are_offered_download_and_view_as_table(analist, steward):
    for role, api in ((ANALIST, analist), (DATASTEWARD, steward)):
        missing = DOWNLOAD_PVMS - _me_permissions(api)
        assert not missing, f"{role} lacks {missing}"


@pytest.mark.parametrize("spec", DASHBOARDS, ids=lambda s: s.slug)
def test_analist_downloads_every_chart_as_shown(spec, analist, charts_by_dashboard):
    for chart in charts_by_dashboard[spec.title]:
        expectation = spec.charts.get(chart["slice_name"])
        _assert_downloads_as_shown(analist, chart, legacy=bool(expectation and expectation.legacy))


def test_steward_downloads_datakwaliteit_and_analist_cannot(steward, analist, datakwaliteit):
    """The steward downloads the quality charts as shown; the Analist, who may download, still
    gets no file of quality data (403: no datasource_access), nor SQL Lab's CSV export."""
    for chart in datakwaliteit[1]:
        _assert_downloads_as_shown(steward, chart)
        for result in (*FILE_FORMATS, "results"):
            r = chart_export(analist, chart, result)
            assert r.status_code == 403, f"{chart['slice_name']} {result}: {r.status_code} {r.text[:300]}"
    r = analist.s.get(f"{analist.base}/api/v1/sqllab/export/{secrets.token_hex(5)}/", timeout=30)
    assert r.status_code == 403, f"SQL Lab export: {r.status_code} {r.text[:300]}"


# --- Dutch interface and the event log (issue 15) ---------------------------------------------------

# The front end of every page asks /superset/language_pack/<locale>/ for its translations and
# falls back to English when refused; a few strings an analyst reads on every dashboard, in the
# Dutch Superset ships.
DUTCH_STRINGS = {
    "Apply filters": "Filters toepassen",
    "Clear all": "Wis alles",
    "No results were returned for this query": "Er zijn geen resultaten gevonden voor deze zoekopdracht",
}
ROLES = (ANALIST, DATASTEWARD, BEHEERDER)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_dutch_language_pack(superset_server, role):
    web = login_as(superset_server, role).web()
    r = web.get(f"{superset_server.base_url}/superset/language_pack/nl/", timeout=30)
    assert r.status_code == 200, f"{role}: {r.status_code} {r.text[:200]}"
    messages = r.json()["locale_data"]["superset"]
    shown = {english: (messages.get(english) or [None])[0] for english in DUTCH_STRINGS}
    assert shown == DUTCH_STRINGS, role


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_send_the_event_log(superset_server, role):
    """Every dashboard load POSTs its front-end events to /superset/log/ (as a form field
    `events`); a role without the permission got a 500 there (the 403 of @has_access inside @api)."""
    web = login_as(superset_server, role).web()
    events = [{"event_name": "mount_dashboard", "ts": 0, "source": "dashboard"}]
    r = web.post(
        f"{superset_server.base_url}/superset/log/",
        params={"explode": "events"},
        data={"events": json.dumps(events)},
        timeout=30,
    )
    assert r.status_code == 200, f"{role}: {r.status_code} {r.text[:200]}"


# --- Secrets -----------------------------------------------------------------------------------------


def test_no_password_or_secret_key_in_the_repository(superset_server):
    """The generated passwords and secret key live in $MH_DATA_DIR/superset only: not in any file
    git tracks or could add (git grep --untracked skips the git-ignored data dir)."""
    sdir = superset_server.data_dir / "superset"
    secrets_found = {
        p.name: p.read_text().strip()
        for p in sdir.iterdir()
        if p.name.endswith("_password") or p.name == "secret_key"
    }
    assert {"secret_key", "analist_password", "datasteward_password", "beheerder_password"} <= set(
        secrets_found
    )
    secrets_found["admin (test harness)"] = superset_server.password
    for name, value in secrets_found.items():
        assert len(value) >= 16, name
        r = subprocess.run(
            ["git", "grep", "--untracked", "-l", "-F", "-e", value],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        assert r.returncode == 1, f"{name} found in {r.stdout.split()} ({r.stderr})"
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True)
    assert not [
        f
        for f in tracked.stdout.splitlines()
        if Path(f).name in ("secret_key", "superset.db") or Path(f).name.endswith("_password")
    ]


def test_csrf_token_required(steward, databases):
    """CSRF protection is on (WTF_CSRF_ENABLED): a logged-in POST that changes state (a SQL Lab
    query) without the token is refused; with it (the Api client) it runs. (Superset exempts the
    read-only chart data endpoint, WTF_CSRF_EXEMPT_LIST.)"""
    import requests

    payload = {
        "database_id": databases[QUALITY_DB],
        "sql": "SELECT 1 AS n",
        "schema": "steward",
        "runAsync": False,
        "tab": "test",
        "client_id": secrets.token_hex(5),
    }
    bare = requests.Session()
    bare.headers["Authorization"] = steward.s.headers["Authorization"]
    r = bare.post(steward.base + "/api/v1/sqllab/execute/", json=payload, timeout=60)
    assert r.status_code == 400 and "CSRF" in r.text, (r.status_code, r.text[:300])
    r = steward.post("/api/v1/sqllab/execute/", {**payload, "client_id": secrets.token_hex(5)})
    assert r.status_code == 200, r.text[:300]
