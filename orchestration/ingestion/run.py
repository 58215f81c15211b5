"""Ingest the deliveries of one source from its inbox folder (contract README §1).

Each file is written in one transaction: its accepted rows, its quarantine, its warnings and its
`load_log` row land together or not at all, so a killed run never leaves half a file behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from orchestration.ingestion import store
from orchestration.ingestion.arrival import Stamp, is_upload_in_progress, stamp_of
from orchestration.ingestion.contract import SourceContract
from orchestration.ingestion.read import FileRejected, not_regular, open_regular, read_file, unreadable
from orchestration.ingestion.validate import CheckedRows, Delivery, check_batches
from orchestration.settings import DEFAULT_MAX_DELIVERY_MB

# The outcome of a file that changed while the run read it: nothing of it is written, not even a
# `load_log` row (so contract README §1.3 does not apply to it yet), and the next run reads it.
POSTPONED = "uitgesteld"
LOADED = "geladen"

# A file is refused unread once this many reads of it began and never ended (store.py,
# `read_attempts`): the process died while reading it, most likely killed out of memory, and would
# again in every build (issue 14). More than one, because a build killed for another reason while it
# read a good file must load that file in the next build (tests/integration/test_crash_safety.py).
MAX_UNFINISHED_READS = 3


@dataclass(frozen=True)
class FileOutcome:
    file_name: str
    status: str
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    rows_empty: int = 0
    warnings: int = 0
    error: str | None = None  # the message naming the file: why it was refused or postponed


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
    with open_regular(path) as f:  # never through a link, even one swapped in after the listing
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stable_sha256(problem: str, detail: str) -> str:
    """The `load_log` hash of an entry whose bytes are not read: stable across runs, so a rerun
    finds it in load_log and does not log it again (contract README §1.3), and made from nothing
    but the problem and the entry's own metadata (a link's target path text), never its content."""
    return hashlib.sha256(f"{problem}\0{detail}".encode("utf-8", "surrogateescape")).hexdigest()


def _identify(path: Path) -> tuple[str, str | None]:
    """The hash that identifies an inbox entry (README §1.3), and why it is refused unread, if so.

    `os.lstat` judges the entry itself before anything is opened (issue 14): only a regular file
    is hashed and read. Anything else, or an entry that vanished or cannot be opened since it was
    listed, is a file-level rejection (contract README §4), not an error that stops the source.
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError as e:
        problem = unreadable(e)
        return _stable_sha256(problem, path.name), problem
    problem = not_regular(mode)
    if problem:
        detail = path.name
        if stat.S_ISLNK(mode):
            try:
                detail = os.readlink(path)  # the link's own text: where it points, not what is there
            except OSError:
                pass
        return _stable_sha256(problem, detail), problem
    try:
        return _sha256(path), None
    except FileRejected as rejected:  # swapped for a link or fifo, or gone, since the lstat
        return _stable_sha256(rejected.problem, path.name), rejected.problem
    except OSError as e:  # a read error while hashing
        problem = unreadable(e)
        return _stable_sha256(problem, path.name), problem


def pending_files(contract: SourceContract, inbox_dir: Path) -> list[Path]:
    """Entries of the source's inbox folder, in ascending delivery date (README §1.3).

    Not only regular files: a link, fifo or other special file is listed too, so that it is
    refused with a message instead of being followed or silently skipped (issue 14). A directory
    is listed only under a delivery's name (a sub-folder such as an archive is no delivery). An
    upload still under way under a temporary name (`*.part`, `*.tmp`, a dot-file) is not listed:
    it is no delivery until it is renamed (issue 14, half-copied files). Nothing is followed or
    opened here: `os.lstat` looks at the entry itself.
    """
    folder = inbox_dir / contract.source
    if not folder.is_dir():
        return []

    def listed(p: Path) -> bool:
        if is_upload_in_progress(p.name):
            return False
        try:
            is_dir = stat.S_ISDIR(os.lstat(p).st_mode)
        except OSError:
            return True  # gone already: refused as unreadable, not skipped silently
        return not is_dir or delivery_date_of(contract, p.name) is not None

    files = [p for p in folder.iterdir() if listed(p)]
    far_future = dt.date.max
    return sorted(files, key=lambda p: (delivery_date_of(contract, p.name) or far_future, p.name))


def list_inbox(contract: SourceContract, inbox_dir: Path) -> dict[Path, Stamp | None]:
    """`pending_files`, each with its stamp at the moment of listing (None: gone already)."""
    return {path: stamp_of(path) for path in pending_files(contract, inbox_dir)}


def ingest_source(
    contract: SourceContract,
    inbox_dir: Path,
    con: duckdb.DuckDBPyConnection,
    key: bytes,
    now: dt.datetime | None = None,
    files: Mapping[Path, Stamp | None] | None = None,
    max_delivery_mb: float = DEFAULT_MAX_DELIVERY_MB,
) -> list[FileOutcome]:
    """Load every file of the source not seen before; return what happened to each new file.

    A file whose name and hash are already in `load_log` was handled by an earlier run and is not
    looked at again, so re-running ingestion changes nothing. `files` is a listing made earlier by
    `list_inbox` (default: list the inbox now); an entry of it may be gone by the time it is read.
    A file that changed since the listing (a copy still going on) gets the outcome `uitgesteld`:
    nothing of it is written, not even to `load_log`, so the next run reads it (issue 14).
    `max_delivery_mb`: the size limit of one file (orchestration/settings.py MAX_DELIVERY_MB_SETTING).
    """
    now = now or dt.datetime.now().replace(microsecond=0)
    store.ensure_tables(con, [contract])
    outcomes = []
    listing = list_inbox(contract, inbox_dir) if files is None else files
    for path, listed in listing.items():
        sha, refused = _identify(path)
        if sha in store.known_files(con, contract.source).get(path.name, set()):
            continue
        outcomes.append(_ingest_file(contract, path, sha, con, key, now, listed, refused, max_delivery_mb))
    return outcomes


