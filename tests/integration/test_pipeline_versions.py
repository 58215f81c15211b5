"""Record versions, withdrawal and idempotence through the real build (contract README §3)."""

from __future__ import annotations

import duckdb
import pytest

from tests.faults.registration import to_csv, valid_row
from tests.integration.builds import dbt_full_parse_reasons, run_build


def _rows(*rows):
    return to_csv(list(rows))


@pytest.fixture(scope="module")
def versions_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("versions")
    inbox, data = root / "inbox", root / "data"
    folder = inbox / "comensha"
    folder.mkdir(parents=True)
    early = dict(datum_melding="05-03-2016", gewijzigd_op="06-03-2016 10:00")
    # in delivery order: the newer version arrives later
    first = valid_row("NEWER-LATER", persoon_id="P-A", geslacht="M", **early)
    newer = valid_row(
        "NEWER-LATER",
        persoon_id="P-A",
        geslacht="V",
        datum_melding="05-03-2016",
        gewijzigd_op="01-09-2018 09:00",
    )
    # against delivery order: the older version arrives in the later delivery
    current = valid_row(
        "OLDER-LATER",
        persoon_id="P-B",
        nationaliteit="Polen",
        datum_melding="05-03-2016",
        gewijzigd_op="20-05-2018 09:00",
    )
    older = valid_row("OLDER-LATER", persoon_id="P-B", nationaliteit="Bulgarije", **early)
    # withdrawn in the second delivery
    active = valid_row("WITHDRAWN", persoon_id="P-C", **early)
    withdrawn = valid_row(
        "WITHDRAWN",
        persoon_id="P-C",
        status="Vervallen",
        datum_melding="05-03-2016",
        gewijzigd_op="01-09-2018 09:00",
    )
    (folder / "comensha_registraties_20180601.csv").write_bytes(_rows(first, current, active))
    (folder / "comensha_registraties_20181001.csv").write_bytes(_rows(newer, older, withdrawn))
    result = run_build(inbox, data)
    assert result.success
    return inbox, data


def _victims(data):
    con = duckdb.connect(str(data / "serving.duckdb"), read_only=True)
    try:
        return con.execute(
            "SELECT victim_id, registration_year, gender, nationality FROM marts.victims ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()


def test_later_delivery_with_newer_version_replaces_the_earlier(versions_build):
    _, data = versions_build
    genders = {g for _, _, g, n in _victims(data) if n == "Roemenië"}
    assert genders == {"Vrouw"}


def test_later_delivery_with_older_version_does_not_change_the_current_state(versions_build):
    _, data = versions_build
    nationalities = {n for _, _, _, n in _victims(data)}
    assert "Polen" in nationalities and "Bulgarije" not in nationalities


def test_withdrawn_record_disappears_from_the_marts_but_stays_in_landing(versions_build):
    _, data = versions_build
    assert len(_victims(data)) == 2  # P-A and P-B; P-C's only melding is withdrawn
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    assert con.execute(
        "SELECT count(*) FROM raw.landing_comensha WHERE melding_id = 'WITHDRAWN'"
    ).fetchone() == (2,)


def test_building_again_with_the_same_files_changes_nothing(versions_build):
    """... and its dbt step parses partially: it starts from the parse state of the data dir's
    previous build (orchestration/assets/dbt.py reuse_parse_state)."""
    inbox, data = versions_build
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    tables = ("landing_comensha", "quarantine", "warnings", "load_log")
    before = {t: con.execute(f"SELECT * FROM raw.{t} ORDER BY ALL").fetchall() for t in tables}
    con.close()
    victims_before = _victims(data)
    again = run_build(inbox, data)
    assert again.success
    assert dbt_full_parse_reasons(again.run_id) == []
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    assert {t: con.execute(f"SELECT * FROM raw.{t} ORDER BY ALL").fetchall() for t in tables} == before
    assert _victims(data) == victims_before
