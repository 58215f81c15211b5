"""The estimator's input: how many cases were seen on each combination of lists.

A capture history is the set of lists a case is on; a case on no list is not observed (that cell
is the dark figure the models estimate). The table is built either from histories directly or from
the reporter sets the warehouse keeps per victim (`victims.reporter_set`, contract R7: the melder
types sorted and joined by ', '), mapped to lists by `orchestration/estimation/lists.py`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

History = frozenset[str]

# How victims.reporter_set joins the melder types (contract R7).
REPORTER_SET_SEPARATOR = ", "


@dataclass(frozen=True)
class CaptureTable:
    """Counts per capture history over the named lists; histories not given count zero.

    `without_list` counts observed cases that belong to none of the lists (a victim whose melder
    is unknown): they are seen, but tell nothing about the overlaps, so the models leave them out
    and the caller decides how to report them.
    """

    lists: tuple[str, ...]
    counts: Mapping[History, int]
    without_list: int = 0
    _cells: tuple[History, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(set(self.lists)) != len(self.lists):
            raise ValueError(f"lists named twice: {self.lists}")
        known = set(self.lists)
        for history, count in self.counts.items():
            if not history or not history <= known:
                raise ValueError(f"capture history {sorted(history)} is not a non-empty set of {self.lists}")
            if count < 0:
                raise ValueError(f"negative count {count} for {sorted(history)}")
        cells = tuple(
            frozenset(combo)
            for size in range(1, len(self.lists) + 1)
            for combo in itertools.combinations(self.lists, size)
        )
        object.__setattr__(self, "_cells", cells)

    @classmethod
    def from_histories(
        cls, lists: Iterable[str], counts: Mapping[Iterable[str], int], without_list: int = 0
    ) -> CaptureTable:
        """Counts keyed by any iterable of list names; repeated histories are added up."""
        summed: dict[History, int] = {}
        for history, count in counts.items():
            key = frozenset(history)
            summed[key] = summed.get(key, 0) + int(count)
        return cls(tuple(lists), summed, without_list)

    @classmethod
    def from_reporter_sets(
        cls, counts: Mapping[str, int], list_of: Mapping[str, str], lists: Iterable[str] | None = None
    ) -> CaptureTable:
        """Counts per reporter set ('KMar, Politie'; '' when no melder is known), as
        `select reporter_set, count(*) from victims group by all` gives them.

        `list_of` maps each melder type to its list (several types may share one). The lists are
        `lists` if given (so a stratum where a list saw nobody still has it), otherwise those of
        `list_of` in order of first appearance.
        """
        named = tuple(lists) if lists is not None else tuple(dict.fromkeys(list_of.values()))
        histories: dict[History, int] = {}
        without_list = 0
        for reporter_set, count in counts.items():
            melders = [m for m in reporter_set.split(REPORTER_SET_SEPARATOR) if m]
            unknown = [m for m in melders if m not in list_of]
            if unknown:
                raise ValueError(f"melder types without a list: {unknown}")
            history = frozenset(list_of[m] for m in melders)
            if history:
                histories[history] = histories.get(history, 0) + int(count)
            else:
                without_list += int(count)
        return cls(named, histories, without_list)

    @property
    def cells(self) -> tuple[History, ...]:
        """Every observable history (each non-empty subset of the lists), smallest first."""
        return self._cells

    @cached_property
    def cell_counts(self) -> np.ndarray:
        """The count of every cell of `cells`, in their order (read-only: kept with the table)."""
        counts = np.array([self.count(c) for c in self._cells], dtype=float)
        counts.setflags(write=False)
        return counts

    def count(self, history: Iterable[str]) -> int:
        return self.counts.get(frozenset(history), 0)

    @property
    def observed(self) -> int:
        """Cases on at least one list."""
        return sum(self.counts.values())

    def list_size(self, name: str) -> int:
        """Cases on list `name`, whatever other lists they are on."""
        return sum(n for history, n in self.counts.items() if name in history)

    def overlap(self, first: str, second: str) -> int:
        """Cases on both lists, whatever other lists they are on."""
        return sum(n for history, n in self.counts.items() if first in history and second in history)

    def with_counts(self, counts: Mapping[History, int]) -> CaptureTable:
        """The same lists with other counts (a bootstrap replicate)."""
        return CaptureTable(self.lists, counts, self.without_list)
