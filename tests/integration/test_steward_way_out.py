"""A steward's way out of a blocked build, without a rebuild (issue 13; README "A bad delivery,
step by step"), through the real Dagster build (tests/integration/builds.py).

One CoMensha inbox, four builds in one module fixture (each costs one to two minutes):

1. a good delivery publishes; the one row of it that the contract quarantines (a melder_type outside
   the code list) fails the landing check as a warning only (issue 15: a run with a quarantined row
   passed silently): the check names the number of quarantined rows and the file, and holds no
   value of the row (contract README §7);
2. a delivery with one bad row (a melding dated 1999: it passes the file contract, and fails the
   landing suite's error expectation on datum_melding) and one good row: the build stops at
   `landing_comensha_expectations`; serving.duckdb stays byte for byte the first build's;
3. a correction, a newer version of the bad melding (later gewijzigd_op, later file date): the next
   build publishes, the good row of the blocked delivery with it; the quarantined row of step 1
   stays in quarantine but no longer flags the check, which is about the newest delivery;
3'. on a copy of the data after step 2: a withdrawal (a newer version with status Vervallen) of the
   bad melding instead: that build publishes too.

The landing suite judges the current version of each record (contract README §3.3, §3.5;
orchestration/ingestion/versions.py), so the bad version stops blocking once a newer version
replaces it, while it stays in landing and in the stewards' history (quality.duckdb, schema
`steward`, what the Datakwaliteit dashboard reads).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.ingestion.contracts import CONTRACTS, REGISTRATION
from orchestration.ingestion.versions import current_versions_sql
from tests.faults.registration import to_csv, valid_row
from tests.integration.builds import check_evaluations, file_digest, materialised, run_build

GOOD_FILE = "comensha_registraties_20180601.csv"
BAD_FILE = "comensha_registraties_20181001.csv"
CORRECTION_FILE = "comensha_registraties_20181201.csv"
WITHDRAWAL_FILE = "comensha_registraties_20181215.csv"

# Each person has a nationality of their own, so the published victims show whose meldingen count.
GOOD_ROWS = [
    valid_row("A-1", persoon_id="P-A", nationaliteit="Roemenië"),
    valid_row(
        "B-1",
        persoon_id="P-B",
        nationaliteit="Polen",
        datum_melding="10-10-2015",
        gewijzigd_op="11-10-2015 09:00",
    ),
]
BAD = valid_row(
    "X-1",
    persoon_id="P-X",
    nationaliteit="Hongarije",
    datum_melding="15-06-1999",
    gewijzigd_op="15-09-2018 10:00",
)
# a good row in the blocked delivery: held back with it, published once the block is lifted
WITH_THE_BAD = valid_row(
    "C-1",
    persoon_id="P-C",
    nationaliteit="Bulgarije",
    datum_melding="02-02-2017",
    gewijzigd_op="03-02-2017 09:00",
)
# In the good delivery: a row the contract quarantines. Its own values may appear nowhere in the
# check (privacy).
QUARANTINED = valid_row(
    "Q-MELDER-1",
    persoon_id="P-QUARANTAINE-7",
    achternaam="Zwaantjes",
    voornaam="Wilhelmina",
    geboortedatum="03-07-1988",
    melder_type="Buurman",
)
CORRECTED = dict(BAD, datum_melding="15-06-2016", gewijzigd_op="20-11-2018 14:00")
WITHDRAWN = dict(BAD, status="Vervallen", gewijzigd_op="10-12-2018 14:00")
DATE_ERROR = ("landing_comensha", "expect_column_values_to_be_between", "datum_melding", "error")


@dataclass(frozen=True)
class WayOut:
    data: Path  # steps 1, 2, 3 (correction)
    withdrawal_data: Path  # steps 1, 2, 3' (withdrawal)
    good: dg.ExecuteInProcessResult
    blocked: dg.ExecuteInProcessResult
    corrected: dg.ExecuteInProcessResult
    withdrawn: dg.ExecuteInProcessResult
    serving_after_good: str
    serving_after_blocked: str
    victims_after_good: list


def _deliver(inbox: Path, name: str, rows: list[dict]) -> None:
    (inbox / "comensha" / name).write_bytes(to_csv(rows))


def _victim_nationalities(serving: Path) -> list[str]:
    con = duckdb.connect(str(serving), read_only=True)
    try:
        return [n for (n,) in con.execute("SELECT nationality FROM marts.victims ORDER BY ALL").fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="module")
def way_out(tmp_path_factory) -> WayOut:
    root = tmp_path_factory.mktemp("way_out")
    inbox, data = root / "inbox", root / "data"
    (inbox / "comensha").mkdir(parents=True)

    _deliver(inbox, GOOD_FILE, [GOOD_ROWS[0], QUARANTINED, GOOD_ROWS[1]])
    good = run_build(inbox, data)
    serving_after_good = file_digest(data / "serving.duckdb")
    victims_after_good = _victim_nationalities(data / "serving.duckdb")

    _deliver(inbox, BAD_FILE, [BAD, WITH_THE_BAD])
    blocked = run_build(inbox, data)
    serving_after_blocked = file_digest(data / "serving.duckdb")

    # The withdrawal variant starts from the same blocked warehouse (as test_recovery.py copies a
    # built one): the inbox and the data folder as they are after step 2.
    other = root / "withdrawal"
    shutil.copytree(inbox, other / "inbox")
    shutil.copytree(data, other / "data", ignore=shutil.ignore_patterns("*.lock"))

    _deliver(inbox, CORRECTION_FILE, [CORRECTED])
    corrected = run_build(inbox, data)

    _deliver(other / "inbox", WITHDRAWAL_FILE, [WITHDRAWN])
    withdrawn = run_build(other / "inbox", other / "data")
    return WayOut(
        data,
        other / "data",
        good,
        blocked,
        corrected,
        withdrawn,
        serving_after_good,
        serving_after_blocked,
        victims_after_good,
    )


def _quality(data: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(data / "quality.duckdb"), read_only=True)


def _warehouse(data: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)


def test_step_1_the_good_delivery_publishes(way_out):
    assert way_out.good.success
    assert "serving_database" in materialised(way_out.good)
    assert way_out.victims_after_good == ["Polen", "Roemenië"]


def test_step_1_the_quarantined_row_fails_the_landing_check_as_a_warning(way_out):
    check = check_evaluations(way_out.good)["landing_comensha_expectations"]
    problems = []
    if check.passed:
        problems.append("the check passed")
    if check.severity != dg.AssetCheckSeverity.WARN:
        problems.append(f"severity {check.severity}")
    description = check.description or ""
    for wanted in ("1 rij in quarantaine", GOOD_FILE, "waarschuwing"):
        if wanted not in description:
            problems.append(f"{wanted!r} not in the description {description!r}")
    listed = check.metadata["quarantined_newest_delivery"].value
    if listed != [{"file": GOOD_FILE, "rows": 1}]:
        problems.append(f"metadata lists {listed}")
    text = description + json.dumps({k: str(v.value) for k, v in check.metadata.items()})
    for field in ("melding_id", "persoon_id", "achternaam", "voornaam", "geboortedatum", "melder_type"):
        if QUARANTINED[field] in text:
            problems.append(f"the check shows the row's {field}")
    assert problems == []


def test_step_2_a_bad_row_blocks_at_the_landing_check_and_serving_stays(way_out):
    blocked = way_out.blocked
    check = check_evaluations(blocked)["landing_comensha_expectations"]
    assert not check.passed and check.severity.value == "ERROR"
    assert "De datum van de melding ligt niet vóór 2000" in check.description
    assert "serving_database" not in materialised(blocked)
    # the dashboards keep the last good warehouse, byte for byte
    assert way_out.serving_after_blocked == way_out.serving_after_good
    # both rows of the bad delivery passed the file contract: they are in landing
    with _warehouse(way_out.data) as con:
        assert con.execute(
            "SELECT status, rows_accepted, rows_quarantined FROM raw.load_log WHERE file_name = ?", [BAD_FILE]
        ).fetchone() == ("geladen", 2, 0)


def test_step_2_the_steward_sees_the_failing_row_in_quality_duckdb(way_out):
    run_id = way_out.blocked.run_id
    with _quality(way_out.data) as con:
        failed = con.execute(
            "SELECT suite, expectation, column_name, severity, delivery, failing_rows_ref, observed_value "
            "FROM steward.results WHERE run_id = ? AND NOT success",
            [run_id],
        ).fetchall()
        runs = dict(
            con.execute(
                "SELECT run_id, failed_errors FROM steward.runs WHERE suite = 'landing_comensha'"
            ).fetchall()
        )
    assert [f[:4] for f in failed] == [DATE_ERROR]
    (_, _, _, _, delivery, ref, observed) = failed[0]
    assert delivery == f"2018-10-01: {BAD_FILE}"
    # judged: the current versions A, B, C and X; one of them fails
    assert observed.startswith("1 van 4 rijen")
    ref = json.loads(ref)
    assert ref == {"table": "raw.landing_comensha", "rows": [{"file_name": BAD_FILE, "row_number": 2}]}
    # the reference points at a real landing row: the bad melding
    with _warehouse(way_out.data) as con:
        assert con.execute(
            "SELECT melding_id, datum_melding FROM raw.landing_comensha WHERE file_name = ? AND row_number = ?",
            [ref["rows"][0]["file_name"], ref["rows"][0]["row_number"]],
        ).fetchall() == [("X-1", dt.date(1999, 6, 15))]
    # (the fixture's later build is in quality.duckdb too: the history grows run by run)
    assert {r: runs[r] for r in (way_out.good.run_id, run_id)} == {way_out.good.run_id: 0, run_id: 1}


@pytest.mark.parametrize("variant", ["corrected", "withdrawn"])
def test_step_3_a_newer_version_unblocks_the_next_build_without_a_rebuild(way_out, variant):
    result = getattr(way_out, variant)
    data = way_out.data if variant == "corrected" else way_out.withdrawal_data
    assert result.success
    check = check_evaluations(result)["landing_comensha_expectations"]
    # passed, though the quarantined row of step 1 is still in quarantine: not the newest delivery
    assert (check.passed, check.metadata["quarantined_newest_delivery"].value) == (True, [])
    assert "serving_database" in materialised(result)
    assert file_digest(data / "serving.duckdb") != way_out.serving_after_good
    # the good row of the blocked delivery is published now; the bad melding counts corrected
    # (a victim in 2016) or not at all (withdrawn)
    expected = ["Bulgarije", "Polen", "Roemenië"] + (["Hongarije"] if variant == "corrected" else [])
    assert _victim_nationalities(data / "serving.duckdb") == sorted(expected)


@pytest.mark.parametrize("variant", ["corrected", "withdrawn"])
def test_step_3_every_version_stays_in_landing(way_out, variant):
    data = way_out.data if variant == "corrected" else way_out.withdrawal_data
    newer = CORRECTION_FILE if variant == "corrected" else WITHDRAWAL_FILE
    with _warehouse(data) as con:
        versions = con.execute(
            "SELECT file_name, status, datum_melding FROM raw.landing_comensha WHERE melding_id = 'X-1' "
            "ORDER BY gewijzigd_op"
        ).fetchall()
    assert versions == [
        (BAD_FILE, "Actief", dt.date(1999, 6, 15)),
        (
            newer,
            "Actief" if variant == "corrected" else "Vervallen",
            dt.date(2016, 6, 15) if variant == "corrected" else dt.date(1999, 6, 15),
        ),
    ]


@pytest.mark.parametrize("variant", ["corrected", "withdrawn"])
def test_step_3_quality_duckdb_shows_the_blocked_run_and_the_passing_one(way_out, variant):
    result = getattr(way_out, variant)
    data = way_out.data if variant == "corrected" else way_out.withdrawal_data
    with _quality(data) as con:
        runs = dict(
            con.execute(
                "SELECT run_id, failed_errors FROM steward.runs WHERE suite = 'landing_comensha'"
            ).fetchall()
        )
        blocked = con.execute(
            "SELECT expectation, column_name, failing_rows_ref FROM steward.results "
            "WHERE run_id = ? AND suite = 'landing_comensha' AND NOT success",
            [way_out.blocked.run_id],
        ).fetchall()
        passing = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE NOT success AND severity = 'error') FROM steward.results "
            "WHERE run_id = ?",
            [result.run_id],
        ).fetchone()
    assert runs == {way_out.good.run_id: 0, way_out.blocked.run_id: 1, result.run_id: 0}
    # the blocked run's result is history: unchanged by the later run
    assert blocked == [
        (
            "expect_column_values_to_be_between",
            "datum_melding",
            json.dumps(
                {"table": "raw.landing_comensha", "rows": [{"file_name": BAD_FILE, "row_number": 2}]},
                ensure_ascii=False,
            ),
        )
    ]
    assert passing[0] > 0 and passing[1] == 0


# dbt's staging model of each source: the current, not withdrawn versions (record_versions.sql).
STAGING = {
    "comensha": "stg_comensha__meldingen",
    "ind": "stg_ind__gebeurtenissen",
    "om": "stg_om__verdachten_zaken",
}


def _judged_and_kept(con, contract) -> tuple[set, set]:
    """The landing rows (file, line) the landing suite judges, and those dbt's staging keeps."""
    judged = set(
        con.execute(f"SELECT file_name, row_number FROM ({current_versions_sql(contract)})").fetchall()
    )
    model = STAGING[contract.source]
    kept = set(con.execute(f"SELECT file_name, source_row_number FROM staging.{model}").fetchall())
    return judged, kept


