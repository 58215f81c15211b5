"""IND and OM fault deliveries through the real Dagster build: rejected files are logged with the
contract message and fail the stewards' checks, nothing of them reaches landing or the marts, and
the good rows of the same run still publish.

The session's fault story (tests/integration/fault_story.py), built once for every fault test.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.faults import prosecution as om
from tests.faults import residence as ind
from tests.integration.builds import check_evaluations, keyed_hash, mart_cells_holding, materialised

RENAMED_SHEET = "ind_verblijf_20190311.xlsx"
OM_WRONG_ORDER = "om_vervolging_20180701.csv"


# The persons of the rejected files exist nowhere else in the inbox.
REJECTED_IND_PERSON = keyed_hash("ind_persoon:0009999999")
REJECTED_OM_SUSPECT = keyed_hash("om_verdachte:REJ-1")


@pytest.fixture(scope="module")
def fault_build(fault_story):
    """The first build of the session's fault story (the fault samples of all three sources)."""
    return fault_story.first, fault_story.data, {k: fault_story.expected[k] for k in ("ind", "om")}


def test_the_build_publishes_the_good_rows(fault_build):
    result, data, _ = fault_build
    assert result.success
    assert "serving_database" in materialised(result)
    con = duckdb.connect(str(data / "serving.duckdb"), read_only=True)
    # accepted fault-sample rows of both sources reach their marts: a convicted suspect (OM) and the
    # woman of the reflection-period events (IND, v-nummer 0001234567, a group-1 person in 2016)
    suspect = keyed_hash("om_verdachte:OK-CONVICTED")
    assert (
        con.execute(
            "SELECT count(*) FROM marts.prosecution_cases WHERE suspect_key = ?", [suspect]
        ).fetchone()[0]
        > 0
    )
    person = keyed_hash("ind_persoon:0001234567")
    assert con.execute(
        "SELECT count(*) FROM marts.residence_routes WHERE person_key = ?", [person]
    ).fetchone() == (1,)


@pytest.mark.parametrize(
    ("check_name", "rejected"),
    [("ind_deliveries_accepted", ind.rejected_files), ("om_deliveries_accepted", om.rejected_files)],
)
def test_rejected_files_fail_the_stewards_check_with_the_contract_messages(fault_build, check_name, rejected):
    result, *_ = fault_build
    check = check_evaluations(result)[check_name]
    assert not check.passed
    for name, rejection in rejected().items():
        assert rejection.error in check.description, name


def test_the_rejected_files_are_in_the_load_log_with_their_message(fault_build):
    _, data, _ = fault_build
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    for name, rejection in [
        (RENAMED_SHEET, ind.rejected_files()[RENAMED_SHEET]),
        (OM_WRONG_ORDER, om.rejected_files()[OM_WRONG_ORDER]),
    ]:
        assert con.execute(
            "SELECT status, error, rows_read FROM raw.load_log WHERE file_name = ?", [name]
        ).fetchall() == [("afgewezen", rejection.error, 0)]


def test_rejected_files_reach_neither_landing_nor_staging_nor_marts(fault_build):
    _, data, _ = fault_build
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    for table, name in [
        ("raw.landing_ind", RENAMED_SHEET),
        ("staging.stg_ind__gebeurtenissen", RENAMED_SHEET),
        ("raw.landing_om", OM_WRONG_ORDER),
        ("staging.stg_om__verdachten_zaken", OM_WRONG_ORDER),
    ]:
        assert con.execute(f"SELECT count(*) FROM {table} WHERE file_name = ?", [name]).fetchone() == (0,), (
            table
        )
    assert mart_cells_holding(data / "serving.duckdb", (REJECTED_IND_PERSON, REJECTED_OM_SUSPECT)) == {}


@pytest.mark.parametrize("source", ["ind", "om"])
def test_nothing_lost_and_the_fault_delivery_counts_reconcile(fault_build, source):
    result, data, expected = fault_build
    assert check_evaluations(result)[f"{source}_nothing_lost"].passed
    fault_file = {"ind": ind.FAULT_FILE, "om": om.FAULT_FILE}[source]
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    read, accepted, quarantined, empty = con.execute(
        "SELECT rows_read, rows_accepted, rows_quarantined, rows_empty FROM raw.load_log WHERE file_name = ?",
        [fault_file],
    ).fetchone()
    exp = expected[source]
    assert read == accepted + quarantined
    assert (accepted, quarantined, empty) == (exp.accepted, len(exp.quarantine), exp.empty_lines)
