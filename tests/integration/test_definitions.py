"""The Dagster code location: one lineage graph, the job, the inbox sensor (its ticks:
test_inbox_sensor.py)."""

from __future__ import annotations

import dagster as dg
import pytest


@pytest.fixture(scope="module")
def defs():
    from orchestration.assets.dbt import prepare_manifest
    from orchestration.settings import load_settings

    prepare_manifest(load_settings().warehouse_path)
    from orchestration.definitions import defs

    return defs


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

