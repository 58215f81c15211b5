"""Calibration targets of the CoMensha registration extract (contract `registration.md` §5).

These numbers are the *inputs* of the calibration: the generator designs a population that
reproduces them exactly.  They are transcribed from the contract tables K1-K12; Tables B2.1 and
B2.2 (K4) are read from `data/b2_1.csv` / `data/b2_2.csv`, extracted mechanically from the
research note (see `data/extract_tables.py`).  Tests never import this module: they type the
published figures themselves.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

YEARS = (2013, 2014, 2015, 2016, 2017)
GROUPS = ("BL-SU", "BL-UBS", "GO-SU", "GO-UBS", "Onbekend")
FORMS = ("Alleen SU", "SU en UBS", "Alleen UBS", "Onbekend")

# melder types (contract column 9), in contract order; `Onbekend` is not part of a melder set
POLITIE, KMAR, ISZW, EMM, ZORG, FAIRWORK, OVERIG, ONBEKEND = (
    "Politie",
    "KMar",
    "ISZW-DO",
    "EMM",
    "Zorgcoördinator",
    "FairWork",
    "Overig",
    "Onbekend",
)
MELDERS = (POLITIE, KMAR, ISZW, EMM, ZORG, FAIRWORK, OVERIG)
WITHOUT_LEGAL_BASIS = (ZORG, FAIRWORK, OVERIG)


def _by_year(*values: int) -> dict[int, int]:
    return dict(zip(YEARS, values, strict=True))


# K1 totals
HEADLINE = _by_year(1117, 1256, 1150, 952, 958)
SUB3 = _by_year(320, 305, 171, 97, 118)
EMM_ONLY = _by_year(0, 59, 5, 16, 65)
EMM_WITH_OTHER = _by_year(0, 1, 0, 1, 181)
MELDER_ONLY_ONBEKEND = _by_year(80, 30, 25, 10, 5)

# K2 group x year
GROUP_YEAR = {
    "BL-SU": _by_year(282, 360, 370, 232, 263),
    "BL-UBS": _by_year(20, 20, 15, 26, 20),
    "GO-SU": _by_year(382, 393, 295, 286, 294),
    "GO-UBS": _by_year(150, 236, 263, 204, 223),
    "Onbekend": _by_year(283, 247, 207, 204, 158),
}

# K3 exploitation form x year, and the split among nationality Onbekend
FORM_YEAR = {
    "Alleen SU": _by_year(665, 747, 662, 523, 534),
    "SU en UBS": _by_year(5, 14, 13, 35, 42),
    "Alleen UBS": _by_year(178, 262, 281, 244, 249),
    "Onbekend": _by_year(269, 233, 194, 150, 133),
}
NAT_ONBEKEND_FORM = {  # SU = Alleen SU or SU en UBS
    "SU": _by_year(6, 8, 10, 40, 19),
    "Alleen UBS": _by_year(8, 6, 3, 14, 6),
    "Onbekend": _by_year(2, 4, 9, 26, 10),
}

# K5 meldingen (R9) by melder x year
MELDINGEN = {
    POLITIE: _by_year(788, 700, 641, 400, 432),
    KMAR: _by_year(20, 18, 15, 12, 11),
    ISZW: _by_year(60, 72, 66, 59, 47),
    EMM: _by_year(0, 60, 5, 17, 246),
    ZORG: _by_year(80, 170, 200, 260, 290),
    OVERIG: _by_year(105, 170, 179, 160, 136),
    FAIRWORK: _by_year(0, 90, 107, 150, 124),
}

# K6 meldingen by group, legal basis, police units
MELDINGEN_BY_GROUP = {"BL-SU": 1663, "BL-UBS": 110, "GO-SU": 1957, "GO-UBS": 1195, "Onbekend": 965}
POLITIE_BY_GROUP = {"BL-SU": 1123, "BL-UBS": 40, "GO-SU": 1287, "GO-UBS": 297, "Onbekend": 214}
ZORG_OVERIG_BY_GROUP = {"BL-SU": 455, "BL-UBS": 37, "GO-SU": 424, "GO-UBS": 136, "Onbekend": 698}
GO_UBS_ISZW = 267
GO_UBS_FAIRWORK = 430
KMAR_ONLY = 43  # all in BL-UBS or GO-UBS
KMAR_WITH_OTHER = 33
WITH_NO_BASIS_MELDER = 2187
ONLY_NO_BASIS = 1747
ONLY_ZORG = 806
ONLY_ZORG_2017 = 183
POLICE_UNIT_TOTALS = {
    "Rotterdam": 600,
    "Oost-Brabant": 520,
    "Den Haag": 356,
    "Oost-Nederland": 300,
    "Zeeland-West-Brabant": 230,
    "Amsterdam": 330,
    "Noord-Nederland": 220,
    "Midden-Nederland": 140,
    "Noord-Holland": 130,
    "Limburg": 120,
    "Landelijke Eenheid": 3,
    "Onbekend": 26,
}
BL_SU_FOUR_UNITS = ("Rotterdam", "Oost-Brabant", "Oost-Nederland", "Zeeland-West-Brabant")
BL_SU_FROM_FOUR_UNITS = 879

# K7 sub-3 profile
SUB3_FEMALE = _by_year(320, 303, 170, 97, 117)
SUB3_ADULT = _by_year(320, 301, 167, 97, 115)
SUB3_EU2004 = _by_year(296, 279, 152, 83, 96)
SUB3_NATIONALITY = {"Roemenië": 461, "Bulgarije": 263, "Hongarije": 153}
SUB3_KMAR_REGIO = {"Zuid": 473, "Schiphol": 415, "West": 70, "Noord-Oost": 40, "Onbekend": 13}
SUB3_FORM = {"Alleen SU": 960, "Onbekend": 51}

# K8 shelter
SHELTER_NEED = _by_year(205, 168, 170, 140, 141)
FIRST_SHELTER = ("COSM", "Reguliere opvang", "Kortdurende opvang", "Geen opvang")
COSM_BY_YEAR = _by_year(120, 117, 114, 75, 61)
FIRST_SHELTER_BY_GROUP = {
    "BL-SU": (16, 35, 19, 41),
    "BL-UBS": (2, 2, 1, 0),
    "GO-SU": (347, 38, 45, 47),
    "GO-UBS": (102, 62, 15, 16),
    "Onbekend": (20, 5, 6, 5),
}
PURPOSE_TOTALS = {"Informatie en advies": 1100, "Registratie": 3509}

# K9 aangifte
AANGIFTE_YEAR = {
    "Ja": _by_year(303, 300, 250, 182, 323),
    "Tussen": _by_year(29, 80, 81, 70, 50),  # Bedenktijd loopt + Intake
    "Nee": _by_year(663, 546, 319, 279, 165),
    "Onbekend": _by_year(122, 330, 500, 421, 420),
}
BEDENKTIJD_TOTAL, INTAKE_TOTAL = 150, 160
AANGIFTE_GROUP_ONBEKEND = {"Onbekend": 631, "Mogelijk": 97, "Nee": 371}

# K10 gender
MALE_TOTAL = 1163
MALE_BY_YEAR = {2013: 169, 2017: 254}
MALE_BY_GROUP = {"BL-SU": 32, "GO-SU": 186, "GO-UBS": 619}
MALE_MINORS = 261
GENDER_UNKNOWN = 20  # all in group Onbekend

# K11 age
AGE_BANDS = ("Minderjarig", "18-22", "23-29", "30-39", "40+", "Onbekend")
AGE_TOTALS = {"Minderjarig": 1247, "18-22": 1245, "23-29": 1186, "30-39": 810, "40+": 456, "Onbekend": 489}
AGE_UNKNOWN_BY_GROUP = {"GO-UBS": 395, "GO-SU": 14}
AGE_GO_KNOWN = {"Minderjarig": 155, "18-22": 500, "23-29": 743, "30-39": 595, "40+": 324}
MINOR_OR_ADOLESCENT = {"BL-SU": 993, "GO-UBS": 118}

# K12 sectors
SU_KNOWN = _by_year(271, 247, 241, 215, 176)
SU_MORE_VISIBLE = _by_year(108, 74, 72, 45, 25)
SU_NOT_YET_WORKED = _by_year(0, 23, 14, 20, 47)
UBS_KNOWN = _by_year(119, 223, 232, 234, 210)
UBS_NOT_YET_WORKED = _by_year(0, 3, 0, 1, 6)
UBS_KIND = {  # labour (incl. overige arbeid), criminal, organ; None = free
    2013: None,
    2014: None,
    2015: {"Orgaanhandel": 1},
    2016: {"labour": 175, "criminal": 59, "Orgaanhandel": 0},
    2017: {"labour": 152, "criminal": 57, "Orgaanhandel": 1},
}
TEMP_AGENCY = {2016: (57, 220), 2017: (63, 233)}  # (Ja, base)

# Linkage [A]
DISTINCT_LINK_KEYS = 1100


@cache
def table_b2(which: str) -> dict[str, dict[str, int]]:
    """Table B2.1 (`which="b2_1"`) or B2.2 (`"b2_2"`): nationality -> column -> count."""
    path = Path(__file__).resolve().parent / "data" / f"{which}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {
            r["nationaliteit"]: {k: int(v) for k, v in r.items() if k != "nationaliteit"}
            for r in csv.DictReader(f)
        }
