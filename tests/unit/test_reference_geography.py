"""Geography seeds agree with the synthetic generator and with Superset's Netherlands country map.

Reads the seed CSVs directly; no warehouse build needed.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from synthetic.reference import MUNICIPALITIES, POLICE_UNITS

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = REPO_ROOT / "dbt_project" / "seeds"
REGIONAL_UNITS = {u for u in POLICE_UNITS if u not in ("Landelijke Eenheid", "Onbekend")}


def _read(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def gemeenten() -> dict[str, dict[str, str]]:
    rows = _read("ref_gemeente.csv")
    codes = [r["gemeente_code"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate gemeente_code in ref_gemeente"
    return {r["gemeente_code"]: r for r in rows}


@pytest.fixture(scope="module")
def provincies() -> dict[str, dict[str, str]]:
    return {r["provincie_code"]: r for r in _read("ref_provincie.csv")}


def _superset_iso_codes() -> set[str]:
    pattern = "superset/.venv/lib/python3*/site-packages/superset/static/assets/*.geojson"
    for path in sorted(REPO_ROOT.glob(pattern)):
        text = path.read_text(encoding="utf-8")
        if '"NL-' not in text:
            continue
        codes = {f["properties"].get("ISO") for f in json.loads(text)["features"]}
        if any(str(c).startswith("NL-") for c in codes):
            return {c for c in codes if c}
    pytest.fail(
        f"Superset's Netherlands country map not found under {REPO_ROOT / pattern}: install the "
        "Superset environment first (`make test` does; or `cd superset && uv sync`)."
    )


def test_every_generator_municipality_is_in_ref_gemeente_with_the_same_police_unit(gemeenten):
    for unit, places in MUNICIPALITIES.items():
        for code, name in places:
            assert code in gemeenten, f"{code} ({name}) emitted by the generator is missing from ref_gemeente"
            assert gemeenten[code]["politie_eenheid"] == unit, (
                f"{code} ({name}): generator says {unit}, ref_gemeente says {gemeenten[code]['politie_eenheid']}"
            )


def test_ref_gemeente_codes_units_and_sources_are_well_formed(gemeenten):
    for code, row in gemeenten.items():
        assert re.fullmatch(r"GM\d{4}", code), code
        assert row["politie_eenheid"] in REGIONAL_UNITS, row
        assert row["gemeente_naam"].strip(), row
        assert row["source_reference"].strip(), row
    # every regional police unit covers at least one municipality
    assert {r["politie_eenheid"] for r in gemeenten.values()} == REGIONAL_UNITS


def test_ref_gemeente_covers_the_reporting_window(gemeenten):
    # 408 municipalities on 1 January 2013 and the ones created up to 2017 (see _seeds_geography.yml)
    assert 390 <= len(gemeenten) <= 420, len(gemeenten)


def test_every_province_of_ref_gemeente_is_in_ref_provincie(gemeenten, provincies):
    used = {r["provincie_code"] for r in gemeenten.values()}
    assert used <= set(provincies), used - set(provincies)
    assert used == set(provincies), f"provinces without municipalities: {set(provincies) - used}"


def test_the_twelve_province_codes_are_exactly_superset_country_map_codes(provincies):
    assert len(provincies) == 12
    assert set(provincies) == _superset_iso_codes()
    for row in provincies.values():
        assert row["provincie_naam"].strip() and row["source_reference"].strip(), row
