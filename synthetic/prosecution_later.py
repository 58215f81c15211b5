"""The OM deliveries after 2018 (contract addendum `later-years.md` §5; figures [A], ours).

One CSV per later edition, dated its data date (`later_targets.edition_data_date`: the edition
that ends with year Y counts the delivery of 1 October Y+1), with the suspects registered in year
Y (`later_targets.activity_period`; 2018: after the 2018 sample's last day). No later published
figure binds OM, so each year's cases are copies of the cases registered in 2017, the newest year
of the calibrated sample, moved into year Y with their co-suspects, article, form, office,
outcome and the time to each outcome; an outcome that falls after the delivery date is not known
yet (pending). How many copies follows the registration trend (`later_targets.volume_factor`).
Every copy is a new suspect (new `verdachte_id`, birth year moved with the registration).

Victim keys: a copied case keeps its number of victim keys; each key is, in the share of the
2018 sample (220 of 300, M8), the koppelsleutel of a CoMensha registration delivered by the CSV's
own date and not before the previous one (`reference.active_registration_keys`), else a fresh
key no source holds. No IND link is made after 2018 [A].

Corrections and withdrawals (README §3: key (`parketnummer`, `verdachte_id`), the newest
`gewijzigd_op` wins; `status` Vervallen withdraws), each in the next CSV: the cases still pending
progress (a disposition, or the judgment of a summoned case, dated between the two deliveries,
as prosecution.md §1 keeps the latest judgment on the row); a few rows first sent with form
`Onbekend` get their form; a few records created in error are withdrawn. The 2013-2017
records are never touched, so the 2018 sample's figures hold as of every later edition too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from synthetic import later_targets as L
from synthetic import reference as R
from synthetic.later_years import draw
from synthetic.prosecution import (
    BS,
    COMENSHA_KEYS,
    D2,
    DAGV,
    DISTINCT_KEYS,
    DISTRICTS,
    ONB,
    PRISON,
    REGISTRATION_DIR,
    SENTENCES,
    SU,
    SUB3,
    TS,
    VER,
    VRIJ,
    Record,
    _day,
    _pick,
    _rng,
    _ts,
    created_in_error,
)

FORM_LATER = 3  # rows per CSV first sent with form Onbekend, their form in the next CSV [A]
CREATED_IN_ERROR = 3  # records per CSV created in error, withdrawn in the next [A]
PROGRESS_RATE = 0.7  # pending rows that progress before the next CSV [A]
# what a pending case becomes [A]: the 2016 cohort's dispositions and judgments (M2, M3) rounded
NEXT_DISPOSITION = {DAGV: 6, TS: 2, BS: 1}
NEXT_JUDGMENT = {VER: 55, VRIJ: 40}
PRISON_DAYS = (60, 1500)


def _cases(recs: list[Record]) -> dict[str, list[Record]]:
    """The 2017 cases of the sample (current, active records), by parketnummer."""
    out: dict[str, list[Record]] = defaultdict(list)
    for r in recs:
        if r.year == L.TEMPLATE_YEAR and r.status == "Actief":
            out[r.parketnummer].append(r)
    return dict(sorted(out.items()))


def _new_keys(registrations: Path, day: dt.date, before: dt.date, taken: set[str]) -> list[str]:
    """Koppelsleutels of CoMensha registrations delivered in (`before`, `day`], not in `taken`."""
    recent = set(R.active_registration_keys(registrations, day))
    recent -= set(R.active_registration_keys(registrations, before))
    return sorted(recent - taken)


def _fresh_key(rng, *taken: set[str]) -> str:
    """A koppelsleutel in none of `taken`."""
    while True:
        k = "".join("0123456789ABCDEF"[int(x)] for x in rng.integers(16, size=16))
        if not any(k in t for t in taken):
            return k


def _copy_case(
    members: list[Record], year: int, serial: int, ids: list[str], keys: dict[str, str], rng
) -> list[Record]:
    start, end = L.activity_period(year)
    day = L.edition_data_date(year) - dt.timedelta(days=1)
    first = min(r.inschrijfdatum for r in members)
    shift = _day(start, end, rng) - first
    code = members[0].parketnummer.split("/")[0]
    out = []
    for r, vid in zip(members, ids, strict=True):
        c = replace(r, extra={}, sub3_before_hr=None)
        c.parketnummer = f"{code}/{serial:06d}-{year % 100:02d}"
        c.verdachte_id = vid
        c.inschrijfdatum = min(r.inschrijfdatum + shift, end)
        c.year = c.inschrijfdatum.year
        if r.geboortejaar is not None:
            c.geboortejaar = r.geboortejaar + (c.year - r.year)
        c.afdoeningsdatum = r.afdoeningsdatum and r.afdoeningsdatum + shift
        c.vonnisdatum = r.vonnisdatum and r.vonnisdatum + shift
        if c.vonnisdatum and c.vonnisdatum > day:  # not judged yet by the delivery date
            c.vonnis = c.vonnisdatum = c.instantie = c.strafsoort = c.strafduur_dagen = None
        if c.afdoeningsdatum and c.afdoeningsdatum > day:  # not disposed of yet
            c.afdoening = c.afdoeningsdatum = None
        c.keys = tuple(keys[k] for k in r.keys)
        last = max(d for d in (c.inschrijfdatum, c.afdoeningsdatum, c.vonnisdatum) if d)
        c.gewijzigd_op = _ts(min(last + dt.timedelta(days=int(rng.exponential(10))), day), rng)
        out.append(c)
    return out


def _progress(r: Record, after: dt.date, day: dt.date, rng) -> Record | None:
    """The next state of a pending row, dated in (`after`, `day`), or None (still pending)."""
    if rng.random() >= PROGRESS_RATE:
        return None
    c = replace(r, extra={})
    if c.afdoening is None:
        c.afdoening = _pick(NEXT_DISPOSITION, rng)
        c.afdoeningsdatum = _day(max(after, c.inschrijfdatum) + dt.timedelta(days=1), day, rng)
        changed = c.afdoeningsdatum
    elif c.afdoening == DAGV and c.vonnis is None:
        c.vonnis = _pick(NEXT_JUDGMENT, rng)
        c.vonnisdatum = _day(max(after, c.afdoeningsdatum) + dt.timedelta(days=1), day, rng)
        c.instantie = "Rechtbank"
        if c.vonnis == VER:
            c.strafsoort = _pick(SENTENCES, rng)
            if c.strafsoort in PRISON:
                c.strafduur_dagen = int(rng.integers(PRISON_DAYS[0], PRISON_DAYS[1] + 1))
        changed = c.vonnisdatum
    else:
        return None
    c.gewijzigd_op = _ts(changed, rng)
    return c


def _created_in_error(year: int, k: int, rng) -> Record:
    e = created_in_error(year, *L.activity_period(year), rng)
    e.parketnummer = f"{DISTRICTS[e.parket][0]}/98{year % 100:02d}{k:02d}-{year % 100:02d}"
    e.verdachte_id = f"X{year}{k:02d}"
    e.gewijzigd_op = _ts(e.inschrijfdatum, rng)
    return e


def later_deliveries(
    recs: list[Record], seed: int, through: int, registrations: Path = REGISTRATION_DIR
) -> list[tuple[dt.date, list[Record]]]:
    """(delivery date, versions) of the CSVs after the 2018 sample, registration years 2018 to
    `through`, for the sample's current records `recs` (prosecution.build), linking to the
    CoMensha sample in `registrations`."""
    template = _cases(recs)
    everywhere = set(R.active_registration_keys(registrations, L.edition_data_date(L.LAST_LATER_YEAR)))
    taken: set[str] = set()
    before = D2
    state: list[Record] = []  # the current version of every later record
    out: list[tuple[dt.date, list[Record]]] = []
    years = range(L.OTHER_SOURCES_FIRST_YEAR, through + 1)
    for year in years:
        day = L.edition_data_date(year)
        limit = day - dt.timedelta(days=1)
        rng = _rng(seed, f"om-later-{year}")
        versions: list[Record] = []
        # what happened to the earlier later records since the previous CSV
        for i, r in enumerate(state):
            if r.status == "Vervallen":
                continue
            if r.extra.get("error"):
                state[i] = replace(r, status="Vervallen", gewijzigd_op=_ts(_day(before, limit, rng), rng))
            elif r.extra.get("form"):
                state[i] = replace(r, uitbuitingsvorm=r.extra["form"], extra={})
                state[i].gewijzigd_op = _ts(_day(before + dt.timedelta(days=1), limit, rng), rng)
            elif (nxt := _progress(r, before, limit, rng)) is not None:
                state[i] = nxt
            else:
                continue
            versions.append(state[i])
        # the year's new cases
        recent = _new_keys(registrations, day, before, taken)
        order = [int(i) for i in rng.permutation(len(recent))]
        serials = iter(
            int(s) for s in rng.choice(np.arange(100000, 980000), len(template) * 3, replace=False)
        )
        new: list[Record] = []
        for pn in draw(list(template), round(len(template) * L.volume_factor(year)), rng):
            members = template[pn]
            keys: dict[str, str] = {}
            for k in sorted({k for r in members for k in r.keys}):
                if order and rng.random() < COMENSHA_KEYS / DISTINCT_KEYS:
                    keys[k] = recent[order.pop()]
                else:
                    keys[k] = _fresh_key(rng, everywhere, taken)
                taken.add(keys[k])
            ids = [f"V{year}{len(new) + j:05d}" for j in range(len(members))]
            new += _copy_case(members, year, next(serials), ids, keys, rng)
        last = year == years[-1]
        known = [i for i, r in enumerate(new) if r.uitbuitingsvorm not in (ONB, SU) and r.wetsartikel != SUB3]
        form_later = (
            set() if last else {known[int(i)] for i in rng.choice(len(known), FORM_LATER, replace=False)}
        )
        for i, r in enumerate(new):
            if i in form_later:  # sent with form Onbekend, the form in the next CSV
                versions.append(replace(r, uitbuitingsvorm=ONB, extra={}))
                r.extra = {"form": r.uitbuitingsvorm}
            else:
                versions.append(r)
            state.append(r)
        if not last:
            for k in range(CREATED_IN_ERROR):
                e = _created_in_error(year, k, rng)
                e.extra = {"error": True}
                versions.append(e)
                state.append(e)
        out.append((day, versions))
        before = day
    return out
