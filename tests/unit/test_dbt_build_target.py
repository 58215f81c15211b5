"""How a dbt invocation learns its build database and as-of date outside dbt's profile and vars
(orchestration/dbt_build_target.py, the plugin orchestration/dbt_duckdb_plugin.py), with the real
dbt-duckdb credentials and DuckDB; the builds themselves: tests/integration/test_as_of.py."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from dbt.adapters.duckdb.credentials import DuckDBCredentials

from orchestration.dbt_build_target import BuildTarget, read_build_target, write_build_target
from orchestration.dbt_duckdb_plugin import AS_OF_DATE_VARIABLE, Plugin


def test_each_run_target_holds_its_own_build_and_a_build_file_wins_over_the_variable(tmp_path):
    builds = {
        "run-a": BuildTarget(tmp_path / "a" / "warehouse.duckdb"),
        "run-b": BuildTarget(tmp_path / "b" / "as_of_2018-06-01" / "warehouse.duckdb", dt.date(2018, 6, 1)),
    }
    for run, build in builds.items():
        write_build_target(tmp_path / run, build)
    by_hand = str(tmp_path / "by_hand" / "warehouse.duckdb")
    read = {
        run: read_build_target({"DBT_TARGET_PATH": str(tmp_path / run), "MH_WAREHOUSE_PATH": by_hand})
        for run in builds
    }
    assert read == builds
    assert read_build_target(
        {"DBT_TARGET_PATH": str(tmp_path / "no-file"), "MH_WAREHOUSE_PATH": by_hand}
    ) == (BuildTarget(tmp_path / "by_hand" / "warehouse.duckdb"))


def test_dbt_without_a_build_database_is_refused_with_where_it_looked(tmp_path):
    with pytest.raises(
        ValueError, match="no build_target.json in its target folder.*MH_WAREHOUSE_PATH is not set"
    ):
        read_build_target({"DBT_TARGET_PATH": str(tmp_path)})
    (tmp_path / "build_target.json").write_text('{"warehouse": 1}')
    with pytest.raises(ValueError, match="build_target.json: not a build target"):
        read_build_target({"DBT_TARGET_PATH": str(tmp_path)})


def _credentials() -> DuckDBCredentials:
    # as dbt makes them from dbt_project/profiles.yml: the fixed path names the catalog
    return DuckDBCredentials.from_dict({"path": "warehouse.duckdb", "schema": "main"})


def test_the_plugin_connects_dbt_to_the_build_database_and_sets_its_as_of_date(tmp_path, monkeypatch):
    build = BuildTarget(tmp_path / "data" / "warehouse.duckdb", dt.date(2018, 6, 1))
    write_build_target(tmp_path / "run", build)
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "run"))
    creds = _credentials()
    plugin = Plugin("dbt_duckdb_plugin", {}, creds)
    plugin.update_connection_config(creds, {})
    assert creds.path == str(build.warehouse_path)
    build.warehouse_path.parent.mkdir()
    con = duckdb.connect(creds.path)
    try:
        plugin.configure_connection(con)
        cursor = con.cursor()  # a connection of its own in DuckDB: dbt-duckdb's threads use these
        plugin.configure_cursor(cursor)
        seen = [
            c.execute(f"SELECT getvariable('{AS_OF_DATE_VARIABLE}')").fetchone()[0] for c in (con, cursor)
        ]
    finally:
        con.close()
    assert seen == [dt.date(2018, 6, 1)] * 2


def test_the_plugin_refuses_a_build_database_that_would_not_be_the_profiles_catalog(tmp_path, monkeypatch):
    write_build_target(tmp_path / "run", BuildTarget(tmp_path / "serving.duckdb"))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "run"))
    creds = _credentials()
    with pytest.raises(ValueError, match="serving.duckdb must be named warehouse.duckdb"):
        Plugin("dbt_duckdb_plugin", {}, creds).update_connection_config(creds, {})
    assert creds.path == "warehouse.duckdb"
