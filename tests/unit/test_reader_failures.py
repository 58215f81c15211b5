"""A file whose reading never ends normally is refused, never read again and again (issue 14).

A reader that the kernel kills (out of memory) or that raises an error no check foresaw used to
leave nothing in `load_log`, so every later build read the same file and failed the same way, and
one file stopped all three sources. Now every read is recorded before it starts and the record is
closed with the file's `load_log` row (orchestration/ingestion/run.py): a file that has killed its
reader three times is refused unread, and a reader error is a file-level rejection. A file whose
reading was killed once or twice, for another reason (the crash tests kill builds of good files),
is read and loaded normally by the next run. The kill is a real SIGKILL of a real ingestion process
(tests/faults/bounded.py).
"""

from __future__ import annotations

import signal

import duckdb

from orchestration.ingestion import run
from orchestration.ingestion.run import ingest_source
from tests.faults import bounded
from tests.faults.common import Rejection, assert_nothing_lost, assert_rejected
from tests.faults.hostile import IND, KEY, RUN_AT
from tests.faults.residence import workbook_bytes

FIRST, SECOND = IND.file("20180601"), IND.file("20180602")


def _inbox(tmp_path):
    folder = tmp_path / "inbox" / "ind"
    folder.mkdir(parents=True)
    (folder / FIRST).write_bytes(workbook_bytes([IND.row("FIRST-1"), IND.row("FIRST-2")]))
    (folder / SECOND).write_bytes(workbook_bytes([IND.row("SECOND-1")]))
    return folder.parent, tmp_path / "w.duckdb"


def _killed_while_reading(inbox, warehouse, times: int) -> None:
    for _ in range(times):
        assert bounded.killed_while_reading("ind", inbox, warehouse, RUN_AT, FIRST) == -signal.SIGKILL


def test_a_file_that_killed_its_reader_three_times_is_refused_unread_and_the_rest_loads(tmp_path):
    inbox, warehouse = _inbox(tmp_path)
    _killed_while_reading(inbox, warehouse, 3)
    con = duckdb.connect(str(warehouse))
    outcomes = ingest_source(IND.contract, inbox, con, KEY, now=RUN_AT)
    message = (
        f"Bestand {FIRST} afgewezen: kan niet worden gelezen (het lezen is 3 keer afgebroken zonder "
        "uitkomst, bijvoorbeeld door een tekort aan geheugen)"
    )
    assert_rejected(con, outcomes, "landing_ind", FIRST, Rejection(b"", "afgewezen", message))
    assert_nothing_lost(con, "landing_ind", SECOND, 1, 0, 0)
    assert ingest_source(IND.contract, inbox, con, KEY, now=RUN_AT) == []  # logged: never read again
    con.close()


def test_a_file_whose_reading_was_killed_twice_loads_in_the_next_run(tmp_path):
    inbox, warehouse = _inbox(tmp_path)
    _killed_while_reading(inbox, warehouse, 2)
    con = duckdb.connect(str(warehouse))
    outcomes = ingest_source(IND.contract, inbox, con, KEY, now=RUN_AT)
    assert [(o.file_name, o.status) for o in outcomes] == [(FIRST, "geladen"), (SECOND, "geladen")]
    assert_nothing_lost(con, "landing_ind", FIRST, 2, 0, 0)
    con.close()


def test_a_reader_error_refuses_the_file_without_its_detail_and_the_rest_loads(tmp_path, monkeypatch):
    inbox, warehouse = _inbox(tmp_path)
    read_file = run.read_file

    def failing(path, contract, *limit):
        if path.name == FIRST:  # an error no check foresaw, whose text holds a value of the file
            raise RecursionError("maximum recursion depth exceeded near 'Jansen 23-07-1991'")
        return read_file(path, contract, *limit)

    monkeypatch.setattr(run, "read_file", failing)
    con = duckdb.connect(str(warehouse))
    outcomes = ingest_source(IND.contract, inbox, con, KEY, now=RUN_AT)
    message = (
        f"Bestand {FIRST} afgewezen: kan niet worden gelezen (onverwachte fout bij het lezen: RecursionError)"
    )
    assert_rejected(con, outcomes, "landing_ind", FIRST, Rejection(b"", "afgewezen", message))
    assert_nothing_lost(con, "landing_ind", SECOND, 1, 0, 0)
    con.close()
