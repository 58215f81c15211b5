"""The build's dbt data tests stay few (dbt_project/README.md, "Conventions"; issue 19): a model's
not_null, unique and accepted_values checks of single columns go into its `not_null_columns`,
`unique_columns` and `accepted_values_columns` tests, one node each for all its columns.

A test node of its own is one more query and one more Dagster check result in every build; it is
kept only where it says something the shared test cannot: another severity or a `where`. A Dutch
sentence for the stewards' suite goes with the column in the shared test's
`meta.beschrijving_per_kolom` (orchestration/quality/from_dbt.py).
"""

from __future__ import annotations

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
