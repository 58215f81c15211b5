"""A reader who holds the published victim figures (serving.duckdb) and the CTDC export with its
report, and tries to recover what the dashboards hide (issue 14): a hidden cell ("< 5", "x") or a
part of a folded category ('Man + Onbekend' gives away only the sum of its parts, README
"Disclosure control at any size", rule 2).

The reader sets up, per published figure, one unknown per registration year and base category
(the parts of the folded labels) and everything the published cells say about them; the export
adds a lower bound per margin (a margin counts the exported records, and the export only leaves
records out) and the report adds the exact number of records in (the headline victim-years). An
integer program then gives the least and the most each protected quantity can be. A quantity the
published figures leave open but the export pins to one value is given away by the export.

Written here from the published rows and the CTDC codebook's meaning of the export's fields, not
from orchestration/export: what a reader outside the warehouse can do.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

import duckdb
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from orchestration.export.iso_countries import alpha2
from orchestration.quality.references import FOLD_SEPARATOR
from tests.integration.disclosure_rule import THRESHOLD

MISSING = "-99"  # CTDC: missing (or, after generalisation, withheld) value
SEXUAL = "Sexual exploitation"


@dataclass
class Figure:
    """One published figure: cells (periode, category) -> shown count or hidden label."""

    name: str
    total: str  # the category of the total
    window: str  # the periode of the whole reporting window
    cells: dict[tuple[str, str], int | str]  # value: the count, or its label "< 5" / "x"
    # export column(s) -> the base categories a record with that value can be in (None: any)
    categories_of: object = None
    atoms: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)

    def __post_init__(self):
        labels = {c for _, c in self.cells if c != self.total}
        self.atoms = sorted({part for label in labels for part in label.split(FOLD_SEPARATOR)})
        self.years = sorted({p for p, _ in self.cells if p != self.window})

    def parts(self, category: str) -> list[str]:
        return self.atoms if category == self.total else category.split(FOLD_SEPARATOR)

    def folded(self) -> list[str]:
        return sorted({c for _, c in self.cells if FOLD_SEPARATOR in c})


def trend_figures(serving: duckdb.DuckDBPyConnection) -> list[Figure]:
    """The victim figures of Trends slachtoffers and the regional cube's origin regions, with how a
    reader maps an export record onto their categories (CTDC codebook meaning of the fields)."""
    window = serving.execute(
        "SELECT DISTINCT periode FROM marts.trend_figures WHERE registration_year IS NULL"
    ).fetchone()[0]
    figures = []
    for name, total in (
        ("geslacht", "Alle"),
        ("leeftijd", "Alle"),
        ("mensenhandelvorm", "Alle vormen"),
        ("nationaliteit", "Alle nationaliteiten"),
    ):
        rows = serving.execute(
            "SELECT periode, category, aantal, aantal_label FROM marts.trend_figures WHERE figure = ?", [name]
        ).fetchall()
        figures.append(
            Figure(name, total, window, {(p, c): n if n is not None else lbl for p, c, n, lbl in rows})
        )
    rows = serving.execute("""
        SELECT periode, origin_region, victims, victims_label FROM marts.trafficking_routes
        WHERE trafficking_form = 'Alle vormen' AND nationality = 'Alle nationaliteiten'
          AND province_code = 'NL' AND police_unit_found = 'Nederland'
    """).fetchall()
    figures.append(
        Figure(
            "herkomstregio",
            "Alle regio's",
            window,
            {(p, c): n if n is not None else lbl for p, c, n, lbl in rows},
        )
    )
    for f in figures:
        f.categories_of = _reader_mapping(f)
    return figures


def _reader_mapping(f: Figure):
    """export record -> the set of the figure's base categories it can be in (None: any)."""
    if f.name == "geslacht":
        table = {"Female": {"Vrouw"}, "Male": {"Man"}}
        return lambda r: table.get(r["gender"])
    if f.name == "leeftijd":
        table = {"Minor": {"Minderjarig"}, "Adult": {"Meerderjarig"}}
        return lambda r: table.get(r["majorityStatus"])
    if f.name == "mensenhandelvorm":
        # trafficking_form is route + SU/UBS; the export has no route, and an unknown route is 'Onbekend'
        def form(r):
            kind = r["typeOfExploitConcatenated"]
            if kind == MISSING:
                return None
            return {"BL-SU", "GO-SU", "Onbekend"} if SEXUAL in kind else {"BL-UBS", "GO-UBS", "Onbekend"}

        return form
    if f.name == "nationaliteit":

        def nationality(r):
            code = r["citizenship"]
            return None if code == MISSING else {a for a in f.atoms if alpha2(a) == code}

        return nationality
    return lambda r: {r["citizenshipRegion"]} if r["citizenshipRegion"] else None


