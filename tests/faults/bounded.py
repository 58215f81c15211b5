"""Ingest one source's inbox in a child process with capped memory, killed while reading, or
without root's right to read any file (test-only).

    python -m tests.faults.bounded <source> <inbox> <warehouse> <now ISO>
        [--die-reading <file name> | --modes-bind]

A workbook bomb that the reader does not bound would take the memory of the machine the tests run
on (two cores, shared). So `tests/unit/test_hostile_deliveries.py` reads the bomb cases of
`tests/faults/hostile.py` here: after a warm-up ingestion of a small workbook (every module
imported, the thread pools of DuckDB and Polars started), the child caps its address space at what
it then maps plus HEADROOM_BYTES. An unbounded reader then hits the cap (a MemoryError, or the
child dies) and the test sees a wrong outcome, instead of the kernel killing a process of the box.

`--die-reading <file name>` SIGKILLs the child when the reader opens that file, as the kernel's
OOM killer would (tests/unit/test_reader_failures.py).

`--modes-bind` takes root's right to read any file away first (tests/faults/file_modes_bind.py), so a
test under root (CI containers) can show what a run does with a file it may not read
(tests/unit/test_hostile_deliveries.py).

The outcomes of the run go to stdout as JSON, one object per FileOutcome.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.faults.file_modes_bind import bind_file_modes

HEADROOM_BYTES = 1024 * 1024 * 1024  # far more than any bounded read of this corpus needs
TIMEOUT_SECONDS = 600


def _child(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.faults.bounded", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        cwd=Path(__file__).resolve().parents[2],
    )


def ingest(source: str, inbox: Path, warehouse: Path, now: dt.datetime) -> list:
    """The FileOutcomes of `ingest_source` run in a capped child on `warehouse` (which no other
    connection may hold open)."""
    from orchestration.ingestion.run import FileOutcome

    child = _child([source, str(inbox), str(warehouse), now.isoformat()])
    assert child.returncode == 0, (
        f"the capped ingestion failed (rc {child.returncode}):\n{child.stderr[-3000:]}"
    )
    return [FileOutcome(**o) for o in json.loads(child.stdout)]


def ingest_bound_by_file_modes(source: str, inbox: Path, warehouse: Path, now: dt.datetime) -> list:
    """The FileOutcomes of `ingest_source` run in a child that cannot bypass file modes, even
    when the tests run as root."""
    from orchestration.ingestion.run import FileOutcome

    child = _child([source, str(inbox), str(warehouse), now.isoformat(), "--modes-bind"])
    assert child.returncode == 0, (
        f"the unprivileged ingestion failed (rc {child.returncode}):\n{child.stderr[-3000:]}"
    )
    return [FileOutcome(**o) for o in json.loads(child.stdout)]


def killed_while_reading(source: str, inbox: Path, warehouse: Path, now: dt.datetime, file_name: str) -> int:
    """The return code of an ingestion child that SIGKILLs itself when it begins to read `file_name`."""
    return _child(
        [source, str(inbox), str(warehouse), now.isoformat(), "--die-reading", file_name]
    ).returncode


def _mapped_bytes() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmPeak:"))


def _warm_up() -> None:
    import duckdb

    from orchestration.ingestion.run import ingest_source
    from tests.faults.hostile import IND, KEY, RUN_AT
    from tests.faults.residence import workbook_bytes

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "inbox" / "ind"
        folder.mkdir(parents=True)
        (folder / IND.file("20180601")).write_bytes(workbook_bytes([IND.row(f"W-{i}") for i in range(200)]))
        con = duckdb.connect(str(Path(scratch) / "w.duckdb"))
        ingest_source(IND.contract, folder.parent, con, KEY, now=RUN_AT)
        con.close()


def main(argv: list[str]) -> int:
    source, inbox, warehouse, now = argv[:4]
    die_reading = argv[5] if argv[4:5] == ["--die-reading"] else None
    if argv[4:5] == ["--modes-bind"]:
        bind_file_modes()
    elif not die_reading:  # a killed run needs no cap
        _warm_up()
        cap = _mapped_bytes() + HEADROOM_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (cap, resource.getrlimit(resource.RLIMIT_AS)[1]))

    import duckdb

    from orchestration.ingestion import run
    from tests.faults.hostile import KEY, SOURCES

    if die_reading:
        read_file = run.read_file

        def dying(path, contract, *limit):
            if path.name == die_reading:
                os.kill(os.getpid(), signal.SIGKILL)
            return read_file(path, contract, *limit)

        run.read_file = dying
    con = duckdb.connect(warehouse)
    outcomes = run.ingest_source(
        SOURCES[source].contract, Path(inbox), con, KEY, now=dt.datetime.fromisoformat(now)
    )
    con.close()
    print(json.dumps([dataclasses.asdict(o) for o in outcomes]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
