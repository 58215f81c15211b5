"""The GX suites and run_suite, with real Great Expectations (no mocks).

Small frames shaped like the tables (docs/tables.md) are built here for the landing and victims
suites (the mart suites of IND, OM and the cross-source checks: test_mart_suites.py): one good
frame per suite, then one break per expectation of severity `error`, each of which must fail
exactly that expectation. The table of breaks is checked against the suites, so a new error expectation
without a break fails `test_every_error_expectation_has_a_break`.

One data directory is shared by the module: a GX context per directory is cached per process,
and every run_suite call costs GX's own validation work. Only the tests about the Data Docs
render them (`build_docs=True`), as a build renders them once per run, not per suite (issue 19):
rendering after every validation made this module with test_mart_suites.py and
test_published_suites.py cost about a third more CPU time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from orchestration.quality import (
    RESULTS_COLUMNS,
    SUITE_NAMES,
    SuiteOutcome,
    build_run_docs,
    results_rows,
    run_suite,
    write_results,
)
from orchestration.settings import EXPECTATIONS_DIR, REPO_ROOT

GOOD_ROW_COUNT = 10


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _strings(values: list) -> pd.Series:
    """A text column as DuckDB's `.df()` gives it under pandas 3 (`str`, missing = NaN)."""
    return pd.Series(values, dtype=pd.StringDtype(na_value=np.nan))


def _timestamps(values: list) -> pd.Series:
    return pd.Series(pd.to_datetime(values)).astype("datetime64[us]")


def _integers(values: list, dtype: str) -> pd.Series:
    """A nullable integer column (`Int32`, `Int64`) from table cells."""
    return pd.Series(pd.array([None if v is None else int(v) for v in values], dtype=dtype))


def _flags(values: list) -> np.ndarray:
    return np.array([v == "ja" for v in values], dtype=bool)


def _texts(table: dict[str, list], *columns: str) -> dict[str, pd.Series]:
    return {c: _strings(table[c]) for c in columns}


def _table(text: str) -> dict[str, list]:
    """The columns of a table written as text: a header row, then one row per line, cells split
    by `|`; an empty cell is missing. Written as text, a row stays on one line, where a tuple per
    row is wrapped by the formatter to one line per value."""
    header, *rows = (
        [cell.strip() for cell in line.split("|")] for line in textwrap.dedent(text).strip().splitlines()
    )
    columns = zip(*rows, strict=True)
    return {name: [cell or None for cell in column] for name, column in zip(header, columns, strict=True)}


def _lineage(file_name: str, n: int, delivered: str, loaded: str) -> dict[str, pd.Series]:
    return {
        "file_name": _strings([file_name] * n),
        "delivery_date": _timestamps([delivered] * n),
        "row_number": pd.Series(np.arange(2, 2 + n, dtype="int64")),
        "loaded_at": _timestamps([loaded] * n),
    }


# --------------------------------------------------------------------------------------------
# good frames
# --------------------------------------------------------------------------------------------

# One report per reporter group (melder_type, contract column 9), Politie three times.
LANDING = _table(
    """
    age_at_report | geslacht | nationaliteit | datum_melding | melder_type     | gewijzigd_op
    17            | V        | Nederland     | 2013-02-01    | Politie         | 2013-02-01 09:00
    19            | M        | Nederland     | 2014-03-07    | KMar            | 2014-03-07 10:30
    25            | O        | Nederland     | 2015-05-10    | ISZW-DO         | 2015-05-11 08:00
    31            | V        | Nederland     | 2016-07-01    | EMM             | 2016-07-01 12:00
    45            | V        | Roemenië      | 2017-12-31    | Zorgcoördinator | 2018-01-02 16:45
    22            | M        | Roemenië      | 2013-06-15    | FairWork        | 2013-06-15 10:00
    28            | V        | Roemenië      | 2014-01-20    | Overig          | 2014-01-20 10:00
    35            | V        | Nigeria       | 2015-09-09    | Onbekend        | 2015-09-09 10:00
    50            | M        | Bulgarije     | 2016-11-11    | Politie         | 2016-11-11 10:00
                  | V        | Onbekend      | 2017-04-04    | Politie         | 2018-05-01 10:00
    """
)


def landing_frame() -> pd.DataFrame:
    n = GOOD_ROW_COUNT
    return pd.DataFrame(
        {
            "melding_id": _strings([f"M-{i:04d}" for i in range(n)]),
            "person_key": _strings([_hash(f"persoon-{i}") for i in range(n)]),
            "age_at_report": _integers(LANDING["age_at_report"], "Int32"),
            "geslacht": _strings(LANDING["geslacht"]),
            "nationaliteit": _strings(LANDING["nationaliteit"]),
            "datum_melding": _timestamps(LANDING["datum_melding"]),
            "melder_type": _strings(LANDING["melder_type"]),
            "melder_organisatie": _strings([None] * n),
            "politie_eenheid": _strings(["Rotterdam"] + [None] * 7 + ["Onbekend", "Landelijke Eenheid"]),
            "kmar_regio": _strings([None, "Schiphol"] + [None] * 8),
            "emm_rol": _strings([None, None, None, "getuige"] + [None] * 6),
            "gemeente_aantreffen": _strings(["GM0363", None, "GM0599"] + [None] * 7),
            "sector": [np.array(["Seksuele uitbuiting"], dtype=object)] * (n - 1)
            + [np.array(["Onbekend", "Uitbuiting buiten de seksindustrie"], dtype=object)],
            "subsector": [np.array([], dtype=object)] * (n - 1) + [np.array(["Horeca"], dtype=object)],
            "land_werving": _strings([None] * n),
            "land_uitbuiting": _strings([None] * n),
            "uitzendbureau": _strings([None] * (n - 1) + ["Ja"]),
            "doel_melding": _strings(
                ["Registratie"] * 7 + ["Verzoek opvang", "Informatie en advies", "Registratie"]
            ),
            "eerste_opvang": _strings([None] * 7 + ["COSM", None, None]),
            "aangifte": _strings([None, "Ja", "Nee", "Bedenktijd loopt", "Intake", "Onbekend"] + [None] * 4),
            "link_hash": _strings([_hash("koppelsleutel-1")] + [None] * (n - 1)),
            "status": _strings(["Actief"] * (n - 1) + ["Vervallen"]),
            "gewijzigd_op": _timestamps(LANDING["gewijzigd_op"]),
            **_lineage("comensha_registraties_20180601.csv", n, "2018-06-01", "2018-06-02 03:00"),
        }
    )


