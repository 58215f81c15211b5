"""The estimator's interface: a capture table in, the population estimate and its 95% interval out.

`estimate_population` runs the whole method on one table (one period and population);
`estimate_strata` estimates each stratum (e.g. form group, sex, minor) on its own and sums, with an
interval from the joint bootstrap. Both return an `Estimate` that says in plain Dutch why there is
no number when there is none; the numbers are model output, not counts of persons, so callers round
them for display.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from orchestration.estimation.bootstrap import (
    DEFAULT_REPLICATES,
    DEFAULT_SEED,
    acceleration,
    bca_interval,
    jackknife,
    replicate_estimates,
)
from orchestration.estimation.capture_table import CaptureTable
from orchestration.estimation.design import term_name
from orchestration.estimation.lists import MIN_LIST_CASES, ListMerge, merge_small_lists
from orchestration.estimation.profile import profile_interval
from orchestration.estimation.selection import DEFAULT_THRESHOLD, SELECTIONS


class Status(enum.Enum):
    """Whether there is an estimate; the value is the Dutch text for stewards."""

    ESTIMATED = "geschat"
    NO_CASES = "geen waarnemingen"
    TOO_FEW_LISTS = "te weinig lijsten"
    NO_ESTIMATE = "model bestaat niet"
    RUNAWAY = "schatting ontspoort"
    STRATUM_WITHOUT_ESTIMATE = "een deelgroep zonder schatting"


# The least share of a population the lists may have seen for an estimate to be shown (issue 18): an
# estimate above observed / MIN_SHARE_SEEN (more than 19 unseen victims per seen one) is "no
# estimate", and an upper limit above it counts as unbounded. Such a figure rests on a handful of
# shared cases, not on the lists' overlap: one case more or less in an overlap moves it by
# thousands (two lists of 300 sharing 2 give 45,600 from 602 seen; a three-way overlap that
# outweighs the pairs gives a saturated model's 135 million). The lowest share seen the rapporteur
# published is 11% (BL-SU minors, 2014/2015: research note registration §3.Q); 5% is under half
# of it, so no estimate of the kind published is refused.
MIN_SHARE_SEEN = 0.05


# The columns of Estimate.as_record() with their types (pandas dtypes: the dbt Python model
# int_registration__dark_number_fits.py types its table by them): a build in which no model
# exists (a small delivery, one source alone, an empty inbox) gives columns of only None, which
# DuckDB would type as NULL and the mart's contract refuses.
RECORD_TYPES = {
    "status": "string",
    "observed": "Int64",
    "estimated": "float64",
    "lower_95": "float64",
    "upper_95": "float64",
    "share_seen": "float64",
    "lists": "string",
    "model": "string",
    "merges": "string",
    "toelichting": "string",
}


@dataclass(frozen=True)
class Estimate:
    """`estimated`, `lower_95` and `upper_95` are None unless status is ESTIMATED; `upper_95` is
    math.inf when the data cannot bound the population from above (bootstrap.py)."""

    status: Status
    observed: int
    lists: tuple[str, ...]
    model: tuple[str, ...] = ()
    estimated: float | None = None
    lower_95: float | None = None
    upper_95: float | None = None
    merges: tuple[ListMerge, ...] = ()
    explanation: str = ""
    strata: Mapping[str, Estimate] = field(default_factory=dict)

    @property
    def share_seen(self) -> float | None:
        """Observed / estimated: the share of the population that the lists saw."""
        return None if not self.estimated else self.observed / self.estimated

    @property
    def model_terms(self) -> str:
        """The chosen model as text: the lists (main effects) and the interactions."""
        return " + ".join((*self.lists, *self.model))

    def as_record(self) -> dict[str, object]:
        """One row for a mart such as `dark_number_estimates` (issue 18), without its period and
        population: plain values a dbt Python model or a Dagster asset can write as they are. An
        unbounded upper limit stays `inf` (a DuckDB double holds it); `toelichting` says so. Its
        columns and their types are RECORD_TYPES."""
        return {
            "status": self.status.value,
            "observed": self.observed,
            "estimated": self.estimated,
            "lower_95": self.lower_95,
            "upper_95": self.upper_95,
            "share_seen": self.share_seen,
            "lists": ", ".join(self.lists),
            "model": self.model_terms if self.status is Status.ESTIMATED else None,
            "merges": " ".join(m.reason for m in self.merges),
            "toelichting": self.explanation,
        }


@dataclass(frozen=True)
class Settings:
    """The method's choices; the defaults are the published ones (see the modules they come from)."""

    threshold: float = DEFAULT_THRESHOLD
    min_list_cases: int = MIN_LIST_CASES
    replicates: int = DEFAULT_REPLICATES
    seed: int = DEFAULT_SEED
    # "aic" (selection.select_model) or "p_value" (selection.select_by_p_value, SparseMSE's rule)
    selection: str = "aic"
    # "poisson" or "multinomial" (bootstrap.RESAMPLING)
    resampling: str = "poisson"
    min_share_seen: float = MIN_SHARE_SEEN
    # "bootstrap": the whole model choice redone on resampled tables (bootstrap.py), the interval
    # issue 18 asks for, as it includes the uncertainty of the choice. "profile": the profile
    # likelihood interval of the chosen model (profile.py), deterministic but conditional on the
    # model, as many published estimates are given (tests/unit/estimation/
    # test_published_estimate.py reproduces them with it); estimate_population only.
    interval: str = "bootstrap"

    def __post_init__(self) -> None:
        if self.interval not in INTERVALS:
            raise ValueError(f"Settings.interval {self.interval!r} is none of {INTERVALS}")


