"""The fault story: the fault samples of all three sources in one inbox, built once through the
real Dagster job; then a CoMensha delivery with a melding dated 1999 is added and built again (an
error expectation of the landing suite stops it).

Built once per test session (tests/conftest.py, fixture `fault_story`) and shared by the tests of
the pipeline's fault handling, the stewards' quality database and the Datakwaliteit dashboard: a
build costs one to two minutes on two cores, and these tests all ask about the same deliveries.
Tests that read warehouse.duckdb after the story must filter on the file they ask about: the
blocking delivery's row is in landing (it passed the file contract; only serving was kept back).

Why a melding dated 1999: it is a row that passes every row-level rule of the contract (which sets
no lower bound on dates; orchestration/ingestion/contracts/registration.py) but fails an error
expectation of the landing suite (`datum_melding` not before 2000,
expectations/suites/landing_comensha.yml). A delivery dated in the future, the story's bad delivery before, is now refused whole
at ingestion (orchestration/ingestion/run.py) and never reaches the landing suite.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from tests.faults import prosecution as om
from tests.faults import registration as com
from tests.faults import residence as ind
from tests.integration.builds import file_digest, run_build

# Dated after every CoMensha file of the fault sample (tests/faults/registration.py), and in the
# past, so that ingestion loads it (a delivery dated after the run is refused whole).
BLOCKING_FILE = "comensha_registraties_20181101.csv"


@dataclass(frozen=True)
class FaultStory:
    inbox: Path
    data: Path
    expected: dict  # source -> the fault sample's declared outcome
    first: dg.ExecuteInProcessResult  # the fault samples
    second: dg.ExecuteInProcessResult  # + the blocking delivery
    first_run_ids: set[str]  # run ids in steward.results after the first build
    serving_before: str  # digests after the first build
    quality_before: str


def blocking_row() -> dict:
    """A report that passes the file contract but is dated before 2000: the landing suite's error
    expectation on datum_melding must stop the publish."""
    return com.valid_row(
        "OUD-1",
        persoon_id="P-OUD",
        geboortedatum="01-01-1980",
        datum_melding="15-06-1999",
        gewijzigd_op="15-10-2018 10:00",
    )


def build_fault_story(root: Path) -> FaultStory:
    inbox, data = root / "inbox", root / "data"
    expected = {
        "comensha": com.write_fault_sample(inbox),
        "ind": ind.write_fault_sample(inbox),
        "om": om.write_fault_sample(inbox),
    }
    first = run_build(inbox, data)
    with duckdb.connect(str(data / "quality.duckdb"), read_only=True) as con:
        run_ids = {r for (r,) in con.execute("SELECT DISTINCT run_id FROM steward.results").fetchall()}
    serving_before = file_digest(data / "serving.duckdb")
    quality_before = file_digest(data / "quality.duckdb")
    (inbox / "comensha" / BLOCKING_FILE).write_bytes(com.to_csv([blocking_row()]))
    second = run_build(inbox, data)
    return FaultStory(inbox, data, expected, first, second, run_ids, serving_before, quality_before)
