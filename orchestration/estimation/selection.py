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
overlap count has the smallest p-value under the current model, below 0.02; its safeguards are
taken over here, and the rule itself is `select_by_p_value` (Settings(selection="p_value")), with
which tests/unit/estimation/test_published_estimate.py reproduces their published Western estimate.

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
from collections.abc import Iterator

from scipy.stats import poisson

from orchestration.estimation.capture_table import CaptureTable
from orchestration.estimation.design import Pair, pair, term_name
from orchestration.estimation.loglinear import Fit, Trial, fit, trial

# Bales, Hesketh & Silverman (2015) let an interaction in at the 5% level.
DEFAULT_THRESHOLD = 0.05
# Chan, Silverman & Vincent (2021, §4.3) chose 0.02 for their p-value rule by simulation.
SPARSEMSE_THRESHOLD = 0.02


def _p_value(table: CaptureTable, current: Fit, candidate: Fit, added: Pair) -> float:
    if table.overlap(*added) > 0:
        return candidate.p_value(term_name(added))
    first, second = added
    expected_overlap = sum(
        mean for cell, mean in current.fitted_means.items() if first in cell and second in cell
    )
    return math.exp(-expected_overlap)


def _candidates(table: CaptureTable, current: Fit, failed: set[Pair]) -> Iterator[tuple[Pair, Trial]]:
    """Every interaction not yet in the model with its trial (loglinear.py: iterated, not yet
    completed, since a step keeps one of them); one whose MLE does not exist is left out, and
    remembered in `failed`: adding an interaction never makes a missing MLE exist (Chan,
    Silverman & Vincent 2021, their checkallmodels), so it is not tried again."""
    for candidate in (pair(a, b) for a, b in itertools.combinations(table.lists, 2)):
        if candidate in current.interactions or candidate in failed:
            continue
        tried = trial(table, current.interactions | {candidate}, start=current)
        if tried is None:
            failed.add(candidate)
        else:
            yield candidate, tried


def _completed(candidate: Pair, tried: Trial, failed: set[Pair]) -> Fit | None:
    """The fit of the candidate a step keeps; a last step that leaves floating point makes it a
    candidate without an MLE, as a whole fit (loglinear.fit) would have counted it."""
    completed = tried.complete()
    if completed is None:
        failed.add(candidate)
    return completed


def select_model(table: CaptureTable, threshold: float = DEFAULT_THRESHOLD) -> Fit | None:
    """The chosen model's fit (AIC search of Bales, Hesketh & Silverman), or None when not even
    the main-effects model has an estimate."""
    current = fit(table, frozenset())
    if current is None:
        return None
    failed: set[Pair] = set()
    while True:
        best: tuple[Pair, Trial] | None = None
        for candidate, tried in _candidates(table, current, failed):
            if tried.aic < (best[1].aic if best else current.aic):
                best = (candidate, tried)
        if best is None:
            return current
        added, tried = best
        chosen = _completed(added, tried, failed)
        if chosen is None:
            continue
        if _p_value(table, current, chosen, added) >= threshold:
            return current
        current = chosen


def overlap_p_value(table: CaptureTable, current: Fit, candidate: Pair) -> float:
    """SparseMSE's p-value of a candidate interaction: the cases on both of its lists, against
    the Poisson distribution with the mean the current model expects there; the smaller of the
    two one-sided tail probabilities (so an overlap far below expectation counts too)."""
    first, second = candidate
    expected = sum(m for cell, m in current.fitted_means.items() if first in cell and second in cell)
    seen = table.overlap(first, second)
    return float(min(poisson.cdf(seen, expected), poisson.sf(seen - 1, expected)))


def select_by_p_value(table: CaptureTable, threshold: float = SPARSEMSE_THRESHOLD) -> Fit | None:
    """The stepwise rule of Chan, Silverman & Vincent (2021, §3.2; SparseMSE's stepwisefit): add
    the candidate whose overlap_p_value is smallest while it is below `threshold` (their 0.02);
    a candidate whose MLE does not exist is never added."""
    current = fit(table, frozenset())
    if current is None:
        return None
    failed: set[Pair] = set()
    while True:
        scored = [
            (overlap_p_value(table, current, candidate), candidate, tried)
            for candidate, tried in _candidates(table, current, failed)
        ]
        if not scored:
            return current
        # the smallest p-value; on a tie the first pair in list order, as stepwisefit
        p_value, added, tried = min(scored, key=lambda s: s[0])
        if p_value >= threshold:
            return current
        chosen = _completed(added, tried, failed)
        if chosen is not None:
            current = chosen


SELECTIONS = {"aic": select_model, "p_value": select_by_p_value}
