"""The Dagster code location: one lineage graph, the job, the inbox sensor."""

from __future__ import annotations

import dagster as dg
import pytest

from tests.faults.registration import to_csv, valid_row


@pytest.fixture(scope="module")
def defs():
    from orchestration.assets.dbt import prepare_manifest

    prepare_manifest()
    from orchestration.definitions import defs

    return defs


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_one_lineage_graph_from_landing_to_the_published_database(defs):
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"landing_comensha", "stg_comensha__meldingen", "victims", "reports",
            "police_unit_reports", "serving_database"} <= keys
    upstream = {k.to_user_string() for k in graph.upstream_key_iterator(dg.AssetKey("stg_comensha__meldingen"))}
    assert "landing_comensha" in upstream
    assert {"victims", "reports", "police_unit_reports"} <= {
        k.to_user_string() for k in graph.get(dg.AssetKey("serving_database")).parent_keys
    }


def test_build_job_schedule_and_sensor_exist(defs):
    assert defs.resolve_job_def("build_warehouse")
    assert defs.resolve_schedule_def("daily_build").cron_schedule == "0 6 * * *"
    assert defs.resolve_sensor_def("inbox_sensor")


def test_every_step_of_the_build_job_holds_the_build_lock(defs):
    """Issue 14: the lock is a resource, held from a run's first step to its last only if every
    step requires it; a step without it could run beside another build (test_one_run.py)."""
    from orchestration.build_lock import BUILD_LOCK

    steps = defs.resolve_job_def("build_warehouse").graph.node_defs
    assert len(steps) > 5
    assert [s.name for s in steps if BUILD_LOCK not in s.required_resource_keys] == []


def test_inbox_sensor_requests_a_build_only_for_new_files(defs, tmp_path, monkeypatch_module):
    monkeypatch_module.setenv("MH_INBOX_DIR", str(tmp_path))
    folder = tmp_path / "comensha"
    folder.mkdir()
    (folder / "comensha_registraties_20180601.csv").write_bytes(to_csv([valid_row("A")]))
    sensor = defs.resolve_sensor_def("inbox_sensor")
    with dg.instance_for_test() as instance:
        first = sensor.evaluate_tick(dg.build_sensor_context(instance=instance))
        assert len(first.run_requests) == 1
        same = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=first.cursor))
        assert same.run_requests == [] and same.skip_message
        (folder / "comensha_registraties_20181001.csv").write_bytes(to_csv([valid_row("B")]))
        new = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=first.cursor))
        assert len(new.run_requests) == 1
        assert "comensha_registraties_20181001.csv" in new.run_requests[0].tags["inbox/new_files"]


def test_inbox_sensor_skips_files_already_published(defs, tmp_path, monkeypatch_module):
    import os
    import time

    inbox, data = tmp_path / "inbox", tmp_path / "data"
    monkeypatch_module.setenv("MH_INBOX_DIR", str(inbox))
    monkeypatch_module.setenv("MH_DATA_DIR", str(data))
    (inbox / "comensha").mkdir(parents=True)
    delivery = inbox / "comensha" / "comensha_registraties_20180601.csv"
    delivery.write_bytes(to_csv([valid_row("A")]))
    data.mkdir()
    (data / "serving.duckdb").write_bytes(b"")
    past = time.time() - 3600
    os.utime(delivery, (past, past))
    sensor = defs.resolve_sensor_def("inbox_sensor")
    with dg.instance_for_test() as instance:
        first = sensor.evaluate_tick(dg.build_sensor_context(instance=instance))
        assert first.run_requests == [] and first.cursor
        (inbox / "comensha" / "comensha_registraties_20181001.csv").write_bytes(to_csv([valid_row("B")]))
        later = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=first.cursor))
        assert len(later.run_requests) == 1
