"""What the Makefile's targets would run (`make -n`, the real make on the real Makefile). Only
targets without a recursive $(MAKE) in their recipe: make runs such a line even under -n."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _dry_run(target: str, **env: str) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", target],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=True,
    )
    return result.stdout


def _dagster_dev_line(out: str) -> str:
    (line,) = [line for line in out.splitlines() if "dagster dev" in line]
    return line


def _supervisor_line(out: str) -> str:
    # make -n prints a recipe line continued with backslashes as it is written
    (line,) = [line for line in out.replace("\\\n", " ").splitlines() if "serve.supervisor" in line]
    return line


def test_demo_serves_dagster_on_this_machine_only(tmp_path):
    """Issue 14: Dagster has no login, so `make demo` binds it to 127.0.0.1 (as Superset), not to
    every interface; DAGSTER_HOST opens it on purpose. `make demo` serves through `make serve`
    (serve/supervisor.py), which hands the host to `dagster dev -h`; `make dagster-serve` alone too."""
    line = _dagster_dev_line(_dry_run("dagster-serve"))
    assert " -h 127.0.0.1 " in line and "0.0.0.0" not in line, line
    assert " -h 0.0.0.0 " in _dagster_dev_line(_dry_run("dagster-serve", DAGSTER_HOST="0.0.0.0"))
    line = _supervisor_line(_dry_run("serve"))
    assert " --dagster-host 127.0.0.1 " in line and "0.0.0.0" not in line, line
    assert " --dagster-host 0.0.0.0 " in _supervisor_line(_dry_run("serve", DAGSTER_HOST="0.0.0.0"))

    from orchestration.settings import Settings
    from serve.supervisor import parse_args, services

    settings = Settings(inbox_dir=tmp_path, data_dir=tmp_path)
    for host in ("127.0.0.1", "0.0.0.0"):
        (dagster,) = [
            s for s in services(settings, parse_args(["--dagster-host", host])) if s.name == "Dagster"
        ]
        assert "dev" in dagster.command and dagster.command[dagster.command.index("-h") + 1] == host
