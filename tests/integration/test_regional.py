"""The regional marts recount independently: where victims were found (province, police unit of
the municipality, from the reference CSV read here), rates per 100,000 from the population CSV,
and every municipality code of the default sample mapped."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from orchestration.settings import DBT_PROJECT_DIR

SEEDS = DBT_PROJECT_DIR / "seeds"


def read_seed(name: str) -> list[dict]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def municipalities() -> dict[str, dict]:
    return {r["gemeente_code"]: r for r in read_seed("ref_gemeente")}


def test_every_municipality_of_the_sample_maps_to_a_province_and_police_unit(build_db, municipalities):
    """Issue 4: every municipality code in the generated extracts maps (read from landing, i.e.
    as delivered, not only the codes that survive into the marts)."""
    codes = {
        r[0]
        for r in build_db.execute(
            "SELECT DISTINCT gemeente_aantreffen FROM raw.landing_comensha WHERE gemeente_aantreffen IS NOT NULL"
        ).fetchall()
    }
    assert codes, "the default sample has municipality codes"
    unmapped = sorted(
        c
        for c in codes
        if c not in municipalities
        or not municipalities[c]["provincie_code"]
        or not municipalities[c]["politie_eenheid"]
    )
    assert unmapped == []


@pytest.fixture(scope="module")
def found_counts(serving_db, municipalities) -> dict[tuple[str, str, str], int]:
    """Victims (headline victim-years) per (year, province, police unit) recounted from the victims
    mart and the reference CSV."""
    counts: Counter = Counter()
    for year, municipality in serving_db.execute(
        "SELECT registration_year, municipality_found FROM marts.victims WHERE is_headline"
    ).fetchall():
        m = municipalities.get(municipality)
        province, unit = (m["provincie_code"], m["politie_eenheid"]) if m else ("Onbekend", "Onbekend")
        counts[(str(year), province, "provincie")] += 1
        counts[(str(year), unit, "politie-eenheid")] += 1
        counts[("2013-2017", province, "provincie")] += 1
        counts[("2013-2017", unit, "politie-eenheid")] += 1
    return counts


def test_shown_regional_counts_recount(serving_db, found_counts):
    rows = serving_db.execute(
        "SELECT periode, region_code, region_type, victims FROM marts.regional_victims "
        "WHERE trafficking_form = 'Alle vormen' AND region_type <> 'land'"
    ).fetchall()
    shown = {(p, c, t): v for p, c, t, v in rows if v is not None}
    assert len(shown) > 20
    assert {k: found_counts[k] for k in shown} == shown
    # every region with victims has a row (shown or hidden)
    assert {(p, c, t) for p, c, t, _ in rows} == set(found_counts)


def test_rates_per_100k_use_the_cbs_population(serving_db, found_counts):
    population = {
        (r["provincie_code"], int(r["jaar"])): int(r["inwoners"])
        for r in read_seed("ref_bevolking_provincie")
    }
    years_available = sorted({y for _, y in population})

    def nearest(year: int) -> int:
        return min(years_available, key=lambda y: (abs(y - year), -y))

    rows = serving_db.execute(
        "SELECT periode, region_code, victims_per_100k FROM marts.regional_victims "
        "WHERE trafficking_form = 'Alle vormen' AND region_type = 'provincie' AND victims IS NOT NULL "
        "AND region_code <> 'Onbekend'"
    ).fetchall()
    assert rows
    for periode, province, rate in rows:
        years = range(2013, 2018) if periode == "2013-2017" else [int(periode)]
        inhabitant_years = sum(population[(province, nearest(y))] for y in years)
        expected = round(found_counts[(periode, province, "provincie")] * 100000 / inhabitant_years, 2)
        assert rate == pytest.approx(expected, abs=0.005), (periode, province)


def test_hidden_cells_have_no_rate(serving_db):
    leaked = serving_db.execute(
        "SELECT count(*) FROM marts.regional_victims WHERE victims IS NULL AND victims_per_100k IS NOT NULL"
    ).fetchone()[0]
    assert leaked == 0


def test_shelter_capacity_matches_the_report_lines(serving_db):
    """Places per province = the report's place lines located there (seed read here)."""
    expected: Counter = Counter()
    for line in read_seed("ref_opvang_capaciteit"):
        expected[line["provincie_code"] or "Landelijk"] += int(line["plaatsen_max"])
    rows = dict(
        serving_db.execute(
            "SELECT province_code, places_max FROM marts.shelter_capacity "
            "WHERE periode = '2013-2017' AND trafficking_form = 'Alle vormen'"
        ).fetchall()
    )
    assert {k: v for k, v in rows.items() if v} == dict(expected)


def test_regions_with_requests_but_no_places_are_flagged(serving_db):
    rows = serving_db.execute(
        "SELECT province_code, has_requests, places_max, requests_without_places FROM marts.shelter_capacity "
        "WHERE periode = '2013-2017' AND trafficking_form = 'Alle vormen'"
    ).fetchall()
    flagged = {p for p, has, places, flag in rows if flag}
    # Only a province (ISO code NL-xx) can lack places; victims found in no known province
    # ('Onbekend') are not a province without places (issue 15).
    provinces = {p for p, *_ in rows if p.startswith("NL-")}
    assert flagged == {p for p, has, places, _ in rows if has and places == 0 and p in provinces}
    assert flagged, "the default sample has provinces with requests and no specialised places"
