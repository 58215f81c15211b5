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
    cells = tuple(c for c in table.cells if not any(a in c and b in c for a, b in empty))
    rows = [
        [1.0]
        + [float(name in cell) for name in table.lists]
        + [float(a in cell and b in cell) for a, b in fitted_pairs]
        for cell in cells
    ]
    columns = ("intercept", *table.lists, *(term_name(p) for p in fitted_pairs))
    counts = np.array([table.count(c) for c in cells], dtype=float)
    matrix = np.array(rows, dtype=float).reshape(len(cells), len(columns))
    return Design(cells, matrix, counts, columns, empty)