def _ingest_file(
    contract: SourceContract,
    path: Path,
    sha: str,
    con: duckdb.DuckDBPyConnection,
    key: bytes,
    now: dt.datetime,
    listed: Stamp | None,
    refused: str | None = None,
    max_delivery_mb: float = DEFAULT_MAX_DELIVERY_MB,
) -> FileOutcome:
    name = path.name
    delivery_date = delivery_date_of(contract, name)
    base = dict(
        source=contract.source, file_name=name, delivery_date=delivery_date, sha256=sha, loaded_at=now
    )

    def record(outcome: FileOutcome, checked: Iterable[CheckedRows] = ()) -> FileOutcome:
        if refused is None and stamp_of(path) != listed:
            # Changed since the listing: the hash and the rows may be of a cut copy still going
            # on (issue 14). Logging it would make the complete file `bestand_gewijzigd` and lose
            # its rows (contract README §1.3), so nothing is written and the next run reads it;
            # its read no longer counts as unfinished (MAX_UNFINISHED_READS): it ended.
            store.end_reads(con, contract.source, name, sha)
            return FileOutcome(
                name,
                POSTPONED,
                error=(
                    f"Bestand {name} uitgesteld: het bestand veranderde tijdens het inlezen (wordt het "
                    "nog gekopieerd?); er is niets van geladen, de volgende run leest het opnieuw"
                ),
            )
        con.execute("BEGIN TRANSACTION")
        try:
            # Batch by batch (validate.check_batches): each is written, then dropped, before the
            # next is checked, so the checks' memory is one batch's (issue 19).
            accepted = quarantined = warned = 0
            for batch in checked:
                store.append(con, contract.landing_table, batch.landing)
                store.append(con, "quarantine", batch.quarantine)
                store.append(con, "warnings", batch.warnings)
                accepted += batch.landing.height
                quarantined += batch.quarantine.height
                warned += batch.warnings.height
                del batch
            if outcome.status == LOADED:
                outcome = replace(
                    outcome, rows_accepted=accepted, rows_quarantined=quarantined, warnings=warned
                )
            store.end_reads(con, contract.source, name, sha)
            store.append(
                con,
                "load_log",
                store.log_row(
                    **base,
                    status=outcome.status,
                    rows_read=outcome.rows_read,
                    rows_accepted=outcome.rows_accepted,
                    rows_quarantined=outcome.rows_quarantined,
                    rows_empty=outcome.rows_empty,
                    error=outcome.error,
                ),
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return outcome

    if refused is not None:
        # Not a regular file, or gone or unopenable since the listing: nothing of it was read and
        # nothing is (issue 14; contract README §4). Judged before the name, so that a link under
        # any name is reported as what it is.
        return record(FileOutcome(name, "afgewezen", error=f"Bestand {name} afgewezen: {refused}"))
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
    unfinished = store.unfinished_reads(con, contract.source, name, sha)
    if unfinished >= MAX_UNFINISHED_READS:
        problem = (
            f"Bestand {name} afgewezen: kan niet worden gelezen (het lezen is {unfinished} keer afgebroken "
            "zonder uitkomst, bijvoorbeeld door een tekort aan geheugen)"
        )
        return record(FileOutcome(name, "afgewezen", error=problem))
    store.begin_read(con, contract.source, name, sha, now)
    try:
        raw = read_file(path, contract, max_delivery_mb)
    except FileRejected as rejected:
        return record(FileOutcome(name, "afgewezen", error=str(rejected)))
    except Exception as e:  # noqa: BLE001 - an error no check of read.py foresaw, e.g. a MemoryError
        # Refused like any unreadable file, so that it neither stops the source nor is read again.
        # Only the kind of error is shown: its text may quote the file (contract README §4, §7).
        problem = (
            f"Bestand {name} afgewezen: kan niet worden gelezen (onverwachte fout bij het lezen: "
            f"{type(e).__name__})"
        )
        return record(FileOutcome(name, "afgewezen", error=problem))
    twin = store.loaded_name_of_hash(con, contract.source, sha) if raw.rows.height else None
    if twin is not None:
        # The same bytes under another name: the same delivery sent twice. Loading it again would
        # add a second copy of every row (README "Slechte leveringen").
        problem = f"Bestand {name} afgewezen: zelfde inhoud als het al geladen bestand {twin}"
        return record(FileOutcome(name, "afgewezen", error=problem))

    delivery = Delivery(contract.source, name, delivery_date, now)
    # rows_accepted, rows_quarantined and warnings are counted by `record` as the batches are written
    outcome = FileOutcome(name, LOADED, rows_read=raw.rows.height, rows_empty=raw.rows_empty)
    return record(outcome, check_batches(contract, raw.rows, delivery, key))
