"""Bad deliveries through the real Dagster build: rejected whole, quarantined, never published half."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tests.faults.registration import FAULT_FILE, rejected_files
from tests.integration.builds import check_evaluations, file_digest, materialised
from tests.integration.fault_story import BLOCKING_FILE

WRONG_HEADER = "comensha_registraties_20180701.csv"


@pytest.fixture(scope="module")
def fault_build(fault_story):
    """The first build of the session's fault story: the CoMensha fault sample (with the IND and
    OM ones beside it, which these tests do not look at)."""
    return fault_story.first, fault_story.inbox, fault_story.data, fault_story.expected["comensha"]


def test_fault_sample_build_publishes_the_good_delivery(fault_build):
    result, _, data, expected = fault_build
    assert result.success
    assert "serving_database" in materialised(result)
    con = duckdb.connect(str(data / "serving.duckdb"), read_only=True)
    # every accepted fault-sample row belongs to person P-1 or P-2; their victim-years are published
    assert con.execute("SELECT count(*) FROM marts.victims").fetchone()[0] > 0


def test_rejected_files_fail_the_stewards_check_with_the_contract_messages(fault_build):
    result, *_ = fault_build
    check = check_evaluations(result)["comensha_deliveries_accepted"]
    assert not check.passed
    for name in rejected_files():
        assert f"Bestand {name} afgewezen: " in check.description
    assert rejected_files()[WRONG_HEADER][2] in check.description


def test_wrong_header_delivery_reaches_neither_landing_nor_marts(fault_build):
    _, _, data, _ = fault_build
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    status, error = con.execute(
        "SELECT status, error FROM raw.load_log WHERE file_name = ?", [WRONG_HEADER]
    ).fetchone()
    assert (status, error) == ("afgewezen", rejected_files()[WRONG_HEADER][2])
    assert con.execute(
        "SELECT count(*) FROM raw.landing_comensha WHERE file_name = ?", [WRONG_HEADER]
    ).fetchone() == (0,)
    assert con.execute(
        "SELECT count(*) FROM staging.stg_comensha__meldingen WHERE file_name = ?", [WRONG_HEADER]
    ).fetchone() == (0,)


def test_nothing_lost_check_passes_and_counts_reconcile(fault_build):
    result, _, data, expected = fault_build
    assert check_evaluations(result)["comensha_nothing_lost"].passed
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    read, accepted, quarantined, empty = con.execute(
        "SELECT rows_read, rows_accepted, rows_quarantined, rows_empty FROM raw.load_log WHERE file_name = ?",
        [FAULT_FILE],
    ).fetchone()
    assert read == accepted + quarantined
    assert (accepted, quarantined, empty) == (
        expected.accepted,
        len(expected.quarantine),
        expected.empty_lines,
    )


def test_error_severity_failure_keeps_the_previous_serving_database(fault_story):
    """The story's second build adds a delivery with a melding dated 1999: it passes the file
    contract, but the landing suite's error expectation on datum_melding must stop the publish."""
    result, serving = fault_story.second, fault_story.data / "serving.duckdb"
    check = check_evaluations(result)["landing_comensha_expectations"]
    assert not check.passed
    assert check.severity.value == "ERROR"
    assert "serving_database" not in materialised(result)
    assert file_digest(serving) == fault_story.serving_before
    # the blocked row is in landing all the same (only serving was kept back)
    con = duckdb.connect(str(fault_story.data / "warehouse.duckdb"), read_only=True)
    assert con.execute(
        "SELECT melding_id, datum_melding FROM raw.landing_comensha WHERE file_name = ?", [BLOCKING_FILE]
    ).fetchall() == [("OUD-1", dt.date(1999, 6, 15))]
