"""The registration years after 2017 (contract addendum `later-years.md`), drawn from the 2017 design.

Each later year is a population of new persons, each a copy of one person-year of the calibrated
2017 design (its attributes, melder set, sectors, ...), so that every rule of the contract
derives the same kind of values as in 2017. How many copies of which person-years:

* headline victim-years: exactly §1's figure. Per melder set of 2017, an integer program picks the
  number of victim-years so that the R9 melding counts of §3 hold where given (2024) and every
  melder set stays as close as it can to its 2017 share (elsewhere: the 2017 shares, rounded);
* sub-3 victim-years: the §1 difference between CoMensha's count and the monitor's;
* EMM witness-only person-years (no victims): the 2017 share of the headline.

From 2022 the labour inspectorate's meldingen carry `NLA` (§3). Each year is rendered as the
2013-2017 sample is (render.py): a first delivery on 1 June of the next year and a second on
1 October, the next edition's data date (`later_targets.edition_data_date`), with the same
re-sends, corrections, late records, withdrawn errors and reinstatements between them.

The §2 revisions are records of the 2013-2017 sample that the 2014-2018 edition counts
differently: `revision_rows` writes them, for the second delivery of 2018.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

import numpy as np

from synthetic import later_targets as L
from synthetic import reference as R
from synthetic import targets as T
from synthetic.design import Design, PersonYear
from synthetic.ilp import Model
from synthetic.render import Deliveries, Options, clone_for_year, render_replica

COL = {name: i for i, name in enumerate(R.HEADER)}


# ------------------------------------------------------------------------------------------
# the population of one later year
# ------------------------------------------------------------------------------------------
def _melder_set_counts(
    pool: dict[tuple[str, ...], list[PersonYear]], year: int
) -> dict[tuple[str, ...], int]:
    """Victim-years per 2017 melder set that give §1's headline and §3's melding counts."""
    total = L.HEADLINE[year]
    size = sum(len(pys) for pys in pool.values())
    model = Model(f"later-years {year}")
    for melders, pys in pool.items():
        model.var(melders)
        model.soft_eq({melders: 1.0}, total * len(pys) / size, 1.0, melders)
    model.eq(list(pool), total)
    for melder, count in L.REPORTERS.get(year, {}).items():
        code = T.ISZW if melder == L.NLA else melder  # the 2017 design's code of the inspectorate
        model.eq([s for s in pool if code in s], count)
    solution = model.solve()
    return {melders: int(solution[melders]) for melders in pool}


def draw(pys: list, n: int, rng: np.random.Generator) -> list:
    """`n` items of `pys` (person-years; IND persons and OM cases of the later deliveries, too):
    whole rounds of all, then a random part without repeats."""
    rounds, rest = divmod(n, len(pys)) if pys else (0, 0)
    picked = [pys[i] for i in sorted(rng.choice(len(pys), size=rest, replace=False).tolist())] if rest else []
    return pys * rounds + picked


def later_design(design: Design, year: int, seed: int) -> Design:
    """The person-years of `year` (one person each), calibrated to the addendum's targets."""
    rng = np.random.default_rng([seed, year, 17])
    template = [p for p in design.person_years if p.year == L.TEMPLATE_YEAR]
    headline = [p for p in template if not p.sub3 and not p.enrichment_only]
    by_set: dict[tuple[str, ...], list[PersonYear]] = defaultdict(list)
    for p in headline:
        by_set[p.melders].append(p)
    chosen: list[PersonYear] = []
    for melders, n in _melder_set_counts(by_set, year).items():
        chosen += draw(by_set[melders], n, rng)
    sub3 = [p for p in template if p.sub3]
    chosen += draw(sub3, L.SUB3[year], rng)
    witnesses = [p for p in template if p.enrichment_only]
    chosen += draw(witnesses, round(len(witnesses) * L.HEADLINE[year] / len(headline)), rng)
    copies: dict[int, int] = defaultdict(int)
    out = []
    for number, py in enumerate(chosen):
        clone = clone_for_year(py, year)
        copies[py.idx] += 1
        clone.person = number
        clone.melders = tuple(L.inspectorate(year) if m == T.ISZW else m for m in clone.melders)
        if clone.key:  # each copy is another person: its own koppelsleutel (README §8)
            clone.key = (
                hashlib.sha256(f"{clone.key}:{year}:{copies[py.idx]}".encode()).hexdigest()[:16].upper()
            )
        out.append(clone)
    return Design(out)


