"""A steward's way out of a blocked build, without a rebuild (issue 13; README "A bad delivery,
step by step"), through the real Dagster build (tests/integration/builds.py).

One CoMensha inbox, three builds in one module fixture (each costs one to two minutes):

1. a good delivery publishes; the one row of it that the contract quarantines (a melder_type outside
   the code list) fails the landing check as a warning only (issue 15: a run with a quarantined row
   passed silently): the check names the number of quarantined rows and the file, and holds no
   value of the row (contract README §7);
2. a delivery with two bad rows (meldingen dated 1999: they pass the file contract, and fail the
   landing suite's error expectation on datum_melding) and one good row: the build stops at
   `landing_comensha_expectations`; serving.duckdb stays byte for byte the first build's;
3. newer versions of the two bad meldingen in one delivery: a correction of one (later gewijzigd_op,
   later file date) and a withdrawal of the other (a newer version with status Vervallen): the next
   build publishes, the good row of the blocked delivery with it; the quarantined row of step 1
   stays in quarantine but no longer flags the check, which is about the newest delivery.

Step 3 shows both ways out in one build: the error expectation fails when any judged row fails, so
the build publishes only if the correction and the withdrawal each take their bad version out of
what the suite judges (one more build per way out would show nothing more).

The landing suite judges the current version of each record (contract README §3.3, §3.5;
orchestration/ingestion/versions.py), so a bad version stops blocking once a newer version
replaces it, while it stays in landing and in the stewards' history (quality.duckdb, schema
`steward`, what the Datakwaliteit dashboard reads).
"""

from __future__ import annotations

