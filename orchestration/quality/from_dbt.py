"""The GX expectations that repeat a published mart's own dbt tests, derived from the manifest.

dbt states a mart's not_null, unique, accepted_values and unique_combination_of_columns tests
once (issue 16, "The dbt project is the registry"). A test the stewards must see on the
Datakwaliteit dashboard (in Dutch, with the failing rows and its Data Docs page, so that they know
why a build was blocked) says so with its Dutch sentence in the dbt YAML:

    - accepted_values:
        arguments:
          values: "{{ var('value_sets')['gender'] }}"
        config:
          meta:
            beschrijving: "Het geslacht is een van: {value_sets.gender}."

A model's not_null, unique and accepted_values tests are folded into one test of each kind for
all its columns (`not_null_columns`, `unique_columns`, `accepted_values_columns`: one dbt node each,
issue 19); such a test holds the stewards' sentences per column:

    - accepted_values_columns:
        arguments:
          columns: {gender: gender, kmar_region: [Zuid, Schiphol, West, Noord-Oost, Onbekend]}
        config:
          meta:
            beschrijving_per_kolom:
              gender: "Het geslacht is een van: {value_sets.gender}."

and gives one expectation for each column that has one. The mart's suite
(expectations/suites/<mart>.yml) gets its expectations from here; the suite
file holds only what dbt cannot say (tests/quality/test_from_dbt.py keeps it that way). The
sentence takes the placeholders of a suite file (expectations/README.md). dbt severity `error`
blocks the publish like a suite's `error`; `warn` is a `warning`.
"""

from __future__ import annotations

import re
from typing import Any

from orchestration.quality.references import resolve

# dbt test -> the GX expectation (suite-file name, without `expect_`) that checks the same.
GX_EXPECTATION = {
    "not_null": "column_values_to_not_be_null",
    "unique": "column_values_to_be_unique",
    "accepted_values": "column_values_to_be_in_set",
    "unique_combination_of_columns": "compound_columns_to_be_unique",
}
# The tests that check many columns at once (one dbt node for them all) -> the GX expectation
# that checks each of their columns.
GX_EXPECTATION_PER_COLUMN = {
    "not_null_columns": "column_values_to_not_be_null",
    "unique_columns": "column_values_to_be_unique",
    "accepted_values_columns": "column_values_to_be_in_set",
}

_SEVERITY = {"error": "error", "warn": "warning"}

# How a model's YAML names a value set of dbt_project.yml (vars.value_sets), the one copy.
_VALUE_SET = re.compile(r"^\{\{\s*var\('value_sets'\)\['(\w+)'\]\s*\}\}$")


def beschrijving(test: dict) -> str | None:
    """The Dutch sentence of a dbt test node for the stewards, if it has one."""
    return (test["config"].get("meta") or {}).get("beschrijving")


def beschrijving_per_kolom(test: dict) -> dict[str, str]:
    """The Dutch sentences of a test over many columns, by column (those the stewards see)."""
    return dict((test["config"].get("meta") or {}).get("beschrijving_per_kolom") or {})


def value_set(values: str | list) -> list:
    """An accepted_values_columns entry: the name of a value set (dbt_project.yml) or the values."""
    return list(resolve(f"value_sets.{values}")) if isinstance(values, str) else list(values)


def _values(test: dict) -> list:
    values = test["test_metadata"]["kwargs"]["values"]
    if isinstance(values, str):
        named = _VALUE_SET.match(values)
        if not named:
            raise ValueError(f"{test['name']}: accepted_values {values!r} is neither a list nor a value set")
        return value_set(named.group(1))
    return list(values)


def _refuse_where(test: dict) -> None:
    if test["config"].get("where"):
        # a dbt `where` is SQL, a GX row_condition is not: refuse rather than check more rows
        raise ValueError(f"{test['name']}: a `where` has no GX counterpart here; state it in the suite file")


def _expectation(test: dict) -> dict[str, Any]:
    """One test node of the manifest (one column or combination) as an expectation in the
    suite-file format."""
    kind = test["test_metadata"]["name"]
    _refuse_where(test)
    item: dict[str, Any] = {
        "expect": GX_EXPECTATION[kind],
        "severity": _SEVERITY[test["config"]["severity"].lower()],
        "beschrijving": beschrijving(test),
    }
    if kind == "unique_combination_of_columns":
        item["column_list"] = list(test["test_metadata"]["kwargs"]["combination_of_columns"])
    else:
        item["column"] = test["column_name"]
    if kind == "accepted_values":
        item["value_set"] = _values(test)
    return item


def _expectations_per_column(test: dict) -> list[dict[str, Any]]:
    """A test over many columns as one expectation for each column that has a Dutch sentence."""
    kind = test["test_metadata"]["name"]
    _refuse_where(test)
    columns = test["test_metadata"]["kwargs"]["columns"]
    items = []
    for column, sentence in beschrijving_per_kolom(test).items():
        if column not in columns:
            raise ValueError(
                f"{test['name']}: beschrijving_per_kolom names {column!r}, which it does not check"
            )
        item: dict[str, Any] = {
            "expect": GX_EXPECTATION_PER_COLUMN[kind],
            "severity": _SEVERITY[test["config"]["severity"].lower()],
            "beschrijving": sentence,
            "column": column,
        }
        if kind == "accepted_values_columns":
            item["value_set"] = value_set(columns[column])
        items.append(item)
    return items


def dbt_expectations(manifest: dict, model: str) -> list[dict[str, Any]]:
    """The expectations of the dbt tests of `model` (GX_EXPECTATION's and
    GX_EXPECTATION_PER_COLUMN's kinds) that have a Dutch sentence for the stewards, as items of a
    suite file (expectations/README.md), by test id and then in the test's column order."""
    (model_id,) = [
        k for k, n in manifest["nodes"].items() if n["resource_type"] == "model" and n["name"] == model
    ]
    tests = sorted(
        (
            node
            for node in manifest["nodes"].values()
            if node["resource_type"] == "test" and node.get("attached_node") == model_id
        ),
        key=lambda node: node["unique_id"],
    )
    items: list[dict[str, Any]] = []
    for node in tests:
        kind = node.get("test_metadata", {}).get("name")
        if kind in GX_EXPECTATION and beschrijving(node):
            items.append(_expectation(node))
        elif kind in GX_EXPECTATION_PER_COLUMN:
            items.extend(_expectations_per_column(node))
    return items
