"""The real dbt CLI, run by tests on a warehouse of their own."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from orchestration.assets.dbt import DBT_EXECUTABLE, dbt_project, prepare_manifest
from orchestration.settings import DBT_PROJECT_DIR

PARTIAL_PARSE_FILE = "partial_parse.msgpack"


def run_dbt(
    args: list[str], warehouse: Path, target: Path, timeout: int = 900
) -> subprocess.CompletedProcess:
    """`dbt <args>` in the project on `warehouse` (profiles.yml reads MH_WAREHOUSE_PATH), with its
    artefacts and logs in `target` so that tests running side by side do not share one target."""
    _start_from_the_projects_parse(target)
    return subprocess.run(
        [DBT_EXECUTABLE, *args, "--target-path", str(target), "--log-path", str(target / "logs")],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "MH_WAREHOUSE_PATH": str(warehouse)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _start_from_the_projects_parse(target: Path) -> None:
    """Give `target` the project's partial-parse cache, as dagster-dbt gives every build's run
    target: a new target folder would otherwise parse the whole project (~10 s of CPU against ~4 s
    for each dbt call of a test). The profile is the same for every database
    (orchestration/dbt_build_target.py), so the cache holds; a call with other `--vars` makes dbt
    parse in full, as it should."""
    prepare_manifest()  # the project's own parse, once per session (skipped while current)
    project = dbt_project()
    cache = Path(project.project_dir) / project.target_path / PARTIAL_PARSE_FILE
    target.mkdir(parents=True, exist_ok=True)
    if cache.exists() and not (target / PARTIAL_PARSE_FILE).exists():
        shutil.copy2(cache, target / PARTIAL_PARSE_FILE)
