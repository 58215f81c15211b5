"""Per source, what the shared ingestion tests (tests/unit/test_ingestion_common.py) need to load
that source's fault sample and judge the outcome: the contract, the landing table, the codes the
sample must raise, the personal data it holds and how to deliver other content under the same name.
One entry per source, so a fourth source is one more entry here."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import duckdb

from orchestration.ingestion.contract import SourceContract
from orchestration.ingestion.contracts.prosecution import PROSECUTION
from orchestration.ingestion.contracts.registration import REGISTRATION
from orchestration.ingestion.contracts.residence import RESIDENCE
from orchestration.ingestion.run import FileOutcome, ingest_source
from tests.faults import prosecution, registration, residence
from tests.faults.common import ExpectedRows, Rejection

KEY = b"unit-test-key-0123456789abcdefghijkl"

# README §5: every row-level reason code; `aantal_velden` (field count) exists only for CSV.
CSV_ROW_LEVEL_CODES = frozenset(
    {
        "aantal_velden",
        "verplicht_veld_leeg",
        "ongeldig_formaat",
        "ongeldige_code",
        "veld_niet_toegestaan",
        "inconsistent",
        "dubbele_sleutel",
    }
)
XLSX_ROW_LEVEL_CODES = CSV_ROW_LEVEL_CODES - {"aantal_velden"}


@dataclass(frozen=True)
class FaultSource:
    name: str
    contract: SourceContract
    faults: ModuleType  # tests/faults/<source>.py: FAULT_FILE, write_fault_sample, rejected_files
    landing_table: str
    now: dt.datetime | None  # the run's clock: the sample's validity-period warnings depend on it
    row_level_codes: frozenset[str]
    warning_codes: frozenset[str]
    personal_data: tuple[str, ...]  # raw values in the sample that must not survive ingestion
    min_substring_length: int  # shorter fragments of them occur innocently (dates, ids)
    rejections: Callable[[], dict[str, Rejection]]
    accepted_files: Callable[[], dict[str, tuple[bytes, int]]] | None  # unusual but valid files
    write_other_fault_file: Callable[[Path], None]  # other content under the fault file's name
    other_record: tuple[str, str]  # (landing column, value) identifying that other content's row
    # (record id column, record id) of the sample's row whose valid link key 00AB00AB00AB00AB, written
    # in lower or mixed case, lands in `link_hash`; None where the source links through a list of
    # keys (the OM victims)
    linked_record: tuple[str, str] | None


def _registration_rejections() -> dict[str, Rejection]:
    # The CoMensha sample gives (content, status, error). As in the IND and OM samples, the message
    # of an unreadable file is known only up to its free `<detail>` and that of a misnamed file only
    # up to the pattern it names (README §4); every other message is known exactly.
    return {
        name: Rejection(
            content,
            status,
            error,
            exact=status != "onbekend_bestand" and "kan niet worden gelezen (" not in error,
        )
        for name, (content, status, error) in registration.rejected_files().items()
    }


def _write_registration(inbox: Path) -> None:
    (inbox / "comensha" / registration.FAULT_FILE).write_bytes(
        registration.to_csv([registration.valid_row("NEW-1")])
    )


def _write_residence(inbox: Path) -> None:
    residence.write_workbook(inbox / "ind" / residence.FAULT_FILE, [residence.valid_event("NEW-1")])


def _write_prosecution(inbox: Path) -> None:
    (inbox / "om" / prosecution.FAULT_FILE).write_bytes(prosecution.to_csv([prosecution.case("NEW-1")]))


def suspect_key(verdachte_id: str) -> str:
    """README §7: keyed hash of the trimmed, upper-cased id in domain `om_verdachte`."""
    return hmac.new(KEY, f"om_verdachte:{verdachte_id.strip().upper()}".encode(), hashlib.sha256).hexdigest()


SOURCES = (
    FaultSource(
        name="registration",
        contract=REGISTRATION,
        faults=registration,
        landing_table="landing_comensha",
        now=dt.datetime(2018, 7, 10, 12, 0),
        row_level_codes=CSV_ROW_LEVEL_CODES,
        warning_codes=frozenset({"code_naar_onbekend", "koppelsleutel_ongeldig", "code_buiten_geldigheid"}),
        personal_data=(
            "de Vries",
            "Anna",
            "14-02-1994",
            "1994-02-14",
            "P-1",
            "P-2",
            "00ab00ab00ab00AB",
            "00AB00AB00AB00AB",
            "12345",
            "Ærø",
        ),
        min_substring_length=6,
        rejections=_registration_rejections,
        accepted_files=None,
        write_other_fault_file=_write_registration,
        other_record=("melding_id", "NEW-1"),
        linked_record=("melding_id", "W-KEY-OK"),
    ),
    FaultSource(
        name="residence",
        contract=RESIDENCE,
        faults=residence,
        landing_table="landing_ind",
        now=dt.datetime(2019, 3, 25, 12, 0),
        row_level_codes=XLSX_ROW_LEVEL_CODES,
        # every warning code the residence contract can raise (README §6, §8; residence §2)
        warning_codes=frozenset({"code_naar_onbekend", "koppelsleutel_ongeldig", "code_buiten_geldigheid"}),
        personal_data=(
            "1995-04-02",
            "02-04-1995",
            "1916-03-06",
            "0001234567",
            "1234567",
            "0007654321",
            "7654321",
            "12345678901",
            "00ab00ab00ab00ab",
            "00AB00AB00AB00AB",
            "12345",
        ),
        min_substring_length=10,
        rejections=residence.rejected_files,
        accepted_files=residence.accepted_files,
        write_other_fault_file=_write_residence,
        other_record=("gebeurtenis_id", "NEW-1"),
        linked_record=("gebeurtenis_id", "OK-KEY"),
    ),
    FaultSource(
        name="prosecution",
        contract=PROSECUTION,
        faults=prosecution,
        landing_table="landing_om",
        now=None,
        row_level_codes=CSV_ROW_LEVEL_CODES,
        warning_codes=frozenset({"code_naar_onbekend", "koppelsleutel_ongeldig"}),
        personal_data=(
            "Bakker",
            "Jong, de",
            "Ærø",
            "BBBBBBBBBB",
            "OK-CONVICTED",
            "MESS-TRIM",
            "REJ-1",
            "TWICE",
            "V 1!",
            "00AB00AB00AB00AB",
            "00ab00ab00ab00ab",
            "11CD11CD11CD11CD",
            "nonsense",
            "1980",
            "1899",
        ),
        min_substring_length=5,
        rejections=prosecution.rejected_files,
        accepted_files=prosecution.accepted_files,
        write_other_fault_file=_write_prosecution,
        other_record=("suspect_key", suspect_key("NEW-1")),
        linked_record=None,
    ),
)
SOURCE = {source.name: source for source in SOURCES}


@dataclass(frozen=True)
class FaultLoad:
    source: FaultSource
    con: duckdb.DuckDBPyConnection
    outcomes: list[FileOutcome]
    expected: ExpectedRows  # the source's own subclass, with its extra expectations
    inbox: Path


def load_fault_sample(source: FaultSource, tmp_path: Path) -> Iterator[FaultLoad]:
    """Write the source's fault sample into a fresh inbox and ingest it into a fresh warehouse;
    a generator so a fixture can yield from it and close the connection afterwards."""
    inbox = tmp_path / "inbox"
    expected = source.faults.write_fault_sample(inbox)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    outcomes = ingest_source(source.contract, inbox, con, KEY, now=source.now)
    yield FaultLoad(source, con, outcomes, expected, inbox)
    con.close()
