"""The estimator on populations of known size (tests/unit/estimation/population.py): a handful of
replications each, enough to see the method work; the many-replication coverage run belongs in
`make bench`, not here.

Targets (issue 18): where the assumptions of the chosen model hold, the 95% interval covers N in at
least 90% of replications and the median relative error is under 10%. With five replications
"at least 90%" means at least four.
"""

from __future__ import annotations

import statistics

import numpy as np

from orchestration.estimation import Settings, estimate_population, estimate_strata
from orchestration.estimation.loglinear import fit
from tests.unit.estimation.population import Stratum, draw

LISTS = ("Politie/EMM", "KMar", "ISZW-DO", "Zorgcoördinator")
REPLICATIONS = 5
MIN_COVERED = 4
MAX_MEDIAN_RELATIVE_ERROR = 0.10
SETTINGS = Settings(replicates=100)


def _summary(truths: list[int], estimates: list) -> list[str]:
    """Every way the replications miss the targets (empty when they meet them)."""
    covered = sum(e.lower_95 <= n <= e.upper_95 for n, e in zip(truths, estimates))
    errors = [abs(e.estimated - n) / n for n, e in zip(truths, estimates)]
    problems = []
    if covered < MIN_COVERED:
        problems.append(f"interval covers N in {covered} of {REPLICATIONS}")
    if statistics.median(errors) >= MAX_MEDIAN_RELATIVE_ERROR:
        problems.append(f"median relative error {statistics.median(errors):.3f}")
    return problems


def test_heterogeneous_capture_by_stratum_is_estimated_per_stratum() -> None:
    # Two groups that the lists catch with very different probabilities (as sexual exploitation
    # and exploitation elsewhere reach different reporters); within a group the lists are
    # independent, which is what the per-stratum models assume.
    strata = {
        "SU": Stratum(1500, (0.30, 0.05, 0.02, 0.15)),
        "UBS": Stratum(1000, (0.10, 0.10, 0.25, 0.05)),
    }
    rng = np.random.default_rng(18)
    truths, estimates = [], []
    for _ in range(REPLICATIONS):
        tables = {name: draw(rng, LISTS, s) for name, s in strata.items()}
        truths.append(sum(s.size for s in strata.values()))
        estimates.append(estimate_strata(tables, SETTINGS))
    assert not _summary(truths, estimates), [(e.estimated, e.lower_95, e.upper_95) for e in estimates]


def test_dependence_between_police_and_another_list_is_modelled() -> None:
    # KMar catches 60% of the victims the police caught and 8% of the others: a positive dependence
    # that the independence model mistakes for a small population; the chosen model must include
    # the interaction and land near N.
    stratum = Stratum(2000, (0.25, 0.08, 0.15, 0.10), depends_on=(0, 1, 0.60))
    rng = np.random.default_rng(2015)
    truths, estimates, independence_errors, missed_interaction = [], [], [], 0
    for _ in range(REPLICATIONS):
        table = draw(rng, LISTS, stratum)
        result = estimate_population(table, SETTINGS)
        truths.append(stratum.size)
        estimates.append(result)
        missed_interaction += "KMar:Politie/EMM" not in result.model
        independence_errors.append((table.observed + fit(table, frozenset()).dark_figure) / stratum.size - 1)
    problems = _summary(truths, estimates)
    if missed_interaction > REPLICATIONS - MIN_COVERED:
        problems.append(f"the police-KMar interaction was missed {missed_interaction} times")
    if max(independence_errors) > -MAX_MEDIAN_RELATIVE_ERROR:
        problems.append(f"independence should underestimate clearly, errors {independence_errors}")
    assert not problems, (problems, [(e.estimated, e.lower_95, e.upper_95, e.model) for e in estimates])
