"""Issue 5 part 3: the warehouse reproduces the published figures (mart `published_figures_comparison`).

The seed `dbt_project/seeds/published_figures.csv` holds every calibration target of the three
contracts (and other published figures the warehouse computes), typed from the contracts and the
research notes. These tests read the comparison mart on the PUBLISHED serving database built from
the default sample through Dagster (session fixture `serving_db`):

* every calibration target has difference 0 (one test per figure id, the id in the test name);
* the figures where the report contradicts itself carry their flag and explanation, and only those;
* no seed row is left without a warehouse value (a measure the mart does not compute fails here);
* the seed's values equal the constants typed, independently, in the calibration test modules.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.integration import test_calibration_prosecution as cal_m
from tests.integration import test_calibration_registration as cal_k
from tests.integration import test_calibration_residence as cal_l

SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "published_figures.csv"
MART = "marts.published_figures_comparison"


def _seed() -> list[dict[str, str]]:
    with SEED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


SEED_ROWS = _seed()
TARGET_IDS = [r["figure_id"] for r in SEED_ROWS if r["target_id"]]
INCONSISTENT = {r["figure_id"] for r in SEED_ROWS if r["is_report_inconsistent"] == "true"}

# The report's own contradictions named in the research notes (registration.md §4 DQ-16a..f,
# residence.md §4.6, contract residence.md L1/L6/L7): the figure ids that must carry the flag.
EXPECTED_INCONSISTENT = {
    "Fig3.3-onbekend-2017-tekst",                   # DQ-16a: 150 vs 133
    "Fig3.15-opvangbehoefte-gemiddeld",             # DQ-16b: average 18.4% vs 824/5433 = 15.2%
    "Fig3.2-aandeel-sub3-2016",                     # DQ-16c: 9.3% vs 97/1049 = 9.25%
    "Fig3.12-zorg+fairwork+overig-2013",            # DQ-16d: 185 used for two different sums
    "fn40-uitzendbureau-basis-2017-gepubliceerd",   # DQ-16e: 234 vs 233
    "Fig3.9-minderjarig-aandeel",                   # DQ-16f: 22.9% vs 22.95%
    "fn24-SU-nog-niet-gewerkt-totaal",              # fn 24: 117 vs 23+14+20+47 = 104
    "Fig4.2-4a-aandeel",                            # 31.5% of 263: no integer rounds to it
    "Fig4.2-vv-aanvraag-met-bedenktijd",            # 44.2% vs 263/598 = 44.0%
    "Fig4.6-vv-na-bezwaar-gepubliceerd",            # 67 makes 1042 != 1041
    "Fig4.3-asiel-aandeel-G2+3-conclusie",          # conclusion 35% vs 130/358 = 36.3%
    "Fig4.10-azie-G4-tekst",                        # 122 vs 121
    "§4.7-eu-G1-conclusie",                         # "EU-land" 46% = all of Europe (EU only 39.1%)
    "§4.7-eu-G3-conclusie",                         # "EU-land" 36% = all of Europe (EU only 33.2%)
    "§3.3.1.2-uitzendbureau-2017-aandeel",          # DQ-16e: 26.9% = 63/234, base should be 233
    "TabB2.11-Armenie-G5-som-jaarcellen",           # B2.11 year cells do not add up to the totals
    "TabB2.11-Ghana-G5-som-jaarcellen",
    "TabB2.11-Nigeria-G5-som-jaarcellen",
    "TabB2.11-Onbekend-G4-som-jaarcellen",
    "TabB2.11-Onbekend-G5-som-jaarcellen",
    "§4.5-grond-2017-a-grond-veroordeling-aandeel",  # found here: 4/92 = 4.35%, printed 4.4%
}


@pytest.fixture(scope="module")
def mart(serving_db) -> dict[str, dict]:
    cur = serving_db.execute(f"SELECT * FROM {MART}")
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}


def test_mart_has_one_row_per_seed_row(mart):
    assert set(mart) == {r["figure_id"] for r in SEED_ROWS}


@pytest.mark.parametrize("figure_id", TARGET_IDS)
def test_calibration_target_has_zero_difference(mart, figure_id):
    row = mart[figure_id]
    assert row["is_calibration_target"]
    assert not row["is_report_inconsistent"], "a calibration target is reproduced exactly, never flagged away"
    assert row["warehouse_value"] is not None, f"measure {row['measure']} not computed"
    assert row["difference"] == 0, (row["published_value"], row["warehouse_value"])
    assert row["matches"]


def test_every_seed_row_has_a_warehouse_value(mart):
    missing = [f for f, r in mart.items() if not r["is_measure_computed"] or r["warehouse_value"] is None]
    assert missing == []


def test_non_target_figures_match_unless_flagged(mart):
    wrong = [f for f, r in mart.items() if not r["is_calibration_target"] and not r["is_report_inconsistent"]
             and not r["matches"]]
    assert wrong == []


def test_inconsistent_figures_are_the_known_ones():
    assert INCONSISTENT == EXPECTED_INCONSISTENT


@pytest.mark.parametrize("figure_id", sorted(EXPECTED_INCONSISTENT))
def test_inconsistent_figure_carries_flag_and_note(mart, figure_id):
    row = mart[figure_id]
    assert row["is_report_inconsistent"]
    assert row["inconsistency_note"] and len(row["inconsistency_note"]) > 40
    assert row["warehouse_value"] is not None


def test_only_flagged_figures_carry_a_note(mart):
    assert {f for f, r in mart.items() if r["inconsistency_note"]} == EXPECTED_INCONSISTENT


# ------------------------------------------------------------------------------------------------
# The seed equals the constants typed independently in the calibration modules
# ------------------------------------------------------------------------------------------------
def _key(measure, year, g1=None, g2=None) -> tuple:
    return (measure, "" if year is None else str(year), g1 or "", g2 or "")


SEED_VALUES = {_key(r["measure"], r["year"] or None, r["group_label"], r["group_label_2"]): float(r["published_value"])
               for r in SEED_ROWS if r["target_id"]}

K1_MEASURE = {"incl-sub3": "victims_incl_sub3", "sub3": "victims_sub3", "headline": "victims_headline",
              "emm-only": "victims_emm_only", "emm-with-other": "victims_emm_with_other",
              "melder-only-onbekend": "victims_melder_onbekend"}
K3_NAT = {"nat-onbekend-SU": "SU (alleen of met UBS)", "nat-onbekend-Alleen-UBS": "Alleen UBS",
          "nat-onbekend-Onbekend": "Onbekend"}
MELDER = {"Zorgcoordinator": "Zorgcoördinator", "all": "Alle melders", "Zorgcoordinator+Overig": "Zorgcoördinator + Overig",
          "Zorg+Overig": "Zorgcoördinator + Overig"}
K7_MEASURE = {"vrouw": ("sub3_by_gender", "Vrouw"), "man": ("sub3_by_gender", "Man"),
              "meerderjarig": ("sub3_by_minor", "Meerderjarig"), "minderjarig": ("sub3_by_minor", "Minderjarig"),
              "eu-vanaf-2004": ("sub3_eu_since_2004", None)}
K8_MEASURE = {"opvangbehoefte": ("shelter_need", None), "COSM": ("first_shelter", "COSM")}
K12_MEASURE = {"su-known-sector": "su_known_sector", "su-meer-zichtbaar": "su_more_visible",
               "su-nog-niet-gewerkt": "su_not_yet_worked", "ubs-known-sector": "ubs_known_sector",
               "ubs-nog-niet-gewerkt": "ubs_not_yet_worked"}


def _calibration_constants() -> dict[str, dict[tuple, float]]:
    out: dict[str, dict[tuple, float]] = {}
    out["K1"] = {_key(K1_MEASURE[p.values[0]], p.values[1]): p.values[2] for p in cal_k.K1}
    out["K2"] = {_key("victims_by_form", p.values[1], p.values[0]): p.values[2] for p in cal_k.K2}
    out["K3"] = {_key("victims_by_exploitation_form", p.values[1], p.values[0]): p.values[2] for p in cal_k.K3}
    out["K3"].update({_key("nationality_onbekend_by_form", p.values[1], K3_NAT[p.values[0]]): p.values[2]
                      for p in cal_k.K3_NAT_ONBEKEND})
    for table, measure in ((cal_k.B2_1, "victims_by_nationality"), (cal_k.B2_2, "minors_by_nationality")):
        d = out.setdefault("K4", {})
        for nat, row in table:
            for col, v in row.items():
                if col.isdigit():
                    d[_key(measure, int(col), nat)] = v
                elif col == "Totaal":
                    d[_key(measure, None, nat)] = v
                else:
                    d[_key(measure, None, nat, col)] = v
    out["K5"] = {_key("meldingen_by_melder", p.values[1], MELDER.get(p.values[0], p.values[0])): p.values[2]
                 for p in cal_k.K5}
    out["K6"] = {_key("meldingen_by_melder_form", None, MELDER.get(p.values[0], p.values[0]), p.values[1]): p.values[2]
                 for p in cal_k.K6_BY_GROUP}
    out["K6"].update({_key("police_unit_meldingen", None, u): v for u, v in cal_k.K6_UNITS.items()})
    out["K7"] = {_key(K7_MEASURE[p.values[0]][0], p.values[1], K7_MEASURE[p.values[0]][1]): p.values[2] for p in cal_k.K7}
    out["K8"] = {_key(K8_MEASURE[p.values[0]][0], p.values[1], K8_MEASURE[p.values[0]][1]): p.values[2]
                 for p in cal_k.K8_YEAR}
    out["K8"].update({_key("first_shelter", None, s): v for s, v in cal_k.K8_FIRST_SHELTER.items()})
    out["K8"].update({_key("first_shelter_by_form", None, g, s): v for g, row in cal_k.K8_GROUP.items()
                      for s, v in zip(cal_k.K8_SHELTERS, row, strict=True)})
    out["K9"] = {_key("police_report", p.values[1], {"Bedenktijd+Intake": "Bedenktijd loopt + Intake"}.get(p.values[0], p.values[0])):
                 p.values[2] for p in cal_k.K9}
    out["K12"] = {_key(K12_MEASURE[p.values[0]], p.values[1]): p.values[2] for p in cal_k.K12_YEAR}
    d = out["L3"] = {}
    for text, measure in ((cal_l.GENDER, "ind_persons_by_gender"), (cal_l.AGE, "ind_persons_by_age_band"),
                          (cal_l.REGION, "ind_persons_by_region")):
        for p in cal_l._annex(text):
            cat, group, year, v = p.values
            d[_key(measure, year, cat, str(group))] = v
    for p in cal_l._annex(cal_l.NATIONALITY, totals_only=True):
        cat, group, v = p.values
        d[_key("ind_persons_by_nationality", None, cat, str(group))] = v
    out["L6"] = {_key("vv_outcome", y, o): v for o, cells in cal_l.VV_TABLE.items()
                 for y, v in zip(cal_l.YEARS, cells, strict=True)}
    out["M2"] = {_key("disposition", p.values[1], {"pending": "In behandeling"}.get(p.values[0], p.values[0])): p.values[2]
                 for p in cal_m.M2}
    out["M3"] = {_key("judgment", p.values[1], {"pending": "In behandeling"}.get(p.values[0], p.values[0])): p.values[2]
                 for p in cal_m.M3}
    return out


CONSTANTS = _calibration_constants()


@pytest.mark.parametrize("block", sorted(CONSTANTS))
def test_seed_equals_calibration_constants(block):
    expected = CONSTANTS[block]
    missing = sorted(k for k in expected if k not in SEED_VALUES)
    assert missing == [], f"calibration values without a seed row: {missing[:10]}"
    differ = {k: (SEED_VALUES[k], v) for k, v in expected.items() if SEED_VALUES[k] != v}
    assert differ == {}
