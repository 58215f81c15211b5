"""The log-linear design over a capture table: which cells are fitted, with which columns.

The model (Cormack 1989, "Log-linear models for capture-recapture", Biometrics 45; Bales, Hesketh
& Silverman 2015): the count of every observable history A is Poisson with log mean
mu + sum of alpha_i over the lists i in A + sum of beta_ij over the pairs i<j in A that the model
includes. The unobservable all-zero history has log mean mu, so the dark figure is exp(mu).

A pair in the model whose lists share no case has beta_ij = minus infinity at the maximum (Chan,
Silverman & Vincent 2021, §2): every history holding both lists is then a structural zero, so those
cells leave the fit and the pair gets no column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from orchestration.estimation.capture_table import CaptureTable, History

Pair = tuple[str, str]


def pair(first: str, second: str) -> Pair:
    """A two-list interaction, its lists in sorted order so that each pair has one spelling."""
    return (first, second) if first < second else (second, first)


def term_name(interaction: Pair) -> str:
    return ":".join(interaction)


@dataclass(frozen=True)
class Design:
    """The fitted cells (structural zeros removed), their 0/1 model matrix and their counts."""

    cells: tuple[History, ...]
    matrix: np.ndarray
    counts: np.ndarray
    columns: tuple[str, ...]
    empty_pairs: tuple[Pair, ...]


def design(table: CaptureTable, interactions: frozenset[Pair]) -> Design:
    """Intercept, one column per list, one per included pair that overlaps; the cells holding an
    included pair that does not overlap are left out."""
    empty = tuple(sorted(p for p in interactions if table.overlap(*p) == 0))
    fitted_pairs = tuple(sorted(p for p in interactions if p not in empty))
    cells, matrix, columns, kept = _layout(table.lists, fitted_pairs, empty)
    return Design(cells, matrix, table.cell_counts[kept], columns, empty)


# Bounded: one entry per lists, fitted pairs and empty pairs, which a model search and its bootstrap
# ask for again and again (only the counts differ between replicates).
@lru_cache(maxsize=4096)
def _layout(
    lists: tuple[str, ...], fitted_pairs: tuple[Pair, ...], empty: tuple[Pair, ...]
) -> tuple[tuple[History, ...], np.ndarray, tuple[str, ...], np.ndarray]:
    """The fitted cells, their model matrix (read-only: designs share it), the column names and the
    positions of the fitted cells among all cells (CaptureTable.cells, whose order is set by the lists)."""
    every = CaptureTable(lists, {}).cells
    on_list = np.array([[name in cell for name in lists] for cell in every], dtype=float).reshape(
        len(every), len(lists)
    )
    position = {name: i for i, name in enumerate(lists)}

    def both(pairs: tuple[Pair, ...]) -> np.ndarray:
        return np.array([on_list[:, position[a]] * on_list[:, position[b]] for a, b in pairs]).reshape(
            len(pairs), len(every)
        )

    kept = np.flatnonzero(~both(empty).any(axis=0))
    matrix = np.hstack([np.ones((len(every), 1)), on_list, both(fitted_pairs).T])[kept]
    matrix.setflags(write=False)
    columns = ("intercept", *lists, *(term_name(p) for p in fitted_pairs))
    return tuple(every[i] for i in kept), matrix, columns, kept
