"""Issue 5 part 3: the warehouse reproduces the published figures (mart `published_figures_comparison`).

The seed `dbt_project/seeds/published_figures.csv` holds every calibration target of the three
contracts (and other published figures the warehouse computes), typed from the contracts and the
research notes. These tests read the comparison mart on the PUBLISHED serving database built from
the default sample through Dagster (session fixture `serving_db`):

* every calibration target has difference 0 (one test that names every mismatching figure by id,
  with the published and the computed value);
* the figures where the report contradicts itself carry their flag and explanation, and only those;
* no seed row is left without a warehouse value (a measure the mart does not compute fails here).

The seed is the one place the targets are typed; the dbt test
dbt_project/tests/assert_published_calibration_targets_match.sql checks the same in every build.
The contracts' rules that are no published figure (a count that must be 0, such as sub-3 victims
that are not KMar-only) are in test_calibration_rules.py.
"""

from __future__ import annotations

import pytest

from orchestration.seeds import editions
from tests.integration.published_seed import SEED_ROWS

MART = "marts.published_figures_comparison"
TARGET_IDS = [r["figure_id"] for r in SEED_ROWS if r["target_id"]]
INCONSISTENT = {r["figure_id"] for r in SEED_ROWS if r["is_report_inconsistent"] == "true"}

# The report's own contradictions named in the research notes (registration.md §4 DQ-16a..f,
# residence.md §4.6, contract residence.md L1/L6/L7): the figure ids that must carry the flag.
EXPECTED_INCONSISTENT = {
    "Fig3.3-onbekend-2017-tekst",  # DQ-16a: 150 vs 133
    "Fig3.15-opvangbehoefte-gemiddeld",  # DQ-16b: average 18.4% vs 824/5433 = 15.2%
    "Fig3.2-aandeel-sub3-2016",  # DQ-16c: 9.3% vs 97/1049 = 9.25%
    "Fig3.12-zorg+fairwork+overig-2013",  # DQ-16d: 185 used for two different sums
    "fn40-uitzendbureau-basis-2017-gepubliceerd",  # DQ-16e: 234 vs 233
    "Fig3.9-minderjarig-aandeel",  # DQ-16f: 22.9% vs 22.95%
    "fn24-SU-nog-niet-gewerkt-totaal",  # fn 24: 117 vs 23+14+20+47 = 104
    "Fig4.2-4a-aandeel",  # 31.5% of 263: no integer rounds to it
    "Fig4.2-vv-aanvraag-met-bedenktijd",  # 44.2% vs 263/598 = 44.0%
    "Fig4.6-vv-na-bezwaar-gepubliceerd",  # 67 makes 1042 != 1041
    "Fig4.3-asiel-aandeel-G2+3-conclusie",  # conclusion 35% vs 130/358 = 36.3%
    "Fig4.10-azie-G4-tekst",  # 122 vs 121
    "§4.7-eu-G1-conclusie",  # "EU-land" 46% = all of Europe (EU only 39.1%)
    "§4.7-eu-G3-conclusie",  # "EU-land" 36% = all of Europe (EU only 33.2%)
    "§3.3.1.2-uitzendbureau-2017-aandeel",  # DQ-16e: 26.9% = 63/234, base should be 233
    "TabB2.11-Armenie-G5-som-jaarcellen",  # B2.11 year cells do not add up to the totals
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


def test_each_figure_names_its_period_the_published_editions_years_for_a_total(mart):
    """period (the dashboard's column Jaar): the figure's year, or for a total over the published
    years (year empty) the years of the edition that published them, the oldest of seed
    ref_edition; the Superset dataset takes it from here instead of naming a period."""
    oldest = editions()[0]
    whole = f"{oldest.first_year}-{oldest.last_year}"
    wrong = {
        figure_id: (row["year"], row["period"])
        for figure_id, row in mart.items()
        if row["period"] != (whole if row["year"] is None else str(row["year"]))
    }
    assert not wrong, wrong


def test_every_calibration_target_has_zero_difference(mart):
    """A calibration target is reproduced exactly, never flagged away: every other one is listed by id."""
    wrong = {}
    for figure_id in TARGET_IDS:
        row = mart.get(figure_id, {"is_calibration_target": False, "measure": "(no mart row)"})
        exact = (
            row["is_calibration_target"]
            and not row["is_report_inconsistent"]
            and row["difference"] == 0
            and row["matches"]
        )
        if not exact:
            wrong[figure_id] = {
                "published": row.get("published_value"),
                "warehouse": row.get("warehouse_value"),
                "measure": row["measure"],
                "flagged": row.get("is_report_inconsistent"),
            }
    assert wrong == {}


def test_the_seed_holds_every_block_of_calibration_targets():
    """Each contract's calibration blocks (registration.md §5 K1-K12, residence.md §4 L1-L7,
    prosecution.md §4 M1-M8, and the linkage assumptions) have their figures in the seed."""
    blocks = {r["target_id"] for r in SEED_ROWS if r["target_id"]}
    expected = {
        *(f"K{i}" for i in range(1, 13)),
        *(f"L{i}" for i in range(1, 8)),
        *(f"M{i}" for i in range(1, 9)),
        "K-linkage",
        "L-linkage",
    }
    assert blocks == expected


def test_every_seed_row_has_a_warehouse_value(mart):
    missing = [f for f, r in mart.items() if not r["is_measure_computed"] or r["warehouse_value"] is None]
    assert missing == []


def test_non_target_figures_match_unless_flagged(mart):
    wrong = [
        f
        for f, r in mart.items()
        if not r["is_calibration_target"] and not r["is_report_inconsistent"] and not r["matches"]
    ]
    assert wrong == []


def test_inconsistent_figures_are_the_known_ones():
    assert INCONSISTENT == EXPECTED_INCONSISTENT


def test_inconsistent_figures_carry_flag_and_note(mart):
    unexplained = [
        f
        for f in sorted(EXPECTED_INCONSISTENT)
        if not (
            mart[f]["is_report_inconsistent"]
            and mart[f]["inconsistency_note"]
            and len(mart[f]["inconsistency_note"]) > 40
            and mart[f]["warehouse_value"] is not None
        )
    ]
    assert unexplained == []


def test_only_flagged_figures_carry_a_note(mart):
    assert {f for f, r in mart.items() if r["inconsistency_note"]} == EXPECTED_INCONSISTENT
