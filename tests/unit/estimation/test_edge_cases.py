"""What the estimator says when the data cannot carry an estimate, and how it reads the
warehouse's reporter sets (orchestration/estimation/)."""

from __future__ import annotations

import csv
import dataclasses
import math

import pytest
from scipy.stats import chi2

from orchestration.estimation import (
    REPORTER_LISTS,
    CaptureTable,
    Settings,
    Status,
    estimate_population,
    estimate_strata,
)
from orchestration.estimation.design import pair
from orchestration.estimation.loglinear import fit
from orchestration.estimation.profile import profile_interval, profile_log_likelihood
from orchestration.settings import DBT_PROJECT_DIR

# Few replicates: these tests are about statuses and bookkeeping, not interval accuracy.
QUICK = Settings(replicates=30)

# Three lists with ample overlaps: the main-effects model exists and fits.
THREE_LISTS = {
    ("A",): 300,
    ("B",): 250,
    ("C",): 200,
    ("A", "B"): 60,
    ("A", "C"): 50,
    ("B", "C"): 40,
    ("A", "B", "C"): 10,
}


def test_model_without_mle_is_reported_without_a_number() -> None:
    # Two lists that share nobody: Lincoln-Petersen would divide by zero; the MLE does not exist.
    table = CaptureTable.from_histories(("A", "B"), {("A",): 40, ("B",): 30})
    result = estimate_population(table, QUICK)
    assert (result.status, result.estimated, result.lower_95, result.upper_95) == (
        Status.NO_ESTIMATE,
        None,
        None,
        None,
    )
    assert result.observed == 70 and "geen schatting" in result.explanation


def test_zero_observed_and_one_list_give_no_estimate() -> None:
    nobody = estimate_population(CaptureTable(("A", "B"), {}), QUICK)
    one_list = estimate_population(CaptureTable.from_histories(("A",), {("A",): 500}), QUICK)
    got = [(nobody.status, nobody.estimated), (one_list.status, one_list.estimated, one_list.observed)]
    assert got == [(Status.NO_CASES, None), (Status.TOO_FEW_LISTS, None, 500)]


def test_list_that_never_overlaps_is_a_separate_population() -> None:
    # D (400 cases) shares nobody with A, B or C, where independence would expect dozens of shared
    # cases: its interactions enter as structural zeros, so its cases add to the others' estimate
    # and tell nothing about their dark figure.
    without_d = estimate_population(CaptureTable.from_histories(("A", "B", "C"), THREE_LISTS), QUICK)
    with_d = estimate_population(
        CaptureTable.from_histories(("A", "B", "C", "D"), {**THREE_LISTS, ("D",): 400}), QUICK
    )
    assert with_d.status is Status.ESTIMATED
    assert {"A:D", "B:D", "C:D"} <= set(with_d.model)
    assert math.isclose(with_d.estimated, without_d.estimated + 400, rel_tol=1e-6)


def test_barely_overlapping_lists_have_an_unbounded_upper_limit() -> None:
    # One shared case: the MLE exists, but a third of the resampled tables share nobody.
    table = CaptureTable.from_histories(("A", "B"), {("A",): 30, ("B",): 30, ("A", "B"): 1})
    result = estimate_population(table, QUICK)
    assert result.status is Status.ESTIMATED
    assert math.isclose(result.estimated, 31 * 31 / 1)  # Lincoln-Petersen, the two-list MLE
    assert result.upper_95 == math.inf and "onbegrensd" in result.explanation


def test_runaway_estimate_is_no_estimate_and_a_runaway_upper_limit_is_unbounded() -> None:
    # Issue 18: fits whose MLE exists but whose dark figure dwarfs what was seen. Two lists of 300
    # sharing two victims (Lincoln-Petersen: 45,602 from 602 seen), and a three-way overlap that
    # outweighs every pair (the saturated model's intercept: about 135 million from 946 seen).
    runaway = {
        "two lists, two shared": CaptureTable.from_histories(
            ("A", "B"), {("A",): 300, ("B",): 300, ("A", "B"): 2}
        ),
        "three-way overlap": CaptureTable.from_histories(
            ("A", "B", "C"),
            {
                ("A",): 300,
                ("B",): 300,
                ("C",): 300,
                ("A", "B"): 2,
                ("A", "C"): 2,
                ("B", "C"): 2,
                ("A", "B", "C"): 40,
            },
        ),
    }
    problems = []
    for name, table in runaway.items():
        record = estimate_population(table, QUICK).as_record()
        shown = {k: record[k] for k in ("status", "estimated", "lower_95", "upper_95", "share_seen", "model")}
        if shown != {"status": Status.RUNAWAY.value} | dict.fromkeys(list(shown)[1:]):
            problems.append(f"{name}: {shown}")
        if record["observed"] != table.observed or "keer het aantal gezien" not in record["toelichting"]:
            problems.append(f"{name}: {record['observed']} seen, {record['toelichting']!r}")
    # A plausible point (3,580 from 1,323 seen) whose resampled tables reach past 20 times the seen:
    # the upper limit bounds nothing.
    wide = CaptureTable.from_histories(
        ("A", "B", "C"),
        {
            ("A",): 500,
            ("B",): 400,
            ("C",): 300,
            ("A", "B"): 3,
            ("A", "C"): 60,
            ("B", "C"): 50,
            ("A", "B", "C"): 10,
        },
    )
    result = estimate_population(wide, Settings(replicates=100))
    if not (result.status is Status.ESTIMATED and result.estimated < 20 * result.observed):
        problems.append(f"wide: {result.status} {result.estimated}")
    if result.upper_95 != math.inf or "onbegrensd" not in result.explanation:
        problems.append(f"wide: upper {result.upper_95}, {result.explanation!r}")
    assert problems == []


