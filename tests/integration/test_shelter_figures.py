"""Figures 3.15 and 3.16 (shelter need and first shelter) reproduce in the shelter mart.

The expected numbers are the contract's K8 figures (registration.md §5), as typed once in the
registration calibration module. Each figure is checked twice: in the shelter cube the mart is cut
from (int_shelter__request_cube, build database: the counts before disclosure control), and in the
published `shelter` mart, which must show the same number unless disclosure control hides the cell
(small published counts such as BL-UBS 2/2/1 are hidden on the dashboards, as issue 4 asks).
"""

from __future__ import annotations

import duckdb
import pytest

from tests.integration.test_calibration_registration import (
    GROUPS, K8_COSM, K8_FIRST_SHELTER, K8_GROUP, K8_NEED, K8_SHELTERS, YEARS,
)

K8_NEED_BY_YEAR = dict(zip(YEARS, K8_NEED[0], strict=True))
K8_COSM_BY_YEAR = dict(zip(YEARS, K8_COSM[0], strict=True))


@pytest.fixture(scope="module")
def build_db(built_warehouse):
    con = duckdb.connect(str(built_warehouse.warehouse_path), read_only=True)
    yield con
    con.close()


@pytest.fixture
def shelter_cell(build_db, serving_db):
    """The national cell's count in the cube; and the published cell shows it or hides it."""

    def cell(periode: str, form: str, first_shelter: str) -> int:
        key = [periode, form, first_shelter]
        where = "periode = ? AND trafficking_form = ? AND first_shelter = ? AND province_code = 'NL'"
        counted = build_db.execute(f"SELECT requests FROM intermediate.int_shelter__request_cube WHERE {where}", key).fetchone()
        shown = serving_db.execute(f"SELECT requests, is_suppressed FROM marts.shelter WHERE {where}", key).fetchone()
        counted = counted[0] if counted else 0
        if counted == 0:
            assert shown is None
        else:
            assert shown in ((counted, False), (None, True)), shown
        return counted

    return cell


@pytest.mark.parametrize(("year", "expected"), [
    pytest.param(y, v, id=f"F3.15-opvangbehoefte-{y}") for y, v in K8_NEED_BY_YEAR.items()
])
def test_figure_3_15_shelter_need_per_year(shelter_cell, year, expected):
    assert shelter_cell(str(year), "Alle vormen", "Alle") == expected


def test_figure_3_15_shelter_need_total(shelter_cell):
    assert shelter_cell("2013-2017", "Alle vormen", "Alle") == K8_NEED[1]


@pytest.mark.parametrize(("first_shelter", "expected"), [
    pytest.param(s, v, id=f"F3.16-{s}") for s, v in K8_FIRST_SHELTER.items()
])
def test_figure_3_16_first_shelter_total(shelter_cell, first_shelter, expected):
    assert shelter_cell("2013-2017", "Alle vormen", first_shelter) == expected


@pytest.mark.parametrize(("year", "expected"), [
    pytest.param(y, v, id=f"F3.16-COSM-{y}") for y, v in K8_COSM_BY_YEAR.items()
])
def test_figure_3_16_cosm_per_year(shelter_cell, year, expected):
    assert shelter_cell(str(year), "Alle vormen", "COSM") == expected


@pytest.mark.parametrize(("form", "first_shelter", "expected"), [
    pytest.param(g, s, v, id=f"F3.16-{g}-{s}")
    for g, row in K8_GROUP.items() for s, v in zip(K8_SHELTERS, row, strict=True)
])
def test_figure_3_16_first_shelter_by_group(shelter_cell, form, first_shelter, expected):
    assert shelter_cell("2013-2017", form, first_shelter) == expected


def test_shelter_groups_are_the_registration_groups(serving_db):
    forms = {r[0] for r in serving_db.execute("SELECT DISTINCT trafficking_form FROM marts.shelter").fetchall()}
    assert forms == {*GROUPS, "Alle vormen"}
