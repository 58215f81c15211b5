"""Calibration of the default sample: every figure of contract `prosecution.md` §4 (M1-M8).

The tests query the PUBLISHED serving database (`serving.duckdb`, schema `marts`) that the session
fixture `serving_db` builds through the real Dagster job from the committed default samples under
`seeds/`. Every expected number is typed from the contract tables M1-M8 ([P] for the 2014 and
2015 suspect counts, [D]/[A] otherwise, as the contract tags them). Nothing is computed from the
generator. Rows = current, not withdrawn suspect-cases (P1, P2) in `marts.prosecution_cases`; the
victim keys of M8 are in `marts.prosecution_victim_links` (the P8 bridge).
"""

from __future__ import annotations

import pytest

YEARS = (2013, 2014, 2015, 2016, 2017)
CASES = "marts.prosecution_cases"
LINKS = "marts.prosecution_victim_links"


def one(db, sql: str, params: tuple = ()):
    return db.execute(sql, list(params)).fetchone()[0]


def rows(db, where: str = "TRUE", params: tuple = ()) -> int:
    return one(db, f"SELECT count(*) FROM {CASES} WHERE ({where})", params)


def per_year(tid: str, label: str, counts: tuple[int, ...]):
    return [pytest.param(label, y, v, id=f"{tid}-{label}-{y}") for y, v in zip(YEARS, counts, strict=True)]


# ---- M1 suspects (P2) -------------------------------------------------------------------------
@pytest.mark.parametrize(("year", "expected"), [
    pytest.param(2013, 250, id="M1-2013-A"), pytest.param(2014, 282, id="M1-2014-P"),
    pytest.param(2015, 217, id="M1-2015-P"), pytest.param(2016, 200, id="M1-2016-A"),
    pytest.param(2017, 210, id="M1-2017-A"),
])
def test_M1_suspects_per_year(serving_db, year, expected):
    assert rows(serving_db, "registration_year = ?", (year,)) == expected


@pytest.mark.parametrize(("year", "expected"), [
    pytest.param(2014, 275, id="M1-persons-2014"), pytest.param(2015, 212, id="M1-persons-2015"),
])
def test_M1_distinct_persons_per_year(serving_db, year, expected):
    got = one(serving_db, f"SELECT count(DISTINCT suspect_key) FROM {CASES} WHERE registration_year = ?", (year,))
    assert got == expected


# ---- M2 dispositions by inschrijfjaar (P4) ------------------------------------------------------
M2 = [
    *per_year("M2", "pending", (0, 0, 0, 40, 120)),
    *per_year("M2", "Dagvaarding", (188, 211, 163, 120, 66)),
    *per_year("M2", "Technisch sepot", (37, 42, 33, 24, 14)),
    *per_year("M2", "Beleidssepot", (13, 14, 11, 8, 4)),
    *per_year("M2", "Voeging ad informandum", (5, 6, 4, 4, 3)),
    *per_year("M2", "Transactie", (3, 3, 2, 2, 1)),
    *per_year("M2", "Strafbeschikking", (2, 3, 2, 1, 1)),
    *per_year("M2", "Overdracht", (2, 3, 2, 1, 1)),
]


@pytest.mark.parametrize(("disposition", "year", "expected"), M2)
def test_M2_dispositions_by_registration_year(serving_db, disposition, year, expected):
    if disposition == "pending":
        got = rows(serving_db, "registration_year = ? AND disposition IS NULL", (year,))
    else:
        got = rows(serving_db, "registration_year = ? AND disposition = ?", (year, disposition))
    assert got == expected


def test_M2_2014_2015_summons_share_374_of_499(serving_db):
    base = rows(serving_db, "registration_year IN (2014, 2015) AND disposition IS NOT NULL")
    summons = rows(serving_db, "registration_year IN (2014, 2015) AND disposition = 'Dagvaarding'")
    assert (summons, base) == (374, 499)


