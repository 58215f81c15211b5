"""Headless build: materialise every asset once (`make build`, schedulers, test fixtures).

    python -m orchestration.build [--rebuild] [--quiet] [--as-of YYYY-MM-DD]

Reads MH_INBOX_DIR, MH_DATA_DIR and MH_PSEUDONYM_KEY; without a key it creates a random demo key
once under MH_DATA_DIR (outside git) and uses it from then on. The run gets them as its resources
(orchestration/resources.py), never through this process's environment.

What a build guarantees (README "Garanties"): one build at a time per data dir (a lock that the
operating system releases when the process dies, so a killed build never blocks the next; a run of
the job started elsewhere holds the same lock, orchestration/build_lock.py); a build killed at any
point leaves the previous serving.duckdb serving, and the next build completes without clean-up; a
build refuses to run under another pseudonymisation key than the one the warehouse was built with,
unless asked for a full rebuild (`--rebuild`). `--quiet` (`make build` unless VERBOSE=1): one line
per stage, warnings and failures (orchestration/build_progress.py) instead of every event.
`--as-of YYYY-MM-DD` (issue 17): every mart as the warehouse counted on that date, built in
<data dir>/as_of_<date>/ so that the current serving.duckdb stays (orchestration/settings.py says why).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import socket
import sys
from pathlib import Path
from typing import TextIO

import dagster as dg

from orchestration.build_lock import BuildAlreadyRunning, build_lock
from orchestration.build_progress import progress_logger, quiet_run_config, silenced
from orchestration.private_files import keep_private
from orchestration.pseudonym_key import (
    KEY_SETTING,
    MissingPseudonymKey,
    PseudonymKeyChanged,
    check_pseudonym_key,
    ensure_demo_key,
)
from orchestration.resources import PSEUDONYM_KEY, WAREHOUSE, PseudonymKey, WarehouseSettings
from orchestration.settings import Settings

BUILD_PID_TAG = "mh/build_pid"
BUILD_HOST_TAG = "mh/build_host"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def release_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Runs of `python -m orchestration.build` that were killed stay STARTED in a persistent
    Dagster instance and keep their slot of the one-writer pool, so the next build would wait
    forever for it. Mark those whose process is gone as failed and free their slots. Only our
    own headless runs (tagged with pid and host) are touched, never runs of `dagster dev`."""
    released = []
    records = instance.get_run_records(
        dg.RunsFilter(
            statuses=[
                dg.DagsterRunStatus.STARTED,
                dg.DagsterRunStatus.STARTING,
                dg.DagsterRunStatus.NOT_STARTED,
            ],
            tags={BUILD_HOST_TAG: socket.gethostname()},
        )
    )
    for record in records:
        run = record.dagster_run
        pid = run.tags.get(BUILD_PID_TAG, "")
        if not pid.isdigit() or _pid_alive(int(pid)):
            continue
        instance.report_run_failed(
            run, f"process {pid} of this build is gone (killed); released by the next build"
        )
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released.append(run.run_id)
    return released


def move_warehouse_aside(settings: Settings) -> Path | None:
    """For a full rebuild: keep the old build database (and its WAL) under data/replaced/, so a
    failed rebuild loses nothing; delete it once the rebuild is good."""
    if not settings.warehouse_path.exists():
        return None
    aside = settings.data_dir / "replaced" / f"warehouse-{dt.datetime.now():%Y%m%dT%H%M%S}"
    aside.mkdir(parents=True)
    for path in (
        settings.warehouse_path,
        settings.warehouse_path.with_name(settings.warehouse_path.name + ".wal"),
    ):
        if path.exists():
            os.replace(path, aside / path.name)
    return aside


