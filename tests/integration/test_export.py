"""The CTDC export (issue 6): written by the build, every combination of its columns occurs at
least k = 11 times (counted here, independently of the export code), and its report adds up."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest

from tests.integration.test_privacy import _sample_pii

K = 11  # issue 6: "at least k = 11 times", as CTDC releases its global dataset


@pytest.fixture(scope="module")
def export(built_warehouse):
    folder = built_warehouse.data_dir / "export"
    with (folder / "ctdc_victims.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    report = json.loads((folder / "ctdc_export_report.json").read_text(encoding="utf-8"))
    return rows, report


def test_every_combination_occurs_at_least_k_times(export):
    rows, _ = export
    assert rows, "the export is not empty"
    groups = Counter(tuple(r.values()) for r in rows)
    assert min(groups.values()) >= K


def test_report_adds_up_to_the_headline_victims(export, serving_db):
    rows, report = export
    headline = serving_db.execute("SELECT count(*) FROM marts.victims WHERE is_headline").fetchone()[0]
    assert report["k"] == K
    assert report["records_in"] == headline
    assert report["records_out"] == len(rows)
    assert report["records_in"] - report["records_out"] == report["records_suppressed"]
    assert report["generalisation_step"] in report["suppressed_per_step"]


def test_ctdc_fields_and_codes(export):
    rows, _ = export
    assert list(rows[0]) == [
        "yearOfRegistration",
        "Datasource",
        "gender",
        "ageBroad",
        "majorityStatus",
        "citizenship",
        "citizenshipRegion",
        "isSexualExploit",
        "isForcedLabour",
        "isOtherExploit",
        "isOrganRemoval",
        "typeOfExploitConcatenated",
    ]
    assert {r["gender"] for r in rows} <= {"Female", "Male", "-99"}
    assert {r["majorityStatus"] for r in rows} <= {"Minor", "Adult", "-99"}
    for flag in ("isSexualExploit", "isForcedLabour", "isOtherExploit", "isOrganRemoval"):
        assert {r[flag] for r in rows} <= {"0", "1", "-99"}


def test_no_name_birth_date_or_source_id_of_the_sample(export, built_warehouse):
    rows, _ = export
    forbidden = set().union(*_sample_pii(built_warehouse.inbox_dir).values())
    assert {v for r in rows for v in r.values()} & forbidden == set()


def test_a_build_without_registrations_exports_an_empty_file():
    """The IND/OM-only fault builds have no victims: the export must still run (and be empty)."""
    import duckdb

    from orchestration.export.htcds import anonymise, victim_records
    from orchestration.export.published import published_cells

    con = duckdb.connect()
    con.execute("CREATE SCHEMA marts")
    con.execute("CREATE SCHEMA intermediate")
    con.execute("""CREATE TABLE marts.victims (victim_id VARCHAR, registration_year INTEGER, gender VARCHAR,
        age INTEGER, nationality VARCHAR, origin_region VARCHAR, exploitation_form VARCHAR,
        non_sex_sector_type VARCHAR, non_sex_sector VARCHAR, is_headline BOOLEAN)""")
    dims = "periode, trafficking_form, gender, age_group, nationality, origin_region, province_code, police_unit_found"
    con.execute(f"""CREATE TABLE intermediate.int_disclosure__victim_years AS
        SELECT ''::VARCHAR AS victim_id, 0 AS registration_year, {", ".join(f"''::VARCHAR AS {d}" for d in dims.split(", "))}
        LIMIT 0""")
    con.execute("""CREATE TABLE intermediate.int_disclosure__victim_cells AS
        SELECT *, ''::VARCHAR AS population, true AS is_suppressed FROM intermediate.int_disclosure__victim_years LIMIT 0""")
    exported, report = anonymise(victim_records(con), "2013-2017", published_cells(con))
    assert (len(exported), report.records_in, report.records_suppressed) == (0, 0, 0)


def test_the_export_gives_no_hidden_figure_away(export, serving_db):
    """Issue 14: the export and its report, next to the published victim figures, pin no hidden
    cell and no part of a folded category (tests/integration/export_reader.py)."""
    from tests.integration.export_reader import recovered_by_the_export

    rows, report = export
    assert recovered_by_the_export(serving_db, rows, report) == []
