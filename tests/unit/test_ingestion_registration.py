"""The registration contract rules at the ingestion boundary (real Polars + DuckDB, no Dagster)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import duckdb
import pytest

from orchestration.ingestion.contracts.registration import REGISTRATION
from orchestration.ingestion.run import ingest_source
from orchestration.pseudonym_key import MissingPseudonymKey, pseudonym_key
from tests.faults.common import assert_second_ingest_changes_nothing, personal_data_hits
from tests.faults.registration import (
    FAULT_FILE,
    HEADER,
    fault_rows,
    rejected_files,
    to_csv,
    valid_row,
    write_fault_sample,
)

KEY = b"unit-test-key-0123456789abcdefghijkl"


@pytest.fixture()
def fault_load(tmp_path):
    inbox = tmp_path / "inbox"
    expected = write_fault_sample(inbox)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    outcomes = ingest_source(REGISTRATION, inbox, con, KEY, now=dt.datetime(2018, 7, 10, 12, 0))
    yield con, outcomes, expected, inbox
    con.close()


def test_fault_delivery_quarantines_exactly_the_broken_rows_with_their_reasons(fault_load):
    con, _, expected, _ = fault_load
    got = dict(
        con.execute(
            "SELECT row_number, reasons FROM raw.quarantine WHERE file_name = ?", [FAULT_FILE]
        ).fetchall()
    )
    assert got == expected.quarantine


def test_reason_code_is_the_first_violation(fault_load):
    con, *_ = fault_load
    rows = con.execute("SELECT reason_code, reasons FROM raw.quarantine").fetchall()
    assert rows and all(reasons.split(";")[0].split(":")[0] == code for code, reasons in rows)
    codes = {code for code, _ in rows}
    # every row-level reason code of contract README §5 occurs in the fault sample
    assert codes >= {
        "aantal_velden",
        "verplicht_veld_leeg",
        "ongeldig_formaat",
        "ongeldige_code",
        "veld_niet_toegestaan",
        "inconsistent",
        "dubbele_sleutel",
    }


def test_fault_delivery_warnings_are_exact(fault_load):
    con, _, expected, _ = fault_load
    got = set(con.execute("SELECT row_number, code, column_name FROM raw.warnings").fetchall())
    assert got == expected.warnings
    assert {code for _, code, _ in got} == {
        "code_naar_onbekend",
        "koppelsleutel_ongeldig",
        "code_buiten_geldigheid",
    }


def test_unknown_country_is_stored_as_onbekend_with_the_original_in_the_warning(fault_load):
    con, *_ = fault_load
    assert con.execute(
        "SELECT nationaliteit FROM raw.landing_comensha WHERE melding_id = 'W-COUNTRY'"
    ).fetchone() == ("Onbekend",)
    assert con.execute(
        "SELECT detail FROM raw.warnings WHERE record_key = 'W-COUNTRY' AND column_name = 'nationaliteit'"
    ).fetchone() == ("Atlantis",)


def test_nothing_is_lost_rows_read_equals_landing_plus_quarantine(fault_load):
    con, outcomes, expected, _ = fault_load
    log = con.execute(
        "SELECT rows_read, rows_accepted, rows_quarantined, rows_empty, status FROM raw.load_log WHERE file_name = ?",
        [FAULT_FILE],
    ).fetchone()
    landed = con.execute(
        "SELECT count(*) FROM raw.landing_comensha WHERE file_name = ?", [FAULT_FILE]
    ).fetchone()[0]
    quarantined = con.execute(
        "SELECT count(*) FROM raw.quarantine WHERE file_name = ?", [FAULT_FILE]
    ).fetchone()[0]
    assert log == (landed + quarantined, landed, quarantined, expected.empty_lines, "geladen")
    assert landed == expected.accepted
    assert quarantined == len(expected.quarantine)


@pytest.mark.parametrize("name", sorted(rejected_files()))
def test_rejected_file_is_logged_with_the_contract_error_and_loads_nothing(fault_load, name):
    con, outcomes, _, _ = fault_load
    _, status, error = rejected_files()[name]
    logged = con.execute(
        "SELECT status, error, rows_read FROM raw.load_log WHERE file_name = ?", [name]
    ).fetchall()
    assert len(logged) == 1
    assert logged[0][0] == status
    assert logged[0][1].startswith(error)
    assert logged[0][2] == 0
    for table in ("landing_comensha", "quarantine", "warnings"):
        assert con.execute(f"SELECT count(*) FROM raw.{table} WHERE file_name = ?", [name]).fetchone()[0] == 0
    assert any(o.file_name == name and o.error == logged[0][1] for o in outcomes)


def test_codes_are_stored_in_canonical_spelling(fault_load):
    con, *_ = fault_load
    row = con.execute(
        "SELECT geslacht, doel_melding, aangifte, sector, melder_type, uitzendbureau "
        "FROM raw.landing_comensha WHERE melding_id = 'OK-ALIAS'"
    ).fetchone()
    assert row == ("V", "Verzoek opvang", "Nee", ["Seksuele uitbuiting"], "Politie", None)


def test_quoted_separator_and_line_break_stay_in_one_record(fault_load):
    con, *_ = fault_load
    rows, _ = fault_rows()
    quoted_line = 2 + next(
        i for i, r in enumerate(rows) if isinstance(r, dict) and r["melding_id"] == "QUOTED"
    )
    row = con.execute(
        "SELECT row_number, melder_organisatie FROM raw.landing_comensha WHERE melding_id = 'QUOTED'"
    ).fetchone()
    assert row == (quoted_line, "Zorg; en welzijn")


def test_persons_are_pseudonymised_with_the_contract_hmac(fault_load):
    con, *_ = fault_load
    want = hmac.new(KEY, b"comensha_persoon:P-1", hashlib.sha256).hexdigest()
    assert con.execute(
        "SELECT person_key FROM raw.landing_comensha WHERE melding_id = 'OK-1'"
    ).fetchone() == (want,)
    link = hmac.new(KEY, b"koppelsleutel:00AB00AB00AB00AB", hashlib.sha256).hexdigest()
    assert con.execute(
        "SELECT link_hash FROM raw.landing_comensha WHERE melding_id = 'W-KEY-OK'"
    ).fetchone() == (link,)


def test_age_replaces_birth_date_in_completed_years(fault_load):
    con, *_ = fault_load
    # born 14-02-1994, reported 05-03-2016: 22 completed years
    assert con.execute(
        "SELECT age_at_report FROM raw.landing_comensha WHERE melding_id = 'OK-1'"
    ).fetchone() == (22,)


def test_no_raw_personal_data_in_any_table(fault_load):
    con, *_ = fault_load
    pii = [
        "de Vries",
        "Anna",
        "14-02-1994",
        "1994-02-14",
        "P-1",
        "P-2",
        "00ab00ab00ab00AB",
        "00AB00AB00AB00AB",
        "12345",
        "Ærø",
    ]
    assert personal_data_hits(con, pii, min_substring_length=6) == []


def test_same_file_twice_changes_nothing(fault_load):
    con, _, _, inbox = fault_load
    assert_second_ingest_changes_nothing(con, REGISTRATION, inbox, KEY, "landing_comensha")


def test_same_name_with_other_content_is_rejected_whole(fault_load):
    con, _, _, inbox = fault_load
    before = con.execute("SELECT count(*) FROM raw.landing_comensha").fetchone()[0]
    (inbox / "comensha" / FAULT_FILE).write_bytes(to_csv([valid_row("NEW-1")]))
    [outcome] = ingest_source(REGISTRATION, inbox, con, KEY)
    assert outcome.status == "bestand_gewijzigd"
    assert outcome.error.startswith(f"Bestand {FAULT_FILE} afgewezen: ")
    assert con.execute("SELECT count(*) FROM raw.landing_comensha").fetchone()[0] == before
    assert (
        con.execute("SELECT count(*) FROM raw.landing_comensha WHERE melding_id = 'NEW-1'").fetchone()[0] == 0
    )


def test_files_are_processed_in_delivery_date_order(tmp_path):
    inbox = tmp_path / "inbox"
    folder = inbox / "comensha"
    folder.mkdir(parents=True)
    (folder / "comensha_registraties_20181001.csv").write_bytes(to_csv([valid_row("B")]))
    (folder / "comensha_registraties_20180601.csv").write_bytes(to_csv([valid_row("A")]))
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    names = [o.file_name for o in ingest_source(REGISTRATION, inbox, con, KEY)]
    assert names == ["comensha_registraties_20180601.csv", "comensha_registraties_20181001.csv"]


def test_header_only_file_is_a_valid_empty_delivery(tmp_path):
    folder = tmp_path / "inbox" / "comensha"
    folder.mkdir(parents=True)
    (folder / "comensha_registraties_20180601.csv").write_bytes(to_csv([]))
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    [outcome] = ingest_source(REGISTRATION, tmp_path / "inbox", con, KEY)
    assert (outcome.status, outcome.rows_read) == ("geladen", 0)


def test_header_names_match_case_insensitively_and_without_bom(tmp_path):
    folder = tmp_path / "inbox" / "comensha"
    folder.mkdir(parents=True)
    (folder / "comensha_registraties_20180601.csv").write_bytes(
        to_csv([valid_row("A")], header=[f" {h.upper()} " for h in HEADER]).removeprefix(b"\xef\xbb\xbf")
    )
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    [outcome] = ingest_source(REGISTRATION, tmp_path / "inbox", con, KEY)
    assert (outcome.status, outcome.rows_accepted) == ("geladen", 1)


def test_ingestion_refuses_to_run_without_a_key(monkeypatch):
    monkeypatch.setenv("MH_PSEUDONYM_KEY", "too-short")
    with pytest.raises(MissingPseudonymKey):
        pseudonym_key()
    monkeypatch.delenv("MH_PSEUDONYM_KEY")
    with pytest.raises(MissingPseudonymKey):
        pseudonym_key()