def test_small_list_is_merged_with_a_written_reason() -> None:
    table = CaptureTable.from_histories(("A", "B", "C", "D"), {**THREE_LISTS, ("D",): 3, ("B", "D"): 2})
    result = estimate_population(table, QUICK)
    assert [(m.merged, m.into) for m in result.merges] == [(("D", "B"), "B+D")]
    assert result.lists == ("A", "B+D", "C")
    assert "D meldde 5 slachtoffer(s), minder dan 10: samengevoegd met B" in result.merges[0].reason
    # The row a mart gets carries the same facts.
    record = result.as_record()
    assert (record["lists"], record["merges"], record["observed"]) == (
        "A, B+D, C",
        result.merges[0].reason,
        table.observed,
    )
    assert record["share_seen"] == table.observed / record["estimated"]
    assert record["model"].startswith("A + B+D + C")


def test_same_seed_same_interval_other_seed_other_interval() -> None:
    table = CaptureTable.from_histories(("A", "B", "C"), THREE_LISTS)
    first, again = estimate_population(table, QUICK), estimate_population(table, QUICK)
    other = estimate_population(table, Settings(replicates=30, seed=7))
    assert (first.lower_95, first.upper_95) == (again.lower_95, again.upper_95)
    assert (first.lower_95, first.upper_95) != (other.lower_95, other.upper_95)
    assert first.lower_95 <= first.estimated <= first.upper_95


def test_strata_add_up_and_a_stratum_without_estimate_leaves_no_total() -> None:
    good = CaptureTable.from_histories(("A", "B", "C"), THREE_LISTS)
    hopeless = CaptureTable.from_histories(("A", "B"), {("A",): 40, ("B",): 30})
    total = estimate_strata({"vrouw": good, "man": good}, QUICK)
    assert total.status is Status.ESTIMATED
    assert math.isclose(total.estimated, 2 * total.strata["vrouw"].estimated)
    assert total.observed == 2 * good.observed
    assert total.lower_95 <= total.estimated <= total.upper_95
    partial = estimate_strata({"vrouw": good, "man": hopeless}, QUICK)
    assert (partial.status, partial.estimated) == (Status.STRATUM_WITHOUT_ESTIMATE, None)
    assert "man" in partial.explanation


def test_profile_interval_is_the_chi_square_cut_of_the_profile_and_says_when_it_is_unbounded() -> None:
    # Settings(interval="profile") (orchestration/estimation/profile.py): the bounds are where the
    # profile log likelihood is chi-square(1, 95%)/2 under its maximum, whatever the seed.
    problems = []
    table = CaptureTable.from_histories(("A", "B", "C"), THREE_LISTS)
    fitted = fit(table, frozenset({pair("A", "B")}))
    interval = profile_interval(table, fitted, limit=20 * table.observed)
    log_likelihood = profile_log_likelihood(table, fitted)
    top = log_likelihood(interval.maximum)
    for name, bound in (("lower", interval.lower), ("upper", interval.upper)):
        if not math.isclose(top - log_likelihood(bound), chi2.ppf(0.95, 1) / 2, abs_tol=1e-6):
            problems.append(f"{name} {bound}: {top - log_likelihood(bound)} under the maximum")
    beside = [log_likelihood(interval.maximum * f) for f in (0.98, 0.99, 1.01, 1.02)]
    if max(beside) > top:
        problems.append(f"maximum {interval.maximum} is not the maximum: {beside} > {top}")
    profiled = [
        estimate_population(table, Settings(interval="profile", seed=s, replicates=5)) for s in (1, 2)
    ]
    if len({(e.estimated, e.lower_95, e.upper_95) for e in profiled}) != 1:
        problems.append(f"the profile interval depends on the seed: {profiled}")
    if not profiled[0].lower_95 <= profiled[0].estimated <= profiled[0].upper_95:
        problems.append(f"interval without its estimate: {profiled[0]}")
    # Four shared of two lists of 100: the profile stays within the cut past 20 times the seen.
    sparse = CaptureTable.from_histories(("A", "B"), {("A",): 96, ("B",): 96, ("A", "B"): 4})
    wide = estimate_population(sparse, Settings(interval="profile"))
    if (wide.status, wide.upper_95) != (Status.ESTIMATED, math.inf) or "onbegrensd" not in wide.explanation:
        problems.append(f"sparse: {wide}")
    # Nearly everyone on both lists (a dark figure of 5 x 5 / 200): none missed is within the cut.
    dense = CaptureTable.from_histories(("A", "B"), {("A",): 5, ("B",): 5, ("A", "B"): 200})
    if estimate_population(dense, Settings(interval="profile")).lower_95 != dense.observed:
        problems.append("dense: the lower bound is not the number seen")
    assert problems == []
    with pytest.raises(ValueError, match="interval 'wald' is none of"):
        Settings(interval="wald")
    with pytest.raises(ValueError, match="estimate_strata sums bootstrap replicates"):
        estimate_strata({"vrouw": table}, Settings(interval="profile"))


