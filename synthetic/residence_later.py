"""The IND deliveries after 2018 (contract addendum `later-years.md` §5; figures [A], ours).

One workbook per later edition, dated its data date (`later_targets.edition_data_date`: the
edition that ends with year Y counts the delivery of 1 October Y+1), with the residence-scheme
events of year Y (`later_targets.activity_period`; 2018: after the 2018 sample's last day). No
later published figure binds IND, so each year's persons are copies of the persons with events in
2017, the newest year of the calibrated sample, each with those 2017 events re-dated into year Y
(same order, same kinds, outcomes, paths and grounds); how many copies follows the registration
trend (`later_targets.volume_factor`). Two things change with the law: from 2019 some reflection
periods are the 30-day Dublin indication, and some continued-residence grants of the `drie jaar`
ground take the ground `a-grond besluit tot vervolging` that exists from 2018-10-01 (contract
residence.md §2, column `grond` and the warning of `bedenktijd_dagen`).

Links: a share of the copies carries a koppelsleutel, as in the 2018 sample (600 of 1832
persons, 350 of them CoMensha keys); the CoMensha keys are those of registrations delivered by
the workbook's own date and not before the previous one (`reference.active_registration_keys`),
so a copy links to a victim registered about when it entered the scheme, never to one delivered
later. No key is on two IND persons.

Corrections and withdrawals (README §3: a new version of the same `gebeurtenis_id`, the newest
`gewijzigd_op` wins; `status` Vervallen withdraws): every workbook but the last carries some
decisions with the wrong `beslissing` and some reflection periods created in error; the next
workbook re-sends the former corrected and the latter `Vervallen`. The 2013-2017 records are never
touched, so the 2018 sample's figures hold as of every later edition too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace

import numpy as np

from synthetic import later_targets as L
from synthetic import residence_targets as T
from synthetic.later_years import draw
from synthetic.reference import active_registration_keys
from synthetic.residence import (
    AFG,
    BT,
    BVV,
    COMENSHA_SEEDS,
    DELIVERIES,
    DRIE,
    ING,
    Design,
    Event,
    Person,
    _changed_at,
    _facts,
    _rng,
    _row,
)

# a share of each later workbook's decisions is first delivered with the wrong outcome, and a few
# reflection periods are created in error; the next workbook corrects / withdraws them [A]
WRONG_OUTCOME_RATE = 0.04
CREATED_IN_ERROR = 4
DUBLIN_RATE = 0.1  # reflection periods of 30 days (Dublin indication) from 2019
DUBLIN_FROM = dt.date(2019, 1, 1)
PROSECUTION_GROUND = "a-grond besluit tot vervolging"
PROSECUTION_GROUND_FROM = dt.date(2018, 10, 1)
PROSECUTION_GROUND_RATE = 0.3  # of the VV grants on the drie-jaar ground after that date
# event ids of the later years: the year, then 5xxxxx (the 2018 sample numbers its events below
# 500000), so no id of one year or of the sample repeats
LATER_ID_BASE = 500_000


def _template(events: list[Event]) -> dict[int, list[Event]]:
    """The 2017 events (not the ones created in error) of every person with one, by person id."""
    out: dict[int, list[Event]] = defaultdict(list)
    for e in sorted(events, key=lambda e: (e.datum, e.eid)):
        if not e.extra and e.datum.year == L.TEMPLATE_YEAR:
            out[e.person.pid].append(e)
    return dict(sorted(out.items()))


def _redate(evs: list[Event], start: dt.date, end: dt.date, rng: np.random.Generator) -> list[dt.date]:
    """Dates in [start, end] for `evs`, in their order."""
    days = np.sort(rng.integers(0, (end - start).days + 1, len(evs)))
    return [start + dt.timedelta(days=int(d)) for d in days]


def _copies(
    template: dict[int, list[Event]], persons: dict[int, Person], year: int, first_pid: int, rng
) -> tuple[list[Person], list[Event]]:
    start, end = L.activity_period(year)
    chosen = draw(list(template), round(len(template) * L.volume_factor(year)), rng)
    clones: list[Person] = []
    events: list[Event] = []
    for pid in chosen:
        clone = replace(persons[pid], pid=first_pid + len(clones), key=None)
        clones.append(clone)
        for e, day in zip(template[pid], _redate(template[pid], start, end, rng), strict=True):
            c = replace(e, person=clone, year=year, datum=day)
            if c.kind == BT and day >= DUBLIN_FROM and rng.random() < DUBLIN_RATE:
                c.bedenktijd = 30
            if c.kind == BVV and c.grond == DRIE and day >= PROSECUTION_GROUND_FROM:
                if rng.random() < PROSECUTION_GROUND_RATE:
                    c.grond = PROSECUTION_GROUND
            events.append(c)
    return clones, events


def _link_keys(
    clones: list[Person], day: dt.date, before: dt.date, taken: set[str], everywhere: set[str], rng
) -> None:
    """Koppelsleutels for a share of `clones` as in the 2018 sample: CoMensha keys delivered in
    (`before`, `day`], the rest fresh keys that no source holds."""
    keyed = round(len(clones) * T.KEY_PERSONS / sum(map(sum, T.GROUP_YEAR.values())))
    shared = round(keyed * T.KEYS_SHARED_WITH_COMENSHA / T.KEY_PERSONS)
    recent = sorted(
        set(active_registration_keys(COMENSHA_SEEDS, day))
        - set(active_registration_keys(COMENSHA_SEEDS, before))
        - taken
    )
    shared = min(shared, len(recent))
    keys = [recent[int(i)] for i in sorted(rng.choice(len(recent), shared, replace=False))]
    while len(keys) < keyed:
        k = "".join("0123456789ABCDEF"[int(x)] for x in rng.integers(0, 16, 16))
        if k not in everywhere and k not in taken and k not in keys:
            keys.append(k)
    taken.update(keys)
    for i, k in zip(sorted(rng.choice(len(clones), keyed, replace=False)), keys, strict=True):
        clones[int(i)].key = k


def later_deliveries(
    design: Design, events: list[Event], seed: int, through: int
) -> list[tuple[dt.date, list[list[object]]]]:
    """(delivery date, rows) of the workbooks after the 2018 sample, registration years 2018 to
    `through`, for the sample's `design` and `events` (residence.build_events)."""
    template = _template(events)
    persons = {p.pid: p for p in design.persons}
    everywhere = set(active_registration_keys(COMENSHA_SEEDS, L.edition_data_date(L.LAST_LATER_YEAR)))
    taken = {p.key for p in design.persons if p.key}
    v_numbers = {str(e.eid) for e in events}  # no v-nummer equals another's or an event id
    first_pid = len(design.persons)
    before = DELIVERIES[-1]
    out: list[tuple[dt.date, list[list[object]]]] = []
    pending: list[list[object]] = []  # corrected and withdrawn versions for the next workbook
    years = range(L.OTHER_SOURCES_FIRST_YEAR, through + 1)
    for year in years:
        day = L.edition_data_date(year)
        rng = _rng(seed, f"later-{year}")
        clones, evs = _copies(template, persons, year, first_pid, rng)
        first_pid += len(clones)
        _link_keys(clones, day, before, taken, everywhere, rng)
        last = year == years[-1]
        if not last:  # reflection periods created in error, withdrawn in the next workbook
            for i in rng.choice(len(clones), CREATED_IN_ERROR, replace=False):
                p = clones[int(i)]
                e = Event(p, BT, year, (0, 9, 0, 0), bedenktijd=90, extra=True)
                e.datum = L.activity_period(year)[0] + dt.timedelta(days=int(rng.integers(0, 60)))
                evs.append(e)
        evs.sort(key=lambda e: (e.datum, e.person.pid, e.order))
        for i, e in enumerate(evs):
            e.eid = f"{year}{LATER_ID_BASE + i + 1:06d}"
        facts = _facts(Design(clones), evs, seed, step=f"facts-{year}", used=v_numbers)
        limit = day - dt.timedelta(days=1)
        rows = list(pending)
        pending = []
        for e in evs:
            f = facts[e.person.pid]
            changed = _changed_at(e.datum, limit, rng)
            later = dt.datetime.combine(day, dt.time(8, 0)) + dt.timedelta(hours=int(rng.integers(1, 4000)))
            if e.extra:
                rows.append(_row(e, f, rng, changed, mess=True))
                pending.append(_row(e, f, rng, later, mess=True, status="Vervallen"))
            elif not last and e.beslissing in (ING, AFG) and rng.random() < WRONG_OUTCOME_RATE:
                wrong = _row(e, f, rng, changed, mess=True)
                wrong[9] = AFG if e.beslissing == ING else ING
                rows.append(wrong)
                pending.append(_row(e, f, rng, later, mess=True))
            else:
                rows.append(_row(e, f, rng, changed, mess=True))
        out.append((day, rows))
        before = day
    return out