def test_the_landing_suite_and_dbt_pick_the_same_current_versions(way_out):
    """orchestration/ingestion/versions.py and dbt_project/macros/record_versions.sql state the
    rule of contract README §3.3 and §3.5 twice: after the correction or the withdrawal, the rows
    the landing suite judges are exactly the rows dbt's staging model keeps."""
    for data, melding_ids in (
        (way_out.data, ["A-1", "B-1", "C-1", "X-1"]),
        (way_out.withdrawal_data, ["A-1", "B-1", "C-1"]),
    ):
        with _warehouse(data) as con:
            judged, kept = _judged_and_kept(con, REGISTRATION)
            assert judged == kept
            assert [
                m
                for (m,) in con.execute(
                    f"SELECT melding_id FROM ({current_versions_sql(REGISTRATION)}) ORDER BY melding_id"
                ).fetchall()
            ] == melding_ids


def test_the_landing_suites_and_dbt_agree_on_the_default_sample(built_warehouse):
    """The same, for all three sources, on the default sample: its second deliveries re-send
    records, with newer versions and withdrawals (contract README §11), so the choice matters."""
    with _warehouse(built_warehouse.data_dir) as con:
        for contract in CONTRACTS:
            judged, kept = _judged_and_kept(con, contract)
            landed = con.execute(f"SELECT count(*) FROM raw.{contract.landing_table}").fetchone()[0]
            assert judged == kept, contract.source
            assert 0 < len(judged) < landed, contract.source
