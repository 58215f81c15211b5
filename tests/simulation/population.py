"""Populations of victims of known size, and which reporter lists see each victim (issue 18).

One replication is one registration year and one form group (BL-SU, GO-SU, GO-UBS, BL-UBS): the
mart `dark_number_estimates` estimates each of them on its own, so one build carries as many
replications as the window has years times four. Each victim has covariates (sex, minor, and in
one scenario a hidden trait) and each list sees them with a probability of their own.

Scenarios (`SCENARIOS`), named after what they do to the assumptions of the estimator (a closed
population; within a form group, lists dependent only through the two-list interactions the model
chooses):

* `assumptions_hold`: capture depends on the form group (the mart's stratum) and on covariates that
  each move one list only (a minor is twice as likely to reach a care coordinator, a man 1.5
  times as likely to reach FairWork): with sex and minor drawn independently, the lists stay
  independent within the group. Two kinds of list dependence are built in, both of the kind the
  method handles: police and EMM report the same victims (EMM doubles; the estimator takes them as
  one list, orchestration/estimation/lists.py), and in the UBS groups the KMar sees half the
  victims the labour inspectorate saw (a two-list interaction the model can choose).
* `hidden_heterogeneity` (broken on purpose): as above, plus a hidden trait, held by half of the
  victims, that cuts every list's probability to a third (victims out of sight of everyone). The
  same trait in every list is a positive dependence the mart's strata do not see: the estimate
  falls short of N.
* `referral_dependence` (broken on purpose): as `assumptions_hold`, plus a referral chain: a victim
  seen by the group's first two lists is passed to the third almost always. That is a three-list
  interaction, outside the model's main effects plus two-list interactions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

POLICE_WITH_EMM = "Politie/EMM"
FORMS = ("BL-SU", "GO-SU", "GO-UBS", "BL-UBS")


@dataclass(frozen=True)
class FormGroup:
    """A group's typical size and each list's probability of seeing one of its victims (the first
    list of `capture` is the police with EMM where the group has it; order matters for the
    referral chain, which runs from the first two lists to the third)."""

    size: int
    capture: dict[str, float]
    men: float
    minors: float


# Sizes and list probabilities of the order the rapporteur's lists have (police the largest list
# for the SU groups, the labour inspectorate and FairWork for GO-UBS; seed 000, §1.1.1), raised to
# shares seen of 40-55%: at the published 15-33% seen, overlaps of a few victims make an estimate
# wide whatever the method, and the targets of issue 18 are about the method.
GROUPS = {
    "BL-SU": FormGroup(
        1500, {POLICE_WITH_EMM: 0.30, "Zorgcoördinator": 0.18, "Overig": 0.15, "FairWork": 0.06}, 0.05, 0.40
    ),
    "GO-SU": FormGroup(
        1500, {POLICE_WITH_EMM: 0.30, "Overig": 0.15, "Zorgcoördinator": 0.12, "FairWork": 0.10}, 0.10, 0.05
    ),
    "GO-UBS": FormGroup(
        1200, {"ISZW-DO": 0.25, "FairWork": 0.20, POLICE_WITH_EMM: 0.15, "KMar": 0.10}, 0.60, 0.03
    ),
    "BL-UBS": FormGroup(
        700, {POLICE_WITH_EMM: 0.20, "ISZW-DO": 0.20, "FairWork": 0.15, "Overig": 0.15}, 0.50, 0.15
    ),
}

# A police-with-EMM capture is a police melding, an EMM melding (registration taken over from the
# police), or both, in these shares.
POLICE_ONLY, EMM_ONLY = 0.6, 0.15
# In the UBS groups the KMar sees this share of the victims the labour inspectorate saw.
KMAR_AFTER_INSPECTORATE = 0.5
MINOR_TO_CARE, MAN_TO_FAIRWORK = 2.0, 1.5
HIDDEN_SHARE, HIDDEN_FACTOR = 0.5, 1 / 3
REFERRAL = 0.9
# The size of a replication varies around its group's size, so that no two share one N.
SIZE_SPREAD = 0.3

SCENARIOS = ("assumptions_hold", "hidden_heterogeneity", "referral_dependence")


@dataclass(frozen=True)
class Victim:
    """One victim seen by at least one list: the melder types that report them."""

    index: int
    man: bool
    minor: bool
    melders: tuple[str, ...]


@dataclass(frozen=True)
class Replication:
    """One population of known size `size`, of which `seen` reached at least one list."""

    year: int
    form: str
    size: int
    seen: tuple[Victim, ...]


def _melders(lists: tuple[str, ...], caught: np.ndarray, police_kind: float) -> tuple[str, ...]:
    melders = []
    for name, on in zip(lists, caught):
        if not on:
            continue
        if name != POLICE_WITH_EMM:
            melders.append(name)
        elif police_kind < POLICE_ONLY:
            melders.append("Politie")
        elif police_kind < POLICE_ONLY + EMM_ONLY:
            melders.append("EMM")
        else:
            melders += ["Politie", "EMM"]
    return tuple(melders)


def draw(rng: np.random.Generator, scenario: str, year: int, form: str) -> Replication:
    """A population of `form` in `year` under `scenario`, and who of it each list sees."""
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; one of {SCENARIOS}")
    group = GROUPS[form]
    size = int(rng.integers(round(group.size * (1 - SIZE_SPREAD)), round(group.size * (1 + SIZE_SPREAD)) + 1))
    lists = tuple(group.capture)
    man = rng.random(size) < group.men
    minor = rng.random(size) < group.minors
    p = np.tile(np.array([group.capture[name] for name in lists]), (size, 1))
    for i, name in enumerate(lists):
        if name == "Zorgcoördinator":
            p[minor, i] *= MINOR_TO_CARE
        if name == "FairWork":
            p[man, i] *= MAN_TO_FAIRWORK
    if scenario == "hidden_heterogeneity":
        p[rng.random(size) < HIDDEN_SHARE] *= HIDDEN_FACTOR
    caught = rng.random(p.shape) < p
    if "KMar" in lists and "ISZW-DO" in lists:
        kmar, inspectorate = lists.index("KMar"), lists.index("ISZW-DO")
        follows = rng.random(size) < KMAR_AFTER_INSPECTORATE
        caught[:, kmar] = np.where(caught[:, inspectorate], follows, caught[:, kmar])
    if scenario == "referral_dependence":
        referred = caught[:, 0] & caught[:, 1] & (rng.random(size) < REFERRAL)
        caught[:, 2] |= referred
    police_kind = rng.random(size)
    seen = tuple(
        Victim(int(i), bool(man[i]), bool(minor[i]), _melders(lists, caught[i], police_kind[i]))
        for i in np.flatnonzero(caught.any(axis=1))
    )
    return Replication(year, form, size, seen)
