"""The existence check (orchestration/estimation/existence.py) on its own, with no fit to lend it a
certificate: the null space of the support's rows decides these cases, the linear programme the
rest (test_existence_null_space.py checks that both give the same answer)."""

from __future__ import annotations

from orchestration.estimation import CaptureTable
from orchestration.estimation.design import design
from orchestration.estimation.existence import identifiable, mle_exists
from orchestration.estimation.loglinear import fit
from tests.unit.estimation.test_published_estimate import UK_2013

ALL_TWO_WAY = frozenset({("A", "B"), ("A", "C"), ("B", "C")})
# Three lists, every pair overlapping, nobody on all three.
NO_TRIPLE = CaptureTable.from_histories(
    ("A", "B", "C"),
    {("A",): 50, ("B",): 40, ("C",): 30, ("A", "B"): 10, ("A", "C"): 8, ("B", "C"): 6},
)


def test_existence_is_decided_both_ways() -> None:
    cases = {
        # 38 of the 63 UK cells are empty, yet a positive table with the same margins exists.
        "UK main effects": (mle_exists(design(UK_2013, frozenset())), True),
        # Two lists that share nobody: every table with their margins has an empty overlap.
        "no overlap": (
            mle_exists(design(CaptureTable.from_histories(("A", "B"), {("A",): 4, ("B",): 3}), frozenset())),
            False,
        ),
        # All two-way terms on three lists fix every cell, the empty triple included.
        "all pairs, empty triple": (mle_exists(design(NO_TRIPLE, ALL_TWO_WAY)), False),
        "one pair, empty triple": (mle_exists(design(NO_TRIPLE, frozenset({("A", "B")}))), True),
    }
    wrong = {name: got for name, (got, expected) in cases.items() if got != expected}
    assert not wrong, wrong


def test_a_model_without_mle_has_no_fit() -> None:
    assert identifiable(design(NO_TRIPLE, ALL_TWO_WAY))
    assert fit(NO_TRIPLE, ALL_TWO_WAY) is None
    assert fit(NO_TRIPLE, frozenset({("A", "B")})) is not None
