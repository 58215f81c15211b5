"""The null-space decision of existence.py (`_decided_by_null_space`), which spares most linear
programmes: wherever it decides, it must give the programme's answer."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.estimation import CaptureTable
from orchestration.estimation.design import design
from orchestration.estimation.existence import _decided_by_null_space, _solve, identifiable
from tests.unit.estimation.test_existence import ALL_TWO_WAY, NO_TRIPLE
from tests.unit.estimation.test_published_estimate import UK_2013


@st.composite
def supports(draw: st.DrawFn) -> tuple[CaptureTable, frozenset]:
    """A table of 3-5 lists with a random support (each observed cell holds one case) and a
    random set of two-list interactions (those whose lists share no case become structural zeros)."""
    lists = tuple("ABCDE"[: draw(st.integers(3, 5))])
    cells = CaptureTable(lists, {}).cells
    seen = draw(st.lists(st.booleans(), min_size=len(cells), max_size=len(cells)).filter(any))
    pairs = list(itertools.combinations(lists, 2))
    chosen = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    table = CaptureTable(lists, {cell: 1 for cell, s in zip(cells, seen) if s})
    return table, frozenset(p for p, c in zip(pairs, chosen) if c)


@settings(max_examples=300, deadline=None)
@given(case=supports())
def test_null_space_agrees_with_the_linear_programme(case) -> None:
    table, interactions = case
    d = design(table, interactions)
    support = d.counts > 0
    decided = _decided_by_null_space(d.matrix, support) if identifiable(d) else None
    if decided is not None:
        assert decided == _solve(d.matrix, support.astype(float)), (table.counts, sorted(interactions))


def test_null_space_decides_both_ways_without_the_programme() -> None:
    # The cases of test_existence.py whose answers are known: the support's rows of full rank
    # (UK main effects, one pair), and a one-dimensional null space whose direction is nowhere
    # negative off the support (every pair fitted, the triple empty).
    cases = {
        "UK main effects": (design(UK_2013, frozenset()), True),
        "all pairs, empty triple": (design(NO_TRIPLE, ALL_TWO_WAY), False),
        "one pair, empty triple": (design(NO_TRIPLE, frozenset({("A", "B")})), True),
    }
    wrong = {
        name: decided
        for name, (d, expected) in cases.items()
        if (decided := _decided_by_null_space(d.matrix, np.asarray(d.counts > 0))) is not expected
    }
    assert not wrong, wrong
