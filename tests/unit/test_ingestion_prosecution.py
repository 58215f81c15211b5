"""The OM contract at the ingestion boundary: composite key, victim keys, aliases, date order."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io

import duckdb
import pytest

from orchestration.ingestion.contracts.prosecution import PROSECUTION
from orchestration.ingestion.run import ingest_source
from tests.faults.prosecution import case
from tests.faults.sources import KEY, SOURCE, load_fault_sample, suspect_key

NAME = "om_vervolging_20180601.csv"
HEADER = list(PROSECUTION.header)


def _ingest(tmp_path, rows):
    folder = tmp_path / "inbox" / "om"
    folder.mkdir(parents=True)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows([r[h] for h in HEADER] for r in rows)
    (folder / NAME).write_text(out.getvalue(), encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    return con, ingest_source(PROSECUTION, tmp_path / "inbox", con, KEY)


def test_aliases_and_prefixes_are_mapped(tmp_path):
    con, _ = _ingest(
        tmp_path,
        [
            case(
                wetsartikel="art. 273F lid 1 sub 1 Sr",
                parket="Arrondissementsparket Rotterdam",
                vonnis="Ontslag van rechtsvervolging",
                strafsoort="",
                strafduur_dagen="",
            )
        ],
    )
    assert con.execute("SELECT wetsartikel, parket, vonnis FROM raw.landing_om").fetchone() == (
        "273f lid 1 sub 1 Sr",
        "Rotterdam",
        "Ontslag van alle rechtsvervolging",
    )


def test_suspect_and_victim_keys_are_pseudonymised_and_birth_year_becomes_age(tmp_path):
    con, _ = _ingest(tmp_path, [case(slachtoffer_koppelsleutels="00ab00ab00ab00ab | 11CD11CD11CD11CD")])
    suspect, age, victims = con.execute(
        "SELECT suspect_key, age_at_registration, victim_link_hashes FROM raw.landing_om"
    ).fetchone()
    assert suspect == hmac.new(KEY, b"om_verdachte:V-1", hashlib.sha256).hexdigest()
    assert age == 35
    assert sorted(victims) == sorted(
        hmac.new(KEY, f"koppelsleutel:{k}".encode(), hashlib.sha256).hexdigest()
        for k in ("00AB00AB00AB00AB", "11CD11CD11CD11CD")
    )


def test_invalid_victim_key_is_dropped_with_a_warning(tmp_path):
    con, _ = _ingest(tmp_path, [case(slachtoffer_koppelsleutels="00AB00AB00AB00AB|nonsense")])
    assert len(con.execute("SELECT victim_link_hashes FROM raw.landing_om").fetchone()[0]) == 1
    assert con.execute("SELECT code, record_key LIKE '13/654321-15|%' FROM raw.warnings").fetchall() == [
        ("koppelsleutel_ongeldig", True)
    ]


@pytest.mark.parametrize(
    ("changes", "reasons"),
    [
        (dict(afdoeningsdatum=""), "verplicht_veld_leeg:afdoeningsdatum"),
        (dict(afdoening="Transactie"), "veld_niet_toegestaan:vonnis"),
        (dict(strafduur_dagen=""), "verplicht_veld_leeg:strafduur_dagen"),
        (dict(strafduur_dagen="0"), "ongeldig_formaat:strafduur_dagen"),
        (dict(geboortejaar="2010"), "inconsistent:geboortejaar"),
        (dict(vonnisdatum="2015-05-01"), "inconsistent:inschrijfdatum"),
        (dict(aantal_slachtoffers="0"), "inconsistent:aantal_slachtoffers"),
        (dict(parketnummer="13-654321-15"), "ongeldig_formaat:parketnummer"),
        (dict(gewijzigd_op="2016-01-20 09:30"), "ongeldig_formaat:gewijzigd_op"),
    ],
    ids=[
        "disposition-date-required",
        "judgment-only-after-summons",
        "prison-term-required",
        "term-at-least-one-day",
        "younger-than-12",
        "judgment-before-disposition",
        "more-keys-than-victims",
        "case-number-pattern",
        "timestamp-format",
    ],
)
def test_prosecution_row_rules(tmp_path, changes, reasons):
    con, _ = _ingest(tmp_path, [case(**changes)])
    assert con.execute("SELECT reasons FROM raw.quarantine").fetchall() == [(reasons,)]


def test_the_record_key_is_case_and_suspect(tmp_path):
    con, [outcome] = _ingest(tmp_path, [case(), case(verdachte_id="V-2"), case(verdachte_id="V-2")])
    assert (outcome.rows_accepted, outcome.rows_quarantined) == (1, 2)
    assert {r for (r,) in con.execute("SELECT reason_code FROM raw.quarantine").fetchall()} == {
        "dubbele_sleutel"
    }


# --- the OM fault sample (contract README §11): what only OM rows show; the rules every source's
# sample must pass are in test_ingestion_common.py ---

from tests.faults import prosecution as faults  # noqa: E402


@pytest.fixture()
def fault_load(tmp_path):
    yield from load_fault_sample(SOURCE["prosecution"], tmp_path)


def _landing(con) -> dict[tuple[str, str], dict]:
    cursor = con.execute("SELECT * FROM raw.landing_om WHERE file_name = ?", [faults.FAULT_FILE])
    names = [d[0] for d in cursor.description]
    return {
        (r["parketnummer"], r["suspect_key"]): r for r in (dict(zip(names, row)) for row in cursor.fetchall())
    }


def test_duplicate_rows_carry_the_composite_record_key(fault_load):
    con = fault_load.con
    # README §5: `<parketnummer>|<verdachte_sleutel>`, the suspect pseudonymised
    keys = con.execute(
        "SELECT record_key FROM raw.quarantine WHERE reason_code = 'dubbele_sleutel' OR "
        "reasons LIKE '%dubbele_sleutel%'"
    ).fetchall()
    assert keys == [(f"13/654321-15|{suspect_key('TWICE')}",)] * 2


def test_warnings_keep_unknown_codes_but_never_a_victim_key(fault_load):
    # the exact warnings and their codes: test_ingestion_common.py
    con = fault_load.con
    details = dict(
        con.execute("SELECT column_name || '/' || row_number, detail FROM raw.warnings").fetchall()
    )
    unknown = {
        (column, d)
        for key, d in details.items()
        for column in [key.split("/")[0]]
        if column in ("nationaliteit", "uitbuitingsvorm")
    }
    assert unknown == {("nationaliteit", "Atlantis"), ("uitbuitingsvorm", "Mensensmokkel")}
    # an invalid victim key is PII: it must not be copied into the warning
    assert not any("nonsense" in (d or "") or "00AB00AB00AB00A" in (d or "") for d in details.values())


def test_accepted_rows_land_on_their_physical_line_in_canonical_form(fault_load):
    con, expected = fault_load.con, fault_load.expected
    landed = _landing(con)
    assert len(landed) == expected.accepted
    for (case_number, suspect), line in expected.lines.items():
        row = landed[(case_number, suspect_key(suspect))]
        assert row["row_number"] == line, suspect
        values = dict(expected.landed.get((case_number, suspect), {}))
        if "victims" in values:
            values["victim_link_hashes"] = values.pop("victims")
            row = {**row, "victim_link_hashes": len(row["victim_link_hashes"])}
        assert {c: row[c] for c in values} == values, suspect


def test_victim_keys_are_trimmed_deduplicated_and_hashed(fault_load):
    con = fault_load.con
    row = _landing(con)[("13/654321-15", suspect_key("OK-KEYS"))]
    assert sorted(row["victim_link_hashes"]) == sorted(
        hmac.new(KEY, f"koppelsleutel:{k}".encode(), hashlib.sha256).hexdigest()
        for k in ("00AB00AB00AB00AB", "11CD11CD11CD11CD")
    )
