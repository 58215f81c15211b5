"""The build's dbt data tests stay few (dbt_project/README.md, "Conventions"; issue 19): a model's
not_null, unique and accepted_values checks of single columns go into its `not_null_columns`,
`unique_columns` and `accepted_values_columns` tests, one node each for all its columns.

A test node of its own is one more query and one more Dagster check result in every build; it is
kept only where it says something the shared test cannot: another severity or a `where`. A Dutch
sentence for the stewards' suite goes with the column in the shared test's
`meta.beschrijving_per_kolom` (orchestration/quality/from_dbt.py).

The tests of the reference data alone (every parent a seed) are not in the build at all: they run
beside the unit tests (orchestration/assets/dbt.py REFERENCE_DATA_TESTS).
"""

from __future__ import annotations

from dagster_dbt.utils import select_unique_ids

from orchestration.assets.dbt import REFERENCE_DATA_TESTS, build_dbt_assets
from orchestration.registry import manifest

# a one-column test -> the test of its model that checks many columns in one query
FOLDED_INTO = {
    "not_null": "not_null_columns",
    "unique": "unique_columns",
    "accepted_values": "accepted_values_columns",
}


def test_every_plain_one_column_test_is_folded_into_its_models_test():
    plain = sorted(
        f"{kind} {node['attached_node'].rsplit('.', 1)[-1]}.{node['column_name']} "
        f"(move it into {FOLDED_INTO[kind]})"
        for node in manifest()["nodes"].values()
        if node["resource_type"] == "test"
        and (kind := (node.get("test_metadata") or {}).get("name")) in FOLDED_INTO
        and node["config"]["severity"].lower() == "error"
        and not node["config"].get("where")
    )
    assert plain == [], f"one-column tests that only repeat what the model's shared test can say: {plain}"


def test_every_stewards_sentence_names_a_column_its_test_checks():
    stray = sorted(
        f"{node['name']}: {column}"
        for node in manifest()["nodes"].values()
        if node["resource_type"] == "test"
        and (node.get("test_metadata") or {}).get("name") in FOLDED_INTO.values()
        for column in (node["config"].get("meta") or {}).get("beschrijving_per_kolom") or {}
        if column not in node["test_metadata"]["kwargs"]["columns"]
    )
    assert stray == []


def seed_only_tests() -> set[str]:
    """The data tests whose every parent is a seed: they check the repository's reference data."""
    return {
        uid
        for uid, node in manifest()["nodes"].items()
        if node["resource_type"] == "test"
        and node["depends_on"]["nodes"]
        and all(parent.startswith("seed.") for parent in node["depends_on"]["nodes"])
    }


def test_the_build_leaves_out_exactly_the_tests_of_the_reference_data():
    left_out = select_unique_ids(REFERENCE_DATA_TESTS, "", "", None, manifest())
    # a singular test that reads only seeds needs the tag `reference_data`; no other test is left out
    assert {
        "missing": sorted(seed_only_tests() - left_out),
        "extra": sorted(left_out - seed_only_tests()),
    } == {
        "missing": [],
        "extra": [],
    }
    checked = {spec.name for spec in build_dbt_assets().check_specs}
    tests = {
        uid: node["name"] for uid, node in manifest()["nodes"].items() if node["resource_type"] == "test"
    }
    assert sorted(tests[uid] for uid in seed_only_tests() if tests[uid] in checked) == []
    # the tests of models keep their Dagster checks (singular tests on several models have none)
    kept = {
        uid for uid in tests if len(manifest()["nodes"][uid]["depends_on"]["nodes"]) == 1
    } - seed_only_tests()
    assert sorted(tests[uid] for uid in kept if tests[uid] not in checked) == []


def test_a_key_of_a_model_that_is_not_published_is_one_primary_key_test():
    # A published mart keeps its not_null_columns and unique_* tests: the stewards' suites derive
    # their expectations from those kinds (orchestration/quality/from_dbt.py).
    checks: dict[str, dict[str, list[set[str]]]] = {}
    for node in manifest()["nodes"].values():
        kind = (node.get("test_metadata") or {}).get("name")
        parent = manifest()["nodes"].get(node.get("attached_node") or "")
        if kind is None or parent is None or parent["resource_type"] != "model":
            continue
        if (parent["config"].get("meta") or {}).get("publish") or node["config"][
            "severity"
        ].lower() != "error":
            continue
        kwargs = node["test_metadata"]["kwargs"]
        columns = kwargs.get("columns") or kwargs.get("combination_of_columns")
        checks.setdefault(parent["name"], {}).setdefault(kind, []).append(set(columns or []))
    unfolded = sorted(
        f"{model}: {sorted(key)}"
        for model, kinds in checks.items()
        for key in kinds.get("unique_combination_of_columns", [])
        + [c for c in kinds.get("unique_columns", []) if len(c) == 1]
        if any(key == not_null for not_null in kinds.get("not_null_columns", []))
    )
    assert unfolded == [], (
        f"not_null_columns and a unique test over the same key: make it one primary_key: {unfolded}"
    )
