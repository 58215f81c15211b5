"""The estimator against someone else's numbers: the UK 2013 six-list data, the Western site
sex-trafficking data of Chan, Silverman & Vincent (2021), the Korea table of the R package
MultipleSystemsEstimation, and the occupational-deaths table of Cormack, Chang & Smith (2000),
whose published intervals (profile likelihood, so deterministic) are reproduced to 1%.

Source of the table: Bales, Hesketh & Silverman (2015, "Modern slavery in the UK: how many
victims?", Significance 12(3)), the National Crime Agency's 2013 strategic assessment split into
six lists (LA local authorities, NG non-government organisations, PF police forces, GO government
organisations, GP general public, NCA National Crime Agency); the same table ships as `UKdat` in
the R packages SparseMSE (Chan, Silverman & Vincent) and modslavmse (Silverman). Source of the
published figures: Home Office (2014), "Modern Slavery: an application of multiple systems
estimation" (B. W. Silverman), which reports 2,744 known potential victims and an estimate of
between 10 thousand and 13 thousand in total, by the stepwise method that selection.py follows.

What is reproducible: the publication states the interval to the thousand only, so the bounds are
checked at that precision (each rounds to the published thousand). The interval it reports is the
one conditional on the chosen model (Fit.conditional_interval), not the bootstrap interval of
estimate_population, which adds the model-choice uncertainty the 2014 method left out. A more
precise published point estimate was not found in a source we could read, so the point estimate is
only checked to lie inside the published range.
"""

from __future__ import annotations

from orchestration.estimation import CaptureTable, Settings, estimate_population
from orchestration.estimation.design import pair
from orchestration.estimation.loglinear import fit
from orchestration.estimation.profile import profile_interval
from orchestration.estimation.selection import select_by_p_value, select_model

UK_2013 = CaptureTable.from_histories(
    ("LA", "NG", "PF", "GO", "GP", "NCA"),
    {
        ("LA",): 54,
        ("NG",): 463,
        ("PF",): 907,
        ("GO",): 695,
        ("GP",): 316,
        ("NCA",): 57,
        ("LA", "NG"): 15,
        ("LA", "PF"): 19,
        ("LA", "GO"): 3,
        ("NG", "PF"): 56,
        ("NG", "GO"): 19,
        ("NG", "GP"): 1,
        ("NG", "NCA"): 3,
        ("PF", "GO"): 69,
        ("PF", "GP"): 10,
        ("PF", "NCA"): 31,
        ("GO", "GP"): 8,
        ("GO", "NCA"): 6,
        ("GP", "NCA"): 1,
        ("LA", "NG", "PF"): 1,
        ("LA", "NG", "GO"): 1,
        ("NG", "PF", "GO"): 4,
        ("NG", "PF", "NCA"): 3,
        ("PF", "GO", "NCA"): 1,
        ("LA", "NG", "PF", "GO"): 1,
    },
)

PUBLISHED_KNOWN_VICTIMS = 2744
PUBLISHED_RANGE_THOUSANDS = (10, 13)


def test_uk_2013_published_range_is_reproduced() -> None:
    chosen = select_model(UK_2013)
    assert chosen is not None, "the stepwise search found no model with an estimate"
    estimate = UK_2013.observed + chosen.dark_figure
    lower, upper = chosen.conditional_interval(UK_2013.observed)
    mismatches = []
    if UK_2013.observed != PUBLISHED_KNOWN_VICTIMS:
        mismatches.append(f"observed {UK_2013.observed}, published {PUBLISHED_KNOWN_VICTIMS}")
    if (round(lower / 1000), round(upper / 1000)) != PUBLISHED_RANGE_THOUSANDS:
        mismatches.append(f"interval {lower:.0f}-{upper:.0f}, published {PUBLISHED_RANGE_THOUSANDS} thousand")
    if not PUBLISHED_RANGE_THOUSANDS[0] * 1000 <= estimate <= PUBLISHED_RANGE_THOUSANDS[1] * 1000:
        mismatches.append(f"estimate {estimate:.0f} outside the published range")
    assert not mismatches, f"model {sorted(chosen.interactions)}: " + "; ".join(mismatches)