def test_M2_2014_2015_dismissal_share_100_of_499_and_technical_75_of_100(serving_db):
    sepot = rows(serving_db, "registration_year IN (2014, 2015) AND disposition_group = 'Sepot'")
    technical = rows(serving_db, "registration_year IN (2014, 2015) AND disposition = 'Technisch sepot'")
    assert (sepot, technical) == (100, 75)


# ---- M3 judgments by inschrijfjaar (P5) ---------------------------------------------------------
M3 = [
    *per_year("M3", "pending", (0, 0, 0, 20, 50)),
    *per_year("M3", "Veroordeling", (103, 116, 90, 55, 9)),
    *per_year("M3", "Vrijspraak", (75, 85, 65, 40, 6)),
    *per_year("M3", "Ontslag van alle rechtsvervolging", (6, 6, 4, 3, 1)),
    *per_year("M3", "Niet-ontvankelijk", (4, 4, 4, 2, 0)),
]


@pytest.mark.parametrize(("judgment", "year", "expected"), M3)
def test_M3_judgments_by_registration_year(serving_db, judgment, year, expected):
    if judgment == "pending":
        got = rows(serving_db, "registration_year = ? AND disposition = 'Dagvaarding' AND judgment IS NULL", (year,))
    else:
        got = rows(serving_db, "registration_year = ? AND judgment = ?", (year, judgment))
    assert got == expected


def test_M3_2014_2015_conviction_rate_206_of_374(serving_db):
    convictions = rows(serving_db, "registration_year IN (2014, 2015) AND judgment = 'Veroordeling'")
    summoned = rows(serving_db, "registration_year IN (2014, 2015) AND disposition = 'Dagvaarding'")
    assert (convictions, summoned) == (206, 374)


@pytest.mark.parametrize(("court", "year", "expected"), [
    *per_year("M3-instantie", "Gerechtshof", (15, 15, 10, 0, 0)),
    *per_year("M3-instantie", "Hoge Raad", (2, 1, 0, 0, 0)),
])
def test_M3_court_of_latest_judgment(serving_db, court, year, expected):
    assert rows(serving_db, "registration_year = ? AND court_level = ?", (year, court)) == expected


def test_M3_all_other_judgments_rechtbank(serving_db):
    assert rows(serving_db, "judgment IS NOT NULL AND court_level NOT IN ('Rechtbank', 'Gerechtshof', 'Hoge Raad')") == 0
    assert rows(serving_db, "judgment IS NOT NULL AND court_level IS NULL") == 0


def test_M3_first_instance_equals_latest_judgment_for_rechtbank_rows(serving_db):
    assert rows(serving_db, "court_level = 'Rechtbank' AND first_instance_judgment IS DISTINCT FROM judgment") == 0


# ---- M4 sentences (P6) --------------------------------------------------------------------------
@pytest.mark.parametrize(("sentence", "expected"), [
    pytest.param("Onvoorwaardelijke gevangenisstraf", 215, id="M4-onvoorwaardelijk"),
    pytest.param("Deels voorwaardelijke gevangenisstraf", 90, id="M4-deels-voorwaardelijk"),
    pytest.param("Voorwaardelijke gevangenisstraf", 20, id="M4-voorwaardelijk"),
    pytest.param("Taakstraf", 30, id="M4-taakstraf"),
    pytest.param("Geldboete", 8, id="M4-geldboete"),
    pytest.param("Maatregel", 10, id="M4-maatregel"),
])
def test_M4_sentence_types(serving_db, sentence, expected):
    assert rows(serving_db, "judgment = 'Veroordeling' AND sentence_type = ?", (sentence,)) == expected


def test_M4_all_373_convictions(serving_db):
    assert rows(serving_db, "judgment = 'Veroordeling'") == 373
    assert rows(serving_db, "judgment = 'Veroordeling' AND sentence_type IS NOT NULL") == 373


