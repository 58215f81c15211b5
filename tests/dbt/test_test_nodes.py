"""The build's dbt data tests stay few (dbt_project/README.md, "Conventions"; issue 19): a column
that must not be NULL and needs nothing of its own goes into its model's `not_null_columns`.

A `not_null` node of its own is one more query and one more Dagster check result in every build;
it is kept only where it says something the shared test cannot: a Dutch sentence for the stewards'
suite (`meta.beschrijving`, orchestration/quality/from_dbt.py), another severity, or a `where`.
"""

from __future__ import annotations

from orchestration.registry import manifest


def test_every_plain_not_null_is_folded_into_not_null_columns():
    plain = sorted(
        f"{node['attached_node'].rsplit('.', 1)[-1]}.{node['column_name']}"
        for node in manifest()["nodes"].values()
        if node["resource_type"] == "test"
        and (node.get("test_metadata") or {}).get("name") == "not_null"
        and node["config"]["severity"].lower() == "error"
        and not node["config"].get("where")
        and not (node["config"].get("meta") or {}).get("beschrijving")
    )
    assert plain == [], (
        "not_null tests that only repeat what the model's not_null_columns test can say "
        f"(move the column into that list): {plain}"
    )
