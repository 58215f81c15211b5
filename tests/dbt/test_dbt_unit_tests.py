"""The dbt unit tests: one or more per rule of every contract (registration R1-R16, residence
V1-V11, prosecution P1-P10), all passing; and the data tests of the reference data (the seeds),
which the builds leave out (orchestration/assets/dbt.py REFERENCE_DATA_TESTS), in the same run.

They run with the real dbt and DuckDB on an empty warehouse that has the landing schema the
ingestion creates, so a unit test can never pass against a landing table that does not exist.
"""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from orchestration.assets.dbt import REFERENCE_DATA_TESTS
from orchestration.ingestion.contracts import CONTRACTS
from orchestration.ingestion.store import ensure_tables
from orchestration.registry import manifest
from tests.dbt.test_test_nodes import seed_only_tests
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
    # the seeds are loaded whole (--empty leaves them be), so their own tests run here too
    run = run_dbt(
        ["test", "--select", f"test_type:unit {REFERENCE_DATA_TESTS}"], warehouse, target, timeout=600
    )
    results = json.loads((target / "run_results.json").read_text())["results"]
    return run, results, warehouse


def test_every_dbt_unit_test_and_reference_data_test_passes(unit_run):
    run, results, _ = unit_run
    failed = [r["unique_id"] for r in results if r["status"] != "pass"]
    assert [r for r in results if r["unique_id"].startswith("unit_test.")], "no unit test ran"
    assert failed == [], run.stdout[-4000:]
    assert run.returncode == 0


def test_every_reference_data_test_ran_on_the_whole_seeds(unit_run):
    _, results, warehouse = unit_run
    ran = {r["unique_id"] for r in results}
    con = duckdb.connect(str(warehouse), read_only=True)
    seeds = [n["name"] for n in manifest()["nodes"].values() if n["resource_type"] == "seed"]
    empty = [s for s in seeds if con.execute(f"select count(*) from reference.{s}").fetchone()[0] == 0]
    con.close()
    assert seeds and empty == []  # `build --empty` loads seeds whole, so their tests saw every row
    assert seed_only_tests(), "the manifest has no tests of the reference data"
    assert sorted(seed_only_tests() - ran) == []


@pytest.mark.parametrize("rule", RULES)
def test_each_contract_rule_has_a_unit_test(unit_run, rule):
    _, results, _ = unit_run
    names = [r["unique_id"].rsplit(".", 1)[-1] for r in results]
    assert any(re.match(rf"test_{rule}_", n) for n in names), f"no dbt unit test for {rule}"
