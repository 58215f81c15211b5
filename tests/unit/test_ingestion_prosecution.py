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

KEY = b"unit-test-key-0123456789abcdefghijkl"
NAME = "om_vervolging_20180601.csv"
HEADER = list(PROSECUTION.header)


def case(parketnummer="13/654321-15", verdachte_id="V-1", **changes) -> dict:
    """A convicted suspect with a prison sentence, naming one victim key."""
    row = dict(
        parketnummer=parketnummer, verdachte_id=verdachte_id, achternaam="Bakker", geboortejaar="1980",
        geslacht="M", nationaliteit="Nederland", parket="Rotterdam", inschrijfdatum="2015-02-03",
        wetsartikel="273f lid 1 sub 1 Sr", uitbuitingsvorm="Seksuele uitbuiting", afdoening="Dagvaarding",
        afdoeningsdatum="2015-06-01", vonnis="Veroordeling", vonnisdatum="2016-01-15", instantie="Rechtbank",
        strafsoort="Onvoorwaardelijke gevangenisstraf", strafduur_dagen="730", aantal_slachtoffers="2",
        slachtoffer_koppelsleutels="00AB00AB00AB00AB", status="Actief", gewijzigd_op="2016-01-20T09:30:00",
    )
    assert not set(changes) - set(row)
    row.update(changes)
    return row


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
    con, _ = _ingest(tmp_path, [case(wetsartikel="art. 273F lid 1 sub 1 Sr", parket="Arrondissementsparket Rotterdam",
                                     vonnis="Ontslag van rechtsvervolging", strafsoort="", strafduur_dagen="")])
    assert con.execute("SELECT wetsartikel, parket, vonnis FROM raw.landing_om").fetchone() == (
        "273f lid 1 sub 1 Sr", "Rotterdam", "Ontslag van alle rechtsvervolging")


def test_suspect_and_victim_keys_are_pseudonymised_and_birth_year_becomes_age(tmp_path):
    con, _ = _ingest(tmp_path, [case(slachtoffer_koppelsleutels="00ab00ab00ab00ab | 11CD11CD11CD11CD")])
    suspect, age, victims = con.execute("SELECT suspect_key, age_at_registration, victim_link_hashes FROM raw.landing_om").fetchone()
    assert suspect == hmac.new(KEY, b"om_verdachte:V-1", hashlib.sha256).hexdigest()
    assert age == 35
    assert sorted(victims) == sorted(
        hmac.new(KEY, f"koppelsleutel:{k}".encode(), hashlib.sha256).hexdigest()
        for k in ("00AB00AB00AB00AB", "11CD11CD11CD11CD")
    )


def test_invalid_victim_key_is_dropped_with_a_warning(tmp_path):
    con, _ = _ingest(tmp_path, [case(slachtoffer_koppelsleutels="00AB00AB00AB00AB|nonsense")])
    assert len(con.execute("SELECT victim_link_hashes FROM raw.landing_om").fetchone()[0]) == 1
    assert con.execute("SELECT code, record_key LIKE '13/654321-15|%' FROM raw.warnings").fetchall() == [("koppelsleutel_ongeldig", True)]


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
    ids=["disposition-date-required", "judgment-only-after-summons", "prison-term-required", "term-at-least-one-day",
         "younger-than-12", "judgment-before-disposition", "more-keys-than-victims", "case-number-pattern", "timestamp-format"],
)
def test_prosecution_row_rules(tmp_path, changes, reasons):
    con, _ = _ingest(tmp_path, [case(**changes)])
    assert con.execute("SELECT reasons FROM raw.quarantine").fetchall() == [(reasons,)]


def test_the_record_key_is_case_and_suspect(tmp_path):
    con, [outcome] = _ingest(tmp_path, [case(), case(verdachte_id="V-2"), case(verdachte_id="V-2")])
    assert (outcome.rows_accepted, outcome.rows_quarantined) == (1, 2)
    assert {r for (r,) in con.execute("SELECT reason_code FROM raw.quarantine").fetchall()} == {"dubbele_sleutel"}
