"""The faster pandas provider of GX's `column_pair_values.in_set` (orchestration/quality/gx_metrics.py):
registered in place of GX's, and the same answer as GX's own implementation on awkward columns."""

from __future__ import annotations

import datetime as dt
import inspect

import numpy as np
import pandas as pd
import pytest
from great_expectations.expectations.metrics.column_pair_map_metrics.column_pair_values_in_set import (
    ColumnPairValuesInSet,
)
from great_expectations.expectations.registry import _registered_metrics

from orchestration.quality import gx_runner  # noqa: F401 - what the builds import
from orchestration.quality.gx_metrics import VectorisedColumnPairValuesInSet, pairs_in_set

# GX's own pandas implementation, without its domain wrapper: the reference.
gx_pairs_in_set = inspect.unwrap(ColumnPairValuesInSet.__dict__["_pandas"])

COLUMNS = {
    "text": pd.Series(["TV", "VV", None, "TV", "x"], dtype=object),
    "string": pd.Series(["TV", pd.NA, "VV", "TV", "VV"], dtype="string"),
    "int": pd.Series([1, 2, 3, 1, 2], dtype="int64"),
    "nullable_int": pd.Series([1, None, 3, 1, 2], dtype="Int64"),
    "float": pd.Series([1.0, np.nan, 3.0, 1.0, 2.5]),
    "bool": pd.Series([True, False, True, None, False], dtype=object),
    "date": pd.Series(pd.to_datetime(["2019-01-01", None, "2019-03-01", "2019-01-01", "2020-01-01"])),
}
SETS = (
    None,
    [],
    [("TV", 1), ("VV", 2), (None, 3), ("TV", None)],
    [(1, 1), (2, None), (3, 3), (1.0, 1.0), (None, None)],
    [("TV", "TV"), ("VV", "VV"), (None, "VV"), ("TV", pd.Timestamp("2019-01-01"))],
    [(True, "TV"), (False, "VV"), (None, "x"), (pd.Timestamp("2019-01-01"), 1)],
    [(dt.date(2019, 1, 1), 1)],
)


@pytest.mark.parametrize("value_pairs_set", SETS, ids=lambda s: "none" if s is None else f"{len(s)}-pairs")
@pytest.mark.parametrize("a", COLUMNS)
@pytest.mark.parametrize("b", COLUMNS)
def test_the_same_answer_as_gx(a, b, value_pairs_set):
    column_a, column_b = COLUMNS[a], COLUMNS[b]
    ours = pairs_in_set(column_a, column_b, value_pairs_set)
    theirs = gx_pairs_in_set(ColumnPairValuesInSet, column_a, column_b, value_pairs_set=value_pairs_set)
    assert list(np.asarray(ours)) == list(np.asarray(theirs))


def test_it_keeps_the_index_of_the_frame():
    a = pd.Series(["TV", "VV"], index=[7, 3])
    b = pd.Series([1, 2], index=[7, 3])
    assert list(pairs_in_set(a, b, [("VV", 2)]).index) == [7, 3]


def test_it_is_gxs_pandas_provider_of_the_metric():
    provider, _ = _registered_metrics["column_pair_values.in_set.condition"]["providers"]["PandasExecutionEngine"]
    assert provider is VectorisedColumnPairValuesInSet
