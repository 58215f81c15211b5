"""The faster pandas provider of GX's `column_pair_values.in_set` (orchestration/quality/gx_metrics.py):
registered in place of GX's, and the same answer as GX's own implementation on awkward columns
(property-based: any two columns of the awkward kinds below, any value set of their values)."""

from __future__ import annotations

import datetime as dt
import inspect

import numpy as np
import pandas as pd
from great_expectations.expectations.metrics.column_pair_map_metrics.column_pair_values_in_set import (
    ColumnPairValuesInSet,
)
from great_expectations.expectations.registry import _registered_metrics
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.quality import gx_runner  # noqa: F401 - what the builds import
from orchestration.quality.gx_metrics import VectorisedColumnPairValuesInSet, pairs_in_set

# GX's own pandas implementation, without its domain wrapper: the reference.
gx_pairs_in_set = inspect.unwrap(ColumnPairValuesInSet.__dict__["_pandas"])

# The awkward column kinds: each a pandas dtype and the values (missing ones included) it may hold.
COLUMN_KINDS = {
    "text": (object, ["TV", "VV", "x", None]),
    "string": ("string", ["TV", "VV", pd.NA]),
    "int": ("int64", [1, 2, 3]),
    "nullable_int": ("Int64", [1, 2, 3, None]),
    "float": ("float64", [1.0, 2.5, 3.0, np.nan]),
    "bool": (object, [True, False, None]),
    "date": ("datetime64[ns]", [pd.Timestamp("2019-01-01"), pd.Timestamp("2019-03-01"), None]),
}
# What a pair in a value set may hold: every value above, a float equal to an int, a date
# (datetime.date, not a Timestamp) and None.
PAIR_VALUES = [
    "TV",
    "VV",
    "x",
    None,
    1,
    2,
    3,
    1.0,
    2.5,
    True,
    False,
    pd.Timestamp("2019-01-01"),
    dt.date(2019, 1, 1),
]


@st.composite
def column_pairs(draw):
    """Two columns of the same length, each of any kind."""
    length = draw(st.integers(min_value=0, max_value=6))
    columns = []
    for _ in range(2):
        dtype, values = COLUMN_KINDS[draw(st.sampled_from(sorted(COLUMN_KINDS)))]
        cells = draw(st.lists(st.sampled_from(values), min_size=length, max_size=length))
        columns.append(pd.Series(cells, dtype=dtype))
    return columns


value_pairs_sets = st.none() | st.lists(
    st.tuples(st.sampled_from(PAIR_VALUES), st.sampled_from(PAIR_VALUES)), max_size=5
)


# Derandomised and without the example database: the same examples in every run (README "Tests").
@settings(max_examples=400, derandomize=True, database=None, deadline=None)
@given(columns=column_pairs(), value_pairs_set=value_pairs_sets)
def test_the_same_answer_as_gx(columns, value_pairs_set):
    column_a, column_b = columns
    ours = pairs_in_set(column_a, column_b, value_pairs_set)
    theirs = gx_pairs_in_set(ColumnPairValuesInSet, column_a, column_b, value_pairs_set=value_pairs_set)
    assert list(np.asarray(ours)) == list(np.asarray(theirs))


def test_it_keeps_the_index_of_the_frame():
    a = pd.Series(["TV", "VV"], index=[7, 3])
    b = pd.Series([1, 2], index=[7, 3])
    assert list(pairs_in_set(a, b, [("VV", 2)]).index) == [7, 3]


def test_it_is_gxs_pandas_provider_of_the_metric():
    provider, _ = _registered_metrics["column_pair_values.in_set.condition"]["providers"][
        "PandasExecutionEngine"
    ]
    assert provider is VectorisedColumnPairValuesInSet
