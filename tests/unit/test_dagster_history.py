"""Dagster's SQLite run history under DAGSTER_HOME skips the fsyncs, and nothing else does
(orchestration/dagster_history.py, issue 19): a real Dagster instance on a DAGSTER_HOME made as
`make build` makes it, with an event stored and read back through it."""

from __future__ import annotations

import sqlalchemy as sa

from orchestration.dagster_history import write_run_history_without_fsync
from orchestration.settings import REPO_ROOT

SYNCHRONOUS_OFF, SYNCHRONOUS_FULL = 0, 2


def _synchronous(connection) -> int:
    return connection.exec_driver_sql("PRAGMA synchronous").scalar()


def test_run_history_connections_skip_fsync_and_other_sqlite_files_keep_it(tmp_path, monkeypatch):
    import dagster as dg

    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO_ROOT / "orchestration" / "dagster.yaml").read_text())
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    write_run_history_without_fsync()
    write_run_history_without_fsync()  # a second call (a module imported again) adds no listener

    other = sa.create_engine(f"sqlite:///{tmp_path / 'elsewhere.db'}")
    mismatches = []
    with dg.DagsterInstance.get() as instance:
        run = instance.create_run_for_job(dg.GraphDefinition(name="noop", node_defs=[]).to_job())
        instance.report_engine_event("stored without fsync", run)
        stored = [e.message for e in instance.all_logs(run.run_id)]
        storages = {
            "event log (run shard)": instance.event_log_storage.run_connection(run.run_id),
            "event log (index)": instance.event_log_storage.index_connection(),
            "runs": instance.run_storage.connect(),
            "schedules": instance.schedule_storage.connect(),
        }
        for name, connecting in storages.items():
            with connecting as connection:
                if _synchronous(connection) != SYNCHRONOUS_OFF:
                    mismatches.append(f"{name}: synchronous {_synchronous(connection)}")
    with other.connect() as connection:
        if _synchronous(connection) != SYNCHRONOUS_FULL:
            mismatches.append(f"a SQLite file outside DAGSTER_HOME: synchronous {_synchronous(connection)}")
    if "stored without fsync" not in stored:
        mismatches.append(f"the event was not read back: {stored}")
    assert not mismatches, mismatches