# Rows: 0 and 8 are the same victim in two years; 5 and 6 are sub-3 (KMar only, Alleen SU or
# Onbekend); 7 is KMar only with Alleen UBS, so not sub-3 (R7); 4 and 6 are in group Onbekend
# (2 of 10, under the 25% bound).
VICTIMS = _table(
    """
    victim | year | route               | form     | exploitation | sub3 | kmar_only | gender   | age_band    | purpose              | police           | nationality | origin_region
    v0     | 2013 | Binnenlands         | BL-SU    | Alleen SU    | nee  | nee       | Vrouw    | Minderjarig | Registratie          | Ja               | Nederland   | Nederland
    v1     | 2014 | Grensoverschrijdend | GO-SU    | SU en UBS    | nee  | nee       | Vrouw    | 18-22       | Verzoek opvang       | Bedenktijd loopt | Roemenië    | EU vanaf 2004
    v2     | 2015 | Grensoverschrijdend | GO-UBS   | Alleen UBS   | nee  | nee       | Man      | 23-29       | Informatie en advies | Intake           | Polen       | EU vanaf 2004
    v3     | 2016 | Binnenlands         | BL-UBS   | Alleen UBS   | nee  | nee       | Man      | 30-39       | Registratie          | Nee              | Nederland   | Nederland
    v4     | 2017 | Onbekend            | Onbekend | Onbekend     | nee  | nee       | Onbekend | Onbekend    | Registratie          | Onbekend         | Onbekend    | Onbekend
    v5     | 2013 | Grensoverschrijdend | GO-SU    | Alleen SU    | ja   | ja        | Vrouw    | 23-29       | Registratie          | Nee              | Roemenië    | EU vanaf 2004
    v6     | 2014 | Grensoverschrijdend | Onbekend | Onbekend     | ja   | ja        | Vrouw    | 40+         | Registratie          | Onbekend         | Bulgarije   | EU vanaf 2004
    v7     | 2015 | Grensoverschrijdend | GO-UBS   | Alleen UBS   | nee  | ja        | Man      | 30-39       | Registratie          | Nee              | Hongarije   | EU vanaf 2004
    v0     | 2014 | Binnenlands         | BL-SU    | Alleen SU    | nee  | nee       | Vrouw    | 18-22       | Verzoek opvang       | Ja               | Nederland   | Nederland
    v9     | 2017 | Grensoverschrijdend | GO-SU    | Alleen SU    | nee  | nee       | Vrouw    | Minderjarig | Registratie          | Ja               | Nigeria     | Afrika
    """
)
SUB3_ROW = 5
PLAIN_ROW = 1  # an ordinary headline victim-year


def victims_frame() -> pd.DataFrame:
    v = VICTIMS
    n = len(v["victim"])
    return pd.DataFrame(
        {
            "victim_id": _strings([_hash(victim) for victim in v["victim"]]),
            "registration_year": np.array([int(year) for year in v["year"]], dtype="int32"),
            "trafficking_route": _strings(v["route"]),
            "trafficking_form": _strings(v["form"]),
            "exploitation_form": _strings(v["exploitation"]),
            "is_sub3": _flags(v["sub3"]),
            "is_headline": ~_flags(v["sub3"]),
            "is_kmar_only": _flags(v["kmar_only"]),
            "is_emm_only": np.zeros(n, dtype=bool),
            "gender": _strings(v["gender"]),
            "age_band": _strings(v["age_band"]),
            "is_minor": pd.array(
                [a == "Minderjarig" if a != "Onbekend" else None for a in v["age_band"]], dtype="boolean"
            ),
            "nationality": _strings(v["nationality"]),
            "origin_region": _strings(v["origin_region"]),
            "prostitution_sector": _strings(["Raamprostitutie"] + ["Onbekend"] * (n - 1)),
            "visibility": _strings(["Meer zichtbaar"] + ["Onbekend"] * (n - 1)),
            "non_sex_sector": _strings([None, "Horeca", "Bouw", "Horeca"] + [None] * (n - 4)),
            "report_purpose": _strings(v["purpose"]),
            "first_shelter": _strings([None, "COSM"] + [None] * 6 + ["Geen opvang", None]),
            "police_report": _strings(v["police"]),
        }
    )


# Rows: 0, 2, 3, 9 are before 2015, so without uitbuitingsvorm; 5 is the prosecution ground after
# 1 October 2018; 7 a 30-day (Dublin) reflection period in 2019; 0 and 7 are the same person.
IND = _table(
    """
    gebeurtenis                   | datum      | pad        | grond                             | beslissing         | fase          | bedenktijd_dagen | uitbuitingsvorm      | geslacht | nationaliteit
    Bedenktijd verleend           | 2013-03-01 |            |                                   |                    |               | 90               |                      | Vrouw    | Nigeria
    Aanvraag tijdelijk verblijf   | 2015-04-01 | Regulier   |                                   |                    | Eerste aanleg |                  | Seksuele uitbuiting  | Vrouw    | Roemenië
    Besluit tijdelijk verblijf    | 2013-06-01 | Regulier   |                                   | Ingewilligd        | Eerste aanleg |                  |                      | Man      | Filipijnen
    Verlenging tijdelijk verblijf | 2014-06-01 | Schrijnend |                                   | Afgewezen          | Bezwaar       |                  |                      | Onbekend | Marokko
    Aanvraag voortgezet verblijf  | 2016-02-01 |            |                                   |                    | Eerste aanleg |                  | Arbeidsuitbuiting    | Man      | Polen
    Besluit voortgezet verblijf   | 2019-03-01 |            | a-grond besluit tot vervolging    | Ingewilligd        | Eerste aanleg |                  | Onbekend             | Vrouw    | Nigeria
    Besluit voortgezet verblijf   | 2016-05-01 |            | b-grond bijzondere omstandigheden | Buiten behandeling | Beroep        |                  | Criminele uitbuiting | Vrouw    | Staatloos
    Bedenktijd verleend           | 2019-06-01 |            |                                   |                    |               | 30               |                      | Vrouw    | Nigeria
    Asielaanvraag                 | 2017-01-10 |            |                                   |                    |               |                  | Onbekend             | Man      | Roemenië
    Besluit tijdelijk verblijf    | 2014-01-10 | Regulier   |                                   | Ingetrokken        | Beroep        |                  |                      | Man      | Filipijnen
    """
)
IND_PRE_2015_ROW = 0
IND_2016_ROW = 6


