"""How the build invokes dbt (orchestration/assets/dbt.py dbt_resource)."""

from __future__ import annotations

from orchestration.assets.dbt import dbt_resource, warehouse_vars


def test_a_dbt_invocation_builds_no_dbt_adapter_in_the_dagster_process(tmp_path):
    # `dbt debug --config-dir` loads the profile and touches no database: the cheapest invocation
    # for which dagster-dbt would otherwise build the DuckDB adapter in this process.
    invocation = dbt_resource().cli(
        ["debug", "--config-dir", *warehouse_vars(tmp_path / "warehouse.duckdb")], raise_on_error=False
    )
    invocation.wait()
    assert invocation.process.returncode == 0
    assert invocation.adapter is None