# ---- M5 articles (P7, P10) ------------------------------------------------------------------------
@pytest.mark.parametrize(("label", "year", "expected"), per_year("M5", "sub3", (30, 35, 25, 12, 5)))
def test_M5_sub3_rows_per_registration_year(serving_db, label, year, expected):
    assert rows(serving_db, "registration_year = ? AND is_sub3", (year,)) == expected


def test_M5_sub3_2016_nine_before_hr_17_may_2016(serving_db):
    assert rows(serving_db, "registration_year = 2016 AND is_sub3 AND NOT is_registered_after_hr_2016") == 9


def test_M5_273a_four_rows_in_2013(serving_db):
    assert rows(serving_db, "article = '273a Sr'") == 4
    assert rows(serving_db, "article = '273a Sr' AND registration_year = 2013") == 4


def test_M5_no_250a_rows(serving_db):
    assert rows(serving_db, "article = '250a Sr'") == 0


def test_M5_all_sub3_rows_sexual_exploitation(serving_db):
    assert rows(serving_db, "is_sub3 AND exploitation_form <> 'Seksuele uitbuiting'") == 0


# ---- M6 exploitation form and office ------------------------------------------------------------
@pytest.mark.parametrize(("form", "expected"), [
    pytest.param("Seksuele uitbuiting", 800, id="M6-seksuele-uitbuiting"),
    pytest.param("Arbeidsuitbuiting", 180, id="M6-arbeidsuitbuiting"),
    pytest.param("Criminele uitbuiting", 90, id="M6-criminele-uitbuiting"),
    pytest.param("Orgaanverwijdering", 2, id="M6-orgaanverwijdering"),
    pytest.param("Onbekend", 87, id="M6-onbekend"),
])
def test_M6_exploitation_form(serving_db, form, expected):
    assert rows(serving_db, "exploitation_form = ?", (form,)) == expected


def test_M6_all_1159_rows(serving_db):
    assert rows(serving_db) == 1159


def test_M6_functioneel_parket_60_rows_all_labour(serving_db):
    assert rows(serving_db, "prosecution_office = 'Functioneel Parket'") == 60
    assert rows(serving_db, "prosecution_office = 'Functioneel Parket' AND exploitation_form = 'Arbeidsuitbuiting'") == 60


def test_M6_landelijk_parket_25_rows(serving_db):
    assert rows(serving_db, "prosecution_office = 'Landelijk Parket'") == 25


# ---- M7 suspects (P9) ------------------------------------------------------------------------------
@pytest.mark.parametrize(("gender", "expected"), [
    pytest.param("M", 985, id="M7-M"), pytest.param("V", 162, id="M7-V"), pytest.param("O", 12, id="M7-O"),
])
def test_M7_gender(serving_db, gender, expected):
    assert rows(serving_db, "gender = ?", (gender,)) == expected


def test_M7_birth_year_empty_on_30_rows(serving_db):
    assert rows(serving_db, "age_band = 'Onbekend'") == 30


# ---- M8 linkage (P8) --------------------------------------------------------------------------------
def test_M8_400_rows_with_a_victim_key(serving_db):
    assert rows(serving_db, "has_victim_key") == 400


def test_M8_300_distinct_keys(serving_db):
    assert one(serving_db, f"SELECT count(DISTINCT link_hash) FROM {LINKS}") == 300


def test_M8_220_keys_match_comensha_headline(serving_db):
    assert one(serving_db, f"SELECT count(DISTINCT link_hash) FROM {LINKS} WHERE matches_comensha_headline") == 220


def test_M8_120_keys_match_ind_population(serving_db):
    assert one(serving_db, f"SELECT count(DISTINCT link_hash) FROM {LINKS} WHERE matches_ind") == 120


def test_M8_90_keys_match_both(serving_db):
    got = one(serving_db, f"SELECT count(DISTINCT link_hash) FROM {LINKS} WHERE matches_ind AND matches_comensha_headline")
    assert got == 90
