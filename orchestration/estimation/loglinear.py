"""Fit one log-linear Poisson model (orchestration/estimation/design.py) with statsmodels' GLM.

The fit is only returned when its maximum likelihood estimate exists and is identifiable
(orchestration/estimation/existence.py): otherwise a Poisson fit still returns numbers, but they
are a point on a path to infinity, not an estimate. A pair whose lists share no case counts as a
parameter in AIC although it has no column (Chan, Silverman & Vincent 2021, as their modelfit).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from statsmodels.genmod.families import Poisson
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from orchestration.estimation.capture_table import CaptureTable, History
from orchestration.estimation.design import Pair, design
from orchestration.estimation.existence import identifiable, mle_exists

Z_95 = 1.959963984540054


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


def fit(table: CaptureTable, interactions: frozenset[Pair], start: Fit | None = None) -> Fit | None:
    """The maximum likelihood fit, or None when the model has no (identifiable) MLE on `table`.

    `start`, a fit of a smaller model, gives the starting values (new terms start at 0): a model
    search fits many neighbours of one model, and they converge in fewer iterations from it.
    """
    d = design(table, interactions)
    if not identifiable(d):
        return None
    start_params = None if start is None else np.array([start.params.get(c, 0.0) for c in d.columns])
    with warnings.catch_warnings():
        # A fit whose MLE does not exist drifts and warns; the existence check below decides.
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        result = GLM(d.counts, d.matrix, family=Poisson()).fit(start_params=start_params)
    params = np.asarray(result.params)
    means = np.exp(d.matrix @ params)
    if not np.isfinite(params).all() or not mle_exists(d, means):
        return None
    return Fit(
        interactions=interactions,
        dark_figure=float(math.exp(params[0])),
        log_dark_se=float(np.asarray(result.bse)[0]),
        aic=float(result.aic) + 2 * len(d.empty_pairs),
        params={name: float(v) for name, v in zip(d.columns, params)},
        z_values={name: float(z) for name, z in zip(d.columns, params / np.asarray(result.bse))},
        fitted_means={cell: float(m) for cell, m in zip(d.cells, means)},
    )
