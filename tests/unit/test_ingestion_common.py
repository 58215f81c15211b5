"""The contract rules every source's fault sample must pass at the ingestion boundary (README §4-§7,
§11), once per source (tests/faults/sources.py); source-specific rules stay in
test_ingestion_<source>.py."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from orchestration.ingestion.run import ingest_source
from tests.faults.common import (
    assert_nothing_lost,
    assert_rejected,
    assert_second_ingest_changes_nothing,
    personal_data_hits,
)
from tests.faults.sources import KEY, SOURCES, load_fault_sample


@pytest.fixture(params=SOURCES, ids=lambda source: source.name)
def fault_load(request, tmp_path):
    yield from load_fault_sample(request.param, tmp_path)


def test_fault_delivery_quarantines_exactly_the_broken_rows_with_their_reasons(fault_load):
    got = dict(
        fault_load.con.execute(
            "SELECT row_number, reasons FROM raw.quarantine WHERE file_name = ?",
            [fault_load.source.faults.FAULT_FILE],
        ).fetchall()
    )
    assert got == fault_load.expected.quarantine


def test_reason_code_is_the_first_violation_and_every_row_level_code_occurs(fault_load):
    rows = fault_load.con.execute("SELECT reason_code, reasons FROM raw.quarantine").fetchall()
    assert rows and all(reasons.split(";")[0].split(":")[0] == code for code, reasons in rows)
    assert {code for code, _ in rows} == fault_load.source.row_level_codes


def test_fault_delivery_warnings_are_exact(fault_load):
    got = set(fault_load.con.execute("SELECT row_number, code, column_name FROM raw.warnings").fetchall())
    assert got == fault_load.expected.warnings
    assert {code for _, code, _ in got} == fault_load.source.warning_codes


def test_nothing_is_lost_rows_read_equals_landing_plus_quarantine(fault_load):
    expected = fault_load.expected
    assert_nothing_lost(
        fault_load.con,
        fault_load.source.landing_table,
        fault_load.source.faults.FAULT_FILE,
        expected.accepted,
        len(expected.quarantine),
        expected.empty_lines,
    )


@pytest.mark.parametrize(
    ("fault_load", "name"),
    [
        pytest.param(source, name, id=f"{source.name}-{name}")
        for source in SOURCES
        for name in sorted(source.rejections())
    ],
    indirect=["fault_load"],
)
def test_rejected_file_is_logged_with_the_contract_error_and_loads_nothing(fault_load, name):
    source = fault_load.source
    assert_rejected(
        fault_load.con, fault_load.outcomes, source.landing_table, name, source.rejections()[name]
    )


@pytest.mark.parametrize(
    ("fault_load", "name"),
    [
        pytest.param(source, name, id=f"{source.name}-{name}")
        for source in SOURCES
        if source.accepted_files
        for name in sorted(source.accepted_files())
    ],
    indirect=["fault_load"],
)
def test_unusual_but_valid_files_load(fault_load, name):
    _, landed = fault_load.source.accepted_files()[name]
    assert fault_load.con.execute(
        "SELECT status, rows_accepted, rows_quarantined FROM raw.load_log WHERE file_name = ?", [name]
    ).fetchall() == [("geladen", landed, 0)]


@pytest.mark.parametrize(
    "fault_load", [source for source in SOURCES if source.linked_record], ids=lambda s: s.name, indirect=True
)
def test_link_key_is_pseudonymised_with_the_contract_hmac(fault_load):
    # README §7: the keyed hash of the upper-cased key in domain `koppelsleutel`
    want = hmac.new(KEY, b"koppelsleutel:00AB00AB00AB00AB", hashlib.sha256).hexdigest()
    column, record = fault_load.source.linked_record
    assert fault_load.con.execute(
        f"SELECT link_hash FROM raw.{fault_load.source.landing_table} WHERE {column} = ?", [record]
    ).fetchall() == [(want,)]


def test_no_raw_personal_data_in_any_table(fault_load):
    source = fault_load.source
    hits = personal_data_hits(
        fault_load.con, list(source.personal_data), min_substring_length=source.min_substring_length
    )
    assert hits == []


def test_same_files_twice_change_nothing(fault_load):
    source = fault_load.source
    assert_second_ingest_changes_nothing(
        fault_load.con, source.contract, fault_load.inbox, KEY, source.landing_table
    )


def test_same_name_with_other_content_is_rejected_whole(fault_load):
    con, source = fault_load.con, fault_load.source
    fault_file, table = source.faults.FAULT_FILE, source.landing_table
    before = con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
    source.write_other_fault_file(fault_load.inbox)
    [outcome] = ingest_source(source.contract, fault_load.inbox, con, KEY)
    assert outcome.status == "bestand_gewijzigd"
    assert outcome.error.startswith(f"Bestand {fault_file} afgewezen: ")
    assert con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0] == before
    column, value = source.other_record
    assert con.execute(f"SELECT count(*) FROM raw.{table} WHERE {column} = ?", [value]).fetchone() == (0,)
    assert con.execute(
        "SELECT status FROM raw.load_log WHERE file_name = ? ORDER BY status", [fault_file]
    ).fetchall() == [("bestand_gewijzigd",), ("geladen",)]
