"""Render the designed person-years into meldingen and the two deliveries of the extract.

A person-year becomes one or more meldingen: at least one per melder type of its melder set
(R7/R9), one per police unit (R9), and some free extra rows (a second melding by the same melder,
an extra melding by melder `Onbekend`) that do not change any count.  Values that R3 resolves
per person-year are spread over the meldingen so that the most recent melding with a known value
(latest `datum_melding`, then highest `melding_id`) carries the designed value; older meldingen may
leave the value empty or carry a conflicting value (mess the warehouse must resolve).

The second delivery re-sends part of the records (unchanged, or corrected with a newer
`gewijzigd_op` while the first delivery holds the older, wrong value), brings late records,
withdraws records created by mistake in the first delivery and reinstates a few records that the
first delivery had withdrawn.  The merged current state (README §3) is the designed population.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from synthetic import reference as R
from synthetic import targets as T
from synthetic import variants as V
from synthetic.design import BAND_RANGE, Design, PersonYear, pick
from synthetic.later_targets import NLA, inspectorate

P, K, I, E, Z, F, O = T.MELDERS
ONBEKEND = T.ONBEKEND


@dataclass
class Options:
    seed: int
    resend_rate: float = 0.08
    conflict_rate: float = 0.10
    variant_rate: float = 0.08
    empty_rate: float = 0.15
    withdrawn_extras: int = 20
    reinstated: int = 4
    late_rate: float = 0.03


@dataclass
class Deliveries:
    first: dt.date
    second: dt.date

    @property
    def first_end(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(23, 59))

    @property
    def second_end(self) -> dt.datetime:
        return dt.datetime.combine(self.second, dt.time(23, 59))


@dataclass(eq=False)
class Melding:
    """One record (melding) with canonical values; rendered to text by `to_row`."""

    py: PersonYear
    melder: str
    date: dt.date
    tiebreak: float
    unit: str | None = None
    emm_rol: str | None = None
    melding_id: str = ""
    values: dict = field(default_factory=dict)
    changed_at: dt.datetime | None = None
    extra: bool = False  # withdrawn extra (not part of any target)


# ------------------------------------------------------------------------------------------
def _date_in_year(year: int, rng: np.random.Generator) -> dt.date:
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return start + dt.timedelta(days=int(rng.integers(days)))


def _near(base: dt.date, rng: np.random.Generator, spread: int = 100) -> dt.date:
    d = base + dt.timedelta(days=int(rng.integers(-spread, spread + 1)))
    return min(max(d, dt.date(base.year, 1, 1)), dt.date(base.year, 12, 31))


def _timestamp(day: dt.date, rng: np.random.Generator) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(int(rng.integers(8, 18)), int(rng.integers(60))))


def _changed_at(date: dt.date, limit: dt.date, rng: np.random.Generator) -> dt.datetime:
    lag = int(rng.exponential(12))
    if rng.random() < 0.12:
        lag += int(rng.integers(30, 300))  # a later edit
    day = min(date + dt.timedelta(days=lag), limit)
    return _timestamp(max(day, date), rng)


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _shift_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# ------------------------------------------------------------------------------------------
def _skeleton(py: PersonYear, year: int, rng: np.random.Generator, opts: Options) -> list[Melding]:
    """The meldingen of one person-year: melder, date, police unit and EMM role."""
    base = _date_in_year(year, rng)
    out: list[Melding] = []

    def add(melder: str, **kw) -> Melding:
        d = base if not out else _near(base, rng)
        if melder == E and year >= 2017 and rng.random() < 0.6:
            d = max(d, dt.date(year, 9, 1))  # 2017: EMM registrations requested late in the year
        m = Melding(py=py, melder=melder, date=d, tiebreak=float(rng.random()), **kw)
        out.append(m)
        return m

    if py.enrichment_only:
        for _ in range(1 + (rng.random() < 0.3)):
            add(E, emm_rol="getuige" if rng.random() < 0.5 else "betrokkene")
        return out
    if not py.melders:
        for _ in range(1 + (rng.random() < 0.15)):
            add(ONBEKEND)
        return out
    for melder in py.melders:
        if melder == P:
            for unit in py.units:
                add(P, unit=unit)
        elif melder == E:
            if py.melders == (E,):
                add(E, emm_rol="slachtoffer" if rng.random() < 0.8 else "benadeelde")
            else:
                add(E, emm_rol=pick(rng, {"slachtoffer": 4, "benadeelde": 2, "getuige": 2, "betrokkene": 2}))
        else:
            add(melder)
    # free extra rows: a second melding by the same melder, or one by melder Onbekend
    if rng.random() < 0.07:
        melder = py.melders[int(rng.integers(len(py.melders)))]
        if melder == P:
            add(P, unit=py.units[0])
        elif melder == E:
            add(E, emm_rol=pick(rng, {"slachtoffer": 2, "getuige": 1, "betrokkene": 1}))
        else:
            add(melder)
    if rng.random() < 0.02:
        add(ONBEKEND)
    return out


# ------------------------------------------------------------------------------------------
# attribute spreading (R3)
# ------------------------------------------------------------------------------------------
def _spread(
    n: int, known: bool, rng: np.random.Generator, empty_rate: float, required: bool = False
) -> list[str]:
    """Per melding (in R3 order): 'T' carries the designed value, 'U' unknown/empty, 'C' may conflict.
    The last 'T' is the most recent known value."""
    if not known:
        return ["U"] * n
    carries = [rng.random() >= empty_rate for _ in range(n)]
    if required:
        carries = [True] * n
    if not any(carries):
        carries[-1] = True
    last = max(i for i, c in enumerate(carries) if c)
    return ["T" if i == last else ("C" if c else "U") for i, c in enumerate(carries)]


CONFLICT_GENDER = {"V": "M", "M": "V"}


def _conflicting_country(nat: str, rng: np.random.Generator) -> str:
    pool = {
        "Nederland": ("Suriname", "Marokko", "Turkije"),
        "Roemenië": ("Bulgarije", "Moldavië"),
        "Bulgarije": ("Roemenië",),
        "Hongarije": ("Roemenië", "Slowakije"),
        "Polen": ("Oekraïne", "Litouwen"),
        "Nigeria": ("Ghana", "Sierra Leone"),
        "Guinee": ("Sierra Leone", "Ivoorkust"),
        "Eritrea": ("Ethiopië", "Soedan"),
        "Vietnam": ("China",),
        "China": ("Vietnam", "Taiwan"),
    }
    options = pool.get(nat, ("Onbekend",))
    return options[int(rng.integers(len(options)))]


def _birth_date(person: list[tuple[PersonYear, dt.date]], rng: np.random.Generator) -> dt.date | None:
    """One birth date that gives every known-age person-year its band at its reference date."""
    known = [(py, d) for py, d in person if py.band != "Onbekend"]
    if not known:
        return None
    py0, d0 = known[0]
    lo, hi = BAND_RANGE[py0.band]
    if py0.sub3 and py0.minor:
        lo = 16
    ages = range(lo, hi + 1)
    if py0.band == "Minderjarig":
        weights = {a: max(a - 10, 0.5) ** 2 for a in ages}
    elif py0.band == "40+":
        weights = {a: math.exp(-(a - 40) / 9.0) for a in ages}
    else:
        weights = dict.fromkeys(ages, 1.0)
    for _ in range(400):
        a = pick(rng, weights)
        # birth date uniform in (d0 - (a+1) years, d0 - a years]
        latest = _shift_years(d0, -a)
        earliest = _shift_years(d0, -a - 1) + dt.timedelta(days=1)
        b = earliest + dt.timedelta(days=int(rng.integers((latest - earliest).days + 1)))
        if _age(b, d0) != a:
            continue
        ok = True
        for py, d in known[1:]:
            age = _age(b, d)
            lo2, hi2 = BAND_RANGE[py.band]
            if not lo2 <= age <= hi2:
                ok = False
                break
        if ok:
            return b
    # Rarely (about once in a few dozen replicas) the bands of two years leave only a narrow window
    # that 400 draws miss: pick uniformly among every birth date that fits all person-years.
    fits = []
    day = _shift_years(d0, -hi - 1) + dt.timedelta(days=1)
    while day <= _shift_years(d0, -lo):
        if lo <= _age(day, d0) <= hi and all(
            BAND_RANGE[py.band][0] <= _age(day, d) <= BAND_RANGE[py.band][1] for py, d in known[1:]
        ):
            fits.append(day)
        day += dt.timedelta(days=1)
    if fits:
        return fits[int(rng.integers(len(fits)))]
    raise RuntimeError(f"no birth date for person-year {py0.idx}")


def _fill_person(
    person: list[tuple[PersonYear, list[Melding]]],
    rng: np.random.Generator,
    opts: Options,
    names: tuple[str, str],
) -> None:
    """Fill the canonical values of all meldingen of one person (all years)."""
    # reference melding for the age: the most recent melding with a birth date (every melding of a
    # known-age person-year carries one, except some older ones left empty)
    refs: list[tuple[PersonYear, dt.date]] = []
    plan_birth: dict[int, list[str]] = {}
    for py, ms in person:
        pattern = _spread(len(ms), py.band != "Onbekend", rng, opts.empty_rate / 2)
        plan_birth[py.idx] = pattern
        if py.band != "Onbekend" and not py.enrichment_only:
            refs.append((py, ms[pattern.index("T")].date))
    birth = _birth_date(refs, rng)
    surname, given = names
    for py, ms in person:
        n = len(ms)
        conflict_gender = py.gender in CONFLICT_GENDER and n > 1 and rng.random() < opts.conflict_rate
        conflict_nat = py.nationality != "Onbekend" and n > 1 and rng.random() < opts.conflict_rate
        conflict_birth = py.band != "Onbekend" and n > 1 and rng.random() < opts.conflict_rate / 2
        g_plan = _spread(n, py.gender != "O", rng, opts.empty_rate / 3, required=False)
        n_plan = _spread(n, py.nationality != "Onbekend", rng, opts.empty_rate / 3)
        a_plan = _spread(n, py.aangifte != "Onbekend", rng, opts.empty_rate)
        u_plan = _spread(n, py.uitzend, rng, opts.empty_rate)
        gm_plan = _spread(n, py.gemeente is not None, rng, opts.empty_rate)
        lw_plan = _spread(n, py.land_werving is not None, rng, 0.3)
        lu_plan = _spread(n, py.land_uitbuiting is not None, rng, 0.3)
        k_plan = _spread(n, py.key is not None, rng, 0.45)
        b_plan = plan_birth[py.idx]
        # doel / eerste opvang (R3 exceptions)
        doel = ["Registratie"] * n
        opvang: list[str | None] = [None] * n
        if py.doel == "Verzoek opvang":
            carriers = [i for i in range(n) if i == n - 1 or rng.random() < 0.25]
            if rng.random() < 0.3 and n > 1:
                carriers = [int(rng.integers(n))]
            for i in carriers:
                doel[i] = "Verzoek opvang"
            last = max(carriers)
            for i in carriers:
                opvang[i] = (
                    py.opvang
                    if (i == last or rng.random() < 0.85)
                    else pick(
                        rng, {s: 1 for s in ("COSM", "Reguliere opvang", "Kortdurende opvang", "Geen opvang")}
                    )
                )
            for i in range(n):
                if doel[i] == "Registratie" and rng.random() < 0.2:
                    doel[i] = "Informatie en advies"
        elif py.doel == "Informatie en advies":
            for i in range(n):
                doel[i] = "Informatie en advies" if rng.random() < 0.6 else "Registratie"
            if "Informatie en advies" not in doel:
                doel[int(rng.integers(n))] = "Informatie en advies"
        sectors = _spread_sectors(py, ms, rng)
        conflict_done = {"g": False, "n": False, "b": False}
        for i, m in enumerate(ms):
            v = m.values
            v["persoon_id"] = py.extra["persoon_id"]
            v["achternaam"] = surname if rng.random() >= opts.empty_rate / 2 else ""
            v["voornaam"] = given if rng.random() >= opts.empty_rate else ""
            # geslacht
            if g_plan[i] == "T" or (g_plan[i] == "C" and not (conflict_gender and not conflict_done["g"])):
                v["geslacht"] = py.gender
            elif g_plan[i] == "C":
                v["geslacht"] = CONFLICT_GENDER[py.gender]
                conflict_done["g"] = True
            else:
                v["geslacht"] = "O"
            # nationaliteit
            if n_plan[i] == "T" or (n_plan[i] == "C" and not (conflict_nat and not conflict_done["n"])):
                v["nationaliteit"] = py.nationality
            elif n_plan[i] == "C":
                v["nationaliteit"] = _conflicting_country(py.nationality, rng)
                conflict_done["n"] = True
            else:
                v["nationaliteit"] = ONBEKEND
            # geboortedatum
            if b_plan[i] == "U" or birth is None:
                v["geboortedatum"] = None
            elif b_plan[i] == "C" and conflict_birth and not conflict_done["b"]:
                wrong = _shift_years(birth, int(rng.choice([-3, -2, 2, 3])))  # 29 Feb -> 28 Feb
                v["geboortedatum"] = wrong if wrong <= m.date and _age(wrong, m.date) <= 99 else birth
                conflict_done["b"] = True
            else:
                v["geboortedatum"] = birth
            # aangifte: older meldingen often show an earlier stage of the same process
            if a_plan[i] == "T":
                v["aangifte"] = py.aangifte
            elif a_plan[i] == "C":
                earlier = {
                    "Ja": ("Bedenktijd loopt", "Intake", "Ja", "Ja"),
                    "Nee": ("Bedenktijd loopt", "Nee", "Nee"),
                    "Intake": ("Bedenktijd loopt", "Intake"),
                    "Bedenktijd loopt": ("Bedenktijd loopt",),
                }
                opts_ = earlier[py.aangifte]
                v["aangifte"] = opts_[int(rng.integers(len(opts_)))]
            else:
                v["aangifte"] = ONBEKEND if rng.random() < 0.3 else None
            v["uitzendbureau"] = (
                "Ja" if u_plan[i] != "U" else ("Nee" if m.date.year >= 2016 and rng.random() < 0.1 else None)
            )
            if gm_plan[i] == "U":
                v["gemeente_aantreffen"] = None
            elif gm_plan[i] == "C" and rng.random() < 0.15:
                unit = next(
                    (u for u, ms_ in R.MUNICIPALITIES.items() if any(c == py.gemeente for c, _ in ms_))
                )
                pool = R.MUNICIPALITIES[unit]
                v["gemeente_aantreffen"] = pool[int(rng.integers(len(pool)))][0]
            else:
                v["gemeente_aantreffen"] = py.gemeente
            v["land_werving"] = py.land_werving if lw_plan[i] != "U" else None
            v["land_uitbuiting"] = py.land_uitbuiting if lu_plan[i] != "U" else None
            v["koppelsleutel"] = py.key if k_plan[i] != "U" else None
            v["doel_melding"] = doel[i]
            v["eerste_opvang"] = opvang[i]
            v["sector"], v["subsector"] = sectors[i]
            v["status"] = "Actief"


def _spread_sectors(
    py: PersonYear, ms: list[Melding], rng: np.random.Generator
) -> list[tuple[list[str], list[str]]]:
    """Distribute the designed sector and subsector sets over the meldingen; the union is the design.
    A subsector always travels with its own sector (cross-field check 3)."""
    n = len(ms)
    sec: list[list[str]] = [[] for _ in range(n)]
    sub: list[list[str]] = [[] for _ in range(n)]
    own = {R.SU: [], R.UBS: [], None: []}
    for s in py.subsectors:
        owner = _subsector_owner(s)
        own[owner].append(s)
    main = n - 1 if rng.random() < 0.6 else int(rng.integers(n))
    for s in py.sectors:
        i = main if rng.random() < 0.7 else int(rng.integers(n))
        sec[i].append(s)
        sub[i].extend(own.get(s, []))
        if s != R.SEC_NNG:
            sub[i].extend(x for x in own[None] if x not in sub[i])
        if rng.random() < 0.25:  # the same sector on another melding too
            j = int(rng.integers(n))
            if s not in sec[j]:
                sec[j].append(s)
    for i in range(n):
        if not sec[i]:
            sec[i] = [R.SEC_ONB]
    return list(zip(sec, sub, strict=True))


_SUB_OWNER: dict[str, str | None] = {}


def _subsector_owner(s: str) -> str | None:
    if not _SUB_OWNER:
        for x in list(R.SU_CATEGORY_RANK) + ["Overig", "Prostitutie"]:
            _SUB_OWNER[x] = R.SU
        for x in list(R.UBS_RANK):
            _SUB_OWNER[x] = R.UBS
        _SUB_OWNER[R.SEC_NNG] = None
        _SUB_OWNER["Onbekend"] = None
    return _SUB_OWNER[s]


# ------------------------------------------------------------------------------------------
# free text
# ------------------------------------------------------------------------------------------
def _organisation(m: Melding, rng: np.random.Generator) -> str:
    if m.melder == P:
        unit = m.unit or ONBEKEND
        if unit == ONBEKEND:
            return "Nationale Politie"
        return pick(rng, {f"Politie eenheid {unit}": 3, f"AVIM {unit}": 2, f"Team Mensenhandel {unit}": 1})
    if m.melder == K:
        regio = m.values.get("kmar_regio") or ""
        return "Koninklijke Marechaussee" + (f", district {regio}" if regio and regio != ONBEKEND else "")
    if m.melder == I:
        return pick(rng, {"Inspectie SZW, Directie Opsporing": 3, "Inspectie SZW": 1})
    if m.melder == NLA:
        return pick(
            rng, {"Nederlandse Arbeidsinspectie, Directie Opsporing": 3, "Nederlandse Arbeidsinspectie": 1}
        )
    if m.melder == E:
        return pick(rng, {"Expertisecentrum Mensenhandel en Mensensmokkel": 2, "EMM": 1})
    if m.melder == Z:
        return f"Zorgcoördinator mensenhandel {R.ZORG_REGIONS[int(rng.integers(len(R.ZORG_REGIONS)))]}"
    if m.melder == F:
        return pick(rng, {"FairWork": 3, "Stichting FairWork": 1})
    if m.melder == O:
        org = R.OVERIG_ORGANISATIONS[int(rng.integers(len(R.OVERIG_ORGANISATIONS)))]
        if rng.random() < 0.01:
            org = org + "\nafdeling jeugd"  # a line break inside a quoted field (RFC 4180)
        return org
    return ""


# ------------------------------------------------------------------------------------------
# text rendering of one record
# ------------------------------------------------------------------------------------------
def _fmt_date(d: dt.date | None) -> str:
    return "" if d is None else d.strftime("%d-%m-%Y")


def _fmt_ts(t: dt.datetime) -> str:
    return t.strftime("%d-%m-%Y %H:%M")


def to_row(m: Melding, rng: np.random.Generator, opts: Options) -> list[str]:
    v = m.values
    rate = opts.variant_rate
    c = lambda value, col: V.code(value, col, rng, rate) if value else ""  # noqa: E731
    unit = ""
    if m.melder == P:
        unit = m.unit or ""
        if unit == ONBEKEND and rng.random() < 0.6:
            unit = ""  # empty = Onbekend
    kmar = ""
    if m.melder == K:
        kmar = v.get("kmar_regio") or ""
        if kmar == ONBEKEND and rng.random() < 0.5:
            kmar = ""
    key = v.get("koppelsleutel")
    uitzend = v.get("uitzendbureau") or ""
    return [
        m.melding_id,
        v["persoon_id"],
        v.get("achternaam", ""),
        v.get("voornaam", ""),
        _fmt_date(v.get("geboortedatum")),
        c(v["geslacht"], "geslacht"),
        c(v["nationaliteit"], "nationaliteit"),
        _fmt_date(m.date),
        c(m.melder, "melder_type"),
        v.get("melder_organisatie", ""),
        c(unit, "politie_eenheid"),
        c(kmar, "kmar_regio"),
        c(m.emm_rol or "", "emm_rol"),
        v.get("gemeente_aantreffen") or "",
        V.multi(v["sector"], "sector", rng, rate),
        V.multi(v["subsector"], "subsector", rng, rate) if v["subsector"] else "",
        c(v.get("land_werving") or "", "land_werving"),
        c(v.get("land_uitbuiting") or "", "land_uitbuiting"),
        c(uitzend, "uitzendbureau"),
        c(v["doel_melding"], "doel_melding"),
        c(v.get("eerste_opvang") or "", "eerste_opvang"),
        c(v.get("aangifte") or "", "aangifte"),
        V.link_key(key, rng) if key else "",
        c(v["status"], "status"),
        _fmt_ts(m.changed_at),
    ]


# ------------------------------------------------------------------------------------------
# one replica of the design
# ------------------------------------------------------------------------------------------
@dataclass
class Version:
    melding: Melding
    values: dict
    changed_at: dt.datetime
    row: list[str] | None = None


def render_replica(
    design: Design,
    replica: int,
    year_map: dict[int, list[int]],
    fraction: float,
    opts: Options,
    deliveries: Deliveries,
    namespace: str = "",
) -> tuple[list[list[str]], list[list[str]]]:
    """Rows of delivery 1 and delivery 2 for one replica of the design.

    `year_map` maps a design year (2013-2017) to the output years it is rendered into (normally
    itself).  `fraction` < 1 keeps a random part of the persons (scales below one replica).
    `namespace` starts every id and gives its own random stream: a design rendered beside another
    (a later year, later_years.py) shares no id with it."""
    rng = np.random.default_rng([opts.seed, replica, 7, *namespace.encode()])
    prefix = namespace + ("" if replica == 0 else f"R{replica}-")
    # persons
    persons: dict[int, list[PersonYear]] = {}
    for py in design.person_years:
        persons.setdefault(py.person, []).append(py)
    person_ids = sorted(persons)
    if fraction < 1.0:
        keep = rng.random(len(person_ids)) < fraction
        person_ids = [p for p, k in zip(person_ids, keep, strict=True) if k]
    numbers = rng.permutation(len(person_ids) * 7 + 1000)[: len(person_ids)] + 10_000
    # skeletons, per output year copy
    people: list[tuple[list[tuple[PersonYear, list[Melding]]], tuple[str, str]]] = []
    all_meldingen: list[Melding] = []
    for n_person, pid in zip(numbers.tolist(), person_ids, strict=True):
        by_copy: dict[int | None, list[tuple[PersonYear, list[Melding]]]] = {}
        for py in sorted(persons[pid], key=lambda p: p.year):
            for out_year in year_map.get(py.year, []):
                copy_key = None if out_year == py.year else out_year
                clone = clone_for_year(py, out_year)
                ns = prefix + ("" if copy_key is None else f"Y{out_year}-")
                clone.extra["persoon_id"] = f"CMP-{ns}{n_person:07d}"
                if clone.key and ns:  # another replica or year copy is another person: own key
                    clone.key = hashlib.sha256(f"{clone.key}:{ns}".encode()).hexdigest()[:16].upper()
                ms = _skeleton(clone, out_year, rng, opts)
                by_copy.setdefault(copy_key, []).append((clone, ms))
                all_meldingen.extend(ms)
        name = _name(persons[pid][0].nationality, persons[pid][0].gender, rng)
        for group in by_copy.values():
            people.append((group, name))
    # withdrawn extras: new person-years created in error (delivery 1), and extra meldingen on
    # existing person-years; all withdrawn in delivery 2
    extras = _withdrawn_extras(people, rng, opts, prefix, year_map)
    all_meldingen.extend(extras)
    # melding ids: per registration year, in date order
    all_meldingen.sort(key=lambda m: (m.date, m.tiebreak))
    seq: dict[int, int] = {}
    for m in all_meldingen:
        seq[m.date.year] = seq.get(m.date.year, 0) + 1
        m.melding_id = f"CM-{prefix}{m.date.year}-{seq[m.date.year]:06d}"
    # values
    for group, name in people:
        for _, ms in group:
            ms.sort(key=lambda m: (m.date, m.melding_id))
        _fill_person(group, rng, opts, name)
    for m in all_meldingen:
        if m.melder == K:
            m.values["kmar_regio"] = m.py.kmar_regio or ONBEKEND
        m.values["melder_organisatie"] = _organisation(m, rng) if rng.random() >= opts.empty_rate / 3 else ""
        m.changed_at = _changed_at(m.date, deliveries.first - dt.timedelta(days=1), rng)
    return _deliveries(all_meldingen, rng, opts, deliveries)


def clone_for_year(py: PersonYear, year: int) -> PersonYear:
    if year == py.year:
        clone = PersonYear(**{**py.__dict__, "extra": dict(py.extra)})
        return clone
    clone = PersonYear(**{**py.__dict__, "extra": dict(py.extra), "year": year})
    if year < 2014:  # code validity (contract §2 warnings): no 2014 codes before 2014
        renamed = {"Hotelprostitutie": R.ESCORT, "Overig": "Prostitutie"}
        clone.subsectors = tuple(dict.fromkeys(renamed.get(s, s) for s in clone.subsectors if s != R.SEC_NNG))
    else:
        clone.subsectors = tuple("Overig" if s == "Prostitutie" else s for s in clone.subsectors)
    if year < 2016:
        clone.uitzend = False
    return clone


def _name(nationality: str, gender: str, rng: np.random.Generator) -> tuple[str, str]:
    region = R.name_region(nationality)
    first, second = R.SURNAME_PARTS[region]
    surname = first[int(rng.integers(len(first)))] + second[int(rng.integers(len(second)))]
    if region == "nl" and rng.random() < 0.3:
        surname = ("van " if rng.random() < 0.6 else "de ") + surname
    female, male = R.GIVEN_NAMES[region]
    pool = male if gender == "M" else female
    return surname, pool[int(rng.integers(len(pool)))]


def _withdrawn_extras(
    people, rng: np.random.Generator, opts: Options, prefix: str, year_map: dict[int, list[int]]
) -> list[Melding]:
    out: list[Melding] = []
    years = sorted(y for ys in year_map.values() for y in ys)
    if not years or opts.withdrawn_extras <= 0:
        return out
    n_new = (opts.withdrawn_extras + 1) // 2
    for i in range(n_new):  # duplicate registrations of new persons
        year = years[int(rng.integers(len(years)))]
        py = PersonYear(
            idx=-1 - i,
            year=year,
            nationality=pick(rng, {"Nederland": 3, "Roemenië": 1, "Nigeria": 1}),
            group="-",
            gender="V",
            band="18-22",
            aangifte="Onbekend",
            sectors=(R.SEC_ONB,),
        )
        py.extra["persoon_id"] = f"CMP-{prefix}D{i:06d}"
        m = Melding(
            py=py,
            melder=pick(rng, {Z: 2, O: 2, P: 1}),
            date=_date_in_year(year, rng),
            tiebreak=float(rng.random()),
            extra=True,
        )
        if m.melder == P:
            m.unit = "Rotterdam"
        out.append(m)
    victims = [(g, ms) for group, _ in people for g, ms in group if not g.enrichment_only and g.melders]
    for _ in range(opts.withdrawn_extras - n_new if victims else 0):  # an extra melding on a victim-year
        py, ms = victims[int(rng.integers(len(victims)))]
        melder = next((x for x in (inspectorate(py.year), F, O, Z) if x not in py.melders), O)
        m = Melding(
            py=py, melder=melder, date=_near(ms[0].date, rng, 30), tiebreak=float(rng.random()), extra=True
        )
        out.append(m)
    return out


def _extra_values(m: Melding, rng: np.random.Generator) -> None:
    """Values of a withdrawn extra melding: plausible, valid, and different from the design."""
    py = m.py
    m.values.update(
        {
            "persoon_id": py.extra["persoon_id"],
            "achternaam": "",
            "voornaam": "",
            "geboortedatum": None,
            "geslacht": py.gender,
            "nationaliteit": py.nationality,
            "aangifte": None,
            "uitzendbureau": None,
            "gemeente_aantreffen": None,
            "land_werving": None,
            "land_uitbuiting": None,
            "koppelsleutel": None,
            "doel_melding": "Registratie",
            "eerste_opvang": None,
            "status": "Actief",
            "sector": [R.UBS] if rng.random() < 0.5 else [R.SU, R.UBS],
            "subsector": [],
        }
    )


def _deliveries(
    ms: list[Melding], rng: np.random.Generator, opts: Options, dl: Deliveries
) -> tuple[list[list[str]], list[list[str]]]:
    first: list[tuple[str, list[str]]] = []
    second: list[tuple[str, list[str]]] = []
    d2_window = (dl.first + dt.timedelta(days=3), dl.second - dt.timedelta(days=3))

    def in_window() -> dt.datetime:
        span = (d2_window[1] - d2_window[0]).days
        return _timestamp(d2_window[0] + dt.timedelta(days=int(rng.integers(span + 1))), rng)

    regular = [m for m in ms if not m.extra]
    last_year = max((m.date.year for m in regular), default=0)
    late = {id(m) for m in regular if m.date.year == last_year and rng.random() < opts.late_rate}
    candidates = [m for m in regular if id(m) not in late]
    n_resend = int(round(opts.resend_rate * len(candidates)))
    picked = rng.choice(len(candidates), size=min(n_resend + opts.reinstated, len(candidates)), replace=False)
    picked = [candidates[i] for i in sorted(picked.tolist())]
    reinstated = {id(m) for m in picked[: opts.reinstated]}
    changed = {id(m) for m in picked[opts.reinstated :][: n_resend * 3 // 7]}
    unchanged = {id(m) for m in picked[opts.reinstated :][n_resend * 3 // 7 :]}
    for m in ms:
        if m.extra:
            _extra_values(m, rng)
            m.values["melder_organisatie"] = _organisation(m, rng)
            m.changed_at = _changed_at(m.date, dl.first - dt.timedelta(days=1), rng)
            first.append((m.melding_id, to_row(m, rng, opts)))
            gone = Melding(**{**m.__dict__, "values": {**m.values, "status": "Vervallen"}})
            gone.changed_at = in_window()
            second.append((m.melding_id, to_row(gone, rng, opts)))
            continue
        if id(m) in late:
            m.changed_at = max(in_window(), _timestamp(m.date, rng))
            second.append((m.melding_id, to_row(m, rng, opts)))
            continue
        final_row = to_row(m, rng, opts)
        if id(m) in unchanged:
            first.append((m.melding_id, final_row))
            # mostly the identical row; sometimes the same values in other spellings
            second.append((m.melding_id, final_row if rng.random() < 0.7 else to_row(m, rng, opts)))
        elif id(m) in changed or id(m) in reinstated:
            old = Melding(**{**m.__dict__, "values": dict(m.values)})
            if id(m) in reinstated:
                old.values["status"] = "Vervallen"
            else:
                _make_wrong(old, rng)
            first.append((m.melding_id, to_row(old, rng, opts)))
            m.changed_at = in_window()
            second.append((m.melding_id, to_row(m, rng, opts)))
        else:
            first.append((m.melding_id, final_row))
    first.sort(key=lambda r: r[0])
    second.sort(key=lambda r: r[0])
    return [r for _, r in first], [r for _, r in second]


def _make_wrong(old: Melding, rng: np.random.Generator) -> None:
    """The older, wrong version of a corrected record (still a valid row)."""
    v = old.values
    options = ["organisatie"]
    if v.get("aangifte") not in (None, ONBEKEND):
        options.append("aangifte")
    if v["nationaliteit"] != ONBEKEND:
        options.append("nationaliteit")
    if v["geslacht"] != "O":
        options.append("geslacht")
    if v["subsector"]:
        options.append("subsector")
    if v.get("koppelsleutel"):
        options.append("koppelsleutel")
    if v.get("gemeente_aantreffen"):
        options.append("gemeente")
    if v["doel_melding"] == "Verzoek opvang":
        options.append("opvang")
    if v.get("geboortedatum"):
        options.append("geboortedatum")
    before = dict(v)
    what = options[int(rng.integers(len(options)))]
    _apply_wrong(old, what, rng)
    if v == before:  # e.g. a birth date whose day and month cannot be swapped
        _apply_wrong(old, "organisatie", rng)


def _apply_wrong(old: Melding, what: str, rng: np.random.Generator) -> None:
    v = old.values
    if what == "aangifte":
        v["aangifte"] = "Bedenktijd loopt" if v["aangifte"] != "Bedenktijd loopt" else None
    elif what == "nationaliteit":
        v["nationaliteit"] = ONBEKEND
    elif what == "geslacht":
        v["geslacht"] = "O"
    elif what == "subsector":
        v["subsector"] = []
    elif what == "koppelsleutel":
        v["koppelsleutel"] = None
    elif what == "gemeente":
        v["gemeente_aantreffen"] = None
    elif what == "opvang":
        if rng.random() < 0.5:
            v["doel_melding"], v["eerste_opvang"] = "Informatie en advies", None
        else:
            v["eerste_opvang"] = "Geen opvang" if v["eerste_opvang"] != "Geen opvang" else "COSM"
    elif what == "geboortedatum":
        b = v["geboortedatum"]
        if b.day <= 12 and b.day != b.month:
            swapped = dt.date(b.year, b.day, b.month)  # day and month swapped
            if swapped <= old.date:
                v["geboortedatum"] = swapped
    else:
        v["melder_organisatie"] = (v.get("melder_organisatie") or "") + " (concept)"


@contextlib.contextmanager
def open_writer(path: Path) -> Iterator[Any]:
    """A CSV writer in the contract format: `;`, RFC 4180 quoting, UTF-8 with BOM, CRLF, header."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        w.writerow(R.HEADER)
        yield w