def ind_frame() -> pd.DataFrame:
    n = len(IND["datum"])
    persons = [0, 1, 2, 3, 4, 5, 6, 0, 8, 9]
    return pd.DataFrame(
        {
            "gebeurtenis_id": _strings([f"G-{i:05d}" for i in range(n)]),
            "person_key": _strings([_hash(f"ind-persoon-{p}") for p in persons]),
            "age_at_event": pd.array([17, 24, 31, 45, 29, 38, 22, 23, None, 52], dtype="Int32"),
            **_texts(IND, "geslacht", "nationaliteit", "gebeurtenis"),
            "datum": _timestamps(IND["datum"]),
            **_texts(IND, "pad", "grond", "beslissing", "fase", "bedenktijd_dagen", "uitbuitingsvorm"),
            "link_hash": _strings(
                [_hash("koppelsleutel-1"), None, None, _hash("koppelsleutel-2")] + [None] * (n - 4)
            ),
            "status": _strings(["Actief"] * (n - 1) + ["Vervallen"]),
            "gewijzigd_op": _timestamps([f"{d} 12:00" for d in IND["datum"]]),
            **_lineage("ind_verblijf_20200115.csv", n, "2020-01-15", "2020-01-15 03:00"),
        }
    )


# Rows 0-5 were summoned (Dagvaarding), 0-4 with a judgment; 6 and 7 were settled otherwise;
# 8 and 9 are pending. Row 0 is a prison sentence, row 1 a community service.
OM = _table(
    """
    geslacht | nationaliteit | parket             | wetsartikel         | uitbuitingsvorm      | inschrijfdatum | afdoening    | afdoeningsdatum | vonnis                            | vonnisdatum | instantie   | strafsoort                            | strafduur_dagen
    M        | Nederland     | Amsterdam          | 273f lid 1 sub 1 Sr | Seksuele uitbuiting  | 2013-02-01     | Dagvaarding  | 2013-09-01      | Veroordeling                      | 2014-03-01  | Rechtbank   | Onvoorwaardelijke gevangenisstraf     | 730
    M        | Roemenië      | Rotterdam          | 273f lid 1 sub 4 Sr | Arbeidsuitbuiting    | 2014-05-12     | Dagvaarding  | 2014-11-01      | Veroordeling                      | 2015-06-01  | Rechtbank   | Taakstraf                             |
    V        | Nederland     | Den Haag           | 273a Sr             | Seksuele uitbuiting  | 2014-08-01     | Dagvaarding  | 2015-01-20      | Vrijspraak                        | 2015-09-01  | Gerechtshof |                                       |
    M        | Bulgarije     | Oost-Brabant       | 273f lid 1 sub 1 Sr | Criminele uitbuiting | 2015-03-03     | Dagvaarding  | 2015-03-03      | Veroordeling                      | 2015-03-03  | Rechtbank   | Deels voorwaardelijke gevangenisstraf | 365
    O        | Nigeria       | Landelijk Parket   | 273f lid 1 sub 9 Sr | Orgaanverwijdering   | 2015-10-10     | Dagvaarding  | 2016-01-05      | Ontslag van alle rechtsvervolging | 2016-12-01  | Hoge Raad   |                                       |
    M        | Nederland     | Functioneel Parket | 273f lid 1 sub 4 Sr | Arbeidsuitbuiting    | 2016-04-04     | Dagvaarding  | 2016-09-09      |                                   |             |             |                                       |
    V        | Polen         | Noord-Nederland    | 250a Sr             | Onbekend             | 2016-06-30     | Beleidssepot | 2016-12-01      |                                   |             |             |                                       |
    M        | Staatloos     | Limburg            | 273f lid 1 sub 1 Sr | Seksuele uitbuiting  | 2017-01-15     | Transactie   | 2017-05-01      |                                   |             |             |                                       |
    M        | Nederland     | Gelderland         | 273f lid 1 sub 5 Sr | Seksuele uitbuiting  | 2017-06-01     |              |                 |                                   |             |             |                                       |
    V        | Marokko       | Amsterdam          | 273f lid 1 sub 1 Sr | Onbekend             | 2017-11-20     |              |                 |                                   |             |             |                                       |
    """
)
OM_PRISON_ROW = 0
OM_SETTLED_ROW = 6  # afdoening without a judgment
OM_DATES = ("inschrijfdatum", "afdoeningsdatum", "vonnisdatum")


def om_frame() -> pd.DataFrame:
    n = len(OM["inschrijfdatum"])
    victims = [[_hash("koppelsleutel-1")], [], [_hash("koppelsleutel-3"), _hash("koppelsleutel-4")]] + [
        []
    ] * (n - 3)
    return pd.DataFrame(
        {
            "parketnummer": _strings([f"{10 + i}/{123450 + i:06d}-1{3 + i // 3}" for i in range(n)]),
            "suspect_key": _strings([_hash(f"verdachte-{i}") for i in range(n)]),
            "age_at_registration": pd.array([34, 41, 28, None, 19, 55, 36, 23, 47, 31], dtype="Int32"),
            **_texts(OM, "geslacht", "nationaliteit", "parket"),
            "inschrijfdatum": _timestamps(OM["inschrijfdatum"]),
            **_texts(OM, "wetsartikel", "uitbuitingsvorm", "afdoening"),
            "afdoeningsdatum": _timestamps(OM["afdoeningsdatum"]),
            **_texts(OM, "vonnis"),
            "vonnisdatum": _timestamps(OM["vonnisdatum"]),
            **_texts(OM, "instantie", "strafsoort"),
            "strafduur_dagen": _integers(OM["strafduur_dagen"], "Int64"),
            "aantal_slachtoffers": pd.array([1, 0, 2, 1, None, 3, 1, 1, 2, 1], dtype="Int64"),
            "victim_link_hashes": [np.array(v, dtype=object) for v in victims],
            "status": _strings(["Actief"] * (n - 1) + ["Vervallen"]),
            # the last change is the latest date the case has
            "gewijzigd_op": _timestamps(
                [f"{max(d for d in dates if d)} 12:00" for dates in zip(*(OM[c] for c in OM_DATES))]
            ),
            **_lineage("om_vervolging_20180201.csv", n, "2018-02-01", "2018-02-01 03:00"),
        }
    )