# Chan, Silverman & Vincent (2021, "Multiple systems estimation for sparse capture data", JASA 116,
# §4.2): five lists (labelled A-E in confidence) of identified sex-trafficking victims at a western
# US site (Farrell et al. 2018, NIJ report 2015-VF-GX-0105); the table ships as `Western` in the R
# packages SparseMSE and MultipleSystemsEstimation (13 observed histories, 345 victims).
WESTERN = CaptureTable.from_histories(
    "ABCDE",
    {
        ("A",): 52,
        ("B",): 90,
        ("C",): 114,
        ("D",): 45,
        ("E",): 21,
        ("A", "C"): 4,
        ("B", "C"): 6,
        ("A", "D"): 2,
        ("B", "D"): 1,
        ("A", "E"): 5,
        ("D", "E"): 3,
        ("B", "C", "D"): 1,
        ("A", "C", "E"): 1,
    },
)
# Published: the stepwise rule at p = 0.02 selects the A-E interaction; estimate 2483 with BCa 95%
# interval (1293, 3670) from 1000 multinomial bootstrap replicates (the paper's §4.2, restated in
# the MultipleSystemsEstimation vignette "Reproducing Chan, Silverman and Vincent (2021)").
PUBLISHED_WESTERN_ESTIMATE = 2483
PUBLISHED_WESTERN_INTERVAL = (1293, 3670)
# Their method: SparseMSE's p-value rule and multinomial resampling, 1000 replicates, BCa.
SPARSEMSE_METHOD = Settings(threshold=0.02, selection="p_value", resampling="multinomial", replicates=1000)
POINT_TOLERANCE = 0.01
# A bootstrap bound is a Monte Carlo quantity: ours and theirs are each one draw of 1000 replicates,
# so they cannot agree to 1%. Measured over six seeds of ours (1-6): lower bounds 1159-1283 (mean
# 1215, standard deviation 3.4%), upper 3694-3835 (mean 3749, 1.5%). The difference of two such
# draws has sqrt(2) times that spread; a bound passes within three of those: 14% and 7%. (Their
# BCa reads quantile type 8 and counts no ties; ours the inverted CDF with half ties: smaller
# than the Monte Carlo spread.)
INTERVAL_TOLERANCE = (0.14, 0.07)


def test_western_published_estimate_and_interval_are_reproduced() -> None:
    result = estimate_population(WESTERN, SPARSEMSE_METHOD)
    mismatches = []
    if result.model != ("A:E",):
        mismatches.append(f"model {result.model}, published A:E")
    if abs(result.estimated / PUBLISHED_WESTERN_ESTIMATE - 1) > POINT_TOLERANCE:
        mismatches.append(f"estimate {result.estimated:.1f}, published {PUBLISHED_WESTERN_ESTIMATE}")
    for name, ours, published, tolerance in zip(
        ("lower", "upper"), (result.lower_95, result.upper_95), PUBLISHED_WESTERN_INTERVAL, INTERVAL_TOLERANCE
    ):
        if abs(ours / published - 1) > tolerance:
            mismatches.append(f"{name} bound {ours:.0f}, published {published} (tolerance {tolerance:.0%})")
    assert not mismatches, "; ".join(mismatches)


# The three-list `Korea` table of the R package MultipleSystemsEstimation (Silverman, Chan &
# Vincent), with the package's published population estimates per model: its user guide's BIC
# table (models in its hierarchy notation: [12,23] is the interactions of lists 1-2 and 2-3) and
# its stepwise estimate at p = 0.02 (Chan, Silverman & Vincent 2021's rule), model [12,3].
KOREA = CaptureTable.from_histories(
    "bcd", {("d",): 41, ("c",): 5, ("b",): 5, ("b", "c"): 54, ("b", "d"): 6, ("b", "c", "d"): 12}
)
PUBLISHED_KOREA = {
    (): 141.9926,
    (("b", "c"),): 268.7778,
    (("c", "d"),): 126.1944,
    (("b", "d"),): 126.9394,
    (("b", "c"), ("c", "d")): 157.1667,
    (("b", "d"), ("c", "d")): 123.4630,
}
PUBLISHED_KOREA_STEPWISE = (("b", "c"),)