INTERVALS = ("bootstrap", "profile")


def _plausible_upper(upper: float, limit: float) -> float:
    """An upper limit beyond the plausible one (MIN_SHARE_SEEN) bounds nothing: infinite."""
    return upper if upper <= limit else math.inf


def _unbounded(settings: Settings) -> str:
    return (
        "De bovengrens is onbegrensd: te weinig overlap, of meer dan "
        f"{1 / settings.min_share_seen:.0f} keer het aantal gezien."
    )


def _no_estimate(status: Status, table: CaptureTable, merges: tuple[ListMerge, ...], why: str) -> Estimate:
    return Estimate(status, table.observed, table.lists, merges=merges, explanation=why)


def _prepare(
    table: CaptureTable, settings: Settings
) -> tuple[CaptureTable, tuple[ListMerge, ...], Estimate | None]:
    """The table after merging small lists, or the reason there can be no estimate at all."""
    if table.observed == 0:
        return table, (), _no_estimate(Status.NO_CASES, table, (), "Geen enkel slachtoffer op een lijst.")
    merged, merges = merge_small_lists(table, settings.min_list_cases)
    if len(merged.lists) < 2:
        why = "Een schatting vraagt minstens twee lijsten die elkaar overlappen; er is er één."
        return merged, merges, _no_estimate(Status.TOO_FEW_LISTS, merged, merges, why)
    return merged, merges, None


@dataclass(frozen=True)
class _Resampled:
    """What the interval of a sum over strata needs from each stratum."""

    replicates: np.ndarray
    jackknife: list[tuple[int, float]]


def estimate_population(table: CaptureTable, settings: Settings = Settings()) -> Estimate:
    """Merge small lists, choose the model (selection.py), and bootstrap the whole choice for the
    95% interval (bootstrap.py), or with Settings(interval="profile") take the chosen model's
    profile likelihood interval (profile.py)."""
    return _estimate(table, settings, np.random.default_rng(settings.seed))[0]


