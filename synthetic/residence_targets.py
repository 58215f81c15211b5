"""Calibration targets of the IND residence extract (contract `residence.md` §4), as design inputs.

Transcribed from the contract (L1-L7 and the linkage target); the annex cells of B2.3-B2.14 are
read from `data/residence_annex.csv` (extracted mechanically, see `residence_extract.py`).
Tests never import this module: they type the published figures themselves.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

YEARS = (2013, 2014, 2015, 2016, 2017)
GROUPS = (1, 2, 3, 4, 5)
ANNEX = Path(__file__).resolve().parent / "data" / "residence_annex.csv"

# L1 routes
ROUTES = {"4a": 83, "4b": 64, "4c": 219, "5a": 180, "5b": 83, "5c": 375}
GROUP_TOTAL = {1: 192, 2: 335, 3: 301, 4: 366, 5: 638}
# L2 group x group year
GROUP_YEAR = {
    1: (58, 35, 23, 32, 44),
    2: (29, 40, 59, 39, 168),
    3: (35, 44, 47, 65, 110),
    4: (86, 75, 56, 54, 95),
    5: (130, 280, 107, 54, 67),
}
# L4 Bedenktijd events per year
BEDENKTIJD = (220, 190, 150, 114, 131)

# L5 TV applications (first year, last year) -> count
TV_FLOW = {
    (2013, 2013): 248,
    (2013, 2014): 2,
    (2014, 2014): 244,
    (2014, 2015): 1,
    (2015, 2015): 218,
    (2015, 2016): 2,
    (2016, 2016): 161,
    (2016, 2017): 2,
    (2017, 2017): 186,
}
TV_GRANTS = (240, 226, 200, 156, 181)  # by last-decision year
TV_OUTCOMES = (248, 246, 219, 163, 188)  # all outcomes by last-decision year
# non-grant TV outcomes per last-decision year: Afgewezen 48, Ingetrokken 10, Buiten behandeling 3
# (the split over years is a design choice; only the totals are targets)
TV_NON_GRANT = {
    2013: {"Afgewezen": 5, "Ingetrokken": 2, "Buiten behandeling": 1},
    2014: {"Afgewezen": 16, "Ingetrokken": 3, "Buiten behandeling": 1},
    2015: {"Afgewezen": 15, "Ingetrokken": 3, "Buiten behandeling": 1},
    2016: {"Afgewezen": 6, "Ingetrokken": 1},
    2017: {"Afgewezen": 6, "Ingetrokken": 1},
}
TV_SCHRIJNEND = {"Ingewilligd": 8, "Afgewezen": 16, "Ingetrokken": 8, "Buiten behandeling": 3}
TV_DOUBLE_PERSONS = 18
TV_GRANTS_AFTER_OBJECTION = 10
TV_UNKNOWN_FIRST_2013 = 5

# L6 VV applications by last-decision year
VV_OUTCOME = {
    "Ingewilligd": (86, 75, 70, 54, 96),
    "Afgewezen": (140, 291, 88, 55, 38),
    "Ingetrokken": (0, 0, 12, 0, 18),
    "Buiten behandeling": (0, 0, 7, 0, 11),
}
VV_FLOW = {
    (2013, 2013): 216,
    (2013, 2014): 24,
    (2014, 2014): 342,
    (2014, 2015): 8,
    (2015, 2015): 169,
    (2015, 2016): 9,
    (2015, 2017): 12,
    (2016, 2016): 100,
    (2016, 2017): 20,
    (2017, 2017): 131,
    (None, 2013): 10,
}
VV_UNKNOWN_FIRST = {"Ingewilligd": 6, "Afgewezen": 4}
VV_GRANTS_FIRST_INSTANCE = 315
GROUNDS_2017 = {
    "a-grond veroordeling": 4,
    "a-grond drie jaar lopende strafzaak": 63,
    "b-grond bijzondere omstandigheden": 25,
    None: 4,
}
FILIPIJNEN_GRANTS_2017 = 54
GROUNDED_GRANTS_2015_2016 = 32

# L7 asylum after the scheme (cohort: group year 2013-2016)
ASYLUM = {1: 15, 23: 130, 4: 2, 5: 257}
ASYLUM_23_NATIONALITY = {"Oeganda": 29, "Nigeria": 26, "Guinee": 23}

# Linkage [A]
KEY_PERSONS = 600
KEYS_SHARED_WITH_COMENSHA = 350


@cache
def annex() -> dict[tuple[str, str, int], tuple[int, ...]]:
    """(table, category, group) -> five year cells."""
    out = {}
    with ANNEX.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            out[(r["table"], r["category"], int(r["group"]))] = tuple(int(r[f"y{y}"]) for y in YEARS)
    return out


def annex_table(table: str, group: int) -> dict[str, tuple[int, ...]]:
    return {cat: cells for (t, cat, g), cells in annex().items() if t == table and g == group}


@cache
def annex_totals() -> dict[tuple[str, str, int], int]:
    """(table, category, group) -> the printed total column (for B2.9-B2.11 the target, §4.6)."""
    with ANNEX.open(encoding="utf-8", newline="") as f:
        return {(r["table"], r["category"], int(r["group"])): int(r["total"]) for r in csv.DictReader(f)}


def nationality_totals(group: int) -> dict[str, int]:
    return {cat: n for (t, cat, g), n in annex_totals().items() if t == "nationaliteit" and g == group and n}
