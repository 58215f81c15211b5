"""Populations of known size for the estimator's tests: each person is caught by each list with a
probability of their own stratum, independently or with one list depending on another."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.estimation import CaptureTable


@dataclass(frozen=True)
class Stratum:
    """`size` persons; list i catches each with `capture[i]`. With `depends_on=(i, j, p)` list j
    catches a person whom list i caught with probability p instead (e.g. EMM after the police)."""

    size: int
    capture: tuple[float, ...]
    depends_on: tuple[int, int, float] | None = None


def draw(rng: np.random.Generator, lists: tuple[str, ...], stratum: Stratum) -> CaptureTable:
    caught = rng.random((stratum.size, len(lists))) < np.array(stratum.capture)
    if stratum.depends_on is not None:
        leader, follower, p = stratum.depends_on
        followed = rng.random(stratum.size) < p
        caught[:, follower] = np.where(caught[:, leader], followed, caught[:, follower])
    counts: dict[tuple[str, ...], int] = {}
    for row in caught[caught.any(axis=1)]:
        history = tuple(name for name, on in zip(lists, row) if on)
        counts[history] = counts.get(history, 0) + 1
    return CaptureTable.from_histories(lists, counts)
