"""Which columns of its table a suite reads, so a check loads only those into memory (issue 19).

A suite's expectations name their columns (`column`, `column_list`, `column_A`/`column_B`, and the
columns of a `row_condition`); a row count needs no column. An expectation that judges the
table's set of columns itself (`expect_table_columns_to_match_set`, the landing suites) needs
every column, and so does any other table-level expectation this module does not know: for
those the answer is None, "all of them".
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

_COLUMN_KWARGS = ("column", "column_A", "column_B")
# Table-level expectations that count rows and read no column's values.
_ROWS_ONLY = frozenset({"expect_table_row_count_to_equal", "expect_table_row_count_to_be_between"})


def _condition_columns(condition: Any) -> Iterator[str]:
    """The columns of a row condition as GX stores it (`{'column': {'name': ...}, ...}`, or
    `{'type': 'and', 'conditions': [...]}`)."""
    if isinstance(condition, dict):
        column = condition.get("column")
        if isinstance(column, dict) and "name" in column:
            yield column["name"]
        for inner in condition.get("conditions") or ():
            yield from _condition_columns(inner)
    elif condition is not None:
        # A condition object not yet serialised (or a pandas query string): no safe way to know
        # its columns here, so the caller reads them all.
        raise ValueError(f"row condition of unknown form: {type(condition).__name__}")


def _expectation_columns(kind: str, kwargs: dict) -> set[str] | None:
    columns = {kwargs[k] for k in _COLUMN_KWARGS if kwargs.get(k)}
    columns.update(kwargs.get("column_list") or ())
    if not columns and kind not in _ROWS_ONLY:
        return None
    try:
        columns.update(_condition_columns(kwargs.get("row_condition")))
    except ValueError:
        return None
    return columns


@cache
def suite_columns(suite_name: str) -> frozenset[str] | None:
    """The columns the suite's expectations read, or None when it needs every column."""
    # Here, not at the top: the suites import GX, which the code location must not load at
    # start-up (checks.py imports this module; tests/integration/test_definitions.py).
    from orchestration.quality.suites import SUITES

    used: set[str] = set()
    for expectation in SUITES[suite_name].build().expectations:
        config = expectation.configuration
        columns = _expectation_columns(config.type, config.kwargs)
        if columns is None:
            return None
        used |= columns
    return frozenset(used)