def _estimate(
    table: CaptureTable, settings: Settings, rng: np.random.Generator
) -> tuple[Estimate, _Resampled | None]:
    prepared, merges, refusal = _prepare(table, settings)
    if refusal is not None:
        return refusal, None
    select = partial(SELECTIONS[settings.selection], threshold=settings.threshold)
    chosen = select(prepared)
    if chosen is None:
        why = (
            "Zelfs het model zonder afhankelijkheden tussen de lijsten heeft geen schatting: "
            "de lijsten overlappen te weinig (criterium van Fienberg & Rinaldo)."
        )
        return _no_estimate(Status.NO_ESTIMATE, prepared, merges, why), None
    point = prepared.observed + chosen.dark_figure
    limit = prepared.observed / settings.min_share_seen
    if point > limit:
        why = (
            f"De schatting zou meer dan {1 / settings.min_share_seen:.0f} keer het aantal gezien "
            f"zijn (minder dan {settings.min_share_seen:.0%} gezien): zo'n getal rust op een paar "
            "gedeelde gevallen, niet op de overlap tussen de lijsten."
        )
        return _no_estimate(Status.RUNAWAY, prepared, merges, why), None
    resampled = None
    if settings.interval == "profile":
        profile = profile_interval(prepared, chosen, limit)
        lower, upper = profile.lower, profile.upper
    else:
        resampled = _Resampled(
            replicate_estimates(prepared, select, settings.replicates, rng, settings.resampling),
            jackknife(prepared, select),
        )
        lower, upper = bca_interval(resampled.replicates, point, acceleration(resampled.jackknife))
    upper = _plausible_upper(upper, limit)
    estimate = Estimate(
        Status.ESTIMATED,
        prepared.observed,
        prepared.lists,
        model=tuple(term_name(p) for p in sorted(chosen.interactions)),
        estimated=point,
        lower_95=lower,
        upper_95=upper,
        merges=merges,
        explanation="" if math.isfinite(upper) else _unbounded(settings),
    )
    return estimate, resampled


def estimate_strata(tables: Mapping[str, CaptureTable], settings: Settings = Settings()) -> Estimate:
    """Estimate each stratum on its own and add up; the interval is the BCa interval of the summed
    replicates (replicate i of every stratum added), so it reflects every stratum's model choice.
    A jackknife table of one stratum changes the total by that stratum's change alone. A stratum
    without an estimate leaves the total without one: a sum that silently skipped it would
    undercount. The interval is always the bootstrap's: intervals of the strata's own models
    (Settings(interval="profile")) do not add up to one for the sum."""
    if settings.interval != "bootstrap":
        raise ValueError(
            f"estimate_strata sums bootstrap replicates; Settings.interval {settings.interval!r}"
        )
    streams = np.random.SeedSequence(settings.seed).spawn(len(tables))
    results = {
        name: _estimate(table, settings, np.random.default_rng(stream))
        for (name, table), stream in zip(tables.items(), streams)
    }
    strata = {name: estimate for name, (estimate, _) in results.items()}
    observed = sum(e.observed for e in strata.values())
    lists = tuple(dict.fromkeys(name for table in tables.values() for name in table.lists))
    missing = [name for name, e in strata.items() if e.status is not Status.ESTIMATED]
    if missing:
        why = f"Geen schatting voor: {', '.join(missing)}."
        return Estimate(Status.STRATUM_WITHOUT_ESTIMATE, observed, lists, explanation=why, strata=strata)
    total = sum(e.estimated for e in strata.values())
    total_jackknife = [
        (n, total - strata[name].estimated + value)
        for name, (_, resampled) in results.items()
        for n, value in resampled.jackknife
    ]
    replicates = sum(resampled.replicates for _, resampled in results.values())
    lower, upper = bca_interval(replicates, total, acceleration(total_jackknife))
    upper = _plausible_upper(upper, observed / settings.min_share_seen)
    return Estimate(
        Status.ESTIMATED,
        observed,
        lists,
        estimated=total,
        lower_95=lower,
        upper_95=upper,
        explanation="" if math.isfinite(upper) else _unbounded(settings),
        strata=strata,
    )
