"""The real dbt CLI, run by tests on a warehouse of their own."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from orchestration.assets.dbt import DBT_EXECUTABLE
from orchestration.settings import DBT_PROJECT_DIR


def run_dbt(
    args: list[str], warehouse: Path, target: Path, timeout: int = 900
) -> subprocess.CompletedProcess:
    """`dbt <args>` in the project on `warehouse` (profiles.yml reads MH_WAREHOUSE_PATH), with its
    artefacts and logs in `target` so that tests running side by side do not share one target."""
    return subprocess.run(
        [DBT_EXECUTABLE, *args, "--target-path", str(target), "--log-path", str(target / "logs")],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "MH_WAREHOUSE_PATH": str(warehouse)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
