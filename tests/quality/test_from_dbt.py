"""dbt's own tests are stated once, in dbt, and the stewards still see them (issue 16).

Every not_null, unique, accepted_values and unique_combination_of_columns check of a published mart
with `meta.steward` that has a Dutch sentence for the stewards (`config.meta.beschrijving`, or per
column `beschrijving_per_kolom` of the tests over many columns: not_null_columns, unique_columns,
accepted_values_columns) has its
expectation in the mart's GX suite as built (type, columns, value set, severity, description), and
no suite file in expectations/suites/ states any of these dbt tests again. Both read the real
manifest and the real suite files and list every mismatch.
"""

from __future__ import annotations

import re

import yaml

from orchestration.quality.references import render, resolve
from orchestration.registry import manifest, published_marts
from orchestration.settings import DBT_PROJECT_DIR, EXPECTATIONS_DIR

# dbt test -> the GX expectation type that checks the same, as GX names it
SAME_CHECK = {
    "not_null": "expect_column_values_to_not_be_null",
    "unique": "expect_column_values_to_be_unique",
    "accepted_values": "expect_column_values_to_be_in_set",
    "unique_combination_of_columns": "expect_compound_columns_to_be_unique",
}
SEVERITY = {"ERROR": "error", "WARN": "warning"}


def _value_sets() -> dict:
    return yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))["vars"][
        "value_sets"
    ]


def _key(kind: str, columns, values) -> tuple:
    """A check as (GX type, columns, value set): what must match between dbt and GX."""
    return (SAME_CHECK[kind], tuple(sorted(columns)), None if values is None else frozenset(map(str, values)))


# dbt's tests over many columns (one node for them all) -> the one-column test they fold
PER_COLUMN = {
    "not_null_columns": "not_null",
    "unique_columns": "unique",
    "accepted_values_columns": "accepted_values",
}


def _one_column_checks(node: dict, value_sets: dict) -> list[tuple[str, list, object, str | None]]:
    """A test node as (kind, columns, values, Dutch sentence) per check it makes: one for a
    one-column test or a combination, one per column for the tests over many columns."""
    kind = node["test_metadata"]["name"]
    kwargs = node["test_metadata"]["kwargs"]
    meta = node["config"].get("meta") or {}
    if kind in PER_COLUMN:
        sentences = meta.get("beschrijving_per_kolom") or {}
        columns = kwargs["columns"]
        return [
            (
                PER_COLUMN[kind],
                [column],
                (value_sets[columns[column]] if isinstance(columns[column], str) else columns[column])
                if kind == "accepted_values_columns"
                else None,
                sentences.get(column),
            )
            for column in columns
        ]
    values = kwargs.get("values")
    if isinstance(values, str):
        values = value_sets[re.search(r"\['(\w+)'\]", values).group(1)]
    return [
        (
            kind,
            kwargs.get("combination_of_columns") or [node["column_name"]],
            values,
            meta.get("beschrijving"),
        )
    ]


def dbt_checks(described_only: bool = False) -> dict[str, dict[tuple, tuple[str, str | None]]]:
    """Per steward mart: its dbt checks of the four kinds (a test over many columns counts as
    one check per column), as key -> (severity, Dutch sentence)."""
    value_sets = _value_sets()
    stewarded = {m.name for m in published_marts() if m.steward}
    models = {k: n["name"] for k, n in manifest()["nodes"].items() if n["resource_type"] == "model"}
    checks: dict[str, dict[tuple, str]] = {name: {} for name in stewarded}
    for node in manifest()["nodes"].values():
        kind = node.get("test_metadata", {}).get("name")
        mart = models.get(node.get("attached_node"))
        if node["resource_type"] != "test" or (kind not in SAME_CHECK and kind not in PER_COLUMN):
            continue
        if mart not in stewarded:
            continue
        for one_kind, columns, values, sentence in _one_column_checks(node, value_sets):
            if described_only and not sentence:
                continue
            checks[mart][_key(one_kind, columns, values)] = (
                SEVERITY[node["config"]["severity"].upper()],
                sentence and render(sentence),
            )
    return checks


def _gx_key(expectation_type: str, kwargs: dict) -> tuple | None:
    kind = {v: k for k, v in SAME_CHECK.items()}.get(expectation_type)
    if kind is None or set(kwargs) - {"column", "column_list", "value_set", "batch_id"}:
        return None  # another check, or one with a `mostly`/row_condition: not dbt's
    return _key(kind, kwargs.get("column_list") or [kwargs["column"]], kwargs.get("value_set"))


def test_every_described_dbt_test_of_a_steward_mart_is_in_its_suite():
    from orchestration.quality.suites import SUITES

    missing = []
    for mart, checks in sorted(dbt_checks(described_only=True).items()):
        built = {}
        for e in SUITES[mart].build().expectations:
            config = e.configuration
            built[_gx_key(config.type, config.kwargs)] = (
                config.meta["severity"],
                config.meta["beschrijving"],
            )
        for key, wanted in checks.items():
            if built.get(key) != wanted:
                missing.append(f"{mart}: {key[0]} {key[1]} {sorted(key[2] or [])} {wanted}: {built.get(key)}")
    assert missing == []


def test_no_suite_file_repeats_a_dbt_test():
    checks = dbt_checks()
    repeats = []
    for path in sorted((EXPECTATIONS_DIR / "suites").glob("*.yml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8")).get("expectations") or []
        for item in items:
            kwargs = {k: v for k, v in item.items() if k not in ("expect", "severity", "beschrijving")}
            if isinstance(kwargs.get("value_set"), dict):  # {$ref: value_sets.x} or {$ref: codes.om.x}
                kwargs["value_set"] = resolve(kwargs["value_set"]["$ref"])
            key = _gx_key(f"expect_{item['expect']}", kwargs)
            if key in checks.get(path.stem, {}):
                repeats.append(f"{path.name}: {item['expect']} {key[1]}")
    assert repeats == []
