"""Who reported a victim together with whom: the overlaps behind the published dark number (issue 18).

The melder-set ILP of design.py meets every published count of reporters (K1, K5, K6) but, left to
its costs, puts the few victims that two reporters share into one or two pairs of reporters per
group and year.  Most pairs of lists then share nobody, and the multiple-systems estimate of
orchestration/estimation/ runs away (more than 20 times the victims seen) for 'Alle slachtoffers'
in 2014-2015.  The rapporteur's estimate for 2014/2015 (research note registration §3.Q, 000:146-164)
is 5,000-7,500 victims a year, 19% of them seen; BL-SU 15% seen, GO-SU 33%, GO-UBS 21%.

What the targets leave free.  Per year, the reporters per victim beyond the first are fixed: K5's
meldingen per melder minus the victims with a known melder (2014: 1,280 - 1,226 = 54; 2015:
1,213 - 1,125 = 88; together 142 victims on two lists or more, with police and EMM one list).
Per group, K6 fixes them over the five years only (BL-SU 1,663 - 1,507 = 156, GO-SU 307, GO-UBS
119, BL-UBS 9, Onbekend 16).  Independent lists with the published shares seen need, in
2014-2015, about 25 shared victims in BL-SU, 60 in GO-SU and 45 in GO-UBS: together with the few
that BL-UBS and Onbekend can have, the 142 that the targets fix.  So the figures fit, and this step
chooses where the shared victims are:

* an ILP over the melder-set counts of 2013-2016 under every rule of design.melder_set_rules, with
  2017 as the design has it (the later years copy 2017's person-years, and the IND/OM samples link
  to their keys); each person-year keeps its police, KMar and EMM reports (police units, KMar
  regions and the EMM figures hang on them), so only the co-reporters ISZW-DO, care coordinator,
  FairWork and Overig move;
* its objective: per group and per year 2014 and 2015, each pair of lists shares about what
  independent lists would (size_a * size_b / N, N = seen / published share), and the same for
  all groups together (19%); the sizes per group stay near the design's.  The targets depend on
  the sizes, so the ILP is solved twice, the second time with the first solution's sizes;
* the counts go to person-years inside each (year, group, police/KMar/EMM part): who had a set
  that is still there keeps it, the others get the remaining sets in random order.

Onbekend has 16 shared victims over five years, so its estimate is about 6% seen whatever is done;
the pooled 'Alle slachtoffers' estimate therefore needs somewhat more sharing in the other groups
than their own shares ask (the weights below). 2013 (1,053 meldingen for 1,037 victims with a
known melder: 16 shared) cannot give an estimate near the published one.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

import numpy as np

from synthetic import targets as T
from synthetic.cache import disk_cached
from synthetic.ilp import Model

P, K, I, E, Z, F, O = T.MELDERS
KEPT = frozenset((P, K, E))  # reports a person-year keeps: other design steps depend on them
FREE_YEARS = (2013, 2014, 2015, 2016)
ESTIMATE_YEARS = (2014, 2015)  # the rapporteur's estimate (000:146)
# Published share of the victims seen in 2014/2015 (research note registration §3.Q, 000:146-164);
# BL-UBS and Onbekend have none of their own: the share of all victims.
SHARE_SEEN = {"BL-SU": 0.15, "GO-SU": 0.33, "GO-UBS": 0.21}
SHARE_SEEN_ALL = 0.19
# police and EMM are one list for the estimator (orchestration/estimation/lists.py)
LIST_OF = {P: "Politie/EMM", E: "Politie/EMM", K: K, I: I, Z: Z, F: F, O: O}
LISTS = tuple(dict.fromkeys(LIST_OF.values()))
# ILP weights per victim of deviation: a pair's overlap (per group, and all groups together)
# against the size of a group's list against the design's
PAIR_WEIGHT, ALL_PAIR_WEIGHT, SIZE_WEIGHT = 5.0, 5.0, 1.0
ROUNDS = 2

Cell = tuple[int, str, tuple[str, ...]]


def _lists(s: tuple[str, ...]) -> frozenset[str]:
    return frozenset(LIST_OF[m] for m in s)


def _independent_pairs(
    model: Model,
    x: dict[Cell, Hashable],
    counts: dict[tuple[str, ...], int],
    pick,
    share: float,
    weight: float,
    tag,
) -> None:
    """Soft rows: the victims shared by each pair of lists among the cells `pick` selects, at what
    independent lists of the sizes in `counts` would share if `share` of the population was seen."""
    seen = sum(n for s, n in counts.items() if s)
    population = seen / share
    size = {name: sum(n for s, n in counts.items() if name in _lists(s)) for name in LISTS}
    for a, b in itertools.combinations(LISTS, 2):
        shared = {v: 1.0 for key, v in x.items() if pick(key) and {a, b} <= _lists(key[2])}
        model.soft_eq(shared, size[a] * size[b] / population, weight, (tag, a, b))


def _solve(base: dict[Cell, int], previous: dict[Cell, int]) -> dict[Cell, int]:
    # imported here: design.py imports this module (build_design's last step)
    from synthetic.design import _melder_catalogue, _set_cost, allowed_melder_set, melder_set_rules

    m = Model("overlaps")
    x: dict[Cell, Hashable] = {}
    for y in T.YEARS:
        for g in T.GROUPS:
            for s in _melder_catalogue():
                if y not in FREE_YEARS:
                    if base.get((y, g, s), 0):  # the design's count, fixed
                        x[y, g, s] = m.var(("x", y, g, s), lb=base[y, g, s], ub=base[y, g, s])
                elif allowed_melder_set(y, g, s):
                    x[y, g, s] = m.var(("x", y, g, s), cost=0.1 * _set_cost(s))
    melder_set_rules(m, x)
    for y in FREE_YEARS:
        for g in T.GROUPS:
            kept: Counter[frozenset[str]] = Counter()
            for (yy, gg, s), n in base.items():
                if (yy, gg) == (y, g):
                    kept[frozenset(s) & KEPT] += n
            for part, n in kept.items():
                m.eq(
                    [v for (yy, gg, s), v in x.items() if (yy, gg) == (y, g) and frozenset(s) & KEPT == part],
                    n,
                )
            # in the order of T.MELDERS: a set's order changes with the hash seed, and so would
            # the rows of the program and, among equally good solutions, the one HiGHS returns
            for mel in [mel for mel in T.MELDERS if mel not in KEPT]:
                design_size = sum(n for (yy, gg, s), n in base.items() if (yy, gg) == (y, g) and mel in s)
                cells = {v: 1.0 for (yy, gg, s), v in x.items() if (yy, gg) == (y, g) and mel in s}
                m.soft_eq(cells, design_size, SIZE_WEIGHT, ("size", y, g, mel))
    for y in ESTIMATE_YEARS:
        for g in T.GROUPS:
            counts = {s: n for (yy, gg, s), n in previous.items() if (yy, gg) == (y, g)}
            share = SHARE_SEEN.get(g, SHARE_SEEN_ALL)
            _independent_pairs(m, x, counts, lambda k, y=y, g=g: k[:2] == (y, g), share, PAIR_WEIGHT, (y, g))
        counts = Counter()
        for (yy, _, s), n in previous.items():
            if yy == y:
                counts[s] += n
        _independent_pairs(
            m, x, counts, lambda k, y=y: k[0] == y, SHARE_SEEN_ALL, ALL_PAIR_WEIGHT, (y, "all")
        )
    sol = m.solve()
    return {k: sol[("x",) + k] for k in x if sol[("x",) + k] > 0}


@disk_cached
def overlap_set_counts() -> dict[Cell, int]:
    """Melder-set counts per (year, group, set) with the overlaps of the module docstring."""
    from synthetic.design import _melder_set_counts

    base = _melder_set_counts()
    counts = base
    for _ in range(ROUNDS):
        counts = _solve(base, counts)
    return counts


def calibrate_overlaps(person_years: Sequence, rng: np.random.Generator) -> None:
    """Give the headline person-years of 2013-2016 the melder sets of `overlap_set_counts`, each
    keeping its police, KMar and EMM reports; a person-year whose set is still wanted keeps it."""
    wanted = overlap_set_counts()
    cells: dict[tuple, list] = defaultdict(list)
    for p in person_years:
        if p.year in FREE_YEARS and not p.sub3 and not p.enrichment_only:
            cells[p.year, p.group, frozenset(p.melders) & KEPT].append(p)
    for (y, g, part), members in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1], sorted(kv[0][2]))):
        need = Counter(
            {s: n for (yy, gg, s), n in wanted.items() if (yy, gg) == (y, g) and frozenset(s) & KEPT == part}
        )
        movers = []
        for p in members:
            if need[p.melders] > 0:
                need[p.melders] -= 1
            else:
                movers.append(p)
        sets = [s for s, n in sorted(need.items()) for _ in range(n)]
        if len(sets) != len(movers):
            raise AssertionError(f"overlap counts do not fit cell {(y, g, sorted(part))}")
        for i, p in zip(rng.permutation(len(movers)).tolist(), movers, strict=True):
            p.melders = sets[i]