# The suites checked here on small hand-built frames. The suites on the IND, OM and
# cross-source marts are checked on the marts of the default sample, with breaks applied to
# those, in test_mart_suites.py.
HAND_BUILT_SUITES = ("landing_comensha", "landing_ind", "landing_om", "victims")

GOOD_PARAMETERS = {
    "landing_comensha": {},
    "landing_ind": {},
    "landing_om": {},
    "victims": {"expected_row_count": GOOD_ROW_COUNT},
}
FRAMES: dict[str, Callable[[], pd.DataFrame]] = {
    "landing_comensha": landing_frame,
    "landing_ind": ind_frame,
    "landing_om": om_frame,
    "victims": victims_frame,
}


# --------------------------------------------------------------------------------------------
# one break per error expectation: (suite, expectation type, column) -> change to the good frame
# --------------------------------------------------------------------------------------------

Break = Callable[[pd.DataFrame, dict], tuple[pd.DataFrame, dict]]


def set_value(column: str, value, row: int = PLAIN_ROW) -> Break:
    def change(frame: pd.DataFrame, params: dict):
        frame = frame.copy()
        if value is None and frame[column].dtype == bool:
            frame[column] = frame[column].astype("boolean")
        elif value is None and pd.api.types.is_integer_dtype(frame[column].dtype):
            frame[column] = frame[column].astype(str(frame[column].dtype).capitalize())  # Int32/Int64
        frame.loc[row, column] = value
        return frame, params

    return change


def add_column(name: str) -> Break:
    return lambda frame, params: (frame.assign(**{name: "Jansen"}), params)


def row_count_off(frame: pd.DataFrame, params: dict):
    return frame, {**params, "expected_row_count": len(frame) + 1}


def duplicate_victim_year(frame: pd.DataFrame, params: dict):
    frame = frame.copy()
    frame.loc[8, "registration_year"] = frame.loc[0, "registration_year"]  # v0 twice in 2013
    return frame, params


def duplicate_source_line(frame: pd.DataFrame, params: dict):
    frame = frame.copy()
    frame.loc[3, "row_number"] = frame.loc[2, "row_number"]
    return frame, params


def changed_before_reported(frame: pd.DataFrame, params: dict):
    frame = frame.copy()
    frame.loc[2, "gewijzigd_op"] = frame.loc[2, "datum_melding"] - pd.Timedelta(days=1)
    return frame, params


def shift(column: str, relative_to: str, days: int, row: int = PLAIN_ROW) -> Break:
    """`column` of one row becomes `relative_to` of that row plus `days`."""

    def change(frame: pd.DataFrame, params: dict):
        frame = frame.copy()
        frame.loc[row, column] = frame.loc[row, relative_to] + pd.Timedelta(days=days)
        return frame, params

    return change


NOT_NULL = "expect_column_values_to_not_be_null"
IN_SET = "expect_column_values_to_be_in_set"
REGEX = "expect_column_values_to_match_regex"


def not_null_breaks(suite: str, columns: str) -> dict[tuple[str, str, str], Break]:
    """A missing value in each of `columns` (names split by white space)."""
    return {(suite, NOT_NULL, column): set_value(column, None) for column in columns.split()}


def in_set_breaks(suite: str, table: str) -> dict[tuple[str, str, str], Break]:
    """A value outside its set in each column of a `column | value` table, on the plain row."""
    outside = _table(table)
    return {
        (suite, IN_SET, column): set_value(column, value)
        for column, value in zip(outside["column"], outside["value"], strict=True)
    }


