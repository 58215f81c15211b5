"""The IND contract at the ingestion boundary: XLSX cells, sheets and the residence rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import duckdb
import pytest

from orchestration.ingestion.contracts.residence import RESIDENCE
from orchestration.ingestion.run import ingest_source
from tests.faults.residence import valid_event, write_workbook
from tests.faults.sources import KEY, SOURCE, load_fault_sample

NAME = "ind_verblijf_20180601.xlsx"


def _ingest(tmp_path, rows, **kwargs):
    inbox = tmp_path / "inbox"
    write_workbook(inbox / "ind" / NAME, rows, **kwargs)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    return con, ingest_source(RESIDENCE, inbox, con, KEY)


def test_a_renamed_sheet_rejects_the_file_naming_the_sheet_expected(tmp_path):
    con, [outcome] = _ingest(tmp_path, [valid_event("E1")], sheet="Blad1")
    assert outcome.status == "afgewezen"
    assert outcome.error == f"Bestand {NAME} afgewezen: werkblad Gebeurtenissen ontbreekt"
    assert con.execute("SELECT count(*) FROM raw.landing_ind").fetchone() == (0,)


def test_other_sheets_are_ignored(tmp_path):
    con, [outcome] = _ingest(tmp_path, [valid_event("E1")], extra_sheet=True)
    assert (outcome.status, outcome.rows_accepted) == ("geladen", 1)


def test_text_in_a_date_cell_is_quarantined_with_the_cells_text(tmp_path):
    con, [outcome] = _ingest(tmp_path, [valid_event("E1"), valid_event("E2", datum="05-03-2016")])
    reasons, row_json, row_number = con.execute(
        "SELECT reasons, row_json, row_number FROM raw.quarantine WHERE record_key = 'E2'"
    ).fetchone()
    assert reasons == "ongeldig_formaat:datum"
    assert json.loads(row_json)["datum"] == "05-03-2016"
    assert row_number == 3  # header is sheet row 1
    assert outcome.rows_read == outcome.rows_accepted + outcome.rows_quarantined == 2


def test_numeric_v_nummer_is_padded_and_pseudonymised(tmp_path):
    con, _ = _ingest(tmp_path, [valid_event("E1", v_nummer=1234567)])
    want = hmac.new(KEY, b"ind_persoon:0001234567", hashlib.sha256).hexdigest()
    assert con.execute("SELECT person_key, age_at_event FROM raw.landing_ind").fetchone() == (want, 20)


def test_numeric_event_id_and_reflection_days_are_read_as_digits(tmp_path):
    con, _ = _ingest(tmp_path, [valid_event(123456)])
    assert con.execute("SELECT gebeurtenis_id, bedenktijd_dagen FROM raw.landing_ind").fetchone() == (
        "123456",
        "90",
    )


@pytest.mark.parametrize(
    ("changes", "reasons"),
    [
        (
            dict(
                gebeurtenis="Besluit tijdelijk verblijf",
                bedenktijd_dagen=None,
                fase="Eerste aanleg",
                beslissing="Ingewilligd",
            ),
            "verplicht_veld_leeg:pad",
        ),
        (
            dict(
                gebeurtenis="Aanvraag tijdelijk verblijf",
                bedenktijd_dagen=None,
                pad="Regulier",
                fase="Eerste aanleg",
                grond="B9/10",
            ),
            "veld_niet_toegestaan:grond",
        ),
        (
            dict(
                uitbuitingsvorm="Seksuele uitbuiting",
                datum=dt.datetime(2014, 6, 1),
                gewijzigd_op=dt.datetime(2014, 6, 2),
            ),
            "veld_niet_toegestaan:uitbuitingsvorm",
        ),
        (
            dict(
                gebeurtenis="Besluit voortgezet verblijf",
                bedenktijd_dagen=None,
                fase="Eerste aanleg",
                beslissing="Verleend",
                grond="a-grond besluit tot vervolging",
            ),
            "inconsistent:grond",
        ),
        (dict(v_nummer="12345"), "ongeldig_formaat:v_nummer"),
        (dict(gewijzigd_op="06-03-2016 10:15"), "ongeldig_formaat:gewijzigd_op"),
    ],
    ids=[
        "pad-required-on-TV",
        "grond-only-on-VV",
        "form-before-2015",
        "prosecution-ground-before-2018-10",
        "short-v-nummer",
        "text-timestamp",
    ],
)
def test_residence_row_rules(tmp_path, changes, reasons):
    con, _ = _ingest(tmp_path, [valid_event("E1", **changes)])
    assert con.execute("SELECT reasons FROM raw.quarantine").fetchall() == [(reasons,)]


def test_dublin_period_before_2019_is_accepted_with_a_warning(tmp_path):
    con, _ = _ingest(tmp_path, [valid_event("E1", bedenktijd_dagen=30)])
    assert con.execute("SELECT code, column_name FROM raw.warnings").fetchall() == [
        ("code_buiten_geldigheid", "bedenktijd_dagen")
    ]


def test_trailing_empty_rows_are_skipped_and_counted(tmp_path):
    con, [outcome] = _ingest(tmp_path, [valid_event("E1"), {h: "" for h in valid_event("x")}, None])
    assert outcome.rows_read == 1 and outcome.rows_empty >= 1


def test_numbers_stored_as_text_are_accepted_where_the_contract_allows_them(tmp_path):
    con, [outcome] = _ingest(tmp_path, [valid_event("E1", v_nummer="0001234567", bedenktijd_dagen="90")])
    assert (outcome.rows_accepted, outcome.rows_quarantined) == (1, 0)
    assert con.execute("SELECT bedenktijd_dagen FROM raw.landing_ind").fetchone() == ("90",)


def test_a_number_in_a_text_date_column_is_not_a_date(tmp_path):
    # Excel shows a date typed as a serial number only with a date format: without it, it is a number
    con, _ = _ingest(tmp_path, [valid_event("E1", datum=42434)])
    assert con.execute("SELECT reasons FROM raw.quarantine").fetchall() == [("ongeldig_formaat:datum",)]


# --- the IND fault sample (contract README §11): what only IND rows show; the rules every source's
# sample must pass are in test_ingestion_common.py ---

from tests.faults import residence as faults  # noqa: E402


@pytest.fixture()
def fault_load(tmp_path):
    yield from load_fault_sample(SOURCE["residence"], tmp_path)


def test_quarantine_names_the_record_key(fault_load):
    # the first violation as reason code and every row-level code: test_ingestion_common.py
    con, expected = fault_load.con, fault_load.expected
    rows = con.execute(
        "SELECT row_number, record_key FROM raw.quarantine WHERE file_name = ?", [faults.FAULT_FILE]
    ).fetchall()
    assert dict(rows) == expected.record_keys


def test_mapped_codes_keep_the_original_value_in_the_warning_but_never_a_raw_key(fault_load):
    con = fault_load.con
    details = dict(
        con.execute("SELECT record_key || '/' || column_name, detail FROM raw.warnings").fetchall()
    )
    assert details["W-COUNTRY/nationaliteit"] == "Atlantis"
    assert details["W-FORM/uitbuitingsvorm"] == "Mensensmokkel"
    assert "12345" not in (details["W-KEY/koppelsleutel"] or "")


def test_accepted_mess_lands_in_canonical_form(fault_load):
    con, expected = fault_load.con, fault_load.expected
    cursor = con.execute("SELECT * FROM raw.landing_ind WHERE file_name = ?", [faults.FAULT_FILE])
    names = [d[0] for d in cursor.description]
    landed = {row["gebeurtenis_id"]: row for row in (dict(zip(names, r)) for r in cursor.fetchall())}
    assert expected.landed
    for event, values in expected.landed.items():
        assert {c: landed[event][c] for c in values} == values, event


def test_text_and_numeric_v_nummers_are_the_same_person(fault_load):
    con = fault_load.con
    # residence §1: 1234567 as a number and "0001234567" as text are both v-nummer 0001234567
    want = hmac.new(KEY, b"ind_persoon:0001234567", hashlib.sha256).hexdigest()
    got = dict(
        con.execute(
            "SELECT gebeurtenis_id, person_key FROM raw.landing_ind WHERE gebeurtenis_id IN ('OK-BT', 'MESS-TEXT-NUMBERS')"
        ).fetchall()
    )
    assert got == {"OK-BT": want, "MESS-TEXT-NUMBERS": want}
    # the link key's hash: test_ingestion_common.py


def test_text_in_date_cells_is_kept_as_the_cells_text_for_the_steward(fault_load):
    con = fault_load.con
    row_json = con.execute(
        "SELECT row_json FROM raw.quarantine WHERE record_key = 'TEXT-CHANGED'"
    ).fetchone()[0]
    assert json.loads(row_json)["gewijzigd_op"] == "06-03-2016 10:15"


def test_only_the_named_sheet_is_read(fault_load):
    con = fault_load.con
    # the fault workbook has an extra sheet after, the other file one before `Gebeurtenissen`
    assert con.execute(
        "SELECT count(*) FROM raw.landing_ind WHERE gebeurtenis_id = 'NIET-GELEZEN'"
    ).fetchone() == (0,)
    assert con.execute(
        "SELECT file_name FROM raw.landing_ind WHERE gebeurtenis_id = 'EXTRA-SHEET'"
    ).fetchall() == [(faults.EXTRA_SHEET_FIRST,)]
