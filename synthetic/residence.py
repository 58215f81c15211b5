"""Synthetic IND residence-scheme extract (`ind_verblijf_<YYYYMMDD>.xlsx`, contract `residence.md`).

`generate_residence(out_dir)` writes `out_dir/ind/ind_verblijf_20180601.xlsx` and
`..._20181001.xlsx`. The merged current state reproduces every calibration target of
`residence.md` §4 (L1-L7, linkage) when the warehouse applies V1-V11; with `through`, also one
workbook per later edition (`residence_later.py`, contract addendum later-years.md §5). Design in
three steps:

1. Persons: group, group year, route letter, nationality (annex cells per group x year x region and
   the nationality totals per group, via a small transport fill), gender and age band (annex cells
   per group x year), asylum after the scheme (L7) and the koppelsleutel (linkage target).
2. Applications: the TV and VV applications are built cell by cell from the flow tables of L5 and
   L6 (first-decision year -> last-decision year, outcome, objection, path, ground) and handed to
   the persons whose group year and route they fit (greedy by deadline); renewals
   (`Verlenging tijdelijk verblijf`) lift the group year of groups 2 and 3 to the target.
3. Events and deliveries: dated timelines per person, the two deliveries with re-sent,
   corrected and withdrawn records, and contract-allowed mess (aliases, case variants, numeric
   id cells, empty optional fields, older conflicting values).

Linkage (contract linkage target [A]): 600 of the 1832 population persons (32.8%) carry a
`koppelsleutel`; 350 of those keys (58.3% of the keyed persons, 19.1% of the population) are
taken from current, active records of the committed CoMensha sample (`seeds/comensha/*.csv`),
the other 250 are fresh keys that occur in no other source. No key is on two IND persons.

Mess in the default sample: the second delivery re-sends ~7% of the first delivery's records
(half unchanged with the same `gewijzigd_op`, half corrected with a newer one: a wrong
`beslissing`, `uitbuitingsvorm` or `geslacht` in delivery 1), withdraws 14 records created in
delivery 1 (7 extra Bedenktijd on group-3 persons, 7 extra VV grants on group-5 persons: counted,
they would change the routes), and brings asylum applications dated after 2018-06-01. Codes are
written with aliases, case and spacing variants (incl. non-breaking spaces); ~5% of the ids and
v-nummers are numeric cells (v-nummers with leading zeros among them); some
`bedenktijd_dagen` are text; koppelsleutels partly lower case; `geboortedatum` is empty on some
earlier events; older events of some persons carry a conflicting gender or nationality (the
latest known value wins, V2). 23 persons are outside the population (only renewals, only a
pending TV application, only asylum). A second sheet `Toelichting` is ignored by the reader.
The sample breaks no contract rule.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from synthetic import residence_targets as T
from synthetic.reference import REPO_ROOT, active_registration_keys, countries
from synthetic.residence_xlsx import Inline, write_xlsx

DEFAULT_SEED = 20181001
DELIVERIES = (dt.date(2018, 6, 1), dt.date(2018, 10, 1))
FILE_PATTERN = "ind_verblijf_{:%Y%m%d}.xlsx"
SHEET = "Gebeurtenissen"
HEADER = (
    "gebeurtenis_id",
    "v_nummer",
    "geboortedatum",
    "geslacht",
    "nationaliteit",
    "gebeurtenis",
    "datum",
    "pad",
    "grond",
    "beslissing",
    "fase",
    "bedenktijd_dagen",
    "uitbuitingsvorm",
    "koppelsleutel",
    "status",
    "gewijzigd_op",
)
COMENSHA_SEEDS = REPO_ROOT / "seeds" / "comensha"

BT, ATV, BTV, VTV, AVV, BVV, ASIEL = (
    "Bedenktijd verleend",
    "Aanvraag tijdelijk verblijf",
    "Besluit tijdelijk verblijf",
    "Verlenging tijdelijk verblijf",
    "Aanvraag voortgezet verblijf",
    "Besluit voortgezet verblijf",
    "Asielaanvraag",
)
ING, AFG, INT, BBH = "Ingewilligd", "Afgewezen", "Ingetrokken", "Buiten behandeling"
EA, BZ, BR = "Eerste aanleg", "Bezwaar", "Beroep"
DRIE = "a-grond drie jaar lopende strafzaak"
GROUNDS_2015_2016 = ("a-grond veroordeling", DRIE, "b-grond bijzondere omstandigheden")
FORMS = ("Seksuele uitbuiting", "Arbeidsuitbuiting", "Criminele uitbuiting", "Onbekend")
AGE_RANGE = {
    "Minderjarig": (14, 17),
    "18-22": (18, 22),
    "23-29": (23, 29),
    "30-39": (30, 39),
    "40+": (40, 62),
}

# share of ids / v-nummers written as numeric cells, of codes written as a variant (mess)
NUMERIC_ID_RATE = 0.05
VARIANT_RATE = 0.08
RESEND_RATE = 0.08
N_WITHDRAWN = 14


@dataclass
class App:
    kind: str  # TV / VV
    first_year: int | None  # None: first decision before the extract
    last_year: int
    outcome: str
    objection: bool = False  # last decision is Bezwaar/Beroep after an Eerste-aanleg rejection
    pad: str = "Regulier"
    grond: str | None = None
    beroep: bool = False  # objection path Bezwaar -> Beroep (three decisions)


@dataclass
class Person:
    pid: int
    group: int | None  # None: outside the population
    year: int | None
    route: str
    nationality: str = "Onbekend"
    gender: str = "Vrouw"
    age_band: str = "23-29"
    asylum: bool = False
    asylum_before: bool = False
    key: str | None = None
    b_years: list[int] = field(default_factory=list)
    tv: list[App] = field(default_factory=list)
    vv: list[App] = field(default_factory=list)
    renewals: list[int] = field(default_factory=list)
    pending_tv: int | None = None  # year of a pending TV application (no decision)


def _rng(seed: int, step: str) -> np.random.Generator:
    return np.random.default_rng([seed, sum(ord(c) * 31**i for i, c in enumerate(step)) % (2**32)])


def region(nationality: str) -> str:
    if nationality == "Nederland":
        return "EU"
    return countries()[nationality].herkomstregio


# ------------------------------------------------------------------------------------------ persons
def _fill(
    rows: dict[str, int],
    cols: dict[int, int],
    seed_cells: dict[tuple[str, int], int],
    forbid: set[tuple[str, int]],
) -> dict[tuple[str, int], int]:
    """Transport fill: row totals x column totals, starting from the published cells."""
    rows, cols = dict(rows), dict(cols)
    out: Counter = Counter()
    # the published cells first (the Filipijnen row before the rest), each up to its published
    # value; then every cell in order, up to what its row and column still lack
    published = sorted(seed_cells.items(), key=lambda kv: (kv[0][0] != "Filipijnen", kv[0]))
    anywhere = (((r, c), math.inf) for r in sorted(rows) for c in sorted(cols))
    for (r, c), cap in itertools.chain(published, anywhere):
        if (r, c) in forbid:
            continue
        take = min(cap, rows[r], cols[c])
        if take > 0:
            out[(r, c)] += take
            rows[r] -= take
            cols[c] -= take
    # repair what the forbidden cells left over: move one unit of another row into the open column
    for r in sorted(rows):
        for c in sorted(cols):
            while rows[r] and cols[c]:
                n2, y2 = next(
                    k
                    for k, v in sorted(out.items())
                    if v > 0 and k[0] != r and (k[0], c) not in forbid and (r, k[1]) not in forbid
                )
                out[(n2, y2)] -= 1
                out[(n2, c)] += 1
                out[(r, y2)] += 1
                rows[r] -= 1
                cols[c] -= 1
    assert not any(rows.values()) and not any(cols.values()), (rows, cols)
    return {k: v for k, v in out.items() if v}


def _persons(seed: int) -> list[Person]:
    rng = _rng(seed, "persons")
    persons: list[Person] = []
    for g in T.GROUPS:
        nat_cells = T.annex_table("nationaliteit", g)
        reg_cells = T.annex_table("herkomstregio", g)
        by_region: dict[str, dict[str, int]] = defaultdict(dict)
        for nat, tot in T.nationality_totals(g).items():
            by_region[region(nat)][nat] = tot
        cell_nats: dict[int, list[str]] = defaultdict(list)
        for reg, nats in by_region.items():
            cols = {y: reg_cells[reg][i] for i, y in enumerate(T.YEARS)}
            assert sum(nats.values()) == sum(cols.values()), (g, reg)
            seed_cells = {(n, y): nat_cells[n][i] for n in nats for i, y in enumerate(T.YEARS)}
            forbid = {("Filipijnen", 2017)} if g == 5 else set()
            for (n, y), k in _fill(nats, cols, seed_cells, forbid).items():
                cell_nats[y] += [n] * k
        genders = T.annex_table("geslacht", g)
        ages = T.annex_table("leeftijd", g)
        for i, y in enumerate(T.YEARS):
            n = T.GROUP_YEAR[g][i]
            nats = cell_nats[y]
            gs = [c for c, cells in genders.items() for _ in range(cells[i])]
            ab = [c for c, cells in ages.items() for _ in range(cells[i])]
            assert len(nats) == len(gs) == len(ab) == n, (g, y)
            gs = list(rng.permutation(gs))
            ab = list(rng.permutation(ab))
            for k in range(n):
                persons.append(Person(len(persons), g, y, str(g), nats[k], str(gs[k]), str(ab[k])))
    # route letters in groups 4 and 5 (random within the group)
    for g in (4, 5):
        members = [p for p in persons if p.group == g]
        letters = [f"{g}{c}" for c in "abc" for _ in range(T.ROUTES[f"{g}{c}"])]
        for p, r in zip(rng.permutation(len(members)), letters, strict=True):
            members[p].route = r
        # route c needs >= 6 (group 4) / 4 (group 5) persons with year 2013 for the unknown-first apps
        need = T.VV_UNKNOWN_FIRST[ING if g == 4 else AFG]
        c13 = [p for p in members if p.route.endswith("c") and p.year == 2013]
        assert len(c13) >= need
    return persons


# ------------------------------------------------------------------------------------- applications
def _tv_apps(rng: np.random.Generator) -> tuple[list[App], list[App]]:
    apps: list[App] = []
    for (f, l), n in T.TV_FLOW.items():
        if f != l:  # objections decided the next year: all granted after an Eerste-aanleg rejection
            apps += [App("TV", f, l, ING, objection=True) for _ in range(n)]
            continue
        non = T.TV_NON_GRANT[l]
        for outcome, k in non.items():
            apps += [App("TV", f, l, outcome) for _ in range(k)]
        grants = n - sum(non.values())
        apps += [App("TV", f, l, ING) for _ in range(grants)]
    # 3 same-year objection grants (10 grants after objection in all)
    same_year_obj = T.TV_GRANTS_AFTER_OBJECTION - sum(n for (f, l), n in T.TV_FLOW.items() if f != l)
    for y in (2013, 2014, 2015)[:same_year_obj]:
        next(
            a for a in apps if a.first_year == y == a.last_year and a.outcome == ING and not a.objection
        ).objection = True
    # Schrijnend pad
    for outcome, k in T.TV_SCHRIJNEND.items():
        pool = [i for i, a in enumerate(apps) if a.outcome == outcome and not a.objection]
        for i in rng.choice(pool, k, replace=False):
            apps[i].pad = "Schrijnend"
    unknown = [
        App("TV", None, 2013, ING if i < 3 else AFG, objection=True) for i in range(T.TV_UNKNOWN_FIRST_2013)
    ]
    return apps, unknown


def _vv_apps(rng: np.random.Generator) -> list[App]:
    apps: list[App] = []
    # cross-year (all with objection): granted / rejected finals per (first, last)
    cross = {
        (2013, 2014): (14, 10),
        (2014, 2015): (5, 3),
        (2015, 2016): (6, 3),
        (2015, 2017): (9, 3),
        (2016, 2017): (14, 6),
    }
    for (f, l), n in T.VV_FLOW.items():
        if f is None:
            apps += [
                App("VV", None, l, o, objection=True) for o, k in T.VV_UNKNOWN_FIRST.items() for _ in range(k)
            ]
        elif f != l:
            g, a = cross[(f, l)]
            assert g + a == n
            apps += [App("VV", f, l, ING, objection=True, beroep=(l - f == 2)) for _ in range(g)]
            apps += [App("VV", f, l, AFG, objection=True, beroep=(l - f == 2)) for _ in range(a)]
    for i, y in enumerate(T.YEARS):
        have = Counter(a.outcome for a in apps if a.last_year == y)
        for outcome, cells in T.VV_OUTCOME.items():
            k = cells[i] - have[outcome]
            apps += [App("VV", y, y, outcome) for _ in range(k)]
        assert sum(1 for a in apps if a.last_year == y and a.first_year == y) == T.VV_FLOW[(y, y)]
    # 12 same-year objection grants in 2013 (66 grants after objection in all)
    for a in [a for a in apps if a.first_year == a.last_year == 2013 and a.outcome == ING][:12]:
        a.objection = True
    assert sum(1 for a in apps if a.outcome == ING and not a.objection) == T.VV_GRANTS_FIRST_INSTANCE
    return apps


def _assign_applications(persons: list[Person], seed: int) -> None:
    rng = _rng(seed, "applications")
    tv, tv_unknown = _tv_apps(rng)
    vv = _vv_apps(rng)
    pop = [p for p in persons if p.group is not None]

    # --- VV: group 4 persons get grants, group 5 persons non-grants, by last year = group year
    def take(pool: list[App], pred) -> App:
        for i, a in enumerate(pool):
            if pred(a):
                return pool.pop(i)
        raise AssertionError("no application left")

    unknown = [a for a in vv if a.first_year is None]
    rest = [a for a in vv if a.first_year is not None]
    rest = [rest[i] for i in rng.permutation(len(rest))]
    for g, outcome in ((4, ING), (5, AFG)):
        c13 = [p for p in pop if p.group == g and p.route.endswith("c") and p.year == 2013]
        for p, a in zip(c13, [a for a in unknown if a.outcome == outcome], strict=False):
            p.vv.append(a)
    g4 = [p for p in pop if p.group == 4]
    g5 = [p for p in pop if p.group == 5]
    # doubles first (they need same-year first-instance apps)
    fil = [p for p in g4 if p.nationality == "Filipijnen" and p.year == 2017]
    others17 = [p for p in g4 if p.year == 2017 and p.nationality != "Filipijnen" and not p.vv]
    for p in others17[:14]:
        p.vv.append(
            take(rest, lambda a: a.outcome == ING and a.first_year == a.last_year == 2015 and not a.objection)
        )
    p = others17[14]
    for _ in range(2):
        p.vv.append(
            take(rest, lambda a: a.outcome == ING and a.first_year == a.last_year == 2017 and not a.objection)
        )
    g5_doubles = [(2013, 2014, 10), (2014, 2015, 11), (2016, 2017, 1)]
    for extra, main, k in g5_doubles:
        cand = [p for p in g5 if p.year == main and not p.vv][:k]
        for p in cand:
            p.vv.append(
                take(
                    rest,
                    lambda a, e=extra: (
                        a.outcome != ING and a.first_year == a.last_year == e and not a.objection
                    ),
                )
            )
    for p in fil:  # the 54 Filipijnen grants of 2017: drie jaar lopende strafzaak
        a = take(rest, lambda a: a.outcome == ING and a.last_year == 2017)
        a.grond = DRIE
        p.vv.append(a)
    for p in g4 + g5:
        if p.vv and (p.vv[-1].last_year == p.year):
            continue
        if p.group == 4:
            a = take(rest, lambda a, y=p.year: a.outcome == ING and a.last_year == y)
        else:
            first_min = p.vv[-1].last_year if p.vv else 0
            a = take(
                rest,
                lambda a, y=p.year, m=first_min: a.outcome != ING and a.last_year == y and a.first_year >= m,
            )
        p.vv.append(a)
    assert not rest, len(rest)
    # grounds: 2017 grants (54 Filipijnen already drie jaar), 2015-2016 grants: 32 of 124 with a ground
    g17 = [a for p in g4 for a in p.vv if a.outcome == ING and a.last_year == 2017 and a.grond is None]
    pool17 = [
        k
        for k, n in T.GROUNDS_2017.items()
        for _ in range(n - (T.FILIPIJNEN_GRANTS_2017 if k == DRIE else 0))
    ]
    assert len(pool17) == len(g17)
    for a, gr in zip(g17, rng.permutation(len(pool17)), strict=True):
        a.grond = pool17[gr]
    g1516 = [a for p in g4 for a in p.vv if a.outcome == ING and a.last_year in (2015, 2016)]
    for i in rng.choice(len(g1516), T.GROUNDED_GRANTS_2015_2016, replace=False):
        g1516[i].grond = GROUNDS_2015_2016[int(rng.integers(0, 3))]

    # --- TV: deadline = group year (groups 2, 3) or first VV year (routes a/b)
    non_grant = [a for a in tv if a.outcome != ING]
    grants = sorted([a for a in tv if a.outcome == ING], key=lambda a: (a.last_year, a.first_year))
    g23 = [p for p in pop if p.group in (2, 3)]
    g23 = [g23[i] for i in rng.permutation(len(g23))]
    for a in non_grant:
        p = next(p for p in g23 if p.year == a.last_year and not p.tv)
        p.tv.append(a)

    def deadline(p: Person) -> int:
        if p.group in (2, 3):
            return p.year
        return min(a.first_year for a in p.vv if a.first_year is not None)

    need = sorted(
        [p for p in pop if (p.group in (2, 3) and not p.tv) or p.route[-1:] in ("a", "b")],
        key=lambda p: (deadline(p), p.pid),
    )
    for p in need:
        a = grants.pop(0)
        assert a.last_year <= deadline(p), (p, a)
        p.tv.append(a)
    # the remaining grants go as second applications to persons of groups 2/3
    for a in grants:
        p = next(
            p
            for p in g23
            if p.year >= a.last_year
            and len(p.tv) == 1
            and p.tv[0].outcome == ING
            and p.tv[0].last_year < a.first_year
        )
        p.tv.append(a)
    assert sum(len(p.tv) > 1 for p in pop) == T.TV_DOUBLE_PERSONS
    # renewals: groups 2/3 yearly up to the group year; some c-persons (TV before the window)
    for p in pop:
        if p.group in (2, 3):
            last_grant = max((a.last_year for a in p.tv if a.outcome == ING), default=None)
            if last_grant is not None and last_grant < p.year:
                p.renewals = list(range(last_grant + 1, p.year + 1))
        elif p.route.endswith("c") and rng.random() < 0.3:
            first_vv = min(a.first_year or 2013 for a in p.vv)
            if first_vv > 2013:
                p.renewals = list(range(2013, first_vv))
    cs = [p for p in pop if p.route.endswith("c") and p.year >= 2014]
    for p, a in zip(cs[: len(tv_unknown)], tv_unknown, strict=True):
        p.tv.append(a)

    # --- Bedenktijd: group 1 (15 with a second, earlier one in 2013), then B and T persons
    g1 = [p for p in pop if p.group == 1]
    for p in g1:
        p.b_years = [p.year]
    for p in [p for p in g1 if p.year >= 2014][:15]:
        p.b_years.insert(0, 2013)
    slots = Counter({y: n for y, n in zip(T.YEARS, T.BEDENKTIJD, strict=True)})
    for p in g1:
        for y in p.b_years:
            slots[y] -= 1
    bt = sorted(
        [p for p in pop if p.group == 2 or p.route in ("4a", "5a")],
        key=lambda p: (min(a.first_year for a in p.tv if a.first_year), p.pid),
    )
    flat = [y for y in T.YEARS for _ in range(slots[y])]
    assert len(flat) == len(bt)
    for p, y in zip(bt, flat, strict=True):
        p.b_years = [y]


def _asylum(persons: list[Person], seed: int) -> None:
    rng = _rng(seed, "asylum")
    cohort = [p for p in persons if p.group is not None and p.year <= 2016]
    for key, n in T.ASYLUM.items():
        groups = (2, 3) if key == 23 else (key,)
        members = [p for p in cohort if p.group in groups]
        members = [members[i] for i in rng.permutation(len(members))]
        chosen: list[Person] = []
        if key == 23:
            for nat, k in T.ASYLUM_23_NATIONALITY.items():
                chosen += [p for p in members if p.nationality == nat][:k]
            rest = [p for p in members if p.nationality not in T.ASYLUM_23_NATIONALITY]
            chosen += rest[: n - len(chosen)]
        else:
            chosen = members[:n]
        assert len(chosen) == n
        for p in chosen:
            p.asylum = True
    # mess: asylum applications that come before the scheme (not counted), and after 2017 cohorts
    late = [p for p in persons if p.group is not None and p.year == 2017]
    for i in rng.choice(len(late), 25, replace=False):
        late[i].asylum = True
    early = [
        p
        for p in cohort
        if not p.asylum
        and p.group in (4, 5)
        and p.route.endswith("c")
        and min(a.first_year or a.last_year for a in p.vv) >= 2015
        and not p.renewals
        and not p.tv
    ]
    for p in early[:8]:
        p.asylum_before = True


def _keys(persons: list[Person], seed: int) -> None:
    rng = _rng(seed, "keys")
    pop = [p for p in persons if p.group is not None]
    comensha = active_registration_keys(COMENSHA_SEEDS, DELIVERIES[-1])
    shared = [
        comensha[i] for i in sorted(rng.choice(len(comensha), T.KEYS_SHARED_WITH_COMENSHA, replace=False))
    ]
    taken = set(comensha)
    fresh: list[str] = []
    while len(fresh) < T.KEY_PERSONS - T.KEYS_SHARED_WITH_COMENSHA:
        k = "".join("0123456789ABCDEF"[int(x)] for x in rng.integers(0, 16, 16))
        if k not in taken:
            taken.add(k)
            fresh.append(k)
    chosen = rng.choice(len(pop), T.KEY_PERSONS, replace=False)
    for i, k in zip(chosen, shared + fresh, strict=True):
        pop[int(i)].key = k


def _outsiders(persons: list[Person], rng: np.random.Generator) -> None:
    """Persons outside the population: only renewals (TV before 2013), a pending TV application, or
    asylum only."""
    for i in range(10):
        p = Person(len(persons), None, None, "buiten_populatie", nationality="Nigeria")
        p.renewals = [2013 + i % 4, 2014 + i % 4]
        persons.append(p)
    for i in range(8):
        p = Person(len(persons), None, None, "buiten_populatie", nationality="Guinee" if i % 2 else "China")
        p.pending_tv = 2017
        persons.append(p)
    for _ in range(5):
        p = Person(len(persons), None, None, "buiten_populatie", nationality="Eritrea", asylum=True)
        persons.append(p)


@dataclass
class Design:
    persons: list[Person]


def build_residence_design(seed: int = DEFAULT_SEED) -> Design:
    persons = _persons(seed)
    _assign_applications(persons, seed)
    _asylum(persons, seed)
    _keys(persons, seed)
    _outsiders(persons, _rng(seed, "outsiders"))
    return Design(persons)


# ------------------------------------------------------------------------------------------ events
@dataclass
class Event:
    person: Person
    kind: str
    year: int
    order: tuple
    pad: str | None = None
    grond: str | None = None
    beslissing: str | None = None
    fase: str | None = None
    bedenktijd: int | None = None
    datum: dt.date | None = None
    eid: str = ""
    extra: bool = False  # created in delivery 1, withdrawn in delivery 2


def _timeline(p: Person) -> list[Event]:
    ev: list[Event] = []
    for i, y in enumerate(p.b_years):
        ev.append(Event(p, BT, y, (0, i, 0, 0), bedenktijd=90))
    for i, a in enumerate(sorted(p.tv, key=lambda a: (a.first_year or 0, a.last_year))):
        if a.first_year is not None:
            ev.append(Event(p, ATV, a.first_year, (1, i, 0, 0), pad=a.pad, fase=EA))
            ev.append(
                Event(
                    p,
                    BTV,
                    a.first_year,
                    (1, i, 1, 0),
                    pad=a.pad,
                    fase=EA,
                    beslissing=AFG if a.objection else a.outcome,
                )
            )
        if a.objection:
            ev.append(Event(p, ATV, a.last_year, (1, i, 2, 0), pad=a.pad, fase=BZ))
            ev.append(Event(p, BTV, a.last_year, (1, i, 2, 1), pad=a.pad, fase=BZ, beslissing=a.outcome))
    pad = p.tv[-1].pad if p.tv else "Regulier"
    for y in p.renewals:
        ev.append(Event(p, VTV, y, (2, y, 0, 0), pad=pad, fase=EA, beslissing=ING))
    if p.pending_tv:
        ev.append(Event(p, ATV, p.pending_tv, (1, 99, 0, 0), pad="Regulier", fase=EA))
    for j, a in enumerate(sorted(p.vv, key=lambda a: (a.first_year or 0, a.last_year))):
        if a.first_year is not None:
            ev.append(Event(p, AVV, a.first_year, (3, j, 0, 0), fase=EA))
            first = AFG if a.objection else a.outcome
            ev.append(
                Event(
                    p,
                    BVV,
                    a.first_year,
                    (3, j, 1, 0),
                    fase=EA,
                    beslissing=first,
                    grond=None if a.objection else a.grond,
                )
            )
        if a.objection and a.beroep:
            ev.append(Event(p, AVV, a.first_year + 1, (3, j, 2, 0), fase=BZ))
            ev.append(Event(p, BVV, a.first_year + 1, (3, j, 2, 1), fase=BZ, beslissing=AFG))
            ev.append(Event(p, AVV, a.last_year, (3, j, 3, 0), fase=BR))
            ev.append(Event(p, BVV, a.last_year, (3, j, 3, 1), fase=BR, beslissing=a.outcome, grond=a.grond))
        elif a.objection:
            ev.append(Event(p, AVV, a.last_year, (3, j, 2, 0), fase=BZ))
            ev.append(Event(p, BVV, a.last_year, (3, j, 2, 1), fase=BZ, beslissing=a.outcome, grond=a.grond))
    return ev


def _date_events(ev: list[Event], rng: np.random.Generator) -> None:
    by_year: dict[int, list[Event]] = defaultdict(list)
    for e in sorted(ev, key=lambda e: (e.year, e.order)):
        by_year[e.year].append(e)
    for y, es in by_year.items():
        days = np.sort(rng.choice(np.arange(3, 358), len(es), replace=False))
        for e, d in zip(es, days, strict=True):
            e.datum = dt.date(y, 1, 1) + dt.timedelta(days=int(d))


def _birth_date(p: Person, on: dt.date, rng: np.random.Generator) -> dt.date:
    lo, hi = AGE_RANGE[p.age_band]
    age = int(rng.integers(lo, hi + 1))
    back = int(rng.integers(0, 360))
    try:
        anniversary = on.replace(year=on.year - age)
    except ValueError:  # 29 February
        anniversary = on.replace(year=on.year - age, day=28)
    birth = anniversary - dt.timedelta(days=back)
    assert _age(birth, on) == age
    return birth


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def build_events(design: Design, seed: int) -> list[Event]:
    rng = _rng(seed, "events")
    events: list[Event] = []
    for p in design.persons:
        ev = _timeline(p)
        _date_events(ev, rng)
        scheme = [e.datum for e in ev]
        if p.asylum and scheme:
            d = max(scheme) + dt.timedelta(days=int(rng.integers(10, 220)))
            ev.append(
                Event(p, ASIEL, d.year, (9, 0, 0, 0), datum=min(d, DELIVERIES[1] - dt.timedelta(days=2)))
            )
        elif p.asylum:
            ev.append(
                Event(
                    p, ASIEL, 2016, (9, 0, 0, 0), datum=dt.date(2016, 3, 1) + dt.timedelta(days=p.pid % 200)
                )
            )
        if p.asylum_before:
            first = min(scheme)
            ev.append(
                Event(
                    p,
                    ASIEL,
                    first.year - 1,
                    (9, 0, 0, 0),
                    datum=dt.date(first.year - 1, 6, 1) + dt.timedelta(days=int(rng.integers(0, 150))),
                )
            )
        events += ev
    # withdrawn extras: a Bedenktijd on persons of group 3 and a VV grant on persons of group 5;
    # counted, they would move those persons to group 2 and group 4
    g3 = [p for p in design.persons if p.group == 3]
    g5 = [p for p in design.persons if p.group == 5]
    for i in range(N_WITHDRAWN):
        if i % 2 == 0:
            p = g3[int(rng.integers(0, len(g3)))]
            e = Event(p, BT, 2016, (0, 0, 0, 0), bedenktijd=90, extra=True)
        else:
            p = g5[int(rng.integers(0, len(g5)))]
            e = Event(p, BVV, 2017, (3, 0, 0, 0), fase=EA, beslissing=ING, extra=True)
        e.datum = dt.date(e.year, 1, 1) + dt.timedelta(days=int(rng.integers(3, 350)))
        events.append(e)
    # ids in order of datum (digits, no leading zero); ties by person
    events.sort(key=lambda e: (e.datum, e.person.pid, e.order))
    for i, e in enumerate(events):
        e.eid = f"{e.datum.year}{i + 1:06d}"
    return events


# --------------------------------------------------------------------------------------------- rows
ALIASES = {
    "Regulier": ("Standaard",),
    "Schrijnend": ("Schrijnend pad",),
    ING: ("Verleend", "Inwilliging"),
    AFG: ("Afwijzing",),
    "Vrouw": ("V",),
    "Man": ("M",),
}


def _variant(value: str | None, rng: np.random.Generator, rate: float = VARIANT_RATE) -> str | None:
    if value is None or rng.random() >= rate:
        return value
    k = int(rng.integers(0, 4))
    if k == 0 and value in ALIASES:
        return ALIASES[value][int(rng.integers(0, len(ALIASES[value])))]
    if k == 1:
        return value.upper()
    if k == 2:
        return value.lower()
    return f" {value.replace(' ', '  ')}\u00a0"


@dataclass
class PersonFacts:
    v_nummer: str
    birth: dt.date
    form: str
    latest: dt.date
    first: dt.date


def _facts(
    design: Design, events: list[Event], seed: int, step: str = "facts", used: set[str] | None = None
) -> dict[int, PersonFacts]:
    """v-nummer, birth date and exploitation form per person; `used`: ids and v-nummers that a
    new v-nummer must not equal (extended in place), beside the ids of `events`."""
    rng = _rng(seed, step)
    by_person: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        if not e.extra:
            by_person[e.person.pid].append(e)
    facts = {}
    # a v-nummer never equals an event id (the ids reach the marts; a v-nummer must not)
    used = set() if used is None else used
    used |= {e.eid for e in events}
    for p in design.persons:
        es = by_person[p.pid]
        scheme = [e.datum for e in es if e.kind != ASIEL] or [e.datum for e in es]
        latest = max(scheme)
        while True:
            v = (
                f"{int(rng.integers(0, 10**10)):010d}"
                if rng.random() < 0.1
                else str(int(rng.integers(10**9, 10**10)))
            )
            if v not in used:
                used.add(v)
                break
        form = FORMS[int(rng.choice(4, p=[0.55, 0.2, 0.1, 0.15]))]
        facts[p.pid] = PersonFacts(v, _birth_date(p, latest, rng), form, latest, min(e.datum for e in es))
    return facts


def _row(
    e: Event,
    f: PersonFacts,
    rng: np.random.Generator,
    changed: dt.datetime,
    *,
    mess: bool,
    status: str = "Actief",
) -> list[object]:
    p = e.person
    is_latest_scheme = e.kind != ASIEL and e.datum == f.latest
    birth = f.birth if (is_latest_scheme or not mess or rng.random() > 0.12) else None
    nationality, gender = p.nationality, p.gender
    if mess and e.datum == f.first and e.datum < f.latest and rng.random() < 0.06:
        # an older, conflicting value (the most recent known value wins, V2)
        if gender != "Onbekend" and rng.random() < 0.5:
            gender = "Man" if gender == "Vrouw" else "Vrouw"
        elif nationality not in ("Onbekend",):
            nationality = (
                "Onbekend" if rng.random() < 0.5 else "Nigeria" if nationality != "Nigeria" else "Ghana"
            )
    form = None
    if e.datum >= dt.date(2015, 1, 1) and (not mess or rng.random() < 0.6):
        form = f.form
    key = None
    if p.key and (e.datum == max(f.latest, e.datum) or rng.random() < 0.3 or e.kind == ASIEL):
        key = p.key.lower() if mess and rng.random() < 0.1 else p.key
    eid: object = e.eid
    vnr: object = f.v_nummer
    if mess and rng.random() < NUMERIC_ID_RATE:
        eid = int(e.eid)
    if mess and rng.random() < NUMERIC_ID_RATE:
        vnr = int(f.v_nummer)
    bd: object = None
    if e.bedenktijd is not None:
        bd = str(e.bedenktijd) if mess and rng.random() < 0.2 else e.bedenktijd
    v = (lambda x: _variant(x, rng)) if mess else (lambda x: x)
    nat = nationality.upper() if mess and rng.random() < 0.03 else nationality
    return [
        eid,
        vnr,
        birth,
        v(gender),
        nat,
        v(e.kind),
        e.datum,
        v(e.pad),
        e.grond,
        v(e.beslissing),
        v(e.fase),
        bd,
        v(form),
        key,
        v(status),
        changed,
    ]


def _changed_at(d: dt.date, limit: dt.date, rng: np.random.Generator) -> dt.datetime:
    day = min(d + dt.timedelta(days=int(rng.integers(0, 40))), limit)
    return dt.datetime.combine(
        day, dt.time(int(rng.integers(7, 19)), int(rng.integers(0, 60)), int(rng.integers(0, 60)))
    )


def render(design: Design, seed: int) -> tuple[list[list[object]], list[list[object]]]:
    rng = _rng(seed, "render")
    events = build_events(design, seed)
    facts = _facts(design, events, seed)
    d1, d2 = DELIVERIES
    first: list[list[object]] = []
    second: list[list[object]] = []
    for e in events:
        f = facts[e.person.pid]
        if e.datum >= d1:  # only in the second delivery
            second.append(_row(e, f, rng, _changed_at(e.datum, d2 - dt.timedelta(days=1), rng), mess=True))
            continue
        t1 = _changed_at(e.datum, d1 - dt.timedelta(days=1), rng)
        if e.extra:
            first.append(_row(e, f, rng, t1, mess=True))
            t2 = dt.datetime(2018, 7, 2, 9, 0) + dt.timedelta(hours=int(rng.integers(0, 1500)))
            second.append(_row(e, f, rng, t2, mess=True, status="Vervallen"))
            continue
        u = rng.random()
        if u < RESEND_RATE / 2:  # re-sent unchanged, same gewijzigd_op (codes possibly re-spelled)
            row = _row(e, f, rng, t1, mess=True)
            first.append(row)
            again = list(row)
            for i in (3, 5, 9, 10, 14):
                if isinstance(again[i], str) and rng.random() < 0.5:
                    again[i] = again[i].strip().lower()
            second.append(again)
        elif u < RESEND_RATE:  # corrected: a wrong value in delivery 1, newer version in 2
            wrong = _row(e, f, rng, t1, mess=True)
            if e.beslissing in (ING, AFG):
                wrong[9] = AFG if e.beslissing == ING else ING
            elif wrong[12] is not None:
                wrong[12] = "Onbekend" if wrong[12] != "Onbekend" else "Arbeidsuitbuiting"
            else:
                wrong[3] = "Onbekend"
            first.append(wrong)
            t2 = dt.datetime(2018, 6, 4, 8, 0) + dt.timedelta(hours=int(rng.integers(0, 2000)))
            second.append(_row(e, f, rng, t2, mess=True))
        else:
            first.append(_row(e, f, rng, t1, mess=True))
    return first, second


NOTE = [
    ["Toelichting"],
    ["Synthetisch extract van de IND (verblijfsregeling mensenhandel); geen echte personen."],
    ["Alleen het werkblad Gebeurtenissen wordt ingelezen."],
]


def generate_residence(
    out_dir: str | Path, seed: int = DEFAULT_SEED, scale: float = 1.0, through: int | None = None
) -> list[Path]:
    """Write `out_dir/ind/ind_verblijf_20180601.xlsx` and `..._20181001.xlsx`; return the paths.

    `scale` != 1 writes replicas of the sample with new ids (`scale.py`), streamed to the file.
    `through` (2018-2025): also one workbook per later edition (residence_later.py)."""
    from synthetic.later_targets import other_source_years
    from synthetic.residence_later import later_deliveries
    from synthetic.scale import fractions, ind_replicas

    fractions(scale)  # validates
    later = other_source_years(through, scale)
    design = build_residence_design(seed)
    first, second = render(design, seed)
    out = Path(out_dir) / "ind"
    paths = []
    for day, rows in zip(DELIVERIES, (first, second), strict=True):
        path = out / FILE_PATTERN.format(day)
        created = dt.datetime.combine(day, dt.time(6, 0))
        sheet = itertools.chain(
            [list(HEADER)], ind_replicas(rows, scale, seed, inline=Inline, all_rows=(first, second))
        )
        write_xlsx(path, [(SHEET, sheet), ("Toelichting", NOTE)], created)
        paths.append(path)
    if later:
        for day, rows in later_deliveries(design, build_events(design, seed), seed, later[-1]):
            path = out / FILE_PATTERN.format(day)
            created = dt.datetime.combine(day, dt.time(6, 0))
            write_xlsx(path, [(SHEET, [list(HEADER), *rows]), ("Toelichting", NOTE)], created)
            paths.append(path)
    return paths