ERROR_BREAKS: dict[tuple[str, str, str | None], Break] = {
    # landing_comensha
    ("landing_comensha", "expect_table_columns_to_match_set", None): add_column("achternaam"),
    **not_null_breaks(
        "landing_comensha",
        "melding_id person_key geslacht nationaliteit datum_melding melder_type doel_melding status"
        " gewijzigd_op file_name row_number",
    ),
    ("landing_comensha", REGEX, "person_key"): set_value("person_key", "P-000123"),
    ("landing_comensha", REGEX, "link_hash"): set_value("link_hash", _hash("x").upper(), row=0),
    ("landing_comensha", REGEX, "gemeente_aantreffen"): set_value("gemeente_aantreffen", "0363", row=0),
    **in_set_breaks(
        "landing_comensha",
        """
            column          | value
            geslacht        | X
            melder_type     | Buurman
            doel_melding    | Opvang
            status          | Verwijderd
            politie_eenheid | Utrecht
            emm_rol         | dader
            eerste_opvang   | Hotel
            aangifte        | Misschien
            nationaliteit   | Atlantis
        """,
    ),
    ("landing_comensha", "expect_column_values_to_be_between", "age_at_report"): set_value(
        "age_at_report", 120
    ),
    ("landing_comensha", "expect_column_values_to_be_between", "datum_melding"): set_value(
        "datum_melding", pd.Timestamp("1999-12-31"), row=0
    ),
    ("landing_comensha", "expect_column_pair_values_a_to_be_greater_than_b", "gewijzigd_op, datum_melding"): (
        changed_before_reported
    ),
    (
        "landing_comensha",
        "expect_compound_columns_to_be_unique",
        "file_name, row_number",
    ): duplicate_source_line,
    # landing_ind
    ("landing_ind", "expect_table_columns_to_match_set", None): add_column("v_nummer"),
    **not_null_breaks(
        "landing_ind",
        "gebeurtenis_id person_key geslacht nationaliteit gebeurtenis datum status gewijzigd_op"
        " file_name row_number",
    ),
    ("landing_ind", REGEX, "person_key"): set_value("person_key", "1234567890"),
    ("landing_ind", REGEX, "link_hash"): set_value("link_hash", "KS-0001", row=0),
    **in_set_breaks(
        "landing_ind",
        """
            column           | value
            geslacht         | V
            nationaliteit    | Atlantis
            gebeurtenis      | Naturalisatie
            pad              | Standaard
            grond            | c-grond
            beslissing       | Verleend
            fase             | Hoger beroep
            bedenktijd_dagen | 60
            uitbuitingsvorm  | Orgaanverwijdering
            status           | Verwijderd
        """,
    ),
    ("landing_ind", "expect_column_values_to_be_between", "age_at_event"): set_value("age_at_event", 100),
    ("landing_ind", "expect_column_values_to_be_between", "datum"): set_value(
        "datum", pd.Timestamp("1999-12-31"), row=IND_PRE_2015_ROW
    ),
    ("landing_ind", "expect_column_pair_values_a_to_be_greater_than_b", "gewijzigd_op, datum"): shift(
        "gewijzigd_op", "datum", days=-1
    ),
    ("landing_ind", "expect_column_values_to_be_null", "uitbuitingsvorm"): set_value(
        "uitbuitingsvorm", "Onbekend", row=IND_PRE_2015_ROW
    ),
    ("landing_ind", "expect_column_values_to_not_be_in_set", "grond"): set_value(
        "grond", "a-grond besluit tot vervolging", row=IND_2016_ROW
    ),
    ("landing_ind", "expect_compound_columns_to_be_unique", "file_name, row_number"): duplicate_source_line,
    # landing_om
    ("landing_om", "expect_table_columns_to_match_set", None): add_column("achternaam"),
    **not_null_breaks(
        "landing_om",
        "parketnummer suspect_key geslacht nationaliteit parket inschrijfdatum wetsartikel"
        " uitbuitingsvorm status gewijzigd_op file_name row_number",
    ),
    ("landing_om", REGEX, "suspect_key"): set_value("suspect_key", "VD-000123"),
    **in_set_breaks(
        "landing_om",
        """
            column          | value
            geslacht        | Man
            nationaliteit   | Atlantis
            parket          | Arrondissementsparket Amsterdam
            wetsartikel     | art. 273f Sr
            uitbuitingsvorm | Gedwongen bedelarij
            vonnis          | Schuldig
            instantie       | Kantongerecht
            strafsoort      | Werkstraf
            status          | Verwijderd
        """,
    ),
    ("landing_om", IN_SET, "afdoening"): set_value("afdoening", "Schikking", row=OM_SETTLED_ROW),
    ("landing_om", "expect_column_values_to_be_between", "age_at_registration"): set_value(
        "age_at_registration", 11
    ),
    ("landing_om", "expect_column_values_to_be_between", "strafduur_dagen"): set_value(
        "strafduur_dagen", 0, row=OM_PRISON_ROW
    ),
    ("landing_om", "expect_column_values_to_be_between", "aantal_slachtoffers"): set_value(
        "aantal_slachtoffers", -1
    ),
    ("landing_om", "expect_column_values_to_be_between", "inschrijfdatum"): set_value(
        "inschrijfdatum", pd.Timestamp("1999-12-31"), row=0
    ),
    (
        "landing_om",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "afdoeningsdatum, inschrijfdatum",
    ): shift("afdoeningsdatum", "inschrijfdatum", days=-1),
    ("landing_om", "expect_column_pair_values_a_to_be_greater_than_b", "vonnisdatum, afdoeningsdatum"): shift(
        "vonnisdatum", "afdoeningsdatum", days=-1
    ),
    ("landing_om", "expect_column_pair_values_a_to_be_greater_than_b", "gewijzigd_op, inschrijfdatum"): shift(
        "gewijzigd_op", "inschrijfdatum", days=-1, row=8
    ),
    ("landing_om", "expect_column_values_to_be_null", "vonnis"): set_value(
        "vonnis", "Vrijspraak", row=OM_SETTLED_ROW
    ),
    ("landing_om", "expect_compound_columns_to_be_unique", "file_name, row_number"): duplicate_source_line,
    # victims
    (
        "victims",
        "expect_compound_columns_to_be_unique",
        "victim_id, registration_year",
    ): duplicate_victim_year,
    ("victims", REGEX, "victim_id"): set_value("victim_id", "persoon-42"),
    **not_null_breaks(
        "victims",
        "victim_id registration_year trafficking_route trafficking_form exploitation_form gender age_band"
        " report_purpose police_report is_sub3 is_headline is_kmar_only",
    ),
    **in_set_breaks(
        "victims",
        """
            column            | value
            trafficking_route | Binnen
            trafficking_form  | SU
            exploitation_form | SU
            gender            | V
            age_band          | 18-25
            report_purpose    | Opvang
            police_report     | Misschien
        """,
    ),
    ("victims", "expect_table_row_count_to_equal", None): row_count_off,
    ("victims", IN_SET, "is_kmar_only"): set_value("is_kmar_only", False, row=SUB3_ROW),
    ("victims", "expect_column_pair_values_to_be_in_set", "is_sub3, is_headline"): set_value(
        "is_headline", True, row=SUB3_ROW
    ),
}


def _expectation_keys(suite_name: str, severity: str) -> set[tuple[str, str, str | None]]:
    from orchestration.quality.gx_runner import _column
    from orchestration.quality.suites import SUITES

    suite = SUITES[suite_name].build()
    return {
        (suite_name, e.expectation_type, _column(e.configuration.kwargs))
        for e in suite.expectations
        if e.meta["severity"] == severity
    }


# --------------------------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("quality_data")


