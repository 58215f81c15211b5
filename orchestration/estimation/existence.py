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

The programme is the slow part of a model search, so it runs only when no cheaper answer is at
hand: the observed table itself is a positive table when no fitted cell is zero, and the null space
below decides most other supports. The check runs before the fit (orchestration/estimation/
loglinear.py `trial`), so a model without an MLE is never iterated. And the answer is remembered
by the design and the table's support (which cells are not zero): A'n is a positive combination
of the rows of A for exactly the cells in the support, so whether it lies in the relative interior
of the cone of A (Fienberg & Rinaldo's condition) depends on the support alone, not on the counts.
The bootstrap and the jackknife (bootstrap.py) fit the same designs to tables that mostly share a
support, so most supports are not decided again.

Most supports are decided without the programme, by linear algebra on the rows of the support
(`_decided_by_null_space`). By a theorem of the alternative (linear programming duality) applied
to Fienberg & Rinaldo's condition, the MLE fails to exist exactly when some direction
d = A theta is zero on every cell of the support, nowhere negative and not zero everywhere (along
it the likelihood rises for ever: a direction of recession, Geyer 2009, "Likelihood inference in
exponential families and directions of recession", Electron. J. Stat. 3). Such a theta lies in
the null space of the support's rows. When those rows have full column rank that null space is
{0}, and the MLE exists; when it is one line (theta = s v), the MLE exists exactly when A v takes
both signs off the support (A v is not zero there, since A has full column rank: `identifiable`).
Only a null space of two or more dimensions (rare on these tables), or one that rounding leaves
in doubt, needs the programme.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.optimize import linprog

from orchestration.estimation.design import Design

# A cell of a positive table must be above this; smaller is the solver's zero.
POSITIVE_CELL_TOLERANCE = 1e-6
# The linear algebra below decides only what it decides beyond rounding; anything in between is
# left to the programme. A singular value of the support's rows is zero below numpy's rank cut-off
# (matrix_rank's), and the rank uncertain between it and this share of the largest one (the rows
# are then too near a smaller rank for their null space to be trusted).
CLEAR_SINGULAR_VALUE = 1e-6
# A direction's value on a cell (the unit null vector v through A) is zero up to ROUNDING (v comes
# from an SVD whose rows are no worse conditioned than CLEAR_SINGULAR_VALUE allows), a clear sign
# beyond CLEAR; in between, the programme decides.
DIRECTION_ROUNDING = 1e-8
DIRECTION_CLEAR = 1e-5


def identifiable(d: Design) -> bool:
    cells, parameters = d.matrix.shape
    return cells > 0 and _full_column_rank(d.matrix.tobytes(), d.matrix.shape)


# Bounded like design.py's layouts (one rank per model matrix); asked of every fit.
@lru_cache(maxsize=4096)
def _full_column_rank(matrix_bytes: bytes, shape: tuple[int, int]) -> bool:
    return bool(np.linalg.matrix_rank(np.frombuffer(matrix_bytes).reshape(shape)) == shape[1])


def _positive_table_exists(d: Design) -> bool:
    return _positive_table_exists_on_support(d.matrix.tobytes(), d.matrix.shape, (d.counts > 0).tobytes())


# Bounded: a long-running process (dagster dev) estimates many tables over time.
@lru_cache(maxsize=65536)
def _positive_table_exists_on_support(
    matrix_bytes: bytes, shape: tuple[int, int], support_bytes: bytes
) -> bool:
    matrix = np.frombuffer(matrix_bytes).reshape(shape)
    # Any table with this support has the answer of the 0/1 table of the support (module docstring).
    support = np.frombuffer(support_bytes, dtype=bool)
    decided = _decided_by_null_space(matrix, support)
    return _solve(matrix, support.astype(float)) if decided is None else decided


def _decided_by_null_space(matrix: np.ndarray, support: np.ndarray) -> bool | None:
    """Whether a positive table with the sufficient statistics of `support` exists, from the null
    space of the support's rows (module docstring); None when that space has two or more
    dimensions, when rounding leaves it in doubt, or when the design is not identifiable (the
    argument needs A of full column rank)."""
    parameters = matrix.shape[1]
    rows = matrix[support]
    if len(rows) == 0 or not _full_column_rank(matrix.tobytes(), matrix.shape):
        return None
    _, singular, right = np.linalg.svd(rows)
    nonzero = singular > singular[0] * max(rows.shape) * np.finfo(float).eps
    if (nonzero & (singular < CLEAR_SINGULAR_VALUE * singular[0])).any():
        return None
    rank = int(nonzero.sum())
    if rank == parameters:
        return True
    if rank < parameters - 1:
        return None
    direction = matrix[~support] @ right[-1]
    size = np.abs(direction)
    # (A v off the support is never all zero when A has full column rank; if rounding says it is,
    # it is the rounding that is in doubt.)
    if ((size > DIRECTION_ROUNDING) & (size <= DIRECTION_CLEAR)).any() or size.max() <= DIRECTION_CLEAR:
        return None
    return bool(direction.max() > DIRECTION_CLEAR and direction.min() < -DIRECTION_CLEAR)


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


def mle_exists(d: Design) -> bool:
    """True when the model's MLE exists (identifiability is `identifiable`, checked before)."""
    # no fitted cell zero: the observed table is a positive table with its own statistics
    return bool((d.counts > 0).all()) or _positive_table_exists(d)
