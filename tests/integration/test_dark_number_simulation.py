"""The dark number on populations of known size, through the real warehouse (issue 18).

One build (tests/simulation/harness.py): for every year of the default window and every form
group a population of known N is drawn under the scenario where the assumptions of the chosen
model hold (tests/simulation/population.py: capture depending on covariates, EMM doubling police
reports, a KMar-inspectorate dependence), its seen victims are delivered as a real CoMensha file,
ingested and built, and `dark_number_estimates` is compared with N: 20 replications.

Targets (issue 18): the 95% interval covers N in at least 90% of replications and the median
relative error is under 10%. The run of at least 200 replications, and the bias where the
assumptions are broken, are `make bench`'s (bench/run.py, the README's dark-number section).
"""

from __future__ import annotations

import statistics

from tests.simulation.harness import KINDS, simulate, summarise

SEED = 18
YEARS = range(2013, 2018)
MIN_COVERAGE = 0.90
MAX_MEDIAN_RELATIVE_ERROR = 0.10


def test_mart_estimates_known_populations_where_the_assumptions_hold(tmp_path) -> None:
    outcomes = simulate("assumptions_hold", YEARS, SEED, tmp_path)
    problems = [
        f"{o.period} {o.population}: observed {o.observed}, the lists saw {o.captured}"
        for o in outcomes
        # None: protected as every count (dark_number_estimates.is_suppressed)
        if o.observed is not None and o.observed != o.captured
    ]
    replications = [o for o in outcomes if o.kind == KINDS[0]]
    if len(replications) != len(YEARS) * 4:
        problems.append(f"{len(replications)} year-and-group rows, expected {len(YEARS) * 4}")
    problems += [f"{o.period} {o.population}: {o.status}" for o in replications if o.estimated is None]
    summary = summarise(replications)
    if summary.coverage < MIN_COVERAGE:
        problems.append(f"the interval covers N in {summary.covered} of {summary.replications}")
    if summary.median_absolute_relative_error >= MAX_MEDIAN_RELATIVE_ERROR:
        problems.append(f"median relative error {summary.median_absolute_relative_error:.3f}")
    assert not problems, "\n".join(
        problems
        + [
            f"{o.period} {o.population}: N {o.size}, {o.estimated} ({o.lower_95}-{o.upper_95})"
            for o in replications
        ]
    )
    # The estimates are spread around N, not all on one side of it.
    errors = [o.relative_error for o in replications]
    assert min(errors) < 0 < max(errors) and abs(statistics.median(errors)) < MAX_MEDIAN_RELATIVE_ERROR
