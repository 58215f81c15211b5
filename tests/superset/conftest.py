"""Superset over the shared built warehouse: bootstrap once, serve once, for the whole session.

Superset runs from its own virtualenv (superset/.venv) as subprocesses: `superset/bootstrap.py`
(metadata DB, roles, admin, dashboards) into the data dir of `built_warehouse`, then
`superset/serve.sh` (gunicorn) on a free 127.0.0.1 port; the fixture waits for /health and stops
the server at the end of the session.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from superset_figures import DASHBOARDS
from superset_harness import (
    Api,
    SupersetServer,
    running_superset,
)


@pytest.fixture(scope="session")
def superset_server(built_warehouse) -> SupersetServer:
    assert Path(built_warehouse.serving_path).exists(), "the build published no serving.duckdb"
    with running_superset(Path(built_warehouse.data_dir), Path(built_warehouse.serving_path)) as server:
        yield server


@pytest.fixture(scope="session")
def api(superset_server) -> Api:
    return Api(superset_server)


@pytest.fixture(scope="session")
def dashboards(api) -> dict[str, dict]:
    """Every imported dashboard of superset/assets, by title."""
    out = {}
    for spec in DASHBOARDS:
        q = json.dumps({"filters": [{"col": "dashboard_title", "opr": "eq", "value": spec.title}]})
        found = api.get("/api/v1/dashboard/", params={"q": q})
        assert found["count"] == 1, f"expected one dashboard {spec.title!r}: {found}"
        out[spec.title] = api.get(f"/api/v1/dashboard/{found['result'][0]['id']}")["result"]
    return out


@pytest.fixture(scope="session")
def charts_by_dashboard(api, dashboards) -> dict[str, list[dict]]:
    """Every chart on each dashboard, with its stored query_context, by dashboard title."""
    out = {}
    for title, dash in dashboards.items():
        charts = api.get(f"/api/v1/dashboard/{dash['id']}/charts")["result"]
        out[title] = [api.get(f"/api/v1/chart/{c['id']}")["result"] for c in charts]
    return out


@pytest.fixture(scope="session")
def dashboard(dashboards) -> dict:
    """The first dashboard, Trends slachtoffers (for the tests about the connection)."""
    return dashboards[DASHBOARDS[0].title]


@pytest.fixture(scope="session")
def dashboard_charts(charts_by_dashboard) -> list[dict]:
    return charts_by_dashboard[DASHBOARDS[0].title]
