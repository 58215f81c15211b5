"""A 95% interval that includes the uncertainty of the model choice: bootstrap the whole selection.

An interval from the chosen model alone (Fit.conditional_interval) pretends the model was known in
advance, and is too narrow (Silverman, Chan & Vincent 2024, "Bootstrapping multiple systems
estimates to account for model selection", Stat. Comput. 34). Here every replicate redraws each
observed cell's count as Poisson around the observed count (the sampling model the log-linear
Poisson fit itself assumes, so the number of cases seen varies too), reruns the model search of
orchestration/estimation/selection.py on it and keeps its population estimate.

The interval is BCa (bias-corrected and accelerated; DiCiccio & Efron 1996, "Bootstrap confidence
intervals", Stat. Sci. 11), as Chan, Silverman & Vincent (2021, §3.3): the replicates of a
dark-figure estimate are skewed and their median need not sit at the estimate, which plain
percentiles would pass on to the interval. The acceleration comes from a grouped jackknife, one
case taken out of each observed cell in turn: one extra model search per cell, not per replicate.

A replicate (or jackknife table) whose models have no estimate (not even the main-effects MLE
exists on it) counts as an infinite population: such data cannot bound the estimate, so when too
many replicates are like that the upper bound is infinite, which callers show as "unbounded", not
as a number. The generator is seeded, so the same table and seed give the same interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

import numpy as np

from orchestration.estimation.capture_table import CaptureTable, History
from orchestration.estimation.loglinear import Fit

# Chan, Silverman & Vincent (2021) and Silverman, Chan & Vincent (2024) use 1000 replicates.
DEFAULT_REPLICATES = 1000
DEFAULT_SEED = 20150101
LEVEL = 0.95

Select = Callable[[CaptureTable], Fit | None]
_NORMAL = NormalDist()


def population(table: CaptureTable, select: Select) -> float:
    """The population estimate of the model `select` chooses on `table` (inf without one)."""
    chosen = select(table)
    return math.inf if chosen is None else table.observed + chosen.dark_figure


def _poisson(rng: np.random.Generator, counts: np.ndarray) -> np.ndarray:
    return rng.poisson(counts)


def _multinomial(rng: np.random.Generator, counts: np.ndarray) -> np.ndarray:
    # the cases seen kept fixed, as SparseMSE's estimatepopulation (Chan, Silverman & Vincent 2021, §3.3)
    return rng.multinomial(int(counts.sum()), counts / counts.sum())


# How a replicate redraws the observed cells: Poisson around each count (the default, the
# sampling model of the fit), or multinomial with the number seen fixed (SparseMSE).
RESAMPLING = {"poisson": _poisson, "multinomial": _multinomial}


def replicate_estimates(
    table: CaptureTable,
    select: Select,
    replicates: int,
    rng: np.random.Generator,
    resampling: str = "poisson",
) -> np.ndarray:
    """The estimate on each of `replicates` resampled tables."""
    cells = [cell for cell in table.cells if table.count(cell) > 0]
    means = np.array([table.count(cell) for cell in cells], dtype=float)
    resample = RESAMPLING[resampling]
    estimates = np.empty(replicates)
    for i in range(replicates):
        draw = resample(rng, means)
        estimates[i] = population(
            table.with_counts({c: int(n) for c, n in zip(cells, draw) if n > 0}), select
        )
    return estimates


def jackknife(table: CaptureTable, select: Select) -> list[tuple[int, float]]:
    """(cases in the cell, estimate with one of them taken out) for every observed cell."""
    result = []
    for cell, n in table.counts.items():
        if n > 0:
            fewer: dict[History, int] = {**table.counts, cell: n - 1}
            result.append((n, population(table.with_counts(fewer), select)))
    return result


def acceleration(jackknife_values: list[tuple[int, float]]) -> float:
    """The BCa acceleration from grouped jackknife values (each counted as often as its cell has
    cases); 0 (bias correction only) when a jackknife table has no estimate."""
    weights = np.array([n for n, _ in jackknife_values], dtype=float)
    values = np.array([v for _, v in jackknife_values])
    if not np.isfinite(values).all():
        return 0.0
    deviations = (weights @ values) / weights.sum() - values
    spread = weights @ deviations**2
    return 0.0 if spread == 0 else float(weights @ deviations**3 / (6 * spread**1.5))


def bca_interval(estimates: np.ndarray, point: float, accel: float) -> tuple[float, float]:
    """The BCa interval at LEVEL: percentiles of the replicates, shifted by their bias against the
    point estimate and by the acceleration; read as order statistics, so an infinite replicate
    stays infinite."""
    count = len(estimates)
    below = (np.sum(estimates < point) + 0.5 * np.sum(estimates == point)) / count
    # Kept off 0 and 1, where the bias correction would be infinite.
    z0 = _NORMAL.inv_cdf(min(max(below, 1 / (count + 1)), count / (count + 1)))
    tail = (1 - LEVEL) / 2
    levels = []
    for z in (_NORMAL.inv_cdf(tail), _NORMAL.inv_cdf(1 - tail)):
        shifted = z0 + z
        levels.append(_NORMAL.cdf(z0 + shifted / (1 - accel * shifted)))
    lower, upper = np.quantile(estimates, levels, method="inverted_cdf")
    return float(lower), float(upper)