def _expectations_tree() -> dict[str, bytes]:
    """Every file under expectations/, ignored ones included, with its content."""
    return {
        str(p.relative_to(EXPECTATIONS_DIR)): p.read_bytes()
        for p in sorted(EXPECTATIONS_DIR.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module", autouse=True)
def expectations_tree_untouched():
    """No test of this module may change or add a file under expectations/."""
    before = _expectations_tree()
    yield
    assert _expectations_tree() == before, "running the suites changed the committed GX context"


def _run(suite: str, frame: pd.DataFrame, data_dir: Path, params: dict, run_name: str) -> SuiteOutcome:
    """A validation whose page is not rendered (the Data Docs tests call run_suite themselves)."""
    return run_suite(suite, frame, data_dir=data_dir, run_name=run_name, parameters=params, build_docs=False)


# --------------------------------------------------------------------------------------------
# tests
# --------------------------------------------------------------------------------------------


def test_suite_names_match_the_suites():
    from orchestration.quality.suites import SUITES

    assert set(SUITE_NAMES) == set(SUITES)


@pytest.mark.parametrize("suite", SUITE_NAMES)
def test_every_expectation_has_severity_beschrijving_and_a_unique_name(suite):
    from orchestration.quality.gx_runner import _column
    from orchestration.quality.suites import SUITES

    expectations = SUITES[suite].build().expectations
    keys = [(e.expectation_type, _column(e.configuration.kwargs)) for e in expectations]
    assert len(keys) == len(set(keys)), "expectation type + column must identify an expectation"
    for e in expectations:
        assert e.meta["severity"] in ("error", "warning"), e
        assert len(e.meta["beschrijving"]) > 20, e
        label = {"error": "[blokkerend]", "warning": "[waarschuwing]"}[e.meta["severity"]]
        assert e.description == f"{label} {e.meta['beschrijving']}"
        assert e.catch_exceptions is True


@pytest.mark.parametrize("suite", HAND_BUILT_SUITES)
def test_every_error_expectation_has_a_break(suite):
    breaks = {k for k in ERROR_BREAKS if k[0] == suite}
    assert breaks == _expectation_keys(suite, "error")


@pytest.mark.parametrize("suite", HAND_BUILT_SUITES)
def test_good_frame_passes_every_expectation(suite, data_dir):
    outcome = _run(suite, FRAMES[suite](), data_dir, GOOD_PARAMETERS[suite], f"good-{suite}")
    failed = [(o.expectation, o.column, o.observed_value) for o in outcome.outcomes if not o.success]
    assert failed == []
    assert outcome.success
    assert outcome.error_failures == [] and outcome.warning_failures == []
    assert len(outcome.outcomes) == len(_expectation_keys(suite, "error")) + len(
        _expectation_keys(suite, "warning")
    )


@pytest.mark.parametrize(
    "key",
    sorted(ERROR_BREAKS, key=lambda k: (k[0], k[1], k[2] or "")),
    ids=lambda k: "/".join(filter(None, k)),
)
def test_each_error_break_fails_exactly_that_expectation(key, data_dir):
    suite, expectation, column = key
    frame, params = ERROR_BREAKS[key](FRAMES[suite](), dict(GOOD_PARAMETERS[suite]))
    outcome = _run(suite, frame, data_dir, params, f"break-{expectation}")

    failed = [(o.expectation, o.column, o.severity) for o in outcome.outcomes if not o.success]
    assert failed == [(expectation, column, "error")]
    assert not outcome.success
    assert [(o.expectation, o.column) for o in outcome.error_failures] == [(expectation, column)]
    assert outcome.warning_failures == []
    failure = outcome.error_failures[0]
    assert failure.beschrijving and failure.observed_value
    assert not failure.observed_value.startswith("kon niet worden gecontroleerd"), failure.observed_value


def test_unexpected_values_are_sampled_for_the_steward(data_dir):
    frame, params = set_value("melder_type", "Buurman")(landing_frame(), {})
    outcome = _run("landing_comensha", frame, data_dir, params, "sample")
    (failure,) = outcome.error_failures
    assert failure.observed_value == "1 van 10 rijen wijken af (10,00%)"
    assert failure.unexpected_sample == '["Buurman"]'

    frame, params = add_column("voornaam")(landing_frame(), {})
    (failure,) = _run("landing_comensha", frame, data_dir, params, "sample-columns").error_failures
    assert "voornaam" in failure.unexpected_sample

    frame, params = row_count_off(victims_frame(), {"expected_row_count": GOOD_ROW_COUNT})
    (failure,) = _run("victims", frame, data_dir, params, "sample-count").error_failures
    assert failure.observed_value == "10 (verwacht: 11)"


def test_warning_only_break_passes_the_error_gate_and_lists_the_warning(data_dir):
    frame = victims_frame()
    frame.loc[[0, 2, 3], "trafficking_form"] = "Onbekend"  # 5 of 10 in group Onbekend
    frame.loc[9, "registration_year"] = 2018  # outside the reporting window 2013-2017
    outcome = _run("victims", frame, data_dir, GOOD_PARAMETERS["victims"], "warnings")

    assert outcome.success, outcome.error_failures
    assert outcome.error_failures == []
    assert sorted((o.expectation, o.column, o.severity) for o in outcome.warning_failures) == [
        ("expect_column_values_to_be_between", "registration_year", "warning"),
        ("expect_column_values_to_not_be_in_set", "trafficking_form", "warning"),
    ]

    landing = landing_frame()
    landing.loc[[0, 1, 2], "age_at_report"] = None  # age unknown for 4 of 10
    outcome = _run("landing_comensha", landing, data_dir, {}, "warnings-landing")
    assert outcome.success
    assert [(o.expectation, o.column) for o in outcome.warning_failures] == [
        ("expect_column_values_to_not_be_null", "age_at_report")
    ]


def test_ind_and_om_warnings_pass_the_error_gate_and_are_listed(data_dir):
    ind = ind_frame()
    ind.loc[[1, 2], "nationaliteit"] = "Onbekend"  # 2 of 10: above the 10% bound
    ind.loc[IND_PRE_2015_ROW, "bedenktijd_dagen"] = "30"  # Dublin period in 2013
    outcome = _run("landing_ind", ind, data_dir, {}, "warnings-ind")
    assert outcome.success, outcome.error_failures
    assert sorted((o.expectation, o.column) for o in outcome.warning_failures) == [
        ("expect_column_values_to_not_be_in_set", "bedenktijd_dagen"),
        ("expect_column_values_to_not_be_in_set", "nationaliteit"),
    ]

    om = om_frame()
    om.loc[[0, 1], "nationaliteit"] = "Onbekend"
    om.loc[[0, 1], "age_at_registration"] = None  # age unknown for 3 of 10
    outcome = _run("landing_om", om, data_dir, {}, "warnings-om")
    assert outcome.success, outcome.error_failures
    assert sorted((o.expectation, o.column) for o in outcome.warning_failures) == [
        ("expect_column_values_to_not_be_in_set", "nationaliteit"),
        ("expect_column_values_to_not_be_null", "age_at_registration"),
    ]


def test_ind_and_om_date_floors_follow_parameters(data_dir):
    outcome = _run("landing_ind", ind_frame(), data_dir, {"datum_min": "2014-01-01"}, "floor-ind")
    assert [(o.column, o.observed_value) for o in outcome.error_failures] == [
        ("datum", "2 van 10 rijen wijken af (20,00%)")
    ]
    outcome = _run("landing_om", om_frame(), data_dir, {"inschrijfdatum_max": "2017-06-30"}, "ceiling-om")
    assert [(o.column, o.observed_value) for o in outcome.error_failures] == [
        ("inschrijfdatum", "1 van 10 rijen wijken af (10,00%)")
    ]


def test_reporting_window_follows_parameters(data_dir):
    outcome = _run(
        "victims",
        victims_frame(),
        data_dir,
        {"expected_row_count": GOOD_ROW_COUNT, "counted_year_min": 2014, "counted_year_max": 2017},
        "window",
    )
    assert outcome.success
    assert [(o.column, o.observed_value) for o in outcome.warning_failures] == [
        ("registration_year", "2 van 10 rijen wijken af (20,00%)")
    ]
    assert outcome.parameters["counted_year_min"] == 2014


def test_missing_or_unknown_parameters_and_suites_are_refused(data_dir):
    with pytest.raises(ValueError, match="expected_row_count"):
        _run("victims", victims_frame(), data_dir, {}, "no-count")
    with pytest.raises(ValueError, match="no parameters"):
        _run("victims", victims_frame(), data_dir, {"expected_row_count": 10, "typo": 1}, "typo")
    with pytest.raises(ValueError, match="unknown suite"):
        _run("marts_victims", victims_frame(), data_dir, {}, "unknown")


def test_a_missing_column_fails_its_checks_without_aborting_the_suite(data_dir):
    frame = victims_frame().drop(columns=["police_report"])
    outcome = _run("victims", frame, data_dir, GOOD_PARAMETERS["victims"], "missing-column")
    failed = {(o.expectation, o.column) for o in outcome.error_failures}
    assert failed == {(NOT_NULL, "police_report"), (IN_SET, "police_report")}
    assert all(o.observed_value.startswith("kon niet worden gecontroleerd") for o in outcome.error_failures)
    assert len(outcome.outcomes) == len(_expectation_keys("victims", "error")) + 2


@pytest.mark.parametrize("suite", HAND_BUILT_SUITES)
def test_frames_as_read_from_duckdb_pass(suite, data_dir):
    """The callers read the tables with DuckDB's `.df()` (datetime64[us], pandas 3 strings,
    nullable Int32); the same frame through DuckDB must still pass. Also through arrow, whose
    pandas conversion gives DATE columns as `datetime.date` objects."""
    con = duckdb.connect()
    good = FRAMES[suite]()
    con.register("good", good)
    from_df = con.sql("SELECT * FROM good").df()
    from_arrow = con.sql("SELECT * FROM good").arrow().read_all().to_pandas()
    con.close()
    for name, frame in (("df", from_df), ("arrow", from_arrow)):
        outcome = _run(suite, frame, data_dir, GOOD_PARAMETERS[suite], f"duckdb-{name}")
        assert [(o.expectation, o.column, o.observed_value) for o in outcome.outcomes if not o.success] == []


def test_data_docs_are_built_under_the_data_dir(data_dir):
    outcome = run_suite("landing_comensha", landing_frame(), data_dir=data_dir, run_name="docs")
    index = data_dir / "data_docs" / "index.html"
    assert outcome.data_docs_path == index
    assert index.is_file()
    html = index.read_text(encoding="utf-8")
    assert "landing_comensha" in html and "docs" in html  # the suite and this run
    assert outcome.validation_page is not None and outcome.validation_page.is_file()
    assert outcome.validation_page.is_relative_to(data_dir / "data_docs")
    page = outcome.validation_page.read_text(encoding="utf-8")
    assert "[blokkerend] Elke regel van een bronbestand is precies één keer geladen." in page
    assert (data_dir / "gx_results" / "validations" / "landing_comensha").is_dir()
    assert list((data_dir / "gx_state" / "expectations").glob("*.json"))


def test_a_runs_data_docs_can_be_built_once_for_all_its_suites(data_dir):
    """What a build does: validate every suite without rendering, then render the run's pages in
    one site build (orchestration/quality/steward.py publish_for_stewards)."""
    run = "deferred-docs"
    first = run_suite("landing_comensha", landing_frame(), data_dir=data_dir, run_name=run, build_docs=False)
    frame, params = set_value("geslacht", "X")(landing_frame(), {})
    second = run_suite(
        "landing_comensha", frame, data_dir=data_dir, run_name=run, parameters=params, build_docs=False
    )
    pages = [first.validation_page, second.validation_page]
    assert all(p is not None and p.is_relative_to(data_dir / "data_docs") for p in pages)
    assert not any(p.exists() for p in pages), "rendered although build_docs=False"
    assert build_run_docs(data_dir, run) == 2
    assert all(p.is_file() for p in pages)
    assert "[blokkerend]" in second.validation_page.read_text(encoding="utf-8")
    assert run in (data_dir / "data_docs" / "index.html").read_text(encoding="utf-8")
    assert build_run_docs(data_dir, "a run that never ran") == 0


def test_a_new_suite_needs_only_its_file(tmp_path, data_dir, monkeypatch):
    """Adding a suite is writing its file (expectations/README.md): the one dataframe asset of
    great_expectations.yml serves it, and it gets its own Data Docs page beside another suite's
    page of the same run (the module fixture checks that expectations/ stays untouched)."""
    import yaml

    from orchestration.quality import suites

    path = tmp_path / "nieuwe_suite.yml"
    path.write_text(
        yaml.safe_dump(
            {
                "table": "raw.nieuw",
                "beschrijving": "Een nieuwe suite.",
                "expectations": [
                    {
                        "expect": "column_values_to_not_be_null",
                        "severity": "error",
                        "beschrijving": "Elke rij heeft een waarde.",
                        "column": "waarde",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setitem(suites.SUITES, "nieuwe_suite", suites.suite_spec(path))
    run = "new-suite"
    new = run_suite("nieuwe_suite", pd.DataFrame({"waarde": [1, None]}), data_dir=data_dir, run_name=run)
    landing = run_suite("landing_comensha", landing_frame(), data_dir=data_dir, run_name=run)

    assert [(o.column, o.success) for o in new.outcomes] == [("waarde", False)]
    assert landing.success
    assert new.validation_page.is_file() and landing.validation_page.is_file()
    assert new.validation_page.is_relative_to(data_dir / "data_docs" / "validations" / "nieuwe_suite")
    assert landing.validation_page.is_relative_to(data_dir / "data_docs" / "validations" / "landing_comensha")
    assert "Elke rij heeft een waarde." in new.validation_page.read_text(encoding="utf-8")


def test_results_rows_fit_the_quality_results_table(data_dir):
    frame, params = set_value("geslacht", "X")(landing_frame(), {})
    outcome = _run("landing_comensha", frame, data_dir, params, "rows")
    rows = results_rows(outcome, run_id="run-1", source="comensha")
    assert len(rows) == len(outcome.outcomes)
    assert all(tuple(r) == RESULTS_COLUMNS for r in rows)
    failed = [r for r in rows if not r["success"]]
    assert [(r["suite"], r["source"], r["expectation"], r["column_name"], r["severity"]) for r in failed] == [
        ("landing_comensha", "comensha", IN_SET, "geslacht", "error")
    ]

    # First a run where everything passes (unexpected_sample NULL in every row), then the
    # failing one: the table's types must not depend on the first batch.
    passing = results_rows(
        _run("landing_comensha", landing_frame(), data_dir, {}, "rows-ok"), "run-0", "comensha"
    )
    assert all(r["unexpected_sample"] is None for r in passing)
    con = duckdb.connect()
    assert write_results(con, passing) == len(passing)
    assert write_results(con, rows) == len(rows)
    assert con.execute(
        "SELECT count(*), count(*) FILTER (WHERE NOT success), max(unexpected_sample) FROM quality.results"
    ).fetchone() == (len(passing) + len(rows), 1, '["X"]')
    columns = [c[0] for c in con.execute("DESCRIBE quality.results").fetchall()]
    assert tuple(columns) == RESULTS_COLUMNS
    con.close()


def test_repeated_calls_reuse_the_cached_context(data_dir):
    """GX's file context is made once per data dir and process (gx_runner._runtime): making it
    again per suite would cost every build about a second per suite. Shown by the context object
    itself, not by a timing bound (benchmarks measure time: `make bench`)."""
    from orchestration.quality import gx_runner

    contexts = []
    for i in range(3):
        outcome = _run("victims", victims_frame(), data_dir, GOOD_PARAMETERS["victims"], f"repeat-{i}")
        assert outcome.success, f"run {i} failed"
        contexts.append(gx_runner._RUNTIMES[data_dir.resolve()].context)
    assert all(context is contexts[0] for context in contexts), "a run made a new GX context"


def test_another_process_shares_the_data_dir(data_dir):
    """A second process validates against the same, already used data directory at the same
    time as this one: no duplicate-name or freshness errors on either side, and the stores
    still hold one suite and one checkpoint per name."""
    _run("victims", victims_frame(), data_dir, GOOD_PARAMETERS["victims"], "before-process")
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_suites import victims_frame
        from orchestration.quality import gx_runner, run_suite
        print("imported", flush=True)
        for i in range(2):
            outcome = run_suite("victims", victims_frame(), data_dir={str(data_dir)!r},
                                run_name=f"other-process-{{i}}", parameters={{"expected_row_count": 10}})
            print("OK" if outcome.success else "FAILED", flush=True)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env={**os.environ, "GX_ANALYTICS_ENABLED": "false"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "imported"  # GX is imported: the runs overlap now
    ours = [
        _run("victims", victims_frame(), data_dir, GOOD_PARAMETERS["victims"], f"this-process-{i}")
        for i in range(2)
    ]
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-3000:]
    assert out.split() == ["OK", "OK"], out + err[-3000:]
    assert all(o.success for o in ours)
    assert len(list((data_dir / "gx_state" / "expectations").glob("victims*.json"))) == 1
    assert len(list((data_dir / "gx_state" / "checkpoints").glob("victims*.json"))) == 1
    runs = {p.name for p in (data_dir / "gx_results" / "validations" / "victims").iterdir()}
    assert {"other-process-0", "other-process-1", "this-process-0", "this-process-1"} <= runs


def test_a_new_process_reuses_the_stored_suite_without_rewriting_it(data_dir):
    from orchestration.quality import gx_runner

    _run("landing_comensha", landing_frame(), data_dir, {}, "before-new-context")
    state = data_dir / "gx_state"
    stored = [
        state / d / "landing_comensha.json" for d in ("expectations", "validation_definitions", "checkpoints")
    ]
    before = [p.stat().st_mtime_ns for p in stored]
    del gx_runner._RUNTIMES[data_dir.resolve()]  # as a new process would start
    assert _run("landing_comensha", landing_frame(), data_dir, {}, "new-context").success
    assert [p.stat().st_mtime_ns for p in stored] == before


def test_a_suite_stored_by_other_code_is_resynchronised(data_dir):
    """Another process with other code (an older deployment) stored a different version of the
    suite: the cached checkpoint is then stale, and run_suite re-synchronises and retries."""
    import great_expectations as gx

    from orchestration.quality import gx_runner
    from orchestration.quality.suites import SUITES

    _run("victims", victims_frame(), data_dir, GOOD_PARAMETERS["victims"], "before-old-code")
    context = gx_runner._RUNTIMES[data_dir.resolve()].context
    old = SUITES["victims"].build()
    context.suites.add_or_update(gx.ExpectationSuite(name="victims", expectations=old.expectations[:3]))

    outcome = _run("victims", victims_frame(), data_dir, GOOD_PARAMETERS["victims"], "after-old-code")
    assert outcome.success
    assert len(outcome.outcomes) == len(old.expectations)
    assert len(context.suites.get("victims").expectations) == len(old.expectations)


def test_committed_expectations_tree_is_clean_after_runs(data_dir):
    _run("landing_comensha", landing_frame(), data_dir, {}, "clean")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--", str(EXPECTATIONS_DIR)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert status == ""
