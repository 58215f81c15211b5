"""The inbox sensor and the daily schedule: both start the full build job."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg

from orchestration.ingestion.contracts import CONTRACTS
from orchestration.ingestion.run import list_inbox
from orchestration.local_time import AMSTERDAM
from orchestration.resources import WarehouseSettings

BUILD_JOB = "build_warehouse"


def inbox_fingerprint(inbox: Path) -> dict[str, list]:
    """`<source>/<name>` -> [size, mtime in whole seconds] of every delivery entry in the inbox.

    The entries ingestion lists (`list_inbox`): an upload under a temporary name is none yet.
    Whole seconds, as in the cursors written before issue 14, so that those still compare.
    """
    return {
        f"{contract.source}/{path.name}": [stamp.size, stamp.mtime_seconds]
        for contract in CONTRACTS
        for path, stamp in list_inbox(contract, inbox).items()
        if stamp is not None
    }


def _published_after(files: dict[str, list], serving: Path) -> bool:
    return serving.exists() and all(mtime < serving.stat().st_mtime for _, mtime in files.values())


def _read_cursor(cursor: str | None) -> tuple[dict[str, list], dict[str, dict]]:
    """(the stamp of each file when a build was last requested for it, the files seen since with
    another stamp: `{"stamp": [...], "ticks": n}`, n = consecutive ticks it had that stamp).

    A cursor from before issue 14 is the first part alone, `{"<source>/<name>": [size, mtime]}`.
    """
    state = json.loads(cursor) if cursor else {}
    if "requested" not in state:  # `<source>/<name>` keys: never this word
        return state, {}
    return state["requested"], state["settling"]


def _write_cursor(context: dg.SensorEvaluationContext, requested: dict, settling: dict) -> None:
    context.update_cursor(json.dumps({"requested": requested, "settling": settling}, sort_keys=True))


@dg.sensor(job_name=BUILD_JOB, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseSettings):
    """Start a build when a delivery file appears or changes in the inbox, once it has stopped
    changing: the same size and mtime on `MH_INBOX_SETTLE_TICKS` ticks (settings.py; issue 14)."""
    settings = warehouse.settings
    current = inbox_fingerprint(settings.inbox_dir)
    if context.cursor is None and _published_after(current, settings.serving_path):
        # First tick after `make build`: the serving database already holds these files.
        _write_cursor(context, current, {})
        return dg.SkipReason("the serving database is newer than every file in the inbox")
    requested, seen = _read_cursor(context.cursor)
    requested = {name: stamp for name, stamp in requested.items() if name in current}
    settling = {}
    for name, stamp in current.items():
        if requested.get(name) != stamp:
            same = name in seen and seen[name]["stamp"] == stamp
            settling[name] = {"stamp": stamp, "ticks": seen[name]["ticks"] + 1 if same else 1}
    needed = warehouse.inbox_settle_ticks
    settled = sorted(name for name, seen_as in settling.items() if seen_as["ticks"] >= needed)
    if not settled:
        _write_cursor(context, requested, settling)
        if settling:
            return dg.SkipReason(
                f"waiting until these files stop changing: {', '.join(sorted(settling))}"[:1000]
            )
        return dg.SkipReason("no new delivery files in the inbox")
    requested |= {name: current[name] for name in settled}
    _write_cursor(context, requested, {n: s for n, s in settling.items() if n not in settled})
    run_key = hashlib.sha256(json.dumps(requested, sort_keys=True).encode()).hexdigest()[:16]
    return dg.RunRequest(run_key=run_key, tags={"inbox/new_files": ", ".join(settled)[:1000]})


daily_build = dg.ScheduleDefinition(
    name="daily_build",
    job_name=BUILD_JOB,
    cron_schedule="0 6 * * *",
    execution_timezone=AMSTERDAM.key,
)