def build_all(
    warehouse: WarehouseSettings,
    *,
    instance: dg.DagsterInstance | None = None,
    rebuild: bool = False,
    progress: TextIO | None = None,
    demo_key_file: Path | None = None,
) -> dg.ExecuteInProcessResult:
    """Run the `build_warehouse` job in this process and return its result (never raises on a
    failed step: the result says what failed, and the previous serving database stays).

    Raises BuildAlreadyRunning when another build holds the data dir, and PseudonymKeyChanged when
    the key is not the warehouse's (unless `rebuild`: then the build database is moved aside and
    every delivery in the inbox is ingested again under the current key).

    `warehouse`: the build's folders, as-of date and the other MH_* settings
    (`WarehouseSettings.from_environment(inbox_dir=..., data_dir=..., as_of_date=...)`: what is
    not given comes from MH_INBOX_DIR, MH_DATA_DIR, ..., orchestration/settings.py); an as-of
    build counts in <data dir>/as_of_<date>/.
    `progress`: run quietly, with only the progress lines (orchestration/build_progress.py) written
    to this stream; None: Dagster's console logger and every library's output, as they come.
    `demo_key_file`: the key when MH_PSEUDONYM_KEY is not set (`main` makes it)."""
    key_source = PseudonymKey(demo_key_file=str(demo_key_file or ""))
    settings = warehouse.settings
    keep_private(settings.data_dir)  # before anything is written: the lock, DuckDB, GX, Dagster
    settings.data_dir.mkdir(parents=True, exist_ok=True)

    with build_lock(settings):
        if rebuild:
            aside = move_warehouse_aside(settings)
            if aside:
                print(f"Full rebuild: the previous build database is kept in {aside}", file=sys.stderr)
        try:
            key = key_source.key()
        except MissingPseudonymKey:
            key = None  # the ingestion steps refuse to run, with the message, in the job's result
        if key is not None:
            check_pseudonym_key(settings, key)

        from orchestration.assets.dbt import prepare_manifest

        prepare_manifest()
        from orchestration.definitions import defs

        instance = instance or dg.DagsterInstance.ephemeral()
        released = release_dead_runs(instance)
        if released:
            print(f"Released {len(released)} killed build run(s): {', '.join(released)}", file=sys.stderr)
        job = defs.resolve_job_def("build_warehouse")
        run_config = None
        output = contextlib.nullcontext()
        if progress is not None:
            job = job.with_logger_defs({"progress": progress_logger(progress)})
            run_config, output = quiet_run_config(), silenced()
        with output:
            return job.execute_in_process(
                run_config=run_config,
                instance=instance,
                raise_on_error=False,
                resources={WAREHOUSE: warehouse, PSEUDONYM_KEY: key_source},
                tags={BUILD_PID_TAG: str(os.getpid()), BUILD_HOST_TAG: socket.gethostname()},
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.build", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="move the build database aside and ingest every delivery in the inbox again "
        "(needed after a change of MH_PSEUDONYM_KEY)",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="one line per stage, warnings and failures, instead of every Dagster event, dbt line and GX message",
    )
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="count as of this date: only deliveries dated on or before it, with the versions current "
        "then; built in <data dir>/as_of_<date>/, the current serving.duckdb stays",
    )
    args = parser.parse_args(argv)
    # the MH_* variables, read once for the whole build (orchestration/settings.py)
    warehouse = WarehouseSettings.from_environment(as_of_date=args.as_of)
    settings, built = warehouse.warehouse_settings, warehouse.settings  # built: as_of_<date>/ if asked
    keep_private(settings.data_dir)  # before the demo key and DAGSTER_HOME's storage
    demo_key_file = None
    if not os.environ.get(KEY_SETTING):
        ensure_demo_key(settings)
        demo_key_file = settings.pseudonym_key_file
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else None
    try:
        if args.quiet:
            as_of = f" as of {args.as_of}" if args.as_of else ""
            print(f"Building {built.data_dir} from {built.inbox_dir}{as_of} (a few minutes) ...", flush=True)
        result = build_all(
            warehouse,
            instance=instance,
            rebuild=args.rebuild,
            progress=sys.stdout if args.quiet else None,
            demo_key_file=demo_key_file,
        )
    except (BuildAlreadyRunning, PseudonymKeyChanged) as refused:
        print(f"Build refused: {refused}", file=sys.stderr)
        return 2
    failed = [e.step_key for e in result.all_events if e.is_step_failure]
    if result.success:
        print(f"Build complete: {built.serving_path}")
        return 0
    print(
        f"Build failed in {', '.join(failed) or 'a check'}; the previous serving database stays.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
