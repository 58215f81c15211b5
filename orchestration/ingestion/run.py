"""Ingest the deliveries of one source from its inbox folder (contract README §1).

Each file is written in one transaction: its accepted rows, its quarantine, its warnings and its
`load_log` row land together or not at all, so a killed run never leaves half a file behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.ingestion import store
from orchestration.ingestion.contract import SourceContract
from orchestration.ingestion.read import FileRejected, read_file
from orchestration.ingestion.validate import Delivery, check_rows


@dataclass(frozen=True)
class FileOutcome:
    file_name: str
    status: str
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    rows_empty: int = 0
    warnings: int = 0
    error: str | None = None


def delivery_date_of(contract: SourceContract, file_name: str) -> dt.date | None:
    match = contract.match_file_name(file_name)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), "%Y%m%d").date()
    except ValueError:
        return None  # eight digits that are not a calendar date (README §1.2)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pending_files(contract: SourceContract, inbox_dir: Path) -> list[Path]:
    """Files in the source's inbox folder, in ascending delivery date (README §1.3)."""
    folder = inbox_dir / contract.source
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    far_future = dt.date.max
    return sorted(files, key=lambda p: (delivery_date_of(contract, p.name) or far_future, p.name))


def ingest_source(
    contract: SourceContract,
    inbox_dir: Path,
    con: duckdb.DuckDBPyConnection,
    key: bytes,
    now: dt.datetime | None = None,
) -> list[FileOutcome]:
    """Load every file of the source not seen before; return what happened to each new file.

    A file whose name and hash are already in `load_log` was handled by an earlier run and is not
    looked at again, so re-running ingestion changes nothing.
    """
    now = now or dt.datetime.now().replace(microsecond=0)
    store.ensure_tables(con, [contract])
    outcomes = []
    for path in pending_files(contract, inbox_dir):
        sha = _sha256(path)
        if sha in store.known_files(con, contract.source).get(path.name, set()):
            continue
        outcomes.append(_ingest_file(contract, path, sha, con, key, now))
    return outcomes


def _ingest_file(
    contract: SourceContract,
    path: Path,
    sha: str,
    con: duckdb.DuckDBPyConnection,
    key: bytes,
    now: dt.datetime,
) -> FileOutcome:
    name = path.name
    delivery_date = delivery_date_of(contract, name)
    base = dict(source=contract.source, file_name=name, delivery_date=delivery_date, sha256=sha, loaded_at=now)

    def record(outcome: FileOutcome, *tables) -> FileOutcome:
        con.execute("BEGIN TRANSACTION")
        try:
            for table, frame in tables:
                store.append(con, table, frame)
            store.append(
                con,
                "load_log",
                store.log_row(
                    **base, status=outcome.status, rows_read=outcome.rows_read,
                    rows_accepted=outcome.rows_accepted, rows_quarantined=outcome.rows_quarantined,
                    rows_empty=outcome.rows_empty, error=outcome.error,
                ),
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return outcome

    if delivery_date is None:
        problem = f"Bestand {name} afgewezen: naam past niet bij het patroon {contract.file_pattern}"
        return record(FileOutcome(name, "onbekend_bestand", error=problem))
    if delivery_date > now.date():
        # A delivery cannot be dated after the run that reads it (`now`, pinned by tests). Its
        # rows are checked against the delivery date (ingestion/contracts/common.py,
        # dates_within_delivery), so loading it would let reports dated in the future into
        # landing, where only the landing suite's error expectation would stop them. Refused
        # whole instead, like a file the contract cannot read (contract README §4): nothing but
        # its load_log row is written (README "Slechte leveringen", `dated_in_the_future`).
        problem = (
            f"Bestand {name} afgewezen: leveringsdatum ligt in de toekomst "
            f"({delivery_date:%Y%m%d}, na de inleesdatum {now:%Y%m%d})"
        )
        return record(FileOutcome(name, "afgewezen", error=problem))
    previous = store.loaded_hash(con, contract.source, name)
    if previous is not None and previous != sha:
        problem = (
            f"Bestand {name} afgewezen: al eerder geladen met andere inhoud; "
            "een correctie komt als nieuw bestand met een latere datum"
        )
        return record(FileOutcome(name, "bestand_gewijzigd", error=problem))
    try:
        raw = read_file(path, contract)
    except FileRejected as rejected:
        return record(FileOutcome(name, "afgewezen", error=str(rejected)))
    twin = store.loaded_name_of_hash(con, contract.source, sha) if raw.rows.height else None
    if twin is not None:
        # The same bytes under another name: the same delivery sent twice. Loading it again would
        # add a second copy of every row (README "Slechte leveringen").
        problem = f"Bestand {name} afgewezen: zelfde inhoud als het al geladen bestand {twin}"
        return record(FileOutcome(name, "afgewezen", error=problem))

    delivery = Delivery(contract.source, name, delivery_date, now)
    checked = check_rows(contract, raw.rows, delivery, key)
    outcome = FileOutcome(
        name,
        "geladen",
        rows_read=raw.rows.height,
        rows_accepted=checked.landing.height,
        rows_quarantined=checked.quarantine.height,
        rows_empty=raw.rows_empty,
        warnings=checked.warnings.height,
    )
    return record(
        outcome,
        (contract.landing_table, checked.landing),
        ("quarantine", checked.quarantine),
        ("warnings", checked.warnings),
    )
