"""What one dbt invocation builds: its database and as-of date, kept in the invocation's own
target folder rather than in dbt's profile or vars.

dbt keeps its partial-parse cache only while the rendered profile and the `--vars` stay the same
(dbt/parser/manifest.py `build_manifest_state_check` in dbt-core: a hash of the vars and of
dbt-duckdb's connection keys, `path` among them). With the warehouse path or the as-of date there,
every build in a new data dir parsed the whole project (~8 s of CPU instead of ~3 s). So the
profile names one fixed database (dbt_project/profiles.yml) and every build the same vars; Dagster
writes this file into the run's target folder, which dagster-dbt gives each invocation alone
(DBT_TARGET_PATH), and the profile's plugin (orchestration/dbt_duckdb_plugin.py) reads it in the
dbt process. Builds on several data dirs in one process thus never share a setting, and no
process environment is written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

BUILD_TARGET_FILE = "build_target.json"

# By hand, tests and the benchmark run dbt on a database of their choice with this variable
# (dbt_project/README.md); a Dagster build's file wins over it.
WAREHOUSE_PATH_SETTING = "MH_WAREHOUSE_PATH"


@dataclass(frozen=True)
class BuildTarget:
    warehouse_path: Path
    # Count as of this date (issue 17; macros/record_versions.sql); None: every delivery.
    as_of_date: dt.date | None = None


def write_build_target(run_target: Path, target: BuildTarget) -> Path:
    run_target.mkdir(parents=True, exist_ok=True)
    path = run_target / BUILD_TARGET_FILE
    as_of = target.as_of_date.isoformat() if target.as_of_date else None
    path.write_text(json.dumps({"warehouse_path": str(target.warehouse_path), "as_of_date": as_of}))
    return path


def read_build_target(environ=os.environ) -> BuildTarget:
    """The build target of the dbt process whose environment is `environ`: the file in its target
    folder (DBT_TARGET_PATH, set by dagster-dbt), else MH_WAREHOUSE_PATH without an as-of date."""
    target_path = environ.get("DBT_TARGET_PATH")
    file = Path(target_path) / BUILD_TARGET_FILE if target_path else None
    if file and file.exists():
        try:
            held = json.loads(file.read_text())
            as_of = held["as_of_date"]
            return BuildTarget(Path(held["warehouse_path"]), dt.date.fromisoformat(as_of) if as_of else None)
        except (ValueError, KeyError, TypeError) as bad:
            raise ValueError(f"{file}: not a build target written by the build ({bad!r})") from bad
    if environ.get(WAREHOUSE_PATH_SETTING):
        return BuildTarget(Path(environ[WAREHOUSE_PATH_SETTING]))
    raise ValueError(
        f"dbt has no build database: no {BUILD_TARGET_FILE} in its target folder "
        f"({target_path or 'DBT_TARGET_PATH not set'}) and {WAREHOUSE_PATH_SETTING} is not set"
    )
