"""The contracts' statements about the default sample that are no published figure, one test per source.

The published figures themselves (every calibration target) are rows of the seed and are checked in
test_published_figures.py and by the dbt test assert_published_calibration_targets_match. What is
left here are the sentences of the calibration sections that say a set is empty or a figure holds
for every row ("all sub-3 rows are Seksuele uitbuiting", "there is no ground before 2015"); each is a
count on the PUBLISHED serving database (session fixture `serving_db`) that must be 0, except the
two counts of double VV grants (residence.md §4 L6) that no figure of the report carries. Each test
lists every rule that fails, with the count found.
"""

from __future__ import annotations

from tests.integration.published_seed import targets


def _broken(db, rules: dict[str, tuple[str, list]], expected: dict[str, int] | None = None) -> dict[str, int]:
    """The rules whose count differs from the expected one (0 unless `expected` says otherwise)."""
    expected = expected or {}
    counts = {name: db.execute(sql, params).fetchone()[0] for name, (sql, params) in rules.items()}
    return {name: n for name, n in counts.items() if n != expected.get(name, 0)}


def _victims(where: str, params: list | None = None) -> tuple[str, list]:
    return f"SELECT count(*) FROM marts.victims WHERE {where}", params or []


def test_registration_rules_hold(serving_db):
    """registration.md §4 (R7-R10) and §5 (K1-K12) on the default sample."""
    nationalities = sorted({r["group_label"] for r in targets("victims_by_nationality")})
    minor_nationalities = sorted({r["group_label"] for r in targets("minors_by_nationality")})
    rules = {
        "K1: a headline victim-year without melder outside group Onbekend": _victims(
            "NOT is_sub3 AND reporter_set = '' AND trafficking_form <> 'Onbekend'"
        ),
        "K4: a headline nationality that Table B2.1 does not list": _victims(
            "NOT is_sub3 AND NOT list_contains(?, nationality)", [nationalities]
        ),
        "K4: a minor's nationality that Table B2.2 does not list": _victims(
            "NOT is_sub3 AND is_minor AND NOT list_contains(?, nationality)", [minor_nationalities]
        ),
        "K5: a melder counted twice in one victim-year": (
            "SELECT count(*) FROM (SELECT victim_id, registration_year, reporter_group FROM marts.reports "
            "GROUP BY ALL HAVING count(*) > 1)",
            [],
        ),
        "K6: a KMar-only headline victim-year outside the UBS groups": _victims(
            "NOT is_sub3 AND is_kmar_only AND trafficking_form NOT IN ('BL-UBS', 'GO-UBS')"
        ),
        "K6: a BL-SU victim-year under two police units": (
            "SELECT count(*) FROM (SELECT victim_id, registration_year FROM marts.police_unit_reports "
            "WHERE trafficking_form = 'BL-SU' GROUP BY ALL HAVING count(*) > 1)",
            [],
        ),
        "K7: a sub-3 victim-year that is not KMar-only": _victims("is_sub3 AND NOT is_kmar_only"),
        "K8: a first shelter without shelter need": _victims(
            "NOT is_sub3 AND first_shelter IS NOT NULL AND NOT needs_shelter"
        ),
        "K8: a shelter need without first shelter": _victims(
            "NOT is_sub3 AND first_shelter IS NULL AND needs_shelter"
        ),
        "K10: gender Onbekend outside group Onbekend": _victims(
            "NOT is_sub3 AND gender = 'Onbekend' AND trafficking_form <> 'Onbekend'"
        ),
        "K11: is_minor disagrees with a known age band": _victims(
            "(age_band = 'Minderjarig') IS DISTINCT FROM is_minor AND age_band <> 'Onbekend'"
        ),
        "K11: is_minor set where the age is unknown": _victims(
            "age_band = 'Onbekend' AND is_minor IS NOT NULL"
        ),
        "K12: uitzendbureau before 2016": _victims("temp_agency AND registration_year < 2016"),
        "linkage: has_link_key disagrees with link_hash": _victims("has_link_key <> (link_hash IS NOT NULL)"),
    }
    assert nationalities and minor_nationalities, "seed rows of K4 not read"
    assert _broken(serving_db, rules) == {}


def _applications(kind: str, where: str) -> tuple[str, list]:
    return (
        "SELECT count(*) FROM marts.residence_decisions WHERE residence_type = ? AND is_last_decision "
        f"AND is_application_handled_in_span AND ({where})",
        [kind],
    )


