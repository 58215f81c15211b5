"""Figures 3.15 and 3.16 (shelter need and first shelter) reproduce in the shelter mart.

The expected numbers are the contract's K8 figures (registration.md §5), as typed once in the seed
of published figures (tests/integration/published_seed.py). Each figure is checked twice: in the
shelter cube the mart is cut from (int_shelter__request_cube, build database: the counts before
disclosure control), and in the published `shelter` mart, which must show the same number unless
disclosure control hides the cell (small published counts such as BL-UBS 2/2/1 are hidden on the
dashboards, as issue 4 asks).
"""

from __future__ import annotations

from tests.integration.published_seed import targets

ALL_FORMS, ALL_SHELTERS, ALL_YEARS = "Alle vormen", "Alle", "2013-2017"


def _cell(row: dict[str, str]) -> tuple[str, str, str]:
    """The shelter cube's key (periode, trafficking_form, first_shelter) of one K8 seed row."""
    periode = row["year"] or ALL_YEARS
    if row["measure"] == "shelter_need":
        return periode, ALL_FORMS, ALL_SHELTERS
    if row["measure"] == "first_shelter":
        return periode, ALL_FORMS, row["group_label"]
    return periode, row["group_label"], row["group_label_2"]  # first_shelter_by_form


K8_CELLS = {
    r["figure_id"]: (_cell(r), int(r["published_value"]))
    for measure in ("shelter_need", "first_shelter", "first_shelter_by_form")
    for r in targets(measure)
}
GROUPS = {r["group_label"] for r in targets("victims_by_form")}


def test_figures_3_15_and_3_16_shelter_cells(build_db, serving_db):
    """Every K8 cell: the cube counts the published figure, and the mart shows that count or hides it."""
    where = "periode = ? AND trafficking_form = ? AND first_shelter = ? AND province_code = 'NL'"
    wrong = {}
    for figure_id, (key, expected) in K8_CELLS.items():
        counted = build_db.execute(
            f"SELECT requests FROM intermediate.int_shelter__request_cube WHERE {where}", list(key)
        ).fetchone()
        shown = serving_db.execute(
            f"SELECT requests, is_suppressed FROM marts.shelter WHERE {where}", list(key)
        ).fetchone()
        counted = counted[0] if counted else 0
        shown_ok = shown is None if counted == 0 else shown in ((counted, False), (None, True))
        if counted != expected or not shown_ok:
            wrong[figure_id] = {"published": expected, "cube": counted, "mart": shown}
    assert {"K8-opvangbehoefte-totaal", "K8-eerste-opvang-COSM", "K8-GO-SU-COSM"} <= set(K8_CELLS), (
        "seed rows not read"
    )
    assert wrong == {}


def test_shelter_groups_are_the_registration_groups(serving_db):
    forms = {
        r[0] for r in serving_db.execute("SELECT DISTINCT trafficking_form FROM marts.shelter").fetchall()
    }
    assert forms == {*GROUPS, "Alle vormen"}
