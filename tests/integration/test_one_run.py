"""One build run at a time on a data dir, whichever entry point starts it (issue 14).

Concurrency pools serialise steps, not runs: two runs could interleave so that one publishes rows
that no check of that run saw. `make build` (`python -m orchestration.build`) holds the build lock
around its run; a run of the job started anywhere else holds the same lock for the whole run: the
run worker that `dagster dev` starts for the sensor, the schedule or the UI, and `dagster job
execute` here, which runs the job as that worker does (the job's in-process executor,
orchestration/definitions.py). The run queue of `dagster dev` (orchestration/dagster.yaml) is
checked in tests/unit/test_build_safety.py.

Real processes on the first delivery of the sample, with a persistent DAGSTER_HOME as `make build`
uses it (tests/integration/crash_chain.py): each way round, the build started second is refused at
once (it does not wait: the run queue makes the runs of `dagster dev` wait for each other).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from orchestration.build_lock import build_lock
from orchestration.quality.checks import suite_checks
from orchestration.registry import published_mart_names
from orchestration.settings import REPO_ROOT, Settings
from tests.integration.crash_chain import RUN_TIMEOUT, Run, Workspace, open_read_only

FIRST = "20180601"
DAGSTER = Path(sys.executable).parent / "dagster"
REFUSED = "Another build is running"


@pytest.fixture(scope="module", autouse=True)
def _manifest():
    # `dagster job execute` loads the definitions, which need the dbt manifest (`make build` and
    # `make demo` prepare it first, orchestration/definitions.py).
    from orchestration.assets.dbt import prepare_manifest

    prepare_manifest()


def _workspace(root: Path) -> Workspace:
    ws = Workspace(root)
    ws.deliver(FIRST)
    # The instance's storage made once, as a DAGSTER_HOME in use has it: two processes creating
    # it at the same moment collide in its schema migration, which is no build's doing.
    with _instance(ws):
        pass
    return ws


def _start_job_run(ws: Workspace) -> subprocess.Popen:
    """A run of `build_warehouse` outside `orchestration.build`, recorded in ws's DAGSTER_HOME."""
    log = ws.root / f"job-{time.monotonic_ns()}"
    proc = subprocess.Popen(
        [str(DAGSTER), "job", "execute", "-m", "orchestration.definitions", "-j", "build_warehouse"],
        cwd=REPO_ROOT,
        env=ws.env(),
        stdout=open(f"{log}.out", "w"),
        stderr=open(f"{log}.err", "w"),
        start_new_session=True,
    )
    proc.log, proc.point, proc.t0 = log, "dagster job execute", time.monotonic()  # type: ignore[attr-defined]
    return proc


def _instance(ws: Workspace) -> dg.DagsterInstance:
    return dg.DagsterInstance.from_config(str(ws.dagster_home))


def _materialised(instance: dg.DagsterInstance, run_id: str) -> set[str]:
    return {
        e.dagster_event.asset_key.to_user_string()
        for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
    }


def _check_evaluations(instance: dg.DagsterInstance, run_id: str) -> list:
    return [
        e.dagster_event.event_specific_data
        for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    ]


def _serving_rows(serving: Path, table: str) -> int:
    con = open_read_only(serving)
    try:
        return con.execute(f"SELECT count(*) FROM marts.{table}").fetchone()[0]
    finally:
        con.close()


def _output(run: Run) -> str:
    return run.stdout + run.stderr


def test_a_run_of_the_job_beside_a_running_build_is_refused_and_changes_nothing(tmp_path):
    ws = _workspace(tmp_path)
    # This test process holds the data dir's lock exactly as a `make build` in progress does.
    with build_lock(Settings(inbox_dir=ws.inbox, data_dir=ws.data)):
        run = ws.finish(_start_job_run(ws))

    assert run.returncode != 0, f"the run was not refused:\n{run.stderr[-3000:]}"
    assert REFUSED in _output(run), _output(run)[-3000:]
    assert not ws.warehouse.exists() and not ws.serving.exists()
    with _instance(ws) as instance:
        (record,) = instance.get_run_records()
        assert record.dagster_run.status == dg.DagsterRunStatus.FAILURE
        assert _materialised(instance, record.dagster_run.run_id) == set()


def test_a_build_beside_a_running_job_run_is_refused_and_what_is_published_was_checked(tmp_path):
    ws = _workspace(tmp_path)
    job = _start_job_run(ws)  # a run from `dagster dev` (sensor, schedule or UI) ...
    deadline = time.monotonic() + RUN_TIMEOUT
    while f"pid {job.pid} " not in ws.lock_holder() and job.poll() is None and time.monotonic() < deadline:
        time.sleep(0.5)
    build = ws.run("none")  # ... and `make build` while it runs
    run = ws.finish(job)

    # Refused while the run held the lock: the message names that run's process.
    assert build.returncode == 2, f"rc {build.returncode}: the build was not refused\n{build.stderr[-3000:]}"
    assert f"{REFUSED} on {ws.data} (pid {job.pid} " in build.stderr, build.stderr[-3000:]
    assert run.returncode == 0, _output(run)[-3000:]

    with _instance(ws) as instance:
        publishing = [
            r.dagster_run.run_id
            for r in instance.get_run_records()
            if "serving_database" in _materialised(instance, r.dagster_run.run_id)
        ]
        assert len(publishing) == 1, f"{len(publishing)} runs published serving.duckdb"
        evaluations = _check_evaluations(instance, publishing[0])

    # Every blocking check of the publishing run held, and each published mart holds exactly the
    # rows that its suite counted in that run.
    assert evaluations and all(e.passed or e.severity == dg.AssetCheckSeverity.WARN for e in evaluations)
    checked_rows = {
        e.check_name: e.metadata["row_count"].value for e in evaluations if "row_count" in e.metadata
    }
    suites_on_published = {
        f"{s.suite}_expectations": s.table.split(".", 1)[1]
        for s in suite_checks()
        if s.table.startswith("marts.") and s.table.split(".", 1)[1] in published_mart_names()
    }
    assert suites_on_published.keys() <= checked_rows.keys()
    assert {c: _serving_rows(ws.serving, t) for c, t in suites_on_published.items()} == {
        c: checked_rows[c] for c in suites_on_published
    }
    assert _serving_rows(ws.serving, "victims") > 0
