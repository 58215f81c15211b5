"""The values a suite file (expectations/suites/*.yml) names instead of copying them.

A suite file says `value_set: {$ref: codes.ind.geslacht}` and, in a description,
`{codes.ind.geslacht|of}`; this module resolves the name to the one place that holds the value:

* `codes.<source>.<column>`: the code list of a column in the ingestion contract of the source
  (orchestration/ingestion/contracts/), what ingestion validates against;
* `value_sets.<name>`: the value sets of the marts in dbt_project/dbt_project.yml (vars.value_sets),
  what dbt's accepted_values_columns tests read as well;
* `contracts.<module>.<NAME>`: a constant of an ingestion contract module (a date a rule starts,
  a minimum age).

Also the values that must be computed per run (`{$computed: today}`) and the pattern of a category
that disclosure control may fold with a neighbour (`{$folded: [...]}`).
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from functools import cache
from typing import Any

import yaml

from orchestration.seeds import editions
from orchestration.settings import DBT_PROJECT_DIR

# Between the parts of a folded category ('GO-UBS + Onbekend'): the dbt macro fold_separator()
# (dbt_project/macros/disclosure.sql) writes it; change both together.
FOLD_SEPARATOR = " + "

_MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


@cache
def dbt_vars() -> dict[str, Any]:
    return yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]


@cache
def _contract_codes(source: str, column: str) -> tuple:
    from orchestration.ingestion.contracts import CONTRACTS

    (contract,) = [c for c in CONTRACTS if c.source == source]
    for c in contract.columns:
        if c.name == column:
            if not c.codes:
                raise ValueError(f"contract {source!r} has no code list for {column!r}")
            return tuple(c.codes)
    raise KeyError(f"codes.{source}.{column}")


def resolve(name: str) -> Any:
    """The value a suite file names (see the module docstring)."""
    kind, _, rest = name.partition(".")
    if kind == "codes":
        source, _, column = rest.partition(".")
        return _contract_codes(source, column)
    if kind == "value_sets":
        return tuple(dbt_vars()["value_sets"][rest])
    if kind == "contracts":
        module, _, constant = rest.partition(".")
        return getattr(importlib.import_module(f"orchestration.ingestion.contracts.{module}"), constant)
    raise KeyError(f"unknown reference {name!r}: codes.*, value_sets.* or contracts.*")


@cache
def counted_span_years() -> tuple[int, int]:
    """The first and last year the marts count, for a suite run outside a build (the tests of the
    suites on frames): the dbt vars' window `reporting_window_start` / `_end` when set, else the
    oldest edition of seed ref_edition, the one the contracts calibrate (README §10), whose build
    counts just its own years. A build's checks take the span the build counted instead
    (build_span_parameters, orchestration/quality/checks.py): with the vars unset it runs up to
    the counted edition (dbt_project/macros/reporting_window.sql counted_span)."""
    variables = dbt_vars()
    if variables["reporting_window_start"] and variables["reporting_window_end"]:
        start = dt.date.fromisoformat(str(variables["reporting_window_start"]))
        end = dt.date.fromisoformat(str(variables["reporting_window_end"]))
        return start.year, end.year
    oldest = editions()[0]
    return oldest.first_year, oldest.last_year


def span_parameters(first_year: int, last_year: int) -> dict[str, int]:
    """The suite parameters a counted span gives (`{$computed: counted_year_min}` etc.)."""
    return {
        "counted_year_min": first_year,
        "counted_year_max": last_year,
        "counted_year_count": last_year - first_year + 1,
    }


# `{$computed: <name>}` parameter defaults, evaluated per run.
COMPUTED = {
    "today": lambda: dt.date.today(),
    **{
        name: (lambda name=name: span_parameters(*counted_span_years())[name])
        for name in span_parameters(0, 0)
    },
    # no year in the marts lies in the future (a decision, a disposition, a judgment)
    "current_year": lambda: dt.date.today().year,
}


def folded_regex(items: list[str]) -> str:
    """A value of the named value sets or literal values in `items`, or several of them folded
    into one category (disclosure control folds a small category with a neighbour,
    dbt_project/macros/disclosure.sql fold_small_categories)."""
    values = [v for item in items for v in (resolve(item) if "." in item else (item,))]
    one = "(?:" + "|".join(re.escape(v) for v in values) + ")"
    return f"^{one}(?:{re.escape(FOLD_SEPARATOR)}{one})*$"


def _or(values: tuple) -> str:
    """`a, b of c`."""
    values = tuple(str(v) for v in values)
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} of {values[-1]}"


def _nl_date(date: dt.date) -> str:
    return f"{date.day} {_MONTHS_NL[date.month - 1]} {date.year}"


_PLACEHOLDER = re.compile(r"\{([a-z_]+\.[\w.]+)(?:\|(of|nl_date))?\}")


def render(text: str) -> str:
    """`{name}` (a list: `a, b, c`), `{name|of}` (`a, b of c`), `{name|nl_date}` (`1 juli 2015`)."""

    def one(match: re.Match) -> str:
        value, form = resolve(match.group(1)), match.group(2)
        if form == "of":
            return _or(value)
        if form == "nl_date":
            return _nl_date(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return ", ".join(str(v) for v in value) if isinstance(value, tuple | list) else str(value)

    return _PLACEHOLDER.sub(one, text)
