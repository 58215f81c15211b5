"""The landing suites judge the current version of each record (contract README §3.3, §3.5).

Real deliveries through the real ingestion into a DuckDB file of their own, then the rows of
orchestration/ingestion/versions.py (what the Dagster check `landing_comensha_expectations`
validates) through the real `landing_comensha` suite. The bad row is a melding dated 1999: it
passes the file contract (which has no lower bound on dates) but fails the suite's error
expectation on `datum_melding` (expectations/suites/landing_comensha.yml, datum_melding_min).

The same story through the whole Dagster build: tests/integration/test_steward_way_out.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from orchestration.ingestion.contracts import REGISTRATION
from orchestration.ingestion.run import ingest_source
from orchestration.ingestion.versions import current_versions_sql
from orchestration.quality import run_suite
from orchestration.quality.checks import failing_rows_refs, suite_checks
from tests.faults.registration import to_csv, valid_row

KEY = b"unit-test-key-0123456789abcdefghijkl"
RUN_AT = dt.datetime(2019, 6, 1, 12, 0)
DATE_ERROR = ("expect_column_values_to_be_between", "datum_melding")
ONCE_ERROR = ("expect_compound_columns_to_be_unique", "file_name, row_number")

GOOD = valid_row("GOED-1", persoon_id="P-GOED")
# Melding X, in three versions: dated 1999 (blocks), corrected, withdrawn.
BAD = valid_row("X-1", persoon_id="P-X", datum_melding="15-06-1999", gewijzigd_op="01-05-2018 09:00")
CORRECTED = valid_row("X-1", persoon_id="P-X", datum_melding="15-06-2016", gewijzigd_op="01-09-2018 09:00")
# A withdrawal may repeat the bad date: a withdrawn record is left out, whatever it holds.
WITHDRAWN = valid_row(
    "X-1", persoon_id="P-X", datum_melding="15-06-1999", gewijzigd_op="01-09-2018 09:00", status="Vervallen"
)
CORRECTED_SAME_TIME = dict(CORRECTED, gewijzigd_op=BAD["gewijzigd_op"])


def _ingest(tmp_path: Path, deliveries: list[tuple[str, list[dict]]]) -> duckdb.DuckDBPyConnection:
    """Each delivery in its own ingestion run, in the order given (not the file-date order)."""
    inbox = tmp_path / "inbox"
    folder = inbox / "comensha"
    folder.mkdir(parents=True)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for date, rows in deliveries:
        name = f"comensha_registraties_{date}.csv"
        (folder / name).write_bytes(to_csv(rows))
        (outcome,) = ingest_source(REGISTRATION, inbox, con, KEY, now=RUN_AT)
        assert (outcome.file_name, outcome.status, outcome.rows_quarantined) == (name, "geladen", 0)
    return con


def _judge(con, data_dir: Path, name: str):
    frame = con.execute(current_versions_sql(REGISTRATION)).df()
    outcome = run_suite("landing_comensha", frame, data_dir=data_dir, run_name=name, build_docs=False)
    failed = {(o.expectation, o.column) for o in outcome.error_failures}
    return frame, outcome, failed


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("gx_current_versions")


@pytest.mark.parametrize(
    ("deliveries", "blocked", "current"),
    [
        # the bad row alone: blocked
        ([("20180601", [GOOD, BAD])], True, "20180601"),
        # README "A bad delivery, step by step": a newer version corrects it
        ([("20180601", [GOOD, BAD]), ("20181001", [CORRECTED])], False, "20181001"),
        # ... or withdraws it (§3.5)
        ([("20180601", [GOOD, BAD]), ("20181001", [WITHDRAWN])], False, None),
        # the same gewijzigd_op: the later delivery wins (§3.3)
        ([("20180601", [GOOD, BAD]), ("20181001", [CORRECTED_SAME_TIME])], False, "20181001"),
        ([("20180601", [GOOD, CORRECTED_SAME_TIME]), ("20181001", [BAD])], True, "20181001"),
        # an older version arriving later does not change the current state (§3.3, §3.6)
        ([("20181001", [GOOD, CORRECTED]), ("20180601", [BAD])], False, "20181001"),
        (
            [("20181001", [GOOD, BAD]), ("20180601", [dict(CORRECTED, gewijzigd_op="01-04-2018 09:00")])],
            True,
            "20181001",
        ),
    ],
    ids=[
        "bad",
        "corrected",
        "withdrawn",
        "tie-later-delivery-good",
        "tie-later-delivery-bad",
        "older-bad-arrives-later",
        "older-correction-arrives-later",
    ],
)
def test_the_landing_suite_judges_the_current_version(deliveries, blocked, current, tmp_path, data_dir):
    con = _ingest(tmp_path, deliveries)
    frame, outcome, failed = _judge(con, data_dir, tmp_path.name)
    assert (DATE_ERROR in failed) is blocked
    assert failed <= {DATE_ERROR}
    # one row per record, X's being the current version's (or none: withdrawn)
    x = frame[frame["melding_id"] == "X-1"]
    assert sorted(frame["melding_id"]) == sorted(["GOED-1", *(["X-1"] if current else [])])
    if current:
        assert list(x["file_name"]) == [f"comensha_registraties_{current}.csv"]
    # every version stays in landing (§3.2)
    total = sum(len(rows) for _, rows in deliveries)
    assert con.execute("SELECT count(*) FROM raw.landing_comensha").fetchone() == (total,)
    con.close()


def test_the_failing_row_named_to_the_steward_is_a_landing_row(tmp_path, data_dir):
    con = _ingest(tmp_path, [("20180601", [GOOD]), ("20180701", [BAD])])
    frame, outcome, failed = _judge(con, data_dir, tmp_path.name)
    assert failed == {DATE_ERROR}
    (check,) = [c for c in suite_checks() if c.suite == "landing_comensha"]
    refs = failing_rows_refs(outcome, frame, check.table, check.keys)
    (ref,) = refs.values()
    ref = json.loads(ref)
    assert ref == {
        "table": "raw.landing_comensha",
        "rows": [{"file_name": "comensha_registraties_20180701.csv", "row_number": 2}],
    }
    (row,) = con.execute(
        f"SELECT melding_id FROM {ref['table']} WHERE file_name = ? AND row_number = ?",
        [ref["rows"][0]["file_name"], ref["rows"][0]["row_number"]],
    ).fetchall()
    assert row == ("X-1",)
    con.close()


def test_the_dagster_landing_checks_validate_the_current_versions():
    """The three landing checks read current_versions_sql, not the whole table."""
    from orchestration.ingestion.contracts import CONTRACTS

    queries = {c.suite: c.query for c in suite_checks()}
    for contract in CONTRACTS:
        assert queries[f"landing_{contract.source}"] == current_versions_sql(contract)


def test_a_file_line_landed_twice_still_fails_the_loaded_once_expectation(tmp_path, data_dir):
    """Exact ties on the whole ordering only come from a double load; both copies stay in the
    judged rows, so the suite's `file_name, row_number` uniqueness still catches it."""
    con = _ingest(tmp_path, [("20181001", [GOOD, CORRECTED])])
    con.execute(
        "INSERT INTO raw.landing_comensha SELECT * FROM raw.landing_comensha WHERE melding_id = 'X-1'"
    )
    _, _, failed = _judge(con, data_dir, tmp_path.name)
    assert failed == {ONCE_ERROR}
    con.close()