import datetime as dt
import json
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
WAY_OUT_FILE = "comensha_registraties_20181215.csv"

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
# the second bad melding of the blocked delivery: withdrawn in step 3, where BAD is corrected
BAD_TOO = valid_row(
    "Y-1",
    persoon_id="P-Y",
    nationaliteit="Slowakije",
    datum_melding="20-07-1999",
    gewijzigd_op="16-09-2018 10:00",
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
WITHDRAWN = dict(BAD_TOO, status="Vervallen", gewijzigd_op="10-12-2018 14:00")
# the bad meldingen's lines in the blocked delivery (line 1 is the header)
BAD_ROWS = [{"file_name": BAD_FILE, "row_number": 2}, {"file_name": BAD_FILE, "row_number": 3}]
DATE_ERROR = ("landing_comensha", "expect_column_values_to_be_between", "datum_melding", "error")


@dataclass(frozen=True)
class WayOut:
    data: Path
    good: dg.ExecuteInProcessResult
    blocked: dg.ExecuteInProcessResult
    unblocked: dg.ExecuteInProcessResult
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

    _deliver(inbox, BAD_FILE, [BAD, BAD_TOO, WITH_THE_BAD])
    blocked = run_build(inbox, data)
    serving_after_blocked = file_digest(data / "serving.duckdb")

    _deliver(inbox, WAY_OUT_FILE, [CORRECTED, WITHDRAWN])
    unblocked = run_build(inbox, data)
    return WayOut(
        data, good, blocked, unblocked, serving_after_good, serving_after_blocked, victims_after_good
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


def _referenced_rows(ref: str) -> list[dict]:
    """The rows a failing_rows_ref points at, in a fixed order (the suite lists them in its frame's)."""
    return sorted(json.loads(ref)["rows"], key=lambda row: (row["file_name"], row["row_number"]))


def test_step_2_bad_rows_block_at_the_landing_check_and_serving_stays(way_out):
    blocked = way_out.blocked
    check = check_evaluations(blocked)["landing_comensha_expectations"]
    assert not check.passed and check.severity.value == "ERROR"
    assert "De datum van de melding ligt niet vóór 2000" in check.description
    assert "serving_database" not in materialised(blocked)
    # the dashboards keep the last good warehouse, byte for byte
    assert way_out.serving_after_blocked == way_out.serving_after_good
    # every row of the bad delivery passed the file contract: they are in landing
    with _warehouse(way_out.data) as con:
        assert con.execute(
            "SELECT status, rows_accepted, rows_quarantined FROM raw.load_log WHERE file_name = ?", [BAD_FILE]
        ).fetchone() == ("geladen", 3, 0)


def test_step_2_the_steward_sees_the_failing_rows_in_quality_duckdb(way_out):
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
    # judged: the current versions A, B, C, X and Y; two of them fail
    assert observed.startswith("2 van 5 rijen")
    assert json.loads(ref)["table"] == "raw.landing_comensha"
    assert _referenced_rows(ref) == BAD_ROWS
    # the references point at real landing rows: the bad meldingen
    with _warehouse(way_out.data) as con:
        assert [
            con.execute(
                "SELECT melding_id, datum_melding FROM raw.landing_comensha WHERE file_name = ? AND row_number = ?",
                [row["file_name"], row["row_number"]],
            ).fetchone()
            for row in _referenced_rows(ref)
        ] == [("X-1", dt.date(1999, 6, 15)), ("Y-1", dt.date(1999, 7, 20))]
    # (the fixture's later build is in quality.duckdb too: the history grows run by run)
    assert {r: runs[r] for r in (way_out.good.run_id, run_id)} == {way_out.good.run_id: 0, run_id: 1}


def test_step_3_newer_versions_unblock_the_next_build_without_a_rebuild(way_out):
    result = way_out.unblocked
    assert result.success
    check = check_evaluations(result)["landing_comensha_expectations"]
    # passed, though the quarantined row of step 1 is still in quarantine: not the newest delivery
    assert (check.passed, check.metadata["quarantined_newest_delivery"].value) == (True, [])
    assert "serving_database" in materialised(result)
    assert file_digest(way_out.data / "serving.duckdb") != way_out.serving_after_good
    # the good row of the blocked delivery is published now; the corrected bad melding counts (a
    # victim in 2016, Hongarije), the withdrawn one (Slowakije) not at all
    assert _victim_nationalities(way_out.data / "serving.duckdb") == [
        "Bulgarije",
        "Hongarije",
        "Polen",
        "Roemenië",
    ]


@pytest.mark.parametrize(
    "melding_id, newer",
    [
        ("X-1", ("Actief", dt.date(2016, 6, 15))),  # corrected
        ("Y-1", ("Vervallen", dt.date(1999, 7, 20))),  # withdrawn
    ],
    ids=["corrected", "withdrawn"],
)
def test_step_3_every_version_stays_in_landing(way_out, melding_id, newer):
    with _warehouse(way_out.data) as con:
        versions = con.execute(
            "SELECT file_name, status, datum_melding FROM raw.landing_comensha WHERE melding_id = ? "
            "ORDER BY gewijzigd_op",
            [melding_id],
        ).fetchall()
    bad = BAD if melding_id == "X-1" else BAD_TOO
    first_date = dt.datetime.strptime(bad["datum_melding"], "%d-%m-%Y").date()
    assert versions == [(BAD_FILE, "Actief", first_date), (WAY_OUT_FILE, *newer)]


def test_step_3_quality_duckdb_shows_the_blocked_run_and_the_passing_one(way_out):
    result = way_out.unblocked
    with _quality(way_out.data) as con:
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
    assert [(e, c, _referenced_rows(ref)) for e, c, ref in blocked] == [
        ("expect_column_values_to_be_between", "datum_melding", BAD_ROWS)
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
    rule of contract README §3.3 and §3.5 twice: after the correction (X-1) and the withdrawal
    (Y-1), the rows the landing suite judges are exactly the rows dbt's staging model keeps."""
    with _warehouse(way_out.data) as con:
        judged, kept = _judged_and_kept(con, REGISTRATION)
        assert judged == kept
        assert [
            m
            for (m,) in con.execute(
                f"SELECT melding_id FROM ({current_versions_sql(REGISTRATION)}) ORDER BY melding_id"
            ).fetchall()
        ] == ["A-1", "B-1", "C-1", "X-1"]


def test_the_landing_suites_and_dbt_agree_on_the_default_sample(built_warehouse):
    """The same, for all three sources, on the default sample: its second deliveries re-send
    records, with newer versions and withdrawals (contract README §11), so the choice matters."""
    with _warehouse(built_warehouse.data_dir) as con:
        for contract in CONTRACTS:
            judged, kept = _judged_and_kept(con, contract)
            landed = con.execute(f"SELECT count(*) FROM raw.{contract.landing_table}").fetchone()[0]
            assert judged == kept, contract.source
            assert 0 < len(judged) < landed, contract.source
