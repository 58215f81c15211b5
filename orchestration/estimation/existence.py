"""Does a model's maximum likelihood estimate exist for this table, and is it identifiable?

Sparse tables (lists that rarely overlap) often have no finite MLE for a given model: the
likelihood keeps rising as some fitted cells go to zero, and a Poisson fit then returns a huge,
meaningless dark figure instead of failing. Fienberg & Rinaldo (2012, "Maximum likelihood
estimation in log-linear models", Ann. Statist. 40) show that the (extended) MLE exists exactly
when some strictly positive table has the same sufficient statistics (A'n) as the observed one;
Chan, Silverman & Vincent (2021, "Multiple systems estimation for sparse capture data: inferential
challenges when there are nonoverlapping lists", JASA 116) apply that linear programme to multiple
systems estimation. We solve it with scipy.optimize.linprog: maximise t subject to A'x = A'n,
x_j >= t, x >= 0; the MLE exists iff the optimum t is positive. Identifiability is the design
matrix having full column rank.

The programme is the slow part of a model search, so it runs only when no cheaper certificate is
at hand: the observed table itself when no fitted cell is zero, or a converged fit whose means are
all clearly positive (at convergence the score equations A'mu = A'n hold, so mu is such a table).
And its answer is remembered by the design and the table's support (which cells are not zero):
A'n is a positive combination of the rows of A for exactly the cells in the support, so whether it
lies in the relative interior of the cone of A (Fienberg & Rinaldo's condition) depends on the
support alone, not on the counts. The bootstrap and the jackknife (bootstrap.py) fit the same
designs to tables that mostly share a support, so most of their programmes are not solved again.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.optimize import linprog

from orchestration.estimation.design import Design

# A cell of a positive table must be above this; smaller is the solver's (or the fit's) zero. A
# fit drifting towards a missing MLE stops with its vanishing cells far below it.
POSITIVE_CELL_TOLERANCE = 1e-6
# How closely a candidate table must reproduce the sufficient statistics, relative to their size.
SUFFICIENT_STATISTICS_TOLERANCE = 1e-6


def identifiable(d: Design) -> bool:
    cells, parameters = d.matrix.shape
    return cells > 0 and np.linalg.matrix_rank(d.matrix) == parameters


def _is_certificate(d: Design, table: np.ndarray) -> bool:
    if table.min() <= POSITIVE_CELL_TOLERANCE:
        return False
    observed = d.matrix.T @ d.counts
    return bool(
        np.abs(d.matrix.T @ table - observed).max() <= SUFFICIENT_STATISTICS_TOLERANCE * observed.max()
    )


def _positive_table_exists(d: Design) -> bool:
    return _positive_table_exists_on_support(d.matrix.tobytes(), d.matrix.shape, (d.counts > 0).tobytes())


# Bounded: a long-running process (dagster dev) estimates many tables over time.
@lru_cache(maxsize=65536)
def _positive_table_exists_on_support(
    matrix_bytes: bytes, shape: tuple[int, int], support_bytes: bytes
) -> bool:
    matrix = np.frombuffer(matrix_bytes).reshape(shape)
    # Any table with this support has the answer of the 0/1 table of the support (module docstring).
    support = np.frombuffer(support_bytes, dtype=bool).astype(float)
    return _solve(matrix, support)


def _solve(matrix: np.ndarray, counts: np.ndarray) -> bool:
    cells, parameters = matrix.shape
    objective = np.zeros(cells + 1)
    objective[-1] = -1.0  # maximise t
    result = linprog(
        objective,
        A_ub=np.hstack([-np.eye(cells), np.ones((cells, 1))]),  # t - x_j <= 0
        b_ub=np.zeros(cells),
        A_eq=np.hstack([matrix.T, np.zeros((parameters, 1))]),
        b_eq=matrix.T @ counts,
        bounds=[(0, None)] * (cells + 1),
        method="highs",
    )
    return bool(result.status == 0 and -result.fun > POSITIVE_CELL_TOLERANCE)


def mle_exists(d: Design, fitted_means: np.ndarray | None = None) -> bool:
    """True when the model's MLE exists (identifiability is `identifiable`, checked before a fit);
    `fitted_means`, a fit's cell means in the order of `d.cells`, may spare the linear programme."""
    if _is_certificate(d, d.counts):
        return True
    if fitted_means is not None and _is_certificate(d, fitted_means):
        return True
    return _positive_table_exists(d)
