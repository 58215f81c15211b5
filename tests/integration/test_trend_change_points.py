"""The change-point check of the yearly series of Trends slachtoffers (issue 17) in the build of the
default sample: the build ran it as the Dagster asset check `trend_change_points_expectations` and
its outcome reached the stewards' quality.duckdb; with an unexplained jump in the mart, the real
asset check fails as a warning (never blocking), naming the series, year and size in its metadata,
and the stewards' results hold it. The rule itself is tested on hand-made series by the dbt unit
test test_change_points_jump_explained_unexplained_none (tests/dbt/test_dbt_unit_tests.py)."""

from __future__ import annotations

import json
import shutil

import dagster as dg
import duckdb

from orchestration.build_lock import BUILD_LOCK, build_lock
from orchestration.resources import WAREHOUSE, WarehouseSettings

CHECK = "trend_change_points_expectations"
SUITE = "trend_change_points"


def test_the_build_ran_the_change_point_check_for_the_stewards(built_warehouse):
    con = duckdb.connect(str(built_warehouse.quality_path), read_only=True)
    try:
        steward = con.execute(
            "SELECT severity, count(*) FROM steward.results WHERE suite = ? GROUP BY severity", [SUITE]
        ).fetchall()
    finally:
        con.close()
    con = duckdb.connect(str(built_warehouse.serving_path), read_only=True)
    try:
        series_years = con.execute("SELECT count(*) FROM marts.trend_change_points").fetchone()[0]
    finally:
        con.close()
    assert steward == [("warning", 1)]
    assert series_years > 0


def test_an_unexplained_jump_warns_with_series_year_and_size(built_warehouse, tmp_path):
    from orchestration.assets.quality_checks import quality_checks

    shutil.copy(built_warehouse.warehouse_path, tmp_path / built_warehouse.warehouse_path.name)
    copy = WarehouseSettings(inbox_dir=str(built_warehouse.inbox_dir), data_dir=str(tmp_path))
    con = duckdb.connect(str(tmp_path / built_warehouse.warehouse_path.name))
    # The headline series jumps into its last year, and nothing in the register explains it.
    ((year,),) = con.execute(
        "SELECT max(registration_year) FROM marts.trend_change_points "
        "WHERE figure = 'mensenhandelvorm' AND category = 'Alle vormen'"
    ).fetchall()
    con.execute(
        "UPDATE marts.trend_change_points SET change = 500, is_jump = true, explained_by = NULL, "
        "is_unexplained_jump = true "
        "WHERE figure = 'mensenhandelvorm' AND category = 'Alle vormen' AND registration_year = ?",
        [year],
    )
    con.close()

    (check,) = [c for c in quality_checks() if any(k.name == CHECK for k in c.check_keys)]
    assert not next(iter(check.check_specs)).blocking
    with build_lock(copy.settings):  # as test_mart_suites' P8 check: the step needs the build lock
        result = check(
            dg.build_asset_check_context(
                resources={BUILD_LOCK: dg.ResourceDefinition.none_resource(), WAREHOUSE: copy}
            )
        )

    assert result.passed is False
    assert result.severity == dg.AssetCheckSeverity.WARN
    (failed,) = result.metadata["failed_expectations"].data
    assert failed["ernst"] == "waarschuwing"
    jump = {"figure": "mensenhandelvorm", "category": "Alle vormen", "registration_year": year, "change": 500}
    # the default sample's own unexplained jumps are named beside it
    assert jump in json.loads(failed["failing_rows"])["rows"]
    con = duckdb.connect(str(tmp_path / built_warehouse.warehouse_path.name), read_only=True)
    rows = con.execute(
        # this check's run, not the build's own (the copy keeps the build's results)
        "SELECT severity, success, failing_rows_ref FROM quality.results WHERE suite = ? AND NOT success "
        "AND run_at = (SELECT max(run_at) FROM quality.results WHERE suite = ?)",
        [SUITE, SUITE],
    ).fetchall()
    con.close()
    assert [(sev, ok) for sev, ok, _ in rows] == [("warning", False)]
    assert jump in json.loads(rows[0][2])["rows"]
