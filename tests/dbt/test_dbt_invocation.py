"""How the build invokes dbt (orchestration/assets/dbt.py dbt_resource)."""

from __future__ import annotations

import re
import subprocess

from packaging.version import Version

from orchestration.assets.dbt import DBT_EXECUTABLE, dbt_resource


def test_a_dbt_invocation_builds_no_dbt_adapter_in_the_dagster_process():
    # `dbt debug --config-dir` loads the profile and touches no database: the cheapest invocation
    # for which dagster-dbt would otherwise build the DuckDB adapter in this process.
    invocation = dbt_resource().cli(["debug", "--config-dir"], raise_on_error=False)
    invocation.wait()
    assert invocation.process.returncode == 0
    assert invocation.adapter is None


def test_the_resource_knows_the_version_of_the_dbt_it_runs_without_running_it():
    # dagster-dbt picks its way of reading dbt's output by this version (dbt_resource reads it
    # from the package metadata instead of a `dbt --version` per build)
    printed = subprocess.run([DBT_EXECUTABLE, "--version"], capture_output=True, text=True, check=True).stdout
    assert dbt_resource()._cli_version == Version(re.search(r"(\d+\.\d+\.\d+)", printed).group(1))
