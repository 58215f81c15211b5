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
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
SUPERSET_DIR = REPO / "superset"
SUPERSET_PY = SUPERSET_DIR / ".venv" / "bin" / "python"
DASHBOARD_TITLE = "Trends slachtoffers"
DASHBOARD_SLUG = "trends-slachtoffers"
STARTUP_TIMEOUT = 240  # seconds; a cold start on two cores takes ~20 s


@dataclass(frozen=True)
class SupersetServer:
    base_url: str
    username: str
    password: str
    data_dir: Path
    serving_path: Path
    log_path: Path
    env: dict

    def log_tail(self, n: int = 60) -> str:
        lines = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(lines[-n:])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ensure_superset_env() -> None:
    """Create superset/.venv from the lock file if it is missing (as `make superset-env`)."""
    if SUPERSET_PY.exists():
        return
    subprocess.run(
        ["uv", "sync", "--frozen", "--project", str(SUPERSET_DIR)], check=True, cwd=REPO
    )


def run_bootstrap(env: dict, log_path: Path) -> subprocess.CompletedProcess:
    with log_path.open("a") as log:
        return subprocess.run(
            [str(SUPERSET_PY), str(SUPERSET_DIR / "bootstrap.py")],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=600,
        )


@pytest.fixture(scope="session")
def superset_server(built_warehouse) -> SupersetServer:
    _ensure_superset_env()
    data_dir = Path(built_warehouse.data_dir)
    assert Path(built_warehouse.serving_path).exists(), "the build published no serving.duckdb"
    (data_dir / "superset").mkdir(parents=True, exist_ok=True)
    username, password = "admin", secrets.token_urlsafe(16)
    port = _free_port()
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


class Api:
    """A logged-in REST client (JWT from /api/v1/security/login plus a CSRF token)."""

    def __init__(self, server: SupersetServer):
        self.base = server.base_url
        self.s = requests.Session()
        r = self.s.post(
            self.base + "/api/v1/security/login",
            json={
                "username": server.username,
                "password": server.password,
                "provider": "db",
                "refresh": True,
            },
            timeout=30,
        )
        assert r.status_code == 200, f"login failed: {r.status_code} {r.text}"
        self.s.headers["Authorization"] = "Bearer " + r.json()["access_token"]
        r = self.s.get(self.base + "/api/v1/security/csrf_token/", timeout=30)
        assert r.status_code == 200, r.text
        self.s.headers["X-CSRFToken"] = r.json()["result"]
        self.s.headers["Referer"] = self.base

    def get(self, path: str, **kw) -> dict:
        r = self.s.get(self.base + path, timeout=60, **kw)
        assert r.status_code == 200, f"GET {path}: {r.status_code} {r.text[:500]}"
        return r.json()

    def post(self, path: str, payload: dict) -> requests.Response:
        return self.s.post(self.base + path, json=payload, timeout=120)


@pytest.fixture(scope="session")
def api(superset_server) -> Api:
    return Api(superset_server)


@pytest.fixture(scope="session")
def dashboard(api) -> dict:
    """The imported dashboard, found by its title."""
    q = json.dumps({"filters": [{"col": "dashboard_title", "opr": "eq", "value": DASHBOARD_TITLE}]})
    found = api.get("/api/v1/dashboard/", params={"q": q})
    assert found["count"] == 1, f"expected one dashboard {DASHBOARD_TITLE!r}: {found}"
    return api.get(f"/api/v1/dashboard/{found['result'][0]['id']}")["result"]


@pytest.fixture(scope="session")
def dashboard_charts(api, dashboard) -> list[dict]:
    """Every chart on the dashboard, with its stored query_context."""
    charts = api.get(f"/api/v1/dashboard/{dashboard['id']}/charts")["result"]
    return [api.get(f"/api/v1/chart/{c['id']}")["result"] for c in charts]
