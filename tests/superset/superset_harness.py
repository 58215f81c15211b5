"""Helpers for the Superset tests: where things are, how to run the bootstrap, a REST client."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
SUPERSET_DIR = REPO / "superset"
SUPERSET_PY = SUPERSET_DIR / ".venv" / "bin" / "python"
STARTUP_TIMEOUT = 240  # seconds; a cold start on two cores takes ~20 s
# SQL Lab's statement limit on the test server (SUPERSET_SQLLAB_TIMEOUT, superset_config.py): short
# enough for test_duckdb_connections.py to see a long query stopped, long enough for every other
# query of the tests on two busy cores.
TEST_SQLLAB_TIMEOUT = 10


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


# Where a script of tests/superset that reads ECharts instances takes the shared instanceOf.
INSTANCE_OF_PLACE = "  /* INSTANCE_OF: echarts_instance.js */\n"


def echarts_script(name: str) -> str:
    """The function expression in tests/superset/`name` (for page.evaluate), with the function
    that finds a chart's ECharts instance (echarts_instance.js) put in its place."""
    here = Path(__file__).parent
    script = (here / name).read_text(encoding="utf-8")
    assert INSTANCE_OF_PLACE in script, f"{name} has no place for instanceOf"
    return script.replace(INSTANCE_OF_PLACE, (here / "echarts_instance.js").read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_superset_env() -> None:
    """Create or update superset/.venv from the lock file through `make superset-env`: the
    Makefile is the one place that knows where uv is (a fresh machine has it in ~/.local/bin,
    off PATH), and its stamp file makes this instant when the environment is up to date."""
    subprocess.run(
        ["make", "--no-print-directory", "--silent", "superset-env"],
        check=True,
        cwd=REPO,
        env={k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"},  # the pipeline's venv
    )


def login_umask() -> None:
    """Superset starts under the umask of a typical login shell, not under the private one this
    test process has after a build: the modes of Superset's files are then its own doing
    (test_superset_files.py)."""
    os.umask(0o022)


def run_bootstrap(env: dict, log_path: Path) -> subprocess.CompletedProcess:
    with log_path.open("a") as log:
        return subprocess.run(
            [str(SUPERSET_PY), str(SUPERSET_DIR / "bootstrap.py")],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=600,
            preexec_fn=login_umask,
        )


def api_login(session: requests.Session, server: SupersetServer) -> requests.Response:
    """Log the server's admin in through the REST API (a JWT, and a refresh token)."""
    return session.post(
        server.base_url + "/api/v1/security/login",
        json={"username": server.username, "password": server.password, "provider": "db", "refresh": True},
        timeout=30,
    )


class _RenewingSession(requests.Session):
    """A REST session that logs in again once when its JWT has expired. Superset's access tokens
    last 15 minutes (flask-jwt-extended's default) while one Api serves a whole test session, which
    on a loaded two-core machine takes longer: every request after that was refused with 401."""

    def __init__(self, server: SupersetServer):
        super().__init__()
        self._server = server
        self.log_in()

    def log_in(self) -> None:
        r = api_login(requests.Session(), self._server)
        assert r.status_code == 200, f"login failed: {r.status_code} {r.text}"
        self.headers["Authorization"] = "Bearer " + r.json()["access_token"]

    def request(self, method, url, *args, **kwargs):
        response = super().request(method, url, *args, **kwargs)
        if response.status_code == 401 and "expired" in response.text.lower():
            self.log_in()
            response = super().request(method, url, *args, **kwargs)
        return response


class Api:
    """A logged-in REST client (JWT from /api/v1/security/login plus a CSRF token)."""

    def __init__(self, server: SupersetServer):
        self.base = server.base_url
        self.s = _RenewingSession(server)
        r = self.s.get(self.base + "/api/v1/security/csrf_token/", timeout=30)
        assert r.status_code == 200, r.text
        self.s.headers["X-CSRFToken"] = r.json()["result"]
        self.s.headers["Referer"] = self.base
        self._server = server
        self._web: requests.Session | None = None

    def web(self) -> requests.Session:
        """A session logged in through the login form, as a browser: the legacy chart endpoint
        /superset/explore_json/ takes the session cookie, not the API's JWT."""
        if self._web is None:
            web = requests.Session()
            page = web.get(self.base + "/login/", timeout=30).text
            token = re.search(r'name="csrf_token"\s+id="csrf_token"\s+value="([^"]+)"', page)
            assert token, "no csrf_token on the login page"
            r = web.post(
                self.base + "/login/",
                data={
                    "csrf_token": token.group(1),
                    "username": self._server.username,
                    "password": self._server.password,
                },
                timeout=30,
            )
            assert r.status_code == 200 and "/login" not in r.url, f"form login failed: {r.url}"
            web.headers["X-CSRFToken"] = token.group(1)
            web.headers["Referer"] = self.base
            self._web = web
        return self._web

    def get(self, path: str, **kw) -> dict:
        r = self.s.get(self.base + path, timeout=60, **kw)
        assert r.status_code == 200, f"GET {path}: {r.status_code} {r.text[:500]}"
        return r.json()

    def post(self, path: str, payload: dict) -> requests.Response:
        return self.s.post(self.base + path, json=payload, timeout=120)


def role_password(server: SupersetServer, role: str) -> tuple[str, str]:
    """The (username, password) the bootstrap gave the user of `role` (superset/bootstrap.py: from
    SUPERSET_<ROLE>_PASSWORD, else generated into $MH_DATA_DIR/superset/<user>_password)."""
    env = server.env
    username = env.get(f"SUPERSET_{role.upper()}_USER") or role.lower()
    password = env.get(f"SUPERSET_{role.upper()}_PASSWORD")
    if not password:
        pw_file = server.data_dir / "superset" / f"{username}_password"
        assert pw_file.exists(), f"the bootstrap wrote no {pw_file}"
        assert pw_file.stat().st_mode & 0o077 == 0, f"{pw_file} is readable by others"
        password = pw_file.read_text().strip()
    return username, password


def login_as(server: SupersetServer, role: str) -> Api:
    username, password = role_password(server, role)
    return Api(replace(server, username=username, password=password))


def sql_lab(api: Api, database_id: int, sql: str, schema: str) -> requests.Response:
    """A synchronous SQL Lab query, as the SQL Lab page sends it."""
    return api.post(
        "/api/v1/sqllab/execute/",
        {
            "database_id": database_id,
            "sql": sql,
            "schema": schema,
            "runAsync": False,
            "tab": "test",
            "client_id": secrets.token_hex(5),
        },
    )


def _with_selection(filters: list[dict], selection: tuple[str, str] | None) -> list[dict]:
    """Regionaal's native filters (Periode, Vorm) set to another selection."""
    if selection is None:
        return filters
    values = dict(zip(("periode", "trafficking_form"), selection))
    out = [f for f in filters if not (f.get("col") in values and f.get("op") == "IN")]
    return out + [{"col": col, "op": "IN", "val": [v]} for col, v in values.items()]


def chart_data(
    api: Api, chart: dict, legacy: bool = False, selection: tuple[str, str] | None = None
) -> list[dict]:
    """The records a chart shows: its stored query_context posted to /api/v1/chart/data, or, for a
    legacy chart (country map), its form_data posted to /superset/explore_json/ with the
    dashboard's filter defaults, as the front end does. `selection`: (periode, vorm) instead of
    the defaults (Regionaal)."""
    if legacy:
        r = _explore_json(api, chart, selection)
        assert r.status_code == 200, f"{chart['slice_name']}: {r.status_code} {r.text[:1000]}"
        body = r.json()
        assert not body.get("error"), body.get("error")
        return body["data"] or []
    query_context = json.loads(chart["query_context"])
    for query in query_context["queries"]:
        query["filters"] = _with_selection(query["filters"], selection)
    return post_query_context(api, query_context, chart["slice_name"])


def post_query_context(api: Api, query_context: dict, name: str) -> list[dict]:
    """The records of one query context posted to /api/v1/chart/data; `name` says whose in a failure."""
    r = api.post("/api/v1/chart/data", query_context)
    assert r.status_code == 200, f"{name}: {r.status_code} {r.text[:1000]}"
    (result,) = r.json()["result"]
    assert result.get("error") is None, f"{name}: {result.get('error')}"
    return result["data"]


def _explore_json(
    api: Api, chart: dict, selection: tuple[str, str] | None = None, response: str | None = None
) -> requests.Response:
    """A legacy chart's form_data with the dashboard's filter defaults posted to
    /superset/explore_json/, as the front end does; `response` ("csv", "xlsx", "results") asks
    for that response type instead of the chart's JSON payload (views/core.py explore_json)."""
    extra = {
        "filters": _with_selection(
            [
                {"col": "periode", "op": "IN", "val": ["2013-2017"]},
                {"col": "trafficking_form", "op": "IN", "val": ["Alle vormen"]},
            ],
            selection,
        )
    }
    form_data = {
        **json.loads(chart["params"]),
        "slice_id": chart["id"],
        "datasource": f"{chart['datasource_id']}__table",
        "extra_form_data": extra,
    }
    params = {"form_data": json.dumps({"slice_id": chart["id"]})}
    if response:
        params[response] = "true"
    return api.web().post(
        api.base + "/superset/explore_json/",
        params=params,
        data={"form_data": json.dumps(form_data)},
        timeout=120,
    )


def chart_export(api: Api, chart: dict, result: str, legacy: bool = False) -> requests.Response:
    """What a chart menu's Download (result "csv" or "xlsx") or "View as table" (result
    "results": the query's rows as JSON) asks of Superset: the chart's stored query_context with
    result_type "full" and that result_format posted to /api/v1/chart/data, or for a legacy chart
    its form_data posted to /superset/explore_json/?<result>=true."""
    if legacy:
        return _explore_json(api, chart, response=result)
    query_context = json.loads(chart["query_context"])
    if result == "results":
        query_context.update(result_type="results", result_format="json")
    else:
        query_context.update(result_type="full", result_format=result)
    return api.post("/api/v1/chart/data", query_context)


@contextlib.contextmanager
def running_superset(data_dir: Path, serving_path: Path) -> Iterator[SupersetServer]:
    """Bootstrap Superset into `data_dir` (metadata DB, admin with a fresh password, dashboards),
    serve it with superset/serve.sh on a free 127.0.0.1 port until /health answers, and stop the
    whole process group (gunicorn and its workers) afterwards."""
    ensure_superset_env()
    (data_dir / "superset").mkdir(parents=True, exist_ok=True)
    username, password, port = "admin", secrets.token_urlsafe(16), free_port()
    env = {
        **os.environ,
        "MH_DATA_DIR": str(data_dir),
        "SUPERSET_ADMIN_USER": username,
        "SUPERSET_ADMIN_PASSWORD": password,
        "SUPERSET_PORT": str(port),
        "SUPERSET_BIND": "127.0.0.1",
        "SUPERSET_SQLLAB_TIMEOUT": str(TEST_SQLLAB_TIMEOUT),
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
        preexec_fn=login_umask,
    )
    server = SupersetServer(
        base_url=f"http://127.0.0.1:{port}",
        username=username,
        password=password,
        data_dir=data_dir,
        serving_path=serving_path,
        log_path=log_path,
        env=env,
    )
    t1 = time.monotonic()
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Superset exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                if requests.get(server.base_url + "/health", timeout=10).text.strip() == "OK":
                    break
            except requests.RequestException:  # not listening yet, or the worker is still starting
                pass
            if time.monotonic() - t1 > STARTUP_TIMEOUT:
                pytest.fail(f"Superset not healthy after {STARTUP_TIMEOUT} s:\n{server.log_tail()}")
            time.sleep(0.5)
        print(
            f"\nSuperset: bootstrap {t_bootstrap:.1f} s, server healthy after "
            f"{time.monotonic() - t1:.1f} s at {server.base_url} (data {data_dir})"
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