def test_reporter_sets_map_to_lists_with_police_and_emm_as_one() -> None:
    # Counts per victims.reporter_set (contract R7: sorted melder types joined by ', ').
    table = CaptureTable.from_reporter_sets(
        {"Politie": 50, "EMM": 20, "EMM, Politie": 7, "KMar, Politie": 3, "Zorgcoördinator": 9, "": 4},
        REPORTER_LISTS,
    )
    got = {tuple(sorted(h)): n for h, n in table.counts.items()}
    assert got == {("Politie/EMM",): 77, ("KMar", "Politie/EMM"): 3, ("Zorgcoördinator",): 9}
    assert (table.without_list, table.observed) == (4, 89)


def test_every_known_melder_type_has_a_list() -> None:
    with (DBT_PROJECT_DIR / "seeds" / "ref_melder_type.csv").open(encoding="utf-8") as seed:
        # A victim's reporter set holds series groups (NLA counts as ISZW-DO, later-years.md §3):
        # those are what the lists are made of.
        melder_types = {row["series_melder_type"] for row in csv.DictReader(seed)}
    # Onbekend is no list: contract §2 column 9, left out of the melder set (R7).
    assert set(REPORTER_LISTS) == melder_types - {"Onbekend"}


# A year of the first sample delivery (2014, all victims, 30 without a list): one of the bootstrap
# replicates of the mart's 50 drifts, while a model search steps from a fit of the full table, to
# weights beyond floating point; the least squares then raised LinAlgError and failed the build.
DRIFTING_REPLICATE_TABLE = {
    ("Politie/EMM",): 715,
    ("Zorgcoördinator",): 150,
    ("Overig",): 151,
    ("FairWork",): 84,
    ("ISZW-DO",): 67,
    ("KMar",): 13,
    ("Politie/EMM", "Zorgcoördinator"): 14,
    ("Politie/EMM", "Overig"): 13,
    ("Politie/EMM", "KMar"): 5,
    ("Politie/EMM", "Zorgcoördinator", "Overig"): 4,
    ("Politie/EMM", "ISZW-DO"): 3,
    ("Politie/EMM", "FairWork"): 2,
    ("Politie/EMM", "Zorgcoördinator", "FairWork"): 2,
    ("Politie/EMM", "Overig", "FairWork"): 1,
    ("ISZW-DO", "Overig"): 1,
    ("ISZW-DO", "KMar"): 1,
    ("ISZW-DO", "Politie/EMM", "FairWork"): 1,
}


def test_a_fit_that_drifts_out_of_floating_point_is_no_fit_not_an_error() -> None:
    """The estimate of a table whose bootstrap holds a drifting fit is made (the replicate's model
    simply does not exist), and a fit started far out returns no model instead of raising."""
    lists = ("Politie/EMM", "KMar", "ISZW-DO", "Zorgcoördinator", "FairWork", "Overig")
    table = CaptureTable.from_histories(lists, DRIFTING_REPLICATE_TABLE)
    result = estimate_population(table, Settings(replicates=50))
    assert result.observed == sum(DRIFTING_REPLICATE_TABLE.values())

    three = CaptureTable.from_histories(("A", "B", "C"), THREE_LISTS)
    main_effects = fit(three, frozenset())
    far_out = dataclasses.replace(main_effects, params={name: 800.0 for name in main_effects.params})
    assert fit(three, frozenset({pair("A", "B")}), start=far_out) is None