def test_residence_rules_hold(serving_db):
    """residence.md §4 (L1-L6) on the default sample."""
    double_grants = (
        "SELECT count(*) FROM (SELECT person_key FROM marts.residence_decisions d "
        "JOIN marts.residence_routes r USING (person_key) "
        "WHERE d.residence_type = 'voortgezet' AND d.is_last_decision AND d.is_application_handled_in_span "
        "AND d.application_outcome = 'Ingewilligd' AND r.route_group = 4 GROUP BY person_key "
        "HAVING count(*) > 1 AND string_agg(CAST(last_decision_year AS VARCHAR), ',' ORDER BY last_decision_year) {})"
    )
    rules = {
        "L1: a route c person with Bedenktijd": (
            "SELECT count(*) FROM marts.residence_routes "
            "WHERE is_in_population AND route LIKE '%c' AND has_bedenktijd",
            [],
        ),
        "L4: a Bedenktijd in the window that is not 90 days": (
            "SELECT count(*) FROM marts.residence_decisions WHERE residence_type = 'bedenktijd' "
            "AND is_in_counted_span AND reflection_period_days IS DISTINCT FROM 90",
            [],
        ),
        "L5: a person with more than two TV applications": (
            "SELECT count(*) FROM marts.residence_routes WHERE is_in_population AND tv_application_count > 2",
            [],
        ),
        "L6: a VV application with unknown first decision outside 2013": _applications(
            "voortgezet", "NOT is_first_decision_known AND last_decision_year <> 2013"
        ),
        "L6: a Filipijnen VV grant of 2017 on another ground than drie jaar lopende strafzaak": _applications(
            "voortgezet",
            "application_outcome = 'Ingewilligd' AND last_decision_year = 2017 "
            "AND nationality = 'Filipijnen' "
            "AND application_ground IS DISTINCT FROM "
            "'a-grond drie jaar lopende strafzaak'",
        ),
        "L6: a VV application with a ground before 2015": _applications(
            "voortgezet", "last_decision_year < 2015 AND application_ground IS NOT NULL"
        ),
        "L6: group-4 persons granted VV in 2015 and again in 2017": (
            double_grants.format("= '2015,2017'"),
            [],
        ),
        "L6: group-4 persons granted VV twice in 2017": (double_grants.format("= '2017,2017'"), []),
        "L6: group-4 persons granted VV twice in other years": (
            double_grants.format("NOT IN ('2015,2017', '2017,2017')"),
            [],
        ),
    }
    # residence.md §4 L6: "15 group-4 persons have two grants: 14 ... in 2015 and again in 2017, and 1 twice in 2017"
    expected = {
        "L6: group-4 persons granted VV in 2015 and again in 2017": 14,
        "L6: group-4 persons granted VV twice in 2017": 1,
    }
    assert _broken(serving_db, rules, expected) == {}


def _cases(where: str) -> tuple[str, list]:
    return f"SELECT count(*) FROM marts.prosecution_cases WHERE {where}", []


def test_prosecution_rules_hold(serving_db):
    """prosecution.md §4 (M3-M6) on the default sample."""
    rules = {
        "M3: a judgment at another court than Rechtbank, Gerechtshof or Hoge Raad": _cases(
            "judgment IS NOT NULL AND court_level NOT IN ('Rechtbank', 'Gerechtshof', 'Hoge Raad')"
        ),
        "M3: a judgment without court": _cases("judgment IS NOT NULL AND court_level IS NULL"),
        "M3: a Rechtbank row whose first-instance judgment is not the latest": _cases(
            "court_level = 'Rechtbank' AND first_instance_judgment IS DISTINCT FROM judgment"
        ),
        "M4: a conviction without sentence type": _cases(
            "judgment = 'Veroordeling' AND sentence_type IS NULL"
        ),
        "M5: a sub-3 row that is not Seksuele uitbuiting": _cases(
            "is_sub3 AND exploitation_form <> 'Seksuele uitbuiting'"
        ),
        "M6: a Functioneel Parket row that is not Arbeidsuitbuiting": _cases(
            "prosecution_office = 'Functioneel Parket' AND exploitation_form <> 'Arbeidsuitbuiting'"
        ),
    }
    assert _broken(serving_db, rules) == {}
