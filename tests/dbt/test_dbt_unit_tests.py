"""The dbt unit tests: one or more per rule of every contract (registration R1-R16, residence
V1-V11, prosecution P1-P10), all passing.

They run with the real dbt and DuckDB on an empty warehouse that has the landing schema the
ingestion creates, so a unit test can never pass against a landing table that does not exist.
"""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from orchestration.ingestion.contracts import CONTRACTS
from orchestration.ingestion.store import ensure_tables
from tests.dbt_cli import run_dbt

RULES = [
    *(f"R{n}" for n in range(1, 17)),  # registration.md §4
    *(f"V{n}" for n in range(1, 12)),  # residence.md §3
    *(f"P{n}" for n in range(1, 11)),  # prosecution.md §3
]


@pytest.fixture(scope="module")
def unit_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("dbt_unit")
    warehouse, target = root / "warehouse.duckdb", root / "target"
    con = duckdb.connect(str(warehouse))
    ensure_tables(con, list(CONTRACTS))
    con.close()
    # unit tests need their parents' relations to exist (for column types): build them empty
    built = run_dbt(
        ["build", "--empty", "--exclude-resource-type", "test", "unit_test"], warehouse, target, timeout=600
    )
    assert built.returncode == 0, built.stdout[-4000:]
    run = run_dbt(["test", "--select", "test_type:unit"], warehouse, target, timeout=600)
    results = json.loads((target / "run_results.json").read_text())["results"]
    return run, results


def test_every_dbt_unit_test_passes(unit_run):
    run, results = unit_run
    failed = [r["unique_id"] for r in results if r["status"] != "pass"]
    assert results, "no unit test ran"
    assert failed == [], run.stdout[-4000:]
    assert run.returncode == 0


@pytest.mark.parametrize("rule", RULES)
def test_each_contract_rule_has_a_unit_test(unit_run, rule):
    _, results = unit_run
    names = [r["unique_id"].rsplit(".", 1)[-1] for r in results]
    assert any(re.match(rf"test_{rule}_", n) for n in names), f"no dbt unit test for {rule}"