def later_deliveries(year: int) -> Deliveries:
    """June and the data date of the edition that ends with `year` (later_targets)."""
    data_date = L.edition_data_date(year)
    return Deliveries(data_date.replace(month=6, day=1), data_date)


def render_later_year(
    later: Design, year: int, replica: int, fraction: float, opts: Options
) -> tuple[list[list[str]], list[list[str]]]:
    """Rows of the two deliveries of `year` (its `later_design`) for one replica (render_replica)."""
    return render_replica(
        later,
        replica,
        {year: [year]},
        fraction,
        opts,
        later_deliveries(year),
        namespace=f"J{year}-",
    )


# ------------------------------------------------------------------------------------------
# the §2 revisions
# ------------------------------------------------------------------------------------------
def _norm(value: str) -> str:
    return " ".join(value.split()).casefold()


def _current(deliveries: list[list[list[str]]]) -> dict[str, list[str]]:
    """The current version of each melding (README §3: latest gewijzigd_op, then later delivery)."""
    latest: dict[str, tuple[tuple[dt.datetime, int], list[str]]] = {}
    for order, rows in enumerate(deliveries):
        for row in rows:
            rank = (dt.datetime.strptime(row[COL["gewijzigd_op"]], "%d-%m-%Y %H:%M"), order)
            key = row[COL["melding_id"]]
            if key not in latest or rank >= latest[key][0]:
                latest[key] = (rank, row)
    return {key: row for key, (_, row) in latest.items()}


def revision_rows(
    deliveries: list[list[list[str]]], rng: np.random.Generator, between: tuple[dt.date, dt.date]
) -> list[list[str]]:
    """New versions of 2013-2017 meldingen that make §2's revisions, dated inside `between` (after
    the 2013-2017 edition's data date, on or before the 2014-2018 edition's).

    Each revised melding is the only current melding of its person-year, so by the contract it
    alone makes that victim-year: withdrawn (R1) or turned into a witness (R2), the victim-year
    leaves the headline. A withdrawal takes a Politie melding (qualifying, not KMar: never sub-3);
    the correction an EMM melding of an EMM-only victim-year."""
    active = [r for r in _current(deliveries).values() if _norm(r[COL["status"]]) == "actief"]
    per_person_year: dict[tuple[str, int], list[list[str]]] = defaultdict(list)
    for row in active:
        year = int(row[COL["datum_melding"]][-4:])
        per_person_year[(row[COL["persoon_id"]], year)].append(row)
    lone = sorted(
        (rows[0] for rows in per_person_year.values() if len(rows) == 1), key=lambda r: r[COL["melding_id"]]
    )
    wanted = {
        "withdraw": lambda r: _norm(r[COL["melder_type"]]) == "politie",
        "correct_emm_rol": lambda r: (
            _norm(r[COL["melder_type"]]) == "emm"
            and _norm(r[COL["emm_rol"]]) in ("slachtoffer", "benadeelde")
        ),
    }
    span = (between[1] - between[0]).days
    out: list[list[str]] = []
    used: set[str] = set()
    for year, actions in L.REVISIONS.items():
        of_year = [r for r in lone if int(r[COL["datum_melding"]][-4:]) == year]
        for action in actions:
            candidates = [r for r in of_year if wanted[action](r) and r[COL["melding_id"]] not in used]
            row = list(candidates[int(rng.integers(len(candidates)))])
            used.add(row[COL["melding_id"]])
            if action == "withdraw":
                row[COL["status"]] = "Vervallen"
            else:
                row[COL["emm_rol"]] = "getuige"
            day = between[0] + dt.timedelta(days=1 + int(rng.integers(span)))
            row[COL["gewijzigd_op"]] = (
                f"{day:%d-%m-%Y} {int(rng.integers(8, 18)):02d}:{int(rng.integers(60)):02d}"
            )
            out.append(row)
    return out
