"""The stewards' Great Expectations suites, built from their files in expectations/suites/ and,
for a published mart, its dbt tests (orchestration/quality/from_dbt.py).

One readable YAML per suite (expectations/README.md describes the format): the table, the
suite's description, its parameters, and each expectation with its severity, its parameters and
the plain-Dutch `beschrijving` a steward sees. Code lists and value sets are named there, not
copied (orchestration/quality/references.py). Every expectation gets:

* `meta.severity`: `error` (the data cannot be published; the Dagster check fails and blocks the
  publish step) or `warning` (published, and listed for the data stewards);
* `meta.beschrijving`, and the same text after `[blokkerend]` or `[waarschuwing]` as its
  `description`, which the Data Docs show instead of GX's English sentence.

The suites are rebuilt from the files in every process and written to the GX stores under the
data directory (orchestration/quality/gx_runner.py).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import Any

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
import yaml
from great_expectations.expectations.metadata_types import FailureSeverity
from great_expectations.expectations.registry import get_expectation_impl
from great_expectations.expectations.row_conditions import Column

from orchestration.quality.from_dbt import dbt_expectations
from orchestration.quality.references import COMPUTED, folded_regex, render, resolve
from orchestration.settings import EXPECTATIONS_DIR

SUITES_DIR = EXPECTATIONS_DIR / "suites"

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)

_GX_SEVERITY = {ERROR: FailureSeverity.CRITICAL, WARNING: FailureSeverity.WARNING}
SEVERITY_LABEL = {ERROR: "[blokkerend]", WARNING: "[waarschuwing]"}

# The keys of an expectation in a suite file that are ours; all others are the GX expectation's.
_OWN_KEYS = ("expect", "severity", "beschrijving")


def expect(
    expectation: type[gxe.Expectation], severity: str, beschrijving: str, **kwargs: Any
) -> gxe.Expectation:
    """One expectation with our severity and Dutch description.

    `catch_exceptions=True`: an expectation that cannot be evaluated (a missing column, a wrong
    type) fails with the exception in its result instead of aborting the whole suite, so the
    stewards still see every other outcome.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    return expectation(
        **kwargs,
        meta={"severity": severity, "beschrijving": beschrijving},
        severity=_GX_SEVERITY[severity],
        description=f"{SEVERITY_LABEL[severity]} {beschrijving}",
        catch_exceptions=True,
    )


_COMPARISON = re.compile(r"^(\w+) (==|!=|<=|>=|<|>) (.+)$")
_REFERENCE = re.compile(r"^\{([a-z_]+\.[\w.]+)\}$")
_OPERATORS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _condition_value(text: str) -> Any:
    reference = _REFERENCE.match(text)
    if reference:
        value = resolve(reference.group(1))
        # a date as ISO text: GX 1.24 turns the condition into a pandas query, which compares a
        # string with datetime64 columns correctly; a date object would not survive the JSON store
        return value.isoformat() if hasattr(value, "isoformat") else value
    return yaml.safe_load(text)


def row_condition(text: str):
    """`column op value [and column op value ...]` as a GX row condition; a value is YAML
    (`true`, `2015`, `'Berecht'`) or a reference (`{contracts.residence.EXPLOITATION_FROM}`)."""
    parts = []
    for comparison in text.split(" and "):
        match = _COMPARISON.match(comparison.strip())
        if not match:
            raise ValueError(f"row_condition {text!r}: expected `column op value`, got {comparison!r}")
        column, op, value = match.groups()
        parts.append(_OPERATORS[op](Column(column), _condition_value(value)))
    return reduce(operator.and_, parts)


def _value(value: Any) -> Any:
    """A parameter of an expectation with its references resolved."""
    if isinstance(value, dict) and set(value) == {"$ref"}:
        resolved = resolve(value["$ref"])
        return list(resolved) if isinstance(resolved, tuple) else resolved
    if isinstance(value, dict) and set(value) == {"$folded"}:
        return folded_regex(value["$folded"])
    if isinstance(value, list):
        # a named list inside a list is spliced in: [{$ref: value_sets.trafficking_form}, Alle vormen]
        return [w for v in value for w in (_value(v) if _is_list_reference(v) else [_value(v)])]
    return value


def _is_list_reference(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"$ref"} and isinstance(resolve(value["$ref"]), tuple)


def expectation_from(item: dict[str, Any]) -> gxe.Expectation:
    kwargs = {k: v for k, v in item.items() if k not in _OWN_KEYS}
    if "row_condition" in kwargs:
        kwargs["row_condition"] = row_condition(kwargs["row_condition"])
    kwargs = {k: v if k == "row_condition" else _value(v) for k, v in kwargs.items()}
    cls = get_expectation_impl(f"expect_{item['expect']}")
    return expect(cls, item["severity"], render(item["beschrijving"]), **kwargs)


@dataclass(frozen=True)
class SuiteSpec:
    """A suite, the table it is meant for, and its run parameters.

    `parameters` maps each suite parameter to its default; a default of None means the caller
    must pass it. Callables are evaluated per run (e.g. today's date).
    """

    name: str
    table: str
    build: Callable[[], gx.ExpectationSuite]
    parameters: dict[str, Any] = field(default_factory=dict)
    # Parameters compared with date/timestamp columns: passed to GX as pandas Timestamps. GX
    # 1.24 parses a string bound into a datetime.date, which pandas refuses to compare with the
    # datetime64[us] columns that DuckDB and pandas 3 produce.
    timestamp_parameters: tuple[str, ...] = ()

    def resolve_parameters(self, given: dict[str, Any] | None) -> dict[str, Any]:
        given = dict(given or {})
        unknown = sorted(set(given) - set(self.parameters))
        if unknown:
            raise ValueError(
                f"suite {self.name!r} has no parameters {unknown}; known: {sorted(self.parameters)}"
            )
        resolved: dict[str, Any] = {}
        for name, default in self.parameters.items():
            value = given[name] if name in given else (default() if callable(default) else default)
            if value is None:
                raise ValueError(f"suite {self.name!r} needs the parameter {name!r}")
            if name in self.timestamp_parameters:
                value = pd.Timestamp(value)
            resolved[name] = value
        return resolved


def _default(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$computed"}:
        return COMPUTED[value["$computed"]]
    return value


def dbt_items(name: str) -> list[dict[str, Any]]:
    """The expectations of the dbt tests of the published mart `name` with `meta.steward`
    (orchestration/quality/from_dbt.py); none for a suite on another table."""
    from orchestration.registry import manifest, published_marts

    if not any(m.name == name and m.steward for m in published_marts()):
        return []
    return dbt_expectations(manifest(), name)


def suite_spec(path: Path) -> SuiteSpec:
    """The spec of one suite file; its expectations (the dbt tests' and the file's) are built
    when the suite is."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    name = path.stem

    def build() -> gx.ExpectationSuite:
        items = dbt_items(name) + (doc.get("expectations") or [])
        return gx.ExpectationSuite(
            name=name,
            expectations=[expectation_from(item) for item in items],
            meta={"table": doc["table"], "beschrijving": doc["beschrijving"]},
        )

    return SuiteSpec(
        name=name,
        table=doc["table"],
        build=build,
        parameters={k: _default(v) for k, v in (doc.get("parameters") or {}).items()},
        timestamp_parameters=tuple(doc.get("timestamp_parameters", ())),
    )


SUITES: dict[str, SuiteSpec] = {spec.name: spec for spec in map(suite_spec, sorted(SUITES_DIR.glob("*.yml")))}
