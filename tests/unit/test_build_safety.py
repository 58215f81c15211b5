"""The pieces of crash safety that need no build (the real kills: tests/integration/test_crash_safety.py)."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.build_lock import BUILD_LOCK, BuildAlreadyRunning, build_lock, build_lock_resource
from orchestration.duckdb_files import leftovers, temp_path, write_atomically
from orchestration.pseudonym_key import PseudonymKeyChanged, check_pseudonym_key
from orchestration.settings import Settings


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(inbox_dir=tmp_path / "inbox", data_dir=tmp_path / "data")


def _warehouse(path):
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA marts; CREATE TABLE marts.t AS SELECT range AS x FROM range(10)")
    con.close()


def test_a_killed_writers_leftovers_do_not_block_or_leak_into_the_next_publish(tmp_path):
    warehouse, target = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _warehouse(warehouse)
    tmp = temp_path(target)
    tmp.write_bytes(b"half a file from a killed writer")
    tmp.with_name(tmp.name + ".wal").write_bytes(b"its write-ahead log")
    counts = write_atomically(target, warehouse, "marts", lambda _c: {"t": "SELECT * FROM build.marts.t"})
    assert counts == {"t": 10}
    assert leftovers(target) == []
    con = duckdb.connect(str(target), read_only=True)
    assert con.execute("SELECT count(*) FROM marts.t").fetchone() == (10,)


def test_a_failed_publish_leaves_the_served_file(tmp_path):
    warehouse, target = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _warehouse(warehouse)
    write_atomically(target, warehouse, "marts", lambda _c: {"t": "SELECT * FROM build.marts.t"})
    before = target.read_bytes()
    with pytest.raises(duckdb.Error):
        write_atomically(target, warehouse, "marts", lambda _c: {"t": "SELECT * FROM build.marts.missing"})
    assert target.read_bytes() == before


def test_only_one_build_holds_a_data_dir(settings):
    with build_lock(settings):
        with pytest.raises(BuildAlreadyRunning, match="Another build is running"):
            with build_lock(settings):
                pass
    with build_lock(settings):  # released when the holder ends
        pass


def test_the_warehouse_remembers_its_key_without_storing_it(settings):
    key = b"k" * 40
    check_pseudonym_key(settings, key)
    check_pseudonym_key(settings, key)  # the same key again: fine
    with pytest.raises(PseudonymKeyChanged, match="REBUILD=1"):
        check_pseudonym_key(settings, b"o" * 40)
    assert key not in settings.warehouse_path.read_bytes()


def test_an_ingestion_step_outside_make_build_refuses_another_key(settings, monkeypatch):
    """Runs of the inbox sensor and the schedule in `dagster dev` do not go through
    orchestration.build: the ingestion step itself must refuse a changed key, before writing."""
    import dagster as dg

    from orchestration.assets.ingestion import ingestion_asset
    from orchestration.ingestion.contracts import CONTRACTS
    from orchestration.resources import PSEUDONYM_KEY, WAREHOUSE, PseudonymKey, WarehouseSettings

    (settings.inbox_dir / "comensha").mkdir(parents=True)
    monkeypatch.setenv("MH_PSEUDONYM_KEY", "a" * 40)
    check_pseudonym_key(settings, b"b" * 40)  # the warehouse was built under another key
    before = settings.warehouse_path.read_bytes()
    comensha = next(c for c in CONTRACTS if c.source == "comensha")

    with pytest.raises(PseudonymKeyChanged, match="REBUILD=1"):
        dg.materialize(
            [ingestion_asset(comensha)],
            resources={
                BUILD_LOCK: build_lock_resource,
                PSEUDONYM_KEY: PseudonymKey(),
                WAREHOUSE: WarehouseSettings(
                    inbox_dir=str(settings.inbox_dir), data_dir=str(settings.data_dir)
                ),
            },
        )
    assert settings.warehouse_path.read_bytes() == before


def test_the_instance_make_installs_launches_one_run_at_a_time(tmp_path):
    """Issue 14: the sensor, the schedule and runs launched in `dagster dev` go through Dagster's
    run queue; it starts the next run only when no other run is in progress (a `make build` on the
    same DAGSTER_HOME counts too). The instance is the one `make dagster-home` installs."""
    import subprocess

    import dagster as dg
    from dagster._core.run_coordinator import QueuedRunCoordinator

    from orchestration.settings import REPO_ROOT

    home = tmp_path / "dagster_home"
    subprocess.run(
        ["make", "--no-print-directory", "dagster-home", f"DAGSTER_HOME={home}"],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance.run_coordinator, QueuedRunCoordinator)
        assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1
