"""Helpers for the Superset tests: where things are, how to run the bootstrap, a REST client."""

from __future__ import annotations

import os
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
SUPERSET_DIR = REPO / "superset"
SUPERSET_PY = SUPERSET_DIR / ".venv" / "bin" / "python"
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_superset_env() -> None:
    """Create or update superset/.venv from the lock file (as `make superset-env`; a second or
    so when it is up to date)."""
    subprocess.run(
        ["uv", "sync", "--frozen", "--quiet", "--project", str(SUPERSET_DIR)],
        check=True,
        cwd=REPO,
        env={k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"},  # the pipeline's venv
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
