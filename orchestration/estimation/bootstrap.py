"""A 95% interval that includes the uncertainty of the model choice: bootstrap the whole selection.

An interval from the chosen model alone (Fit.conditional_interval) pretends the model was known in
advance, and is too narrow (Silverman, Chan & Vincent 2024, "Bootstrapping multiple systems
estimates to account for model selection", Stat. Comput. 34). Here every replicate redraws each
observed cell's count as Poisson around the observed count (the sampling model the log-linear
Poisson fit itself assumes, so the number of cases seen varies too), reruns the model search of
orchestration/estimation/selection.py on it and keeps its population estimate. The interval is the
2.5% and 97.5% percentiles of those estimates (Chan, Silverman & Vincent 2021, §3.3, use the same
resampling with a BCa correction; the plain percentile interval needs no jackknife refits, which
would multiply the cost by the number of cells).

A replicate whose models have no estimate (the main-effects model's MLE does not exist on it)
counts as an infinite population: such data cannot bound the estimate, so when more than 2.5% of
the replicates are like that the upper bound is infinite, which callers show as "unbounded", not
as a number. The generator is seeded, so the same table and seed give the same interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from orchestration.estimation.capture_table import CaptureTable
from orchestration.estimation.loglinear import Fit

# Chan, Silverman & Vincent (2021) and Silverman, Chan & Vincent (2024) use 1000 replicates.
DEFAULT_REPLICATES = 1000
DEFAULT_SEED = 20150101


def replicate_estimates(
    table: CaptureTable,
    select: Callable[[CaptureTable], Fit | None],
    replicates: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """The population estimate of `select` on each of `replicates` resampled tables (inf where
    the replicate has no estimate)."""
    cells = [cell for cell in table.cells if table.count(cell) > 0]
    means = np.array([table.count(cell) for cell in cells], dtype=float)
    estimates = np.empty(replicates)
    for i in range(replicates):
        draw = rng.poisson(means)
        replicate = table.with_counts({cell: int(n) for cell, n in zip(cells, draw) if n > 0})
        chosen = select(replicate)
        estimates[i] = math.inf if chosen is None else replicate.observed + chosen.dark_figure
    return estimates


def percentile_interval(estimates: np.ndarray) -> tuple[float, float]:
    """The 2.5% and 97.5% points, as order statistics (an infinite replicate stays infinite)."""
    lower, upper = np.quantile(estimates, [0.025, 0.975], method="inverted_cdf")
    return float(lower), float(upper)
