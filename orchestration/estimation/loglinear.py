"""Fit one log-linear Poisson model (orchestration/estimation/design.py) by IRLS in numpy.

The fit is the iteration of statsmodels' GLM (Poisson family, log link, IRLS from the same start,
stopping when the deviance changes by less than 1e-8, standard errors from the last weighted
least-squares step), written out: a model search fits dozens of models and a bootstrap repeats
the search hundreds of times, and statsmodels' per-fit set-up (model and results objects, data
checks) cost more than the arithmetic on these small tables. tests/unit/estimation/
test_irls.py checks that both give the same estimates, standard errors and AIC.

The fit is only returned when its maximum likelihood estimate exists and is identifiable
(orchestration/estimation/existence.py): otherwise a Poisson fit still returns numbers, but they
are a point on a path to infinity, not an estimate. A pair whose lists share no case counts as a
parameter in AIC although it has no column (Chan, Silverman & Vincent 2021, as their modelfit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from orchestration.estimation.capture_table import CaptureTable, History
from orchestration.estimation.design import Design, Pair, design
from orchestration.estimation.existence import identifiable, mle_exists

Z_95 = 1.959963984540054
# statsmodels' GLM defaults: at most 100 IRLS steps, converged when the deviance changes by < 1e-8.
MAX_ITERATIONS = 100
DEVIANCE_TOLERANCE = 1e-8
# statsmodels' floor for y / mu in the deviance (np.finfo(float).eps), so that a zero count adds 0.
_EPS = np.finfo(float).eps


@dataclass(frozen=True)
class PoissonFit:
    """What a fit of the Poisson log-linear model yields (as statsmodels' GLM results)."""

    params: np.ndarray
    bse: np.ndarray
    means: np.ndarray
    aic: float


def poisson_deviance(counts: np.ndarray, means: np.ndarray) -> float:
    """The Poisson deviance, a zero count adding its mean alone (as statsmodels' GLM)."""
    ratio = counts / means
    # statsmodels' np.clip(ratio, eps, inf), without clip's overhead: the same values, NaN too.
    np.maximum(ratio, _EPS, out=ratio)
    return float(2 * np.sum(counts * np.log(ratio) - (counts - means)))


def poisson_irls(matrix: np.ndarray, counts: np.ndarray, start: np.ndarray | None = None) -> PoissonFit:
    """Poisson regression with log link by iteratively reweighted least squares, step for step as
    statsmodels' GLM(...).fit(): start from `start` or from mu = (y + mean y) / 2; each step
    solves the weighted least squares of the working response with weights mu."""
    steps = _irls_steps(matrix, counts, start)
    if steps is None:
        return _drifted(matrix.shape[1])
    root, working, means = steps
    params, bse = _last_step(matrix, root, working)
    return PoissonFit(params=params, bse=bse, means=means, aic=_aic(counts, means, matrix.shape[1]))


def _irls_steps(
    matrix: np.ndarray, counts: np.ndarray, start: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The IRLS iteration up to convergence: the last step's square roots of the weights and
    working response (for `_last_step`) and its means; None when the fit drifted."""
    with np.errstate(all="ignore"):  # a fit whose MLE does not exist drifts; mle_exists decides
        if start is None:
            means = (counts + counts.mean()) / 2
            linear = np.log(means)
        else:
            linear = matrix @ start
            means = np.exp(linear)
        deviance = poisson_deviance(counts, means)
        for _ in range(MAX_ITERATIONS):
            working = linear + (counts - means) / means
            # (working is not finite wherever the weights, the means, are not)
            if not np.isfinite(working).all():
                # The fit drifted beyond floating point (a model without an MLE on this table,
                # e.g. a bootstrap replicate that emptied an overlap, started from a fit of the
                # full table): least squares on such weights fails (LAPACK: "SVD did not
                # converge"). No result: non-finite parameters, which fit() turns into None.
                return None
            root = np.sqrt(means)
            params = np.linalg.lstsq(root[:, None] * matrix, root * working, rcond=None)[0]
            linear = matrix @ params
            means = np.exp(linear)
            previous, deviance = deviance, poisson_deviance(counts, means)
            if abs(previous - deviance) <= DEVIANCE_TOLERANCE:
                break
    return root, working, means


def _last_step(matrix: np.ndarray, root: np.ndarray, working: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """statsmodels' last step: the same weighted least squares once more by pseudo-inverse,
    whose solution and (X'WX)^-1 are the results (they differ from the step's own only where
    the fit drifts and X'WX is near singular; done the same way, they agree there too). Returns
    the parameters and their standard errors."""
    with np.errstate(all="ignore"):
        inverse = np.linalg.pinv(root[:, None] * matrix)
        params = inverse @ (root * working)
        covariance = inverse @ inverse.T
    return params, np.sqrt(np.diag(covariance))


def _aic(counts: np.ndarray, means: np.ndarray, parameters: int) -> float:
    with np.errstate(all="ignore"):
        log_likelihood = float(np.sum(counts * np.log(means) - means - gammaln(counts + 1)))
    return -2 * log_likelihood + 2 * parameters


def _drifted(parameters: int) -> PoissonFit:
    """The result of a fit that left floating point: nothing in it is a number."""
    nothing = np.full(parameters, np.nan)
    return PoissonFit(params=nothing, bse=nothing, means=np.array([np.nan]), aic=math.inf)


@dataclass(frozen=True)
class Fit:
    """A fitted model: the dark figure, its log-scale standard error, AIC and the terms' p-values."""

    interactions: frozenset[Pair]
    dark_figure: float
    log_dark_se: float
    aic: float
    params: dict[str, float]
    z_values: dict[str, float]
    fitted_means: dict[History, float]

    def p_value(self, term: str) -> float:
        """Two-sided Wald p-value of a term (computed on demand: a model search asks it of only
        the best candidate of each step)."""
        return math.erfc(abs(self.z_values[term]) / math.sqrt(2))

    def conditional_interval(self, observed: int) -> tuple[float, float]:
        """95% interval given this model: log-normal around the dark figure (as SparseMSE's
        estimatepopulation.0), plus the observed cases. It ignores the uncertainty of the model
        choice; orchestration/estimation/bootstrap.py gives the interval that includes it."""
        log_dark = math.log(self.dark_figure)
        return (
            observed + math.exp(log_dark - Z_95 * self.log_dark_se),
            observed + math.exp(log_dark + Z_95 * self.log_dark_se),
        )


@dataclass(frozen=True)
class Trial:
    """A model whose MLE exists on the table, iterated to convergence: its AIC is known, the rest
    of its fit (`complete`: the last, pseudo-inverse step and the Fit) is computed only for the
    models a search keeps (orchestration/estimation/selection.py compares every candidate's AIC)."""

    interactions: frozenset[Pair]
    aic: float
    design: Design
    root: np.ndarray
    working: np.ndarray

    def complete(self) -> Fit | None:
        d = self.design
        params, bse = _last_step(d.matrix, self.root, self.working)
        if not np.isfinite(params).all():
            return None
        means = np.exp(d.matrix @ params)
        return Fit(
            interactions=self.interactions,
            dark_figure=float(math.exp(params[0])),
            log_dark_se=float(bse[0]),
            aic=self.aic,
            params={name: float(v) for name, v in zip(d.columns, params)},
            z_values={name: float(z) for name, z in zip(d.columns, params / bse)},
            fitted_means={cell: float(m) for cell, m in zip(d.cells, means)},
        )


def trial(table: CaptureTable, interactions: frozenset[Pair], start: Fit | None = None) -> Trial | None:
    """The model iterated to its maximum likelihood, or None when it has no (identifiable) MLE on
    `table` (decided before the iteration, which would only drift) or the iteration drifted.

    `start`, a fit of a smaller model, gives the starting values (new terms start at 0): a model
    search fits many neighbours of one model, and they converge in fewer iterations from it.
    """
    d = design(table, interactions)
    if not identifiable(d) or not mle_exists(d):
        return None
    start_params = None if start is None else np.array([start.params.get(c, 0.0) for c in d.columns])
    steps = _irls_steps(d.matrix, d.counts, start_params)
    if steps is None:
        return None
    root, working, means = steps
    # A pair whose lists share no case counts as a parameter (module docstring).
    aic = _aic(d.counts, means, d.matrix.shape[1]) + 2 * len(d.empty_pairs)
    return Trial(interactions, aic, d, root, working)


def fit(table: CaptureTable, interactions: frozenset[Pair], start: Fit | None = None) -> Fit | None:
    """The maximum likelihood fit, or None when the model has no (identifiable) MLE on `table`
    (`trial`, completed)."""
    tried = trial(table, interactions, start)
    return None if tried is None else tried.complete()
