"""Superset over the shared built warehouse: bootstrap once, serve once, for the whole session.

Superset runs from its own virtualenv (superset/.venv) as subprocesses: `superset/bootstrap.py`
(metadata DB, roles, admin, dashboards) into the data dir of `built_warehouse`, then
`superset/serve.sh` (gunicorn) on a free 127.0.0.1 port; the fixture waits for /health and stops
the server at the end of the session.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests
from superset_figures import DASHBOARDS
from superset_harness import (
    REPO,
    STARTUP_TIMEOUT,
    SUPERSET_DIR,
    Api,
    SupersetServer,
    ensure_superset_env,
    free_port,
    run_bootstrap,
)


@pytest.fixture(scope="session")
def superset_server(built_warehouse) -> SupersetServer:
    ensure_superset_env()
    data_dir = Path(built_warehouse.data_dir)
    assert Path(built_warehouse.serving_path).exists(), "the build published no serving.duckdb"
    (data_dir / "superset").mkdir(parents=True, exist_ok=True)
    username, password = "admin", secrets.token_urlsafe(16)
    port = free_port()
    env = {
        **os.environ,
        "MH_DATA_DIR": str(data_dir),
        "SUPERSET_ADMIN_USER": username,
        "SUPERSET_ADMIN_PASSWORD": password,
        "SUPERSET_PORT": str(port),
        "SUPERSET_BIND": "127.0.0.1",
    }
    # The pipeline venv's variables must not leak into the Superset venv.
    for var in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "SUPERSET_CONFIG_PATH"):
        env.pop(var, None)

    bootstrap_log = data_dir / "superset" / "bootstrap.log"
    t0 = time.monotonic()
    result = run_bootstrap(env, bootstrap_log)
    assert result.returncode == 0, "bootstrap failed:\n" + bootstrap_log.read_text()[-6000:]
    t_bootstrap = time.monotonic() - t0

    log_path = data_dir / "superset" / "server.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [str(SUPERSET_DIR / "serve.sh")],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # own process group: stop gunicorn and its workers together
    )
    base_url = f"http://127.0.0.1:{port}"
    server = SupersetServer(
        base_url=base_url,
        username=username,
        password=password,
        data_dir=data_dir,
        serving_path=Path(built_warehouse.serving_path),
        log_path=log_path,
        env=env,
    )
    t1 = time.monotonic()
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Superset exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                if requests.get(base_url + "/health", timeout=10).text.strip() == "OK":
                    break
            except requests.RequestException:  # not listening yet, or the worker is still starting
                pass
            if time.monotonic() - t1 > STARTUP_TIMEOUT:
                pytest.fail(f"Superset not healthy after {STARTUP_TIMEOUT} s:\n{server.log_tail()}")
            time.sleep(0.5)
        print(
            f"\nSuperset: bootstrap {t_bootstrap:.1f} s, server healthy after "
            f"{time.monotonic() - t1:.1f} s at {base_url} (data {data_dir})"
        )
        yield server
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()


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
