"""The inbox sensor and the daily schedule: both start the full build job."""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from orchestration.ingestion.contracts import CONTRACTS
from orchestration.settings import load_settings

BUILD_JOB = "build_warehouse"


def inbox_fingerprint() -> dict[str, list]:
    """name -> [size, mtime] of every delivery file in the inbox sub-folders."""
    inbox = load_settings().inbox_dir
    files = {}
    for contract in CONTRACTS:
        folder = inbox / contract.source
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    stat = path.stat()
                    files[f"{contract.source}/{path.name}"] = [stat.st_size, int(stat.st_mtime)]
    return files


def _published_after(files: dict[str, list]) -> bool:
    serving = load_settings().serving_path
    return serving.exists() and all(mtime < serving.stat().st_mtime for _, mtime in files.values())


@dg.sensor(job_name=BUILD_JOB, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext):
    """Start a build when a delivery file appears or changes in the inbox."""
    current = inbox_fingerprint()
    if context.cursor is None and _published_after(current):
        # First tick after `make build`: the serving database already holds these files.
        context.update_cursor(json.dumps(current, sort_keys=True))
        return dg.SkipReason("the serving database is newer than every file in the inbox")
    previous = json.loads(context.cursor) if context.cursor else {}
    changed = sorted(name for name, stamp in current.items() if previous.get(name) != stamp)
    if not changed:
        return dg.SkipReason("no new delivery files in the inbox")
    context.update_cursor(json.dumps(current, sort_keys=True))
    run_key = hashlib.sha256(json.dumps(current, sort_keys=True).encode()).hexdigest()[:16]
    return dg.RunRequest(run_key=run_key, tags={"inbox/new_files": ", ".join(changed)[:1000]})


daily_build = dg.ScheduleDefinition(
    name="daily_build",
    job_name=BUILD_JOB,
    cron_schedule="0 6 * * *",
    execution_timezone="Europe/Amsterdam",
)
