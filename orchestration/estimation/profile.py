"""A 95% interval for the population given one log-linear model: the profile likelihood of N.

The interval of Cormack (1992, "Interval estimation for mark-recapture studies of closed
populations", Biometrics 48), as the R package Rcapture computes it (closedpCI.t; Baillargeon &
Rivest 2007, "Rcapture: loglinear models for capture-recapture in R", J. Stat. Softw. 19(5)). For
a candidate population N, the unobserved cell gets the count N - n (n the cases seen) and the
model is fitted to the completed table, the unobserved cell holding the intercept alone; the
multinomial log likelihood of the counts given N is then, up to a constant,

    log N! - log (N - n)! + (N - n) log (N - n) - N log N - deviance / 2,

the deviance being the Poisson deviance of that fit over all cells including the unobserved one
(the multinomial cell probabilities at their maximum for that N are the fitted means over N).
N ranges over the reals (log-gamma for the factorials), so the profile is smooth. The interval
is every N whose profile log likelihood lies within chi-square(1, 95%) / 2 of its maximum.

Rcapture replaces the factorials by Stirling's formula above 100 cases; here they are exact
(scipy's gammaln). The difference is about 1 / (12 (N - n)) in the log likelihood, which moves a
bound by far less than the 1% to which tests/unit/estimation/test_published_estimate.py holds the
published intervals.

Unlike the bootstrap of orchestration/estimation/bootstrap.py, this interval takes the model as
given: it leaves out the uncertainty of the model choice, and is deterministic. It is the interval
published with many log-linear estimates, which is what makes them reproducible.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2

from orchestration.estimation.capture_table import CaptureTable
from orchestration.estimation.design import design
from orchestration.estimation.loglinear import Fit, poisson_deviance, poisson_irls

LEVEL = 0.95
# Both searches locate N to well under one case: the estimates are published to whole cases.
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ProfileInterval:
    """The N that maximises the multinomial likelihood and the interval around it; `upper` is
    math.inf when the profile stays within the cut up to the search limit."""

    maximum: float
    lower: float
    upper: float


def profile_log_likelihood(table: CaptureTable, fitted: Fit) -> Callable[[float], float]:
    """The profile log likelihood of N under the model of `fitted` (a fit on `table`), as a
    function of N >= table.observed."""
    d = design(table, fitted.interactions)
    unobserved = np.zeros((1, d.matrix.shape[1]))
    unobserved[0, 0] = 1.0  # the all-zero history: the intercept alone
    matrix = np.vstack([d.matrix, unobserved])
    seen = table.observed

    def log_likelihood(population: float) -> float:
        unseen = population - seen
        counts = np.append(d.counts, unseen)
        means = poisson_irls(matrix, counts).means
        unseen_term = unseen * math.log(unseen) if unseen > 0 else 0.0
        correction = (
            gammaln(population + 1) - gammaln(unseen + 1) + unseen_term - population * math.log(population)
        )
        return correction - poisson_deviance(counts, means) / 2

    return log_likelihood


def profile_interval(table: CaptureTable, fitted: Fit, limit: float, level: float = LEVEL) -> ProfileInterval:
    """The profile likelihood interval of N for the model of `fitted`, searched between the
    cases seen and `limit` (beyond which a population counts as unbounded, as in estimate.py).

    The lower bound is the number seen when even N = n lies within the cut (the data cannot rule
    out that nobody was missed)."""
    log_likelihood = profile_log_likelihood(table, fitted)
    seen = float(table.observed)
    best = minimize_scalar(
        lambda n: -log_likelihood(n), bounds=(seen, limit), method="bounded", options={"xatol": _TOLERANCE}
    )
    maximum, top = float(best.x), -float(best.fun)
    cut = top - chi2.ppf(level, 1) / 2

    def above_cut(n: float) -> float:
        return log_likelihood(n) - cut

    lower = seen if above_cut(seen) >= 0 else brentq(above_cut, seen, maximum, xtol=_TOLERANCE)
    upper = math.inf if above_cut(limit) >= 0 else brentq(above_cut, maximum, limit, xtol=_TOLERANCE)
    return ProfileInterval(maximum, float(lower), float(upper))
