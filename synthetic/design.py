"""Design of the calibrated CoMensha population: one record per person-year with every attribute
that the warehouse later derives from the meldingen (contract `registration.md` R1-R16).

The design is built in steps.  Each step that must hit published margins solves a small integer
program (`scipy.optimize.milp`, see `ilp.py`) for *counts per cell* and then assigns the counts to
individual person-years inside each cell with a seeded random generator:

1. nationality x year x group, with the minors nested (K2, K4 = Tables B2.1/B2.2): one ILP whose
   objective is the L1 distance to an iterative-proportional-fitting table of the three margins;
2. exploitation form inside the groups (K3);
3. age band per (year, group) for the adults (K11);
4. gender per (year, group, minor) (K10);
5. melder set per (year, group) (K1 EMM/Onbekend rows, K5, K6 incl. the legal-basis figures);
6. police units (K6, R9: 2975 distinct person-year-units for 2961 police person-years);
7. doel / eerste opvang (K8); 8. aangifte (K9); 9. sectors, subsectors and uitzendbureau (K12);
10. the 1011 sub-3 person-years (K1, K7);
11. persons reported in more than one year, koppelsleutels (linkage target), places.
12. last, the co-reporters of 2013-2016 redistributed so that the 2014-2015 overlaps give the
    published dark number (overlaps.py; every target above still exact).

Joint feasibility.  Every Tier 1 target (K1-K9) and every Tier 2 target (K10 gender, K11 age,
K12 sectors) plus the linkage target is met exactly by this design, together: no Tier 2 target had
to be given up.  The couplings that could have broken feasibility all fit:
* K11 vs B2.2: the minors are fixed per nationality x year x group by B2.2 (1247; GO 155 =
  114 + 41), so the adult bands must absorb the rest per group: BL-SU 18-22 = 993 - 464 = 529,
  GO-UBS 18-22 = 118 - 41 = 77, GO adults 500/743/595/324 + 14 + 395 unknown = 1650 + 1076 - 155.
* K10 vs K11/B2.2: 261 male minors out of 1247 fit the minors per group (BL-SU 464, GO-SU 114,
  GO-UBS 41, BL-UBS 11, Onbekend 617) next to the group totals 32/186/619 and the 20 `O` in
  group Onbekend.
* K12 vs K3: SU known 271/247/241/215/176 <= SU victims 670/761/675/558/576; UBS known and the
  2016/2017 labour/criminal/organ splits add up to the known totals; the temp-agency bases
  220/233 are exactly the UBS victims minus criminal and organ (K3), and `Nog niet gewerkt` is put
  only on `Alleen SU`/`Alleen UBS` victims (on `SU en UBS` it would count on both sides).
* K6 vs K1/K5: the melder-set ILP (K1 EMM/Onbekend rows, K5, K6 incl. legal basis) is solved per
  (year, group) with the headline cell sizes of K2; {KMar} is allowed only in BL-UBS/GO-UBS.
The ILP solutions do not depend on the seed; the seed only changes which person-year gets which
value inside a cell, so *every* seed reproduces the targets at scale 1.

Published figures that are not targets are respected where cheap, as shapes only: Den Haag is not
in the yearly top 3 of police units in 2014-2016; the GO-SU aangifte ratio 1.0 : 0.7 (soft);
age unknown mostly from 2015 on; the 2014 Filipino shipping case (Scheepvaart).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from synthetic import reference as R
from synthetic import targets as T
from synthetic.cache import disk_cached
from synthetic.ilp import Model
from synthetic.overlaps import calibrate_overlaps

P, K, I, E, Z, F, O = T.MELDERS
NO_BASIS = frozenset(T.WITHOUT_LEGAL_BASIS)
ADULT_BANDS = ("18-22", "23-29", "30-39", "40+", "Onbekend")


@dataclass(eq=False)
class PersonYear:
    idx: int
    year: int
    nationality: str
    group: str  # the R6 group the warehouse should derive (never written to the extract)
    form: str = "Onbekend"  # R4 uitbuitingsvorm
    sub3: bool = False
    enrichment_only: bool = False
    minor: bool = False
    band: str = "Onbekend"  # R12 leeftijdsklasse
    gender: str = "V"  # V / M / O
    melders: tuple[str, ...] = ()  # R7 melder set (without Onbekend), in T.MELDERS order
    units: tuple[str, ...] = ()  # R9 police units (first = most frequent)
    kmar_regio: str | None = None
    doel: str = "Registratie"
    opvang: str | None = None
    aangifte: str = "Onbekend"  # Ja / Bedenktijd loopt / Intake / Nee / Onbekend
    sectors: tuple[str, ...] = ()
    subsectors: tuple[str, ...] = ()
    uitzend: bool = False
    person: int = -1  # person number; equal for the years of one person
    key: str | None = None  # koppelsleutel (upper case)
    gemeente: str | None = None
    land_werving: str | None = None
    land_uitbuiting: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def su(self) -> bool:
        return self.form in ("Alleen SU", "SU en UBS")

    @property
    def ubs(self) -> bool:
        return self.form in ("SU en UBS", "Alleen UBS")


@dataclass
class Design:
    person_years: list[PersonYear]

    def headline(self) -> list[PersonYear]:
        return [p for p in self.person_years if not p.sub3 and not p.enrichment_only]


def _rng(seed: int, step: str) -> np.random.Generator:
    return np.random.default_rng([seed, *step.encode()])


# ------------------------------------------------------------------------------------------
# generic helpers
# ------------------------------------------------------------------------------------------
def _ipf2(seed: np.ndarray, rows: np.ndarray, cols: np.ndarray, iters: int = 300) -> np.ndarray:
    t = seed.astype(float).copy()
    for _ in range(iters):
        s = t.sum(1)
        t *= np.divide(rows, s, out=np.zeros_like(s), where=s > 0)[:, None]
        s = t.sum(0)
        t *= np.divide(cols, s, out=np.zeros_like(s), where=s > 0)[None, :]
    return t


def allocate(
    name: str,
    sizes: dict[Hashable, int],
    cats: Sequence[Hashable],
    prior: Callable[[Hashable, Hashable], float],
    constraints: Sequence[tuple[Callable[[Hashable, Hashable], float], float]],
    allowed: Callable[[Hashable, Hashable], bool] = lambda c, k: True,
    soft: Sequence[tuple[Callable[[Hashable, Hashable], float], float, float]] = (),
) -> dict[tuple[Hashable, Hashable], int]:
    """Integer counts x[cell, cat] with row sums `sizes`, linear `constraints` (coef fn, value),
    closest in L1 to `prior(cell, cat)` (a share of the cell; normalised per cell)."""
    m = Model(name)
    keys = [(c, k) for c in sizes for k in cats if allowed(c, k)]
    for c in sizes:
        ks = [k for k in cats if allowed(c, k)]
        w = np.array([max(prior(c, k), 0.0) for k in ks], dtype=float)
        w = w / w.sum() if w.sum() > 0 else np.full(len(ks), 1.0 / max(len(ks), 1))
        for k, share in zip(ks, w, strict=True):
            m.var(("x", c, k), ub=sizes[c])
            m.soft_eq({("x", c, k): 1.0}, share * sizes[c], 1.0, (c, k))
        m.eq([("x", c, k) for k in ks], sizes[c])
    for fn, value in constraints:
        m.eq({("x", c, k): fn(c, k) for c, k in keys if fn(c, k)}, value)
    for i, (fn, value, weight) in enumerate(soft):
        m.soft_eq({("x", c, k): fn(c, k) for c, k in keys if fn(c, k)}, value, weight, ("soft", i))
    sol = m.solve()
    return {(c, k): sol[("x", c, k)] for c, k in keys}


def distribute(
    members: Sequence[PersonYear],
    counts: dict[Hashable, int],
    rng: np.random.Generator,
    weight: Callable[[PersonYear, Hashable], float] | None = None,
) -> dict[int, Hashable]:
    """Give `counts[cat]` members each category; categories are filled in the given order, each
    drawn from the members still free, with probability proportional to `weight`."""
    assert sum(counts.values()) == len(members), (sum(counts.values()), len(members))
    free = list(members)
    out: dict[int, Hashable] = {}
    cats = [k for k, v in counts.items() if v > 0]
    for n, cat in enumerate(cats):
        need = counts[cat]
        if n == len(cats) - 1:
            chosen = list(range(len(free)))
        else:
            w = np.array([weight(p, cat) if weight else 1.0 for p in free], dtype=float) + 1e-9
            chosen = sorted(rng.choice(len(free), size=need, replace=False, p=w / w.sum()).tolist())
        picked = set(chosen)
        for i in chosen:
            out[free[i].idx] = cat
        free = [p for j, p in enumerate(free) if j not in picked]
    return out


def _cells(
    pys: Sequence[PersonYear], key: Callable[[PersonYear], Hashable]
) -> dict[Hashable, list[PersonYear]]:
    cells: dict[Hashable, list[PersonYear]] = defaultdict(list)
    for p in pys:
        cells[key(p)].append(p)
    return cells


# ------------------------------------------------------------------------------------------
# 1. nationality x year x group, minors nested (K2, K4)
# ------------------------------------------------------------------------------------------
@disk_cached
def _nationality_cells() -> tuple[dict[tuple[str, int, str], int], dict[tuple[str, int, str], int]]:
    b21, b22 = T.table_b2("b2_1"), T.table_b2("b2_2")
    nats = list(b21)
    ys = [str(y) for y in T.YEARS]
    ny = np.array([[b21[n][y] for y in ys] for n in nats], float)
    ng = np.array([[b21[n][g] for g in T.GROUPS] for n in nats], float)
    yg = np.array([[T.GROUP_YEAR[g][int(y)] for g in T.GROUPS] for y in ys], float)
    allowed = (ny[:, :, None] > 0) & (ng[:, None, :] > 0)
    t = allowed.astype(float)
    for _ in range(500):
        for axis, margin in ((2, ny), (1, ng), (0, yg)):
            s = t.sum(axis)
            f = np.divide(margin, s, out=np.zeros_like(s), where=s > 0)
            t *= np.expand_dims(f, axis)
    m = Model("nationality x year x group")
    idx = [(i, j, k) for i in range(len(nats)) for j in range(5) for k in range(5) if allowed[i, j, k]]
    for i, j, k in idx:
        m.var(("n", i, j, k))
        m.soft_eq({("n", i, j, k): 1.0}, t[i, j, k], 1.0, ("n", i, j, k))
    by_ij, by_ik, by_jk = defaultdict(list), defaultdict(list), defaultdict(list)
    for i, j, k in idx:
        by_ij[i, j].append(("n", i, j, k))
        by_ik[i, k].append(("n", i, j, k))
        by_jk[j, k].append(("n", i, j, k))
    for (i, j), v in by_ij.items():
        m.eq(v, ny[i, j])
    for (i, k), v in by_ik.items():
        m.eq(v, ng[i, k])
    for (j, k), v in by_jk.items():
        m.eq(v, yg[j, k])
    # minors: m <= n with the margins of B2.2, solved jointly with n, closest to an IPF of B2.2
    # seeded by the IPF table of all victims
    rows_y, rows_g = defaultdict(list), defaultdict(list)
    for nat in b22:
        i = nats.index(nat)
        seed = t[i]
        tgt = _ipf2(
            seed,
            np.array([b22[nat][str(y)] for y in T.YEARS], float),
            np.array([b22[nat][g] for g in T.GROUPS], float),
        )
        for j, y in enumerate(T.YEARS):
            for k, g in enumerate(T.GROUPS):
                if allowed[i, j, k] and b22[nat][str(y)] > 0 and b22[nat][g] > 0:
                    key = ("m", i, j, k)
                    m.var(key)
                    m.le({key: 1.0, ("n", i, j, k): -1.0}, 0)
                    m.soft_eq({key: 1.0}, tgt[j, k], 1.0, key)
                    rows_y[nat, y].append(key)
                    rows_g[nat, g].append(key)
    for (nat, y), v in rows_y.items():
        m.eq(v, b22[nat][str(y)])
    for (nat, g), v in rows_g.items():
        m.eq(v, b22[nat][g])
    sol = m.solve()
    n = {(nats[i], T.YEARS[j], T.GROUPS[k]): sol[("n", i, j, k)] for i, j, k in idx}
    minors = {
        (nats[i], T.YEARS[j], T.GROUPS[k]): (sol[("m", i, j, k)] if m.has(("m", i, j, k)) else 0)
        for i, j, k in idx
    }
    return n, minors


def _headline_population(rng: np.random.Generator) -> list[PersonYear]:
    n, minors = _nationality_cells()
    pys: list[PersonYear] = []
    for (nat, y, g), count in sorted(n.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0])):
        for i in range(count):
            pys.append(
                PersonYear(idx=len(pys), year=y, nationality=nat, group=g, minor=i < minors[nat, y, g])
            )
    return pys


# ------------------------------------------------------------------------------------------
# 2. exploitation form (K3)
# ------------------------------------------------------------------------------------------
def _assign_forms(pys: list[PersonYear], rng: np.random.Generator) -> None:
    for p in pys:
        p.form = {
            "BL-SU": "Alleen SU",
            "GO-SU": "Alleen SU",
            "BL-UBS": "Alleen UBS",
            "GO-UBS": "Alleen UBS",
            "Onbekend": "Onbekend",
        }[p.group]
    for y in T.YEARS:
        unknown_nat = [p for p in pys if p.year == y and p.nationality == "Onbekend"]
        counts = {
            "SU": T.NAT_ONBEKEND_FORM["SU"][y],
            "Alleen UBS": T.NAT_ONBEKEND_FORM["Alleen UBS"][y],
            "Onbekend": T.NAT_ONBEKEND_FORM["Onbekend"][y],
        }
        got = distribute(unknown_nat, counts, rng)
        for p in unknown_nat:
            p.form = "Alleen SU" if got[p.idx] == "SU" else got[p.idx]
        # SU en UBS among the SU-form person-years of the year; adults more likely
        su = [p for p in pys if p.year == y and p.form == "Alleen SU"]
        both = T.FORM_YEAR["SU en UBS"][y]
        got = distribute(
            su,
            {"SU en UBS": both, "Alleen SU": len(su) - both},
            rng,
            weight=lambda p, c: (0.4 if p.minor else 1.0) * (1.5 if p.group == "GO-SU" else 1.0),
        )
        for p in su:
            p.form = got[p.idx]


# ------------------------------------------------------------------------------------------
# 3. age band (K11)
# ------------------------------------------------------------------------------------------
AGE_PRIOR = {  # shares of the adult bands + Onbekend, per group (assumption, shapes only)
    "BL-SU": (0.50, 0.28, 0.12, 0.06, 0.04),
    "BL-UBS": (0.20, 0.30, 0.25, 0.20, 0.05),
    "GO-SU": (0.28, 0.39, 0.24, 0.09, 0.01),
    "GO-UBS": (0.07, 0.15, 0.22, 0.18, 0.38),
    "Onbekend": (0.30, 0.30, 0.15, 0.10, 0.15),
}
UNKNOWN_AGE_YEAR = {2013: 0.4, 2014: 0.7, 2015: 1.2, 2016: 1.4, 2017: 1.4}  # DQ-7: mostly from 2015


def _assign_age(pys: list[PersonYear], rng: np.random.Generator) -> None:
    adults = [p for p in pys if not p.minor]
    for p in pys:
        if p.minor:
            p.band = "Minderjarig"
    cells = _cells(adults, lambda p: (p.year, p.group))
    sizes = {c: len(v) for c, v in sorted(cells.items())}
    go = ("GO-SU", "GO-UBS")
    cons = [(lambda c, k, b=b: 1.0 if k == b else 0.0, T.AGE_TOTALS[b]) for b in ADULT_BANDS]
    cons += [
        (lambda c, k, g=g: 1.0 if k == "Onbekend" and c[1] == g else 0.0, v)
        for g, v in T.AGE_UNKNOWN_BY_GROUP.items()
    ]
    cons += [
        (lambda c, k, b=b: 1.0 if k == b and c[1] in go else 0.0, v)
        for b, v in T.AGE_GO_KNOWN.items()
        if b != "Minderjarig"
    ]
    minors_by_group = Counter(p.group for p in pys if p.minor)
    cons += [
        (lambda c, k, g=g: 1.0 if k == "18-22" and c[1] == g else 0.0, v - minors_by_group[g])
        for g, v in T.MINOR_OR_ADOLESCENT.items()
    ]

    def prior(c, k):
        share = AGE_PRIOR[c[1]][ADULT_BANDS.index(k)]
        return share * (UNKNOWN_AGE_YEAR[c[0]] if k == "Onbekend" else 1.0)

    x = allocate("age bands", sizes, ADULT_BANDS, prior, cons)
    for c, members in sorted(cells.items()):
        got = distribute(members, {k: x[c, k] for k in ADULT_BANDS}, rng)
        for p in members:
            p.band = got[p.idx]


# ------------------------------------------------------------------------------------------
# 4. gender (K10)
# ------------------------------------------------------------------------------------------
MALE_PRIOR = {"BL-SU": 0.02, "BL-UBS": 0.5, "GO-SU": 0.11, "GO-UBS": 0.575, "Onbekend": 0.28}
MALE_YEAR = {2013: 0.75, 2014: 0.95, 2015: 1.0, 2016: 1.05, 2017: 1.25}
MALE_NATIONALITY = {  # propensity inside a cell (assumption; e.g. the 2014 shipping case)
    "Filipijnen": 4.0,
    "Afghanistan": 3.0,
    "Eritrea": 2.0,
    "Vietnam": 2.0,
    "Polen": 2.0,
    "China": 1.5,
    "India": 2.0,
    "Syrië": 2.0,
    "Guinee": 1.5,
    "Nigeria": 0.5,
    "Hongarije": 0.7,
    "Roemenië": 0.8,
    "Bulgarije": 0.8,
    "Nederland": 0.8,
}


def _assign_gender(pys: list[PersonYear], rng: np.random.Generator) -> None:
    cells = _cells(pys, lambda p: (p.year, p.group, p.minor))
    sizes = {c: len(v) for c, v in sorted(cells.items())}
    cats = ("M", "V", "O")
    cons = [
        (lambda c, k: 1.0 if k == "M" else 0.0, T.MALE_TOTAL),
        (lambda c, k: 1.0 if k == "M" and c[2] else 0.0, T.MALE_MINORS),
        (lambda c, k: 1.0 if k == "O" else 0.0, T.GENDER_UNKNOWN),
    ]
    cons += [(lambda c, k, y=y: 1.0 if k == "M" and c[0] == y else 0.0, v) for y, v in T.MALE_BY_YEAR.items()]
    cons += [
        (lambda c, k, g=g: 1.0 if k == "M" and c[1] == g else 0.0, v) for g, v in T.MALE_BY_GROUP.items()
    ]

    def prior(c, k):
        male = min(MALE_PRIOR[c[1]] * MALE_YEAR[c[0]], 0.9)
        return {"M": male, "V": 1 - male, "O": 0.02}[k]

    x = allocate("gender", sizes, cats, prior, cons, allowed=lambda c, k: k != "O" or c[1] == "Onbekend")
    for c, members in sorted(cells.items()):
        got = distribute(
            members,
            {k: x.get((c, k), 0) for k in cats},
            rng,
            weight=lambda p, k: MALE_NATIONALITY.get(p.nationality, 1.0) if k == "M" else 1.0,
        )
        for p in members:
            p.gender = got[p.idx]


# ------------------------------------------------------------------------------------------
# 5. melder sets (K1, K5, K6)
# ------------------------------------------------------------------------------------------
# Expected meldingen per group for the melders whose split over the groups is not published
# (assumption, only used as the prior of the ILP; the published group figures are hard).
GROUP_PRIOR_MELDINGEN = {
    I: {"BL-SU": 5, "BL-UBS": 10, "GO-SU": 5, "GO-UBS": 267, "Onbekend": 17},
    F: {"BL-SU": 2, "BL-UBS": 6, "GO-SU": 8, "GO-UBS": 430, "Onbekend": 25},
    K: {"BL-SU": 3, "BL-UBS": 4, "GO-SU": 14, "GO-UBS": 50, "Onbekend": 5},
}


def _melder_catalogue() -> list[tuple[str, ...]]:
    sets: list[tuple[str, ...]] = [()]
    for r in (1, 2, 3):
        sets += list(itertools.combinations(T.MELDERS, r))
    return sets


def _set_cost(s: tuple[str, ...]) -> float:
    if len(s) <= 1:
        return 0.0
    cost = 0.6 * (len(s) - 1) + (0.8 if len(s) == 3 else 0.0)
    if K in s:
        cost += 0.5
    if P not in s and E not in s:
        cost += 0.3
    return cost


def melder_set_rules(
    m: Model,
    x: dict[tuple[int, str, tuple[str, ...]], Hashable],
    cell_rows: Callable[[int], None] = lambda y: None,
) -> None:
    """The published figures that pin the melder-set counts x[year, group, set] (K1 EMM/Onbekend
    rows, K5, K6 incl. the legal basis), as rows of `m`; `cell_rows(year)` adds a caller's rows
    per year first (their order is the model's, so the solution stays the same).  Also used by
    overlaps.py, which redistributes the co-reporters under the same figures."""

    def sel(pred):
        return [v for k, v in x.items() if pred(*k)]

    for y in T.YEARS:
        cell_rows(y)
        for mel in T.MELDERS:
            m.eq(sel(lambda yy, gg, s: yy == y and mel in s), T.MELDINGEN[mel][y])
        m.eq(sel(lambda yy, gg, s: yy == y and s == (E,)), T.EMM_ONLY[y])
        m.eq(sel(lambda yy, gg, s: yy == y and E in s and len(s) > 1), T.EMM_WITH_OTHER[y])
        m.eq(sel(lambda yy, gg, s: yy == y and s == ()), T.MELDER_ONLY_ONBEKEND[y])
    for g in T.GROUPS:
        m.eq({v: float(len(k[2])) for k, v in x.items() if k[1] == g}, T.MELDINGEN_BY_GROUP[g])
        m.eq(sel(lambda yy, gg, s: gg == g and P in s), T.POLITIE_BY_GROUP[g])
        m.eq(
            {v: float((Z in k[2]) + (O in k[2])) for k, v in x.items() if k[1] == g},
            T.ZORG_OVERIG_BY_GROUP[g],
        )
    m.eq(sel(lambda yy, gg, s: gg == "GO-UBS" and I in s), T.GO_UBS_ISZW)
    m.eq(sel(lambda yy, gg, s: gg == "GO-UBS" and F in s), T.GO_UBS_FAIRWORK)
    m.eq(sel(lambda yy, gg, s: s == (K,)), T.KMAR_ONLY)
    m.eq(sel(lambda yy, gg, s: K in s and len(s) > 1), T.KMAR_WITH_OTHER)
    m.eq(sel(lambda yy, gg, s: bool(NO_BASIS & set(s))), T.WITH_NO_BASIS_MELDER)
    m.eq(sel(lambda yy, gg, s: bool(s) and set(s) <= NO_BASIS), T.ONLY_NO_BASIS)
    m.eq(sel(lambda yy, gg, s: s == (Z,)), T.ONLY_ZORG)
    m.eq(sel(lambda yy, gg, s: s == (Z,) and yy == 2017), T.ONLY_ZORG_2017)


def allowed_melder_set(year: int, group: str, s: tuple[str, ...]) -> bool:
    """Whether the melder-set ILP has a variable for `s` in (year, group)."""
    if s == () and group != "Onbekend":
        return False
    if s == (K,) and group not in ("BL-UBS", "GO-UBS"):
        return False  # set {KMar} elsewhere would be sub-3 or is not published
    return all(T.MELDINGEN[mel][year] > 0 for mel in s)


@disk_cached
def _melder_set_counts() -> dict[tuple[int, str, tuple[str, ...]], int]:
    ys, gs = T.YEARS, T.GROUPS
    group_margin: dict[str, dict[str, float]] = {
        P: dict(T.POLITIE_BY_GROUP),
        Z: {g: v * 1000 / 1750 for g, v in T.ZORG_OVERIG_BY_GROUP.items()},
        O: {g: v * 750 / 1750 for g, v in T.ZORG_OVERIG_BY_GROUP.items()},
        **{m: dict(v) for m, v in GROUP_PRIOR_MELDINGEN.items()},
    }
    group_margin[E] = {g: T.MELDINGEN_BY_GROUP[g] - sum(group_margin[m][g] for m in group_margin) for g in gs}
    size = np.array([[T.GROUP_YEAR[g][y] for g in gs] for y in ys], float)
    prior: dict[tuple[int, str, str], float] = {}
    for mel in T.MELDERS:
        t = _ipf2(
            size,
            np.array([T.MELDINGEN[mel][y] for y in ys], float),
            np.array([group_margin[mel][g] for g in gs], float),
        )
        for j, y in enumerate(ys):
            for k, g in enumerate(gs):
                prior[y, g, mel] = t[j, k]

    m = Model("melder sets")
    x: dict[tuple[int, str, tuple[str, ...]], Hashable] = {}
    for y in ys:
        for g in gs:
            for s in _melder_catalogue():
                if not allowed_melder_set(y, g, s):
                    continue
                x[y, g, s] = m.var(("x", y, g, s), cost=_set_cost(s))

    def cell_rows(y: int) -> None:
        for g in gs:
            m.eq([v for (yy, gg, _), v in x.items() if yy == y and gg == g], T.GROUP_YEAR[g][y])
            for mel in T.MELDERS:
                m.soft_eq(
                    {v: 1.0 for (yy, gg, s), v in x.items() if yy == y and gg == g and mel in s},
                    prior[y, g, mel],
                    1.0,
                    (y, g, mel),
                )

    melder_set_rules(m, x, cell_rows)
    sol = m.solve()
    return {k: sol[("x",) + k] for k in x if sol[("x",) + k] > 0}


def _assign_melders(pys: list[PersonYear], rng: np.random.Generator) -> None:
    counts = _melder_set_counts()
    cells = _cells(pys, lambda p: (p.year, p.group))

    def weight(p: PersonYear, s: tuple[str, ...]) -> float:
        w = 1.0
        if Z in s and p.minor:
            w *= 2.0  # care coordinators report many minors
        if I in s or F in s:
            w *= 2.0 if p.gender == "M" else 1.0
        if s == () and p.nationality != "Onbekend":
            w *= 1.0
        return w

    for c, members in sorted(cells.items()):
        sets = {
            s: v
            for (y, g, s), v in sorted(counts.items(), key=lambda kv: (-len(kv[0][2]), kv[0][2]))
            if (y, g) == c
        }
        got = distribute(members, sets, rng, weight)
        for p in members:
            p.melders = got[p.idx]


# ------------------------------------------------------------------------------------------
# 6. police units (K6, R9)
# ------------------------------------------------------------------------------------------
UNIT_PRIOR = {  # share of the police person-years of a group per unit (assumption, shapes only)
    "BL-SU": {
        "Rotterdam": 0.27,
        "Oost-Brabant": 0.24,
        "Oost-Nederland": 0.17,
        "Zeeland-West-Brabant": 0.10,
        "Den Haag": 0.06,
        "Amsterdam": 0.05,
        "Noord-Nederland": 0.04,
        "Midden-Nederland": 0.03,
        "Noord-Holland": 0.02,
        "Limburg": 0.02,
    },
    "GO-SU": {
        "Oost-Brabant": 0.17,
        "Rotterdam": 0.16,
        "Noord-Nederland": 0.12,
        "Den Haag": 0.12,
        "Amsterdam": 0.125,
        "Oost-Nederland": 0.08,
        "Zeeland-West-Brabant": 0.07,
        "Midden-Nederland": 0.05,
        "Noord-Holland": 0.06,
        "Limburg": 0.04,
        "Onbekend": 0.01,
    },
    "GO-UBS": {
        "Den Haag": 0.22,
        "Amsterdam": 0.18,
        "Oost-Brabant": 0.155,
        "Rotterdam": 0.12,
        "Oost-Nederland": 0.07,
        "Zeeland-West-Brabant": 0.07,
        "Noord-Nederland": 0.05,
        "Midden-Nederland": 0.04,
        "Noord-Holland": 0.05,
        "Limburg": 0.04,
        "Landelijke Eenheid": 0.01,
        "Onbekend": 0.02,
    },
}
UNIT_PRIOR["BL-UBS"] = UNIT_PRIOR["BL-SU"]
UNIT_PRIOR["Onbekend"] = {u: 1.0 / 11 for u in R.POLICE_UNITS if u != "Landelijke Eenheid"}
EXTRA_UNITS = sum(T.POLICE_UNIT_TOTALS.values()) - sum(T.POLITIE_BY_GROUP.values())  # 14


def _assign_units(pys: list[PersonYear], rng: np.random.Generator) -> None:
    police = [p for p in pys if P in p.melders]
    cells = _cells(police, lambda p: (p.year, p.group))
    units = R.POLICE_UNITS
    m = Model("police units")
    for (y, g), members in sorted(cells.items()):
        for u in units:
            m.var(("a", y, g, u), ub=len(members))
            m.soft_eq({("a", y, g, u): 1.0}, len(members) * UNIT_PRIOR[g].get(u, 0.002), 1.0, ("a", y, g, u))
            if g != "BL-SU":  # no BL-SU person-year has two units
                m.var(("e", y, g, u), ub=len(members), cost=0.01)
        m.eq([("a", y, g, u) for u in units], len(members))
        if g != "BL-SU":
            for u in units:  # a second unit needs a person-year whose first unit is another one
                m.le({("e", y, g, u): 1.0, **{("a", y, g, v): -1.0 for v in units if v != u}}, 0)
    e_keys = [("e", y, g, u) for (y, g) in cells for u in units if g != "BL-SU"]
    m.eq(e_keys, EXTRA_UNITS)
    for u in units:
        m.eq(
            [("a", y, g, u) for (y, g) in cells] + [("e", y, g, u) for (y, g) in cells if g != "BL-SU"],
            T.POLICE_UNIT_TOTALS[u],
        )
    m.eq(
        [("a", y, "BL-SU", u) for (y, g) in cells if g == "BL-SU" for u in T.BL_SU_FOUR_UNITS],
        T.BL_SU_FROM_FOUR_UNITS,
    )
    for y in (2014, 2015, 2016):  # 000:3366-3367: Den Haag not in the yearly top 3 (shape only)
        dh = {("a", y, g, "Den Haag"): 1.0 for (yy, g) in cells if yy == y}
        dh.update({("e", y, g, "Den Haag"): 1.0 for (yy, g) in cells if yy == y and g != "BL-SU"})
        for other in ("Amsterdam", "Rotterdam", "Oost-Brabant"):
            row = dict(dh)
            for yy, g in cells:
                if yy == y:
                    row[("a", y, g, other)] = row.get(("a", y, g, other), 0.0) - 1.0
                    if g != "BL-SU":
                        row[("e", y, g, other)] = row.get(("e", y, g, other), 0.0) - 1.0
            m.le(row, -1)
    sol = m.solve()
    for (y, g), members in sorted(cells.items()):
        got = distribute(members, {u: sol[("a", y, g, u)] for u in units}, rng)
        for p in members:
            p.units = (got[p.idx],)
        if g == "BL-SU":
            continue
        for u in units:
            need = sol[("e", y, g, u)]
            cand = [p for p in members if len(p.units) == 1 and p.units[0] != u]
            for i in sorted(rng.choice(len(cand), size=need, replace=False).tolist()):
                cand[i].units = cand[i].units + (u,)


# ------------------------------------------------------------------------------------------
# 7. doel / eerste opvang (K8)
# ------------------------------------------------------------------------------------------
SHELTER_CATS = (*T.FIRST_SHELTER, "Informatie en advies", "Registratie")


def _assign_shelter(pys: list[PersonYear], rng: np.random.Generator) -> None:
    cells = _cells(pys, lambda p: (p.year, p.group))
    sizes = {c: len(v) for c, v in sorted(cells.items())}
    group_size = Counter(p.group for p in pys)
    cons = [
        (lambda c, k, y=y: 1.0 if c[0] == y and k in T.FIRST_SHELTER else 0.0, v)
        for y, v in T.SHELTER_NEED.items()
    ]
    cons += [
        (lambda c, k, y=y: 1.0 if c[0] == y and k == "COSM" else 0.0, v) for y, v in T.COSM_BY_YEAR.items()
    ]
    for g, row in T.FIRST_SHELTER_BY_GROUP.items():
        cons += [
            (lambda c, k, g=g, s=s: 1.0 if c[1] == g and k == s else 0.0, v)
            for s, v in zip(T.FIRST_SHELTER, row, strict=True)
        ]
    cons += [(lambda c, k, s=s: 1.0 if k == s else 0.0, v) for s, v in T.PURPOSE_TOTALS.items()]

    def prior(c, k):
        y, g = c
        if k in T.FIRST_SHELTER:
            need = sum(T.FIRST_SHELTER_BY_GROUP[g]) / group_size[g]
            return (
                need
                * T.FIRST_SHELTER_BY_GROUP[g][T.FIRST_SHELTER.index(k)]
                / max(sum(T.FIRST_SHELTER_BY_GROUP[g]), 1)
            )
        rest = 1 - sum(T.FIRST_SHELTER_BY_GROUP[g]) / group_size[g]
        return rest * T.PURPOSE_TOTALS[k] / sum(T.PURPOSE_TOTALS.values())

    x = allocate("shelter", sizes, SHELTER_CATS, prior, cons)

    def weight(p: PersonYear, k):
        if k in T.FIRST_SHELTER:
            return (2.0 if Z in p.melders or O in p.melders else 1.0) * (1.5 if p.minor else 1.0)
        return 1.0

    for c, members in sorted(cells.items()):
        got = distribute(members, {k: x[c, k] for k in SHELTER_CATS}, rng, weight)
        for p in members:
            k = got[p.idx]
            if k in T.FIRST_SHELTER:
                p.doel, p.opvang = "Verzoek opvang", k
            else:
                p.doel, p.opvang = k, None


# ------------------------------------------------------------------------------------------
# 8. aangifte (K9)
# ------------------------------------------------------------------------------------------
AANGIFTE_CATS = ("Ja", "Bedenktijd loopt", "Intake", "Nee", "Onbekend")


def _assign_aangifte(pys: list[PersonYear], rng: np.random.Generator) -> None:
    cells = _cells(pys, lambda p: (p.year, p.group))
    sizes = {c: len(v) for c, v in sorted(cells.items())}
    cons = []
    for y in T.YEARS:
        cons += [
            (lambda c, k, y=y: 1.0 if c[0] == y and k == "Ja" else 0.0, T.AANGIFTE_YEAR["Ja"][y]),
            (
                lambda c, k, y=y: 1.0 if c[0] == y and k in ("Bedenktijd loopt", "Intake") else 0.0,
                T.AANGIFTE_YEAR["Tussen"][y],
            ),
            (lambda c, k, y=y: 1.0 if c[0] == y and k == "Nee" else 0.0, T.AANGIFTE_YEAR["Nee"][y]),
            (lambda c, k, y=y: 1.0 if c[0] == y and k == "Onbekend" else 0.0, T.AANGIFTE_YEAR["Onbekend"][y]),
        ]
    cons += [
        (lambda c, k: 1.0 if k == "Bedenktijd loopt" else 0.0, T.BEDENKTIJD_TOTAL),
        (lambda c, k: 1.0 if k == "Intake" else 0.0, T.INTAKE_TOTAL),
        (
            lambda c, k: 1.0 if c[1] == "Onbekend" and k == "Onbekend" else 0.0,
            T.AANGIFTE_GROUP_ONBEKEND["Onbekend"],
        ),
        (
            lambda c, k: 1.0 if c[1] == "Onbekend" and k in ("Ja", "Bedenktijd loopt", "Intake") else 0.0,
            T.AANGIFTE_GROUP_ONBEKEND["Mogelijk"],
        ),
        (lambda c, k: 1.0 if c[1] == "Onbekend" and k == "Nee" else 0.0, T.AANGIFTE_GROUP_ONBEKEND["Nee"]),
    ]
    year_size = Counter(p.year for p in pys)

    def prior(c, k):
        y = c[0]
        if k in ("Bedenktijd loopt", "Intake"):
            return T.AANGIFTE_YEAR["Tussen"][y] / 2 / year_size[y]
        return T.AANGIFTE_YEAR[k][y] / year_size[y]

    # published, not a target: GO-SU possible aangifte : nee = 1.0 : 0.7 (000:3524-3526) -- shape only
    soft = [
        (
            lambda c, k: (
                (1.0 if k == "Nee" else -0.7 if k in ("Ja", "Bedenktijd loopt", "Intake") else 0.0)
                if c[1] == "GO-SU"
                else 0.0
            ),
            0.0,
            0.2,
        )
    ]
    x = allocate("aangifte", sizes, AANGIFTE_CATS, prior, cons, soft=soft)

    def weight(p: PersonYear, k):
        police = P in p.melders
        if k in ("Ja", "Bedenktijd loopt", "Intake"):
            return (3.0 if police else 1.0) * (2.0 if E in p.melders and p.year == 2017 else 1.0)
        if k == "Onbekend":
            return 0.5 if police else 2.0
        return 1.0

    for c, members in sorted(cells.items()):
        got = distribute(members, {k: x[c, k] for k in AANGIFTE_CATS}, rng, weight)
        for p in members:
            p.aangifte = got[p.idx]


# ------------------------------------------------------------------------------------------
# 9. sectors (K3 forms, K12)
# ------------------------------------------------------------------------------------------
CRIMINAL_BEFORE_2016 = {2013: 20, 2014: 35, 2015: 30}  # assumption; 35 = published 2014 maximum
MEER_RAAM_SHARE = 0.6  # raam vs bordelen inside 'meer zichtbaar' (2013: 67 + 41)
LABOUR_WEIGHTS = {
    "Land- en tuinbouw": 18,
    "Horeca": 14,
    "Productie/industrie": 15,
    "Transport en logistiek": 10,
    "Bouw": 8,
    "Schoonmaakwerk": 9,
    "Huishoudelijk werk": 9,
    "Scheepvaart": 3,
    "Detailhandel": 4,
    "Au-pair": 2,
    "overige": 8,
}
LABOUR_BY_NATIONALITY = {
    "Filipijnen": {"Scheepvaart": 30, "Huishoudelijk werk": 5, "Au-pair": 3},
    "China": {"Horeca": 25},
    "India": {"Horeca": 10, "Huishoudelijk werk": 8},
    "Polen": {"Land- en tuinbouw": 12, "Productie/industrie": 10, "Transport en logistiek": 8},
    "Indonesië": {"Huishoudelijk werk": 10, "Scheepvaart": 8},
    "Bulgarije": {"Land- en tuinbouw": 8},
    "Hongarije": {"Productie/industrie": 8},
}
TEMP_AGENCY_SECTORS = ("Productie/industrie", "Land- en tuinbouw", "Transport en logistiek", "Schoonmaakwerk")


def pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    """One key, with probability proportional to its weight."""
    total = sum(weights.values())
    r = rng.random() * total
    for k, w in weights.items():
        r -= w
        if r < 0:
            return k
    return k


def _su_subsectors(p: PersonYear, cat: str, rng: np.random.Generator) -> list[str]:
    """Subsectors for an SU victim whose R10 category is `cat` (a subsector code or 'unknown'/'nng')."""
    y = p.year
    if cat == "nng":
        return [R.SEC_NNG] if rng.random() < 0.85 else [R.SEC_NNG, "Onbekend"]
    if cat == "unknown":
        r = rng.random()
        if r < 0.5:
            return []
        if r < 0.65:
            return ["Onbekend"]
        return ["Prostitutie" if y < 2014 else "Overig"]
    subs = [cat]
    if rng.random() < 0.06:  # a few victims in more than one prostitution sector (lower rank only)
        lower = [
            s
            for s, rk in R.SU_CATEGORY_RANK.items()
            if rk > R.SU_CATEGORY_RANK[cat] and (s != R.HOTEL or y >= 2014)
        ]
        if lower:
            subs.append(lower[int(rng.integers(len(lower)))])
    if y >= 2014 and rng.random() < 0.03:
        subs.append("Overig")
    return subs


def _su_category(kind: str, p: PersonYear, rng: np.random.Generator) -> str:
    if kind == "meer":
        return R.RAAM if rng.random() < MEER_RAAM_SHARE else R.BORDELEN
    r = rng.random()
    if r < 0.62:
        return R.THUIS
    if r < 0.90:
        return R.HOTEL if (p.year >= 2014 and rng.random() < 0.25) else R.ESCORT
    return R.SU_OTHER_SECTORS[int(rng.integers(3))]


def _ubs_subsectors(p: PersonYear, kind: str, rng: np.random.Generator) -> list[str]:
    if kind == "nng":
        return [R.SEC_NNG]
    if kind == "unknown":
        return [] if rng.random() < 0.6 else ["Onbekend"]
    if kind == "criminal":
        subs = [R.CRIMINAL[int(rng.integers(4))]]
        if p.year <= 2014 and rng.random() < 0.15:
            subs = [R.CRIMINAL_2011[int(rng.integers(2))]]
        return subs
    weights = dict(LABOUR_WEIGHTS)
    for s, w in LABOUR_BY_NATIONALITY.get(p.nationality, {}).items():
        weights[s] = weights.get(s, 0) + w
    if p.nationality == "Filipijnen" and p.year == 2014:
        weights = {"Scheepvaart": 1.0}  # the 2014 shipping case (000:4511-4513)
    s = pick(rng, weights)
    if s == "overige":
        subs = [R.OTHER_LABOUR[int(rng.integers(len(R.OTHER_LABOUR)))]]
    else:
        subs = [s]
    if rng.random() < 0.05:  # a second, lower-ranked sector
        rank = R.UBS_RANK[subs[0]]
        lower = [x for x, rk in R.UBS_RANK.items() if rk > rank and x not in R.CRIMINAL_2011]
        if lower:
            subs.append(lower[int(rng.integers(len(lower)))])
    return subs


def _assign_sectors(pys: list[PersonYear], rng: np.random.Generator) -> None:
    for y in T.YEARS:
        year = [p for p in pys if p.year == y]
        # --- SU category
        su = [p for p in year if p.su]
        known, meer = T.SU_KNOWN[y], T.SU_MORE_VISIBLE[y]
        nng = T.SU_NOT_YET_WORKED[y]
        only_su = [p for p in su if p.form == "Alleen SU"]
        # NNG first, only among Alleen SU (SU en UBS would count for both sides)
        got = distribute(
            only_su,
            {"nng": nng, "rest": len(only_su) - nng},
            rng,
            weight=lambda p, k: 0.3 if P in p.melders else 1.0,
        )
        rest = [p for p in su if got.get(p.idx) != "nng"]
        cat_su = {p.idx: "nng" for p in su if got.get(p.idx) == "nng"}
        got = distribute(
            rest,
            {"meer": meer, "minder": known - meer, "unknown": len(rest) - known},
            rng,
            weight=lambda p, k: (
                (3.0 if P in p.melders else 1.0)
                * ((2.0 if p.group == "GO-SU" else 0.7) if k == "meer" else 1.0)
                if k != "unknown"
                else 1.0
            ),
        )
        cat_su.update(got)
        # --- UBS category
        ubs = [p for p in year if p.ubs]
        ubs_known = T.UBS_KNOWN[y]
        kinds = T.UBS_KIND[y] or {}
        organ = kinds.get("Orgaanhandel", 0)
        criminal = kinds.get("criminal", CRIMINAL_BEFORE_2016.get(y, 0))
        labour = ubs_known - criminal - organ
        only_ubs = [p for p in ubs if p.form == "Alleen UBS"]
        n_nng = T.UBS_NOT_YET_WORKED[y]
        got = distribute(only_ubs, {"organ": organ, "nng": n_nng, "rest": len(only_ubs) - organ - n_nng}, rng)
        cat_ubs = {i: k for i, k in got.items() if k != "rest"}
        rest = [p for p in ubs if p.idx not in cat_ubs]
        got = distribute(
            rest,
            {"criminal": criminal, "labour": labour, "unknown": len(rest) - criminal - labour},
            rng,
            weight=lambda p, k: (
                (3.0 if p.minor else 1.0)
                if k == "criminal"
                else (2.0 if (I in p.melders or F in p.melders) else 1.0)
                if k == "labour"
                else 1.0
            ),
        )
        cat_ubs.update(got)
        # --- build sector / subsector sets
        for p in year:
            sectors: list[str] = []
            subs: list[str] = []
            if p.su:
                sectors.append(R.SU)
                c = cat_su[p.idx]
                if c in ("meer", "minder"):
                    c = _su_category(c, p, rng)
                subs += _su_subsectors(p, c, rng)
            if p.ubs:
                c = cat_ubs[p.idx]
                if c == "organ":
                    sectors.append(R.ORGAN)
                else:
                    sectors.append(R.UBS)
                    subs += _ubs_subsectors(p, c, rng)
                p.extra["ubs_kind"] = c
            if not sectors:
                sectors.append(R.SEC_NNG if rng.random() < 0.12 else R.SEC_ONB)
                if sectors == [R.SEC_ONB] and rng.random() < 0.2:
                    subs.append("Onbekend")
            p.sectors = tuple(dict.fromkeys(sectors))
            p.subsectors = tuple(dict.fromkeys(subs))
        # --- uitzendbureau (R10 temp-agency share; registered from 2016 on)
        if y in T.TEMP_AGENCY:
            ja, base_n = T.TEMP_AGENCY[y]
            base = [p for p in ubs if p.extra["ubs_kind"] in ("labour", "unknown", "nng")]
            assert len(base) == base_n, (y, len(base), base_n)

            def w(p: PersonYear, k):
                if k != "Ja":
                    return 1.0
                if p.extra["ubs_kind"] != "labour":
                    return 0.3
                return 4.0 if set(p.subsectors) & set(TEMP_AGENCY_SECTORS) else 1.5

            got = distribute(base, {"Ja": ja, "nee": base_n - ja}, rng, w)
            for p in base:
                p.uitzend = got[p.idx] == "Ja"


# ------------------------------------------------------------------------------------------
# 10. sub-3 (K1, K7)
# ------------------------------------------------------------------------------------------
SUB3_OTHER_EU2004 = {"Polen": 10, "Slowakije": 6, "Tsjechië": 5, "Letland": 4, "Litouwen": 4}
SUB3_NON_EU2004 = {
    "Nigeria": 25,
    "Brazilië": 10,
    "Oekraïne": 10,
    "Moldavië": 8,
    "Albanië": 6,
    "Thailand": 8,
    "Dominicaanse Republiek": 8,
    "Colombia": 6,
    "Venezuela": 5,
    "Rusland": 5,
    "Marokko": 4,
    "Spanje": 4,
    "Duitsland": 3,
    "Suriname": 3,
}


def _sub3_population(start: int, rng: np.random.Generator) -> list[PersonYear]:
    nat_totals = {**T.SUB3_NATIONALITY, **SUB3_OTHER_EU2004, **SUB3_NON_EU2004}
    countries = R.countries()
    assert sum(nat_totals.values()) == sum(T.SUB3.values())
    assert sum(v for n, v in nat_totals.items() if countries[n].eu_vanaf_2004) == sum(T.SUB3_EU2004.values())
    sizes = dict(T.SUB3)
    cons = [(lambda c, k, n=n: 1.0 if k == n else 0.0, v) for n, v in nat_totals.items()]
    cons += [
        (lambda c, k, y=y: 1.0 if c == y and countries[k].eu_vanaf_2004 else 0.0, v)
        for y, v in T.SUB3_EU2004.items()
    ]
    x = allocate("sub-3 nationality", sizes, list(nat_totals), lambda c, k: nat_totals[k], cons)
    pys: list[PersonYear] = []
    for y in T.YEARS:
        for nat in nat_totals:
            for _ in range(x[y, nat]):
                pys.append(
                    PersonYear(
                        idx=start + len(pys),
                        year=y,
                        nationality=nat,
                        group="GO-SU",
                        sub3=True,
                        form="Alleen SU",
                        melders=(K,),
                    )
                )
    for y in T.YEARS:
        year = [p for p in pys if p.year == y]
        males = T.SUB3[y] - T.SUB3_FEMALE[y]
        minors = T.SUB3[y] - T.SUB3_ADULT[y]
        got = distribute(year, {"M": males, "V": len(year) - males}, rng)
        for p in year:
            p.gender = got[p.idx]
        got = distribute(year, {"minor": minors, "adult": len(year) - minors}, rng)
        for p in year:
            p.minor = got[p.idx] == "minor"
            p.band = (
                "Minderjarig" if p.minor else pick(rng, {"18-22": 30, "23-29": 45, "30-39": 20, "40+": 5})
            )
    got = distribute(pys, dict(T.SUB3_FORM), rng)
    for p in pys:
        p.form = got[p.idx]
    got = distribute(
        pys,
        dict(T.SUB3_KMAR_REGIO),
        rng,
        weight=lambda p, k: (
            (3.0 if not countries[p.nationality].eu_vanaf_2004 else 0.7) if k == "Schiphol" else 1.0
        ),
    )
    for p in pys:
        p.kmar_regio = got[p.idx]
        if p.form == "Alleen SU":
            p.sectors = (R.SU,)
            r = rng.random()
            p.subsectors = (
                (R.RAAM,) if r < 0.35 else (R.BORDELEN,) if r < 0.55 else (R.ESCORT,) if r < 0.6 else ()
            )
        else:
            p.sectors = (R.SEC_ONB,)
        p.doel = "Registratie" if rng.random() < 0.93 else "Informatie en advies"
        p.aangifte = pick(rng, {"Nee": 40, "Onbekend": 55, "Bedenktijd loopt": 5})
    return pys


# ------------------------------------------------------------------------------------------
# 11. persons over the years, keys, places, enrichment-only person-years
# ------------------------------------------------------------------------------------------
BAND_RANGE = {
    "Minderjarig": (12, 17),
    "18-22": (18, 22),
    "23-29": (23, 29),
    "30-39": (30, 39),
    "40+": (40, 64),
}


def _compatible(a: PersonYear, b: PersonYear) -> bool:
    """Could a (earlier year) and b (later year) be the same person?"""
    if a.nationality != b.nationality or a.gender != b.gender or a.nationality == "Onbekend":
        return False
    if a.band == "Onbekend" or b.band == "Onbekend":
        return True  # no birth date in one of the years: nothing to keep consistent
    lo_a, hi_a = BAND_RANGE[a.band]
    lo_b, hi_b = BAND_RANGE[b.band]
    d = b.year - a.year
    return lo_a + d - 1 <= hi_b and hi_a + d + 1 >= lo_b


def _pair_persons(pys: list[PersonYear], n_pairs: int, rng: np.random.Generator) -> None:
    """Mark some person-years as the same person in two consecutive (or next-but-one) years."""
    by_key = _cells(pys, lambda p: (p.nationality, p.gender, p.year))
    order = [pys[i] for i in rng.permutation(len(pys)).tolist()]
    used: set[int] = set()
    pairs = 0
    for a in order:
        if pairs >= n_pairs:
            break
        if a.idx in used or a.nationality == "Onbekend":
            continue
        for d in (1, 1, 2):
            cand = by_key.get((a.nationality, a.gender, a.year + d), [])
            if not cand:
                continue
            b = cand[int(rng.integers(len(cand)))]
            if b.idx not in used and _compatible(a, b):
                used.update((a.idx, b.idx))
                b.person = a.person
                pairs += 1
                break


def _assign_keys(pys: list[PersonYear], n_keys: int, rng: np.random.Generator) -> None:
    persons = _cells(pys, lambda p: p.person)
    order = sorted(persons)

    def w(person: int) -> float:
        ps = persons[person]
        v = 1.0
        if any(p.group in ("GO-SU", "GO-UBS") for p in ps):
            v *= 3.0
        if any(p.doel == "Verzoek opvang" for p in ps):
            v *= 2.0
        if any(p.aangifte == "Ja" for p in ps):
            v *= 2.0
        return v

    weights = np.array([w(x) for x in order], float)
    chosen = rng.choice(len(order), size=n_keys, replace=False, p=weights / weights.sum())
    keys: set[str] = set()
    for i in sorted(chosen.tolist()):
        while True:
            key = "".join("0123456789ABCDEF"[int(d)] for d in rng.integers(0, 16, size=16))
            if key not in keys:
                break
        keys.add(key)
        for p in persons[order[i]]:
            p.key = key


def _assign_places(pys: list[PersonYear], rng: np.random.Generator) -> None:
    countries = R.countries()
    national = [(c, u) for u, ms in R.MUNICIPALITIES.items() for c, _ in ms]
    for p in pys:
        if rng.random() < 0.55:
            if p.units and p.units[0] in R.MUNICIPALITIES:
                ms = R.MUNICIPALITIES[p.units[0]]
            elif p.kmar_regio in R.KMAR_MUNICIPALITIES:
                unit = R.KMAR_MUNICIPALITIES[p.kmar_regio][
                    int(rng.integers(len(R.KMAR_MUNICIPALITIES[p.kmar_regio])))
                ]
                ms = R.MUNICIPALITIES[unit]
            else:
                ms = R.MUNICIPALITIES[national[int(rng.integers(len(national)))][1]]
            w = np.array([3.0] + [1.0] * (len(ms) - 1))
            p.gemeente = ms[int(rng.choice(len(ms), p=w / w.sum()))][0]
        if p.nationality not in ("Nederland", "Onbekend") and rng.random() < 0.35:
            p.land_werving = p.nationality
        elif p.nationality == "Nederland" and rng.random() < 0.2:
            p.land_werving = "Nederland"
        if rng.random() < 0.3:
            p.land_uitbuiting = (
                "Nederland"
                if rng.random() < 0.9
                else pick(rng, {"België": 3, "Duitsland": 3, "Spanje": 1, "Italië": 1})
            )
        assert p.land_werving is None or p.land_werving in countries


def _enrichment_only(start: int, pys: list[PersonYear], rng: np.random.Generator) -> list[PersonYear]:
    """EMM getuige/betrokkene registrations of persons who are not victims in that year (R2)."""
    out: list[PersonYear] = []
    plan = {2014: 4, 2016: 2, 2017: 20}
    in_2017 = {p.person for p in pys if p.year == 2017}
    victims_2016 = [p for p in pys if p.year in (2015, 2016) and not p.sub3 and p.person not in in_2017]
    for y, n in plan.items():
        for i in range(n):
            if y == 2017 and i < 8:  # a victim of an earlier year, now a witness
                src = victims_2016[int(rng.integers(len(victims_2016)))]
                q = PersonYear(
                    idx=start + len(out),
                    year=y,
                    nationality=src.nationality,
                    group="-",
                    gender=src.gender,
                    enrichment_only=True,
                    person=src.person,
                    key=src.key,
                )
                q.band = "Onbekend"
            else:
                nat = pick(rng, {"Nederland": 4, "Roemenië": 2, "Polen": 2, "Nigeria": 1, "Onbekend": 1})
                q = PersonYear(
                    idx=start + len(out),
                    year=y,
                    nationality=nat,
                    group="-",
                    gender="M" if rng.random() < 0.5 else "V",
                    enrichment_only=True,
                )
                q.person = q.idx
                q.band = pick(rng, {"23-29": 3, "30-39": 3, "40+": 2, "Onbekend": 2})
            q.melders = (E,)
            q.sectors = (R.SEC_ONB,)
            q.aangifte = "Onbekend"
            out.append(q)
    return out


@cache
def build_design(seed: int) -> Design:
    """The calibrated population for the window 2013-2017 at scale 1."""
    rng = lambda step: _rng(seed, step)  # noqa: E731
    pys = _headline_population(rng("population"))
    _assign_forms(pys, rng("forms"))
    _assign_age(pys, rng("age"))
    _assign_gender(pys, rng("gender"))
    _assign_melders(pys, rng("melders"))
    _assign_units(pys, rng("units"))
    _assign_shelter(pys, rng("shelter"))
    _assign_aangifte(pys, rng("aangifte"))
    _assign_sectors(pys, rng("sectors"))
    kmar_rng = rng("kmar")
    for p in pys:
        if K in p.melders:
            p.kmar_regio = pick(
                kmar_rng, {"Zuid": 45, "Schiphol": 35, "West": 10, "Noord-Oost": 7, "Onbekend": 3}
            )
    sub3 = _sub3_population(len(pys), rng("sub3"))
    for p in pys + sub3:
        p.person = p.idx
    _pair_persons(pys, 250, rng("pairs"))
    _pair_persons(sub3, 45, rng("pairs-sub3"))
    _assign_keys(pys, T.DISTINCT_LINK_KEYS, rng("keys"))
    everyone = pys + sub3
    extra = _enrichment_only(len(everyone), everyone, rng("enrichment"))
    everyone += extra
    _assign_places(everyone, rng("places"))
    # last, so that no step above draws differently: the co-reporters that give the published
    # dark number (overlaps.py)
    calibrate_overlaps(pys, rng("overlaps"))
    return Design(everyone)