class Reader:
    """The integer program of one figure: x[year, atom] >= 0."""

    def __init__(self, figure: Figure):
        self.f = figure
        self.index = {(y, a): i for i, (y, a) in enumerate(itertools.product(figure.years, figure.atoms))}
        self.rows: list[tuple[np.ndarray, float, float]] = []

    def vector(self, years, atoms) -> np.ndarray:
        v = np.zeros(len(self.index))
        for y in years:
            for a in atoms:
                v[self.index[(y, a)]] = 1
        return v

    def years_of(self, periode: str) -> list[str]:
        return self.f.years if periode == self.f.window else [periode]

    def add(self, v: np.ndarray, low: float, high: float) -> None:
        self.rows.append((v, low, high))

    def add_published(self) -> None:
        f = self.f
        for periode in [f.window, *f.years]:
            categories = {c for p, c in f.cells if c != f.total} | {f.total}
            for category in categories:
                v = self.vector(self.years_of(periode), f.parts(category))
                value = f.cells.get((periode, category), 0)  # zero cells are not rows
                if value == f"< {THRESHOLD}":
                    self.add(v, 1, THRESHOLD - 1)
                elif value == "x":
                    self.add(v, THRESHOLD, np.inf)
                else:
                    self.add(v, value, value)
        # a folded label names categories that occur in the window (macros/disclosure.sql
        # fold_small_categories: the categories are those with cells)
        for label in f.folded():
            for part in label.split(FOLD_SEPARATOR):
                self.add(self.vector(f.years, [part]), 1, np.inf)

    def add_export(self, records: list[dict], report: dict) -> None:
        f = self.f
        margins: Counter = Counter()
        for r in records:
            years = _years_of(r["yearOfRegistration"], f.years)
            atoms = f.categories_of(r)
            margins[
                (tuple(years), frozenset(atoms & set(f.atoms)) if atoms is not None else frozenset(f.atoms))
            ] += 1
        for (years, atoms), n in margins.items():
            if not atoms:
                continue  # a value the figure does not show (a code without a published name)
            self.add(self.vector(years, atoms), n, np.inf)  # the export leaves records out, never adds
        # the report: records_in is every headline victim-year
        self.add(self.vector(f.years, f.atoms), report["records_in"], report["records_in"])

    def bounds(self, v: np.ndarray) -> tuple[float, float] | None:
        a = np.array([r[0] for r in self.rows])
        constraint = LinearConstraint(a, [r[1] for r in self.rows], [r[2] for r in self.rows])
        out = []
        for sign in (1, -1):
            res = milp(
                sign * v, constraints=constraint, integrality=np.ones(len(v)), bounds=Bounds(0, np.inf)
            )
            if not res.success:
                return None
            out.append(sign * res.fun)
        return out[0], out[1]


def _years_of(label: str, years: list[str]) -> list[str]:
    """An export year ('2015') or a generalised period ('2013-2017'): the figure's years it covers."""
    if "-" in label:
        first, last = label.split("-")
        return [y for y in years if first <= y <= last]
    return [label]


def protected(f: Figure) -> list[tuple[str, list[str], list[str]]]:
    """What the figure keeps from a reader: each hidden cell, and each part of a folded category
    in every period. (description, years, atoms)"""
    out = []
    for (periode, category), value in sorted(f.cells.items()):
        years = f.years if periode == f.window else [periode]
        if isinstance(value, str):
            out.append((f"{f.name} {periode} {category} ({value})", years, f.parts(category)))
        if FOLD_SEPARATOR in category:
            out += [
                (f"{f.name} {periode} '{part}' in '{category}'", years, [part])
                for part in category.split(FOLD_SEPARATOR)
            ]
    return out


def recovered_by_the_export(
    serving: duckdb.DuckDBPyConnection, records: list[dict], report: dict
) -> list[str]:
    """Every protected quantity that the published figures leave open and the export pins."""
    found = []
    for f in trend_figures(serving):
        if not f.years or not f.atoms:
            continue
        published, both = Reader(f), Reader(f)
        published.add_published()
        both.add_published()
        both.add_export(records, report)
        for what, years, atoms in protected(f):
            v = published.vector(years, atoms)
            before, after = published.bounds(v), both.bounds(v)
            assert before is not None and after is not None, (
                f"{what}: the reader's equations have no solution"
            )
            if before[0] < before[1] and after[0] == after[1]:
                found.append(
                    f"{what}: published {before[0]:.0f}..{before[1]:.0f}, with the export {after[0]:.0f}"
                )
    return found
