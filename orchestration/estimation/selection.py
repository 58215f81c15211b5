"""Which two-list interactions the model keeps: forward stepwise by AIC with a significance threshold.

This is the model search of Bales, Hesketh & Silverman (2015, "Modern slavery in the UK: how many
victims?", Significance 12(3)), which produced the UK Home Office estimate of 2014: start from the
main-effects model (lists independent); at each step try every interaction not yet in the model,
take the one that lowers AIC most, and keep it only if its own p-value is below the threshold;
stop when no interaction lowers AIC or the best one is not significant. AIC rather than BIC
because that is the published method this module reproduces (tests/unit/estimation); the threshold
curbs AIC's appetite for interactions (one extra term at a time, AIC alone admits it at about the
16% level). Silverman (2020, "Multiple-systems analysis for the quantification of modern slavery:
classical and Bayesian approaches", JRSS A 183) shows how much the estimate moves between
model-choice methods, hence the bootstrap over the whole choice (bootstrap.py). The SparseMSE
stepwise method of Chan, Silverman & Vincent (2021) is not AIC-based: it adds the candidate whose
overlap count has the smallest Poisson p-value under the current model, below 0.02; its safeguards
are taken over here.

Two safeguards for sparse tables from Chan, Silverman & Vincent (2021):
- a candidate whose maximum likelihood estimate does not exist (orchestration/estimation/
  existence.py) is never added, whatever its AIC;
- an interaction between lists that share no case has no Wald p-value (its estimate is minus
  infinity). Its p-value is instead the Poisson probability, under the current model, of seeing no
  shared case at all: exp(-expected overlap), as their modelfit's `poisspempty`. An empty overlap
  that the current model expects to be empty anyway is thus not turned into a structural zero.
"""

from __future__ import annotations

import itertools
import math

from orchestration.estimation.capture_table import CaptureTable
from orchestration.estimation.design import Pair, pair, term_name
from orchestration.estimation.loglinear import Fit, fit

# Bales, Hesketh & Silverman (2015) let an interaction in at the 5% level.
DEFAULT_THRESHOLD = 0.05


def _p_value(table: CaptureTable, current: Fit, candidate: Fit, added: Pair) -> float:
    if table.overlap(*added) > 0:
        return candidate.p_value(term_name(added))
    first, second = added
    expected_overlap = sum(
        mean for cell, mean in current.fitted_means.items() if first in cell and second in cell
    )
    return math.exp(-expected_overlap)


def select_model(table: CaptureTable, threshold: float = DEFAULT_THRESHOLD) -> Fit | None:
    """The chosen model's fit, or None when not even the main-effects model has an estimate."""
    model: frozenset[Pair] = frozenset()
    current = fit(table, model)
    if current is None:
        return None
    # Adding an interaction never makes a missing MLE exist (Chan, Silverman & Vincent 2021,
    # their checkallmodels), so a candidate that failed once is not tried again.
    failed: set[Pair] = set()
    all_pairs = [pair(a, b) for a, b in itertools.combinations(table.lists, 2)]
    while True:
        best: tuple[Pair, Fit] | None = None
        for candidate in all_pairs:
            if candidate in model or candidate in failed:
                continue
            trial = fit(table, model | {candidate}, start=current)
            if trial is None:
                failed.add(candidate)
                continue
            if trial.aic < (best[1].aic if best else current.aic):
                best = (candidate, trial)
        if best is None:
            return current
        added, trial = best
        if _p_value(table, current, trial, added) >= threshold:
            return current
        model, current = trial.interactions, trial
