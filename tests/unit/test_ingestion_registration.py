"""The registration contract rules at the ingestion boundary (real Polars + DuckDB, no Dagster)."""

from __future__ import annotations

import hashlib
import hmac

import duckdb
import pytest

from orchestration.ingestion.contracts.registration import REGISTRATION
from orchestration.ingestion.run import ingest_source
from orchestration.pseudonym_key import MissingPseudonymKey, pseudonym_key
from tests.faults.registration import (
    HEADER,
    fault_rows,
    to_csv,
    valid_row,
)
from tests.faults.sources import KEY, SOURCE, load_fault_sample


@pytest.fixture()
def fault_load(tmp_path):
    yield from load_fault_sample(SOURCE["registration"], tmp_path)


def test_unknown_country_is_stored_as_onbekend_with_the_original_in_the_warning(fault_load):
    con = fault_load.con
    assert con.execute(
        "SELECT nationaliteit FROM raw.landing_comensha WHERE melding_id = 'W-COUNTRY'"
    ).fetchone() == ("Onbekend",)
    assert con.execute(
        "SELECT detail FROM raw.warnings WHERE record_key = 'W-COUNTRY' AND column_name = 'nationaliteit'"
    ).fetchone() == ("Atlantis",)


def test_codes_are_stored_in_canonical_spelling(fault_load):
    con = fault_load.con
    row = con.execute(
        "SELECT geslacht, doel_melding, aangifte, sector, melder_type, uitzendbureau "
        "FROM raw.landing_comensha WHERE melding_id = 'OK-ALIAS'"
    ).fetchone()
    assert row == ("V", "Verzoek opvang", "Nee", ["Seksuele uitbuiting"], "Politie", None)


def test_quoted_separator_and_line_break_stay_in_one_record(fault_load):
    con = fault_load.con
    rows, _ = fault_rows()
    quoted_line = 2 + next(
        i for i, r in enumerate(rows) if isinstance(r, dict) and r["melding_id"] == "QUOTED"
    )
    row = con.execute(
        "SELECT row_number, melder_organisatie FROM raw.landing_comensha WHERE melding_id = 'QUOTED'"
    ).fetchone()
    assert row == (quoted_line, "Zorg; en welzijn")


def test_persons_are_pseudonymised_with_the_contract_hmac(fault_load):
    con = fault_load.con
    want = hmac.new(KEY, b"comensha_persoon:P-1", hashlib.sha256).hexdigest()
    assert con.execute(
        "SELECT person_key FROM raw.landing_comensha WHERE melding_id = 'OK-1'"
    ).fetchone() == (want,)
    # the link key's hash: test_ingestion_common.py


def test_age_replaces_birth_date_in_completed_years(fault_load):
    con = fault_load.con
    # born 14-02-1994, reported 05-03-2016: 22 completed years
    assert con.execute(
        "SELECT age_at_report FROM raw.landing_comensha WHERE melding_id = 'OK-1'"
    ).fetchone() == (22,)


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


def test_nla_replaces_iszw_do_from_2022_and_each_code_outside_its_years_warns(tmp_path):
    """Contract addendum later-years.md §3: NLA is in the code list from 2022; ISZW-DO on a 2022
    registration, and NLA before 2022, are accepted with `code_buiten_geldigheid` on melder_type.
    Every row is loaded: a warning never rejects."""
    police = {"politie_eenheid": "", "melder_organisatie": "Arbeidsinspectie"}
    rows = {
        "ISZW-2021": ("ISZW-DO", "2021", False),
        "ISZW-2022": ("ISZW-DO", "2022", True),
        "NLA-2021": ("NLA", "2021", True),
        "NLA-2022": ("NLA", "2022", False),
        "NLA-2025": ("NLA", "2025", False),
    }
    folder = tmp_path / "inbox" / "comensha"
    folder.mkdir(parents=True)
    (folder / "comensha_registraties_20261001.csv").write_bytes(
        to_csv(
            [
                valid_row(
                    key,
                    f"P-{key}",
                    melder_type=code,
                    datum_melding=f"05-03-{year}",
                    gewijzigd_op=f"06-03-{year} 10:15",
                    **police,
                )
                for key, (code, year, _) in rows.items()
            ]
        )
    )
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    [outcome] = ingest_source(REGISTRATION, tmp_path / "inbox", con, KEY)
    landed = dict(con.execute("SELECT melding_id, melder_type FROM raw.landing_comensha").fetchall())
    warned = {
        key
        for key, code, column in con.execute(
            "SELECT record_key, code, column_name FROM raw.warnings"
        ).fetchall()
        if (code, column) == ("code_buiten_geldigheid", "melder_type")
    }
    mismatches = [
        f"{key}: landed as {landed.get(key)!r}, warned {key in warned}; expected {code!r}, warned {warns}"
        for key, (code, _, warns) in rows.items()
        if (landed.get(key), key in warned) != (code, warns)
    ]
    assert outcome.rows_accepted == len(rows)
    assert not mismatches, "\n".join(mismatches)


def test_ingestion_refuses_to_run_without_a_key(monkeypatch):
    monkeypatch.setenv("MH_PSEUDONYM_KEY", "too-short")
    with pytest.raises(MissingPseudonymKey):
        pseudonym_key()
    monkeypatch.delenv("MH_PSEUDONYM_KEY")
    with pytest.raises(MissingPseudonymKey):
        pseudonym_key()
