"""The dark number on populations of known size at bench size (issue 18): the plan of builds, and
their figures for bench/results.md and the README.

Each build is one stage (`python -m bench.stage dark-number-simulation SCENARIO FIRST LAST SEED
OUT`): tests/simulation/harness.py draws a population per registration year and form group,
delivers the seen victims as a real CoMensha file, ingests it and runs the real `dbt build`, with
the reporting window widened to FIRST-LAST (dbt vars; contracts/README.md §10) so that one build
carries four replications per year; every replication is estimated by the warehouse itself (the
mart `dark_number_estimates`), none by calling the estimator outside the build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.simulation.harness import KINDS, Outcome, summarise

# (scenario, first year, last year, seed): two builds of 27 years x 4 groups = 216 replications
# where the assumptions hold (issue 18 asks for at least 200), one of 14 years x 4 = 56 for each
# broken case, enough to measure a bias of a few percent.
PLAN = (
    ("assumptions_hold", 1991, 2017, 1),
    ("assumptions_hold", 1991, 2017, 2),
    ("hidden_heterogeneity", 2004, 2017, 3),
    ("referral_dependence", 2004, 2017, 4),
)
TARGET_COVERAGE = 0.90
TARGET_MEDIAN_RELATIVE_ERROR = 0.10
MIN_REPLICATIONS = 200

Measure = Callable[[str, list[str]], dict]


def run(
    measure: Measure, stage: Callable[..., list[str]], out: Path, results: dict, save: Callable[[], None]
) -> None:
    """Every build of PLAN, measured (wall time, CPU, memory) into results["dark_number"], saved
    after each build (a stopped run keeps the builds it finished)."""
    builds = results.setdefault("dark_number", {"builds": []})["builds"]
    builds.clear()
    for scenario, first, last, seed in PLAN:
        root = out / f"dark-number-{scenario}-{seed}"
        r = measure(
            f"dark-number-{scenario}-{seed}",
            stage("dark-number-simulation", scenario, str(first), str(last), str(seed), str(root)),
        )
        builds.append({"scenario": scenario, "years": f"{first}-{last}", "seed": seed, **r})
        save()


def outcomes(results: dict) -> list[Outcome]:
    return [
        Outcome(**o)
        for b in results.get("dark_number", {}).get("builds", [])
        if b.get("exit_code") == 0
        for o in b["result"]["outcomes"]
    ]


def _by(results: dict, scenario: str, kind: str) -> list[Outcome]:
    return [o for o in outcomes(results) if o.scenario == scenario and o.kind == kind]


def targets(results: dict) -> list[str]:
    """The targets of issue 18 where the assumptions hold, each met or NOT met."""
    hold = _by(results, "assumptions_hold", KINDS[0])
    if not hold:
        return [
            "dark number on known populations: not measured (no build of the assumptions_hold scenario ran)"
        ]
    s = summarise(hold)
    size = "" if s.replications >= MIN_REPLICATIONS else f", fewer than the {MIN_REPLICATIONS} asked"
    return [
        f"dark number, assumptions hold, {s.replications} replications{size}: the 95% interval covers N in "
        f"{s.coverage:.1%} (target ≥ {TARGET_COVERAGE:.0%}) — "
        + ("met" if s.coverage >= TARGET_COVERAGE else "NOT met"),
        f"dark number, assumptions hold: median relative error {s.median_absolute_relative_error:.1%} "
        f"(target < {TARGET_MEDIAN_RELATIVE_ERROR:.0%}) — "
        + ("met" if s.median_absolute_relative_error < TARGET_MEDIAN_RELATIVE_ERROR else "NOT met"),
    ]


CASES = (
    ("assumptions_hold", KINDS[0], "assumptions hold (one form group, one year)"),
    (
        "assumptions_hold",
        KINDS[1],
        "the four groups estimated as one ('Alle slachtoffers'): capture differs between them",
    ),
    ("hidden_heterogeneity", KINDS[0], "unmodelled heterogeneity: half the victims hidden from every list"),
    ("referral_dependence", KINDS[0], "list dependence outside the model: a three-list referral chain"),
)


def table(results: dict) -> str:
    """One line per case: replications, coverage, median |error| and the bias (median and mean
    relative error of the estimate against N)."""
    lines = [
        "| case | replications | interval covers N | median abs. relative error | bias: median (mean) relative error | without estimate | build wall s |",
        "|---|---|---|---|---|---|---|",
    ]
    for scenario, kind, label in CASES:
        chosen = _by(results, scenario, kind)
        if not chosen:
            lines.append(f"| {label} | not run | | | | | |")
            continue
        s = summarise(chosen)
        seconds = sum(
            b["wall_s"]
            for b in results["dark_number"]["builds"]
            if b["scenario"] == scenario and b.get("exit_code") == 0
        )
        lines.append(
            f"| {label} | {s.replications} | {s.coverage:.1%} | {s.median_absolute_relative_error:.1%} | "
            f"{s.median_relative_error:+.1%} ({s.mean_relative_error:+.1%}) | {s.without_estimate} | {seconds:.0f} |"
        )
    return "\n".join(lines)