def test_korea_published_estimates_per_model_and_stepwise_choice_are_reproduced() -> None:
    mismatches = []
    for model, published in PUBLISHED_KOREA.items():
        fitted = fit(KOREA, frozenset(pair(*p) for p in model))
        estimate = None if fitted is None else KOREA.observed + fitted.dark_figure
        if estimate is None or abs(estimate / published - 1) > POINT_TOLERANCE:
            mismatches.append(f"model {model}: {estimate}, published {published}")
    chosen = select_by_p_value(KOREA)
    if chosen is None or chosen.interactions != frozenset(PUBLISHED_KOREA_STEPWISE):
        mismatches.append(f"stepwise chose {chosen and sorted(chosen.interactions)}, published b:c")
    assert not mismatches, "\n".join(mismatches)


# Cormack, Chang & Smith (2000, "Estimating deaths from industrial injury by capture-recapture: a
# cautionary tale", Int. J. Epidemiol. 29), Table 3b: Maryland deaths from injury at work, seen
# by three sources (N: the National Traumatic Occupational Fatalities surveillance, W: workers'
# compensation claims, M: the Maryland occupational safety and health agency): the four-source
# table of their Table 3a without its first source, the death certificates, so 201 deaths seen
# (237 known from a full review of the medical examiner's records). The paper gives per model the
# estimate and its 95% profile likelihood interval (Cormack 1992), to the whole death. The tables
# and the figures as the R package Rcapture's own tests restate them (inst/tests/
# testPapersResults.R, "Cormack, Chang and Smith (2000) ... Tables 3a and 3b"; histories in the
# order of its histpos.t).
CORMACK_2000 = CaptureTable.from_histories(
    "NWM",
    {
        ("N", "W", "M"): 72,
        ("N", "W"): 5,
        ("N", "M"): 29,
        ("N",): 54,
        ("W", "M"): 24,
        ("W",): 3,
        ("M",): 14,
    },
)
# Model (its interactions) -> published (estimate, lower, upper). Two more rows of Table 3b are
# not reproduced, here nor by Rcapture (whose tests leave them out as "very close but not
# equal"): N:W + W:M, published 223 (208-246), gives 227 (210-252); the saturated model,
# published 247 (204-395), gives 248 (205-389), its upper bound 1.5% off.
PUBLISHED_CORMACK_2000 = {
    (): (209, 203, 217),
    (("W", "M"),): (221, 210, 237),
    (("N", "M"), ("W", "M")): (233, 204, 313),
}
# The model both searches of selection.py choose on this table.
CORMACK_2000_CHOSEN = ("M:W",)
PROFILE_TOLERANCE = 0.01


def test_cormack_2000_published_estimates_and_profile_intervals_are_reproduced() -> None:
    mismatches = []
    for model, published in PUBLISHED_CORMACK_2000.items():
        fitted = fit(CORMACK_2000, frozenset(pair(*p) for p in model))
        if fitted is None:
            mismatches.append(f"model {model}: no estimate")
            continue
        profile = profile_interval(CORMACK_2000, fitted, limit=20 * CORMACK_2000.observed)
        ours = (CORMACK_2000.observed + fitted.dark_figure, profile.lower, profile.upper)
        for name, mine, theirs in zip(("estimate", "lower", "upper"), ours, published):
            if abs(mine / theirs - 1) > PROFILE_TOLERANCE:
                mismatches.append(f"model {model} {name}: {mine:.1f}, published {theirs}")
    # The same through the estimator's interface: its model choice and Settings(interval="profile").
    chosen = estimate_population(CORMACK_2000, Settings(interval="profile"))
    got = (chosen.model, chosen.estimated, chosen.lower_95, chosen.upper_95)
    published = PUBLISHED_CORMACK_2000[(("W", "M"),)]
    if chosen.model != CORMACK_2000_CHOSEN or any(
        abs(mine / theirs - 1) > PROFILE_TOLERANCE for mine, theirs in zip(got[1:], published)
    ):
        mismatches.append(f"estimate_population gave {got}, published {CORMACK_2000_CHOSEN} {published}")
    assert not mismatches, "\n".join(mismatches)
