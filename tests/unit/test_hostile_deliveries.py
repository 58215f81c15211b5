"""Hostile deliveries (issue 8) through the real ingestion engine into a DuckDB file of their own.

Each case of `tests/faults/hostile.py` gets exactly its declared outcome: a rejected file is logged
once with its message naming file and problem, and changes no landing, quarantine or warnings
row; an accepted file quarantines exactly the declared lines with their reasons, and rows read =
landing + quarantine.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tracemalloc
from pathlib import Path

import duckdb
import pytest

from orchestration.ingestion.read import FileRejected, read_file
from orchestration.ingestion.run import ingest_source, list_inbox, pending_files
from tests.faults import bounded
from tests.faults.common import Rejection, assert_nothing_lost, assert_rejected
from tests.faults.hostile import (
    CASES,
    COMENSHA,
    IND,
    KEY,
    KEY_FILE_TEXT,
    MIB,
    OM,
    RUN_AT,
    Accepted,
    Case,
    Ignored,
    Postponed,
    big_delivery_error,
    unpacked_size,
    write_big_delivery,
)
from tests.faults.residence import workbook_bytes

TABLES = ("load_log", "quarantine", "warnings")
README = Path(__file__).resolve().parents[2] / "README.md"


def _snapshot(con, landing_table: str) -> dict[str, list]:
    return {
        t: con.execute(f"SELECT * EXCLUDE (loaded_at) FROM raw.{t} ORDER BY ALL").fetchall()
        for t in (landing_table, "quarantine", "warnings")
    }


def _run(case: Case, tmp_path: Path):
    contract = case.source.contract
    inbox = tmp_path / "inbox"
    folder = inbox / contract.source
    folder.mkdir(parents=True)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for name, content in case.before:
        (folder / name).write_bytes(content)
    earlier = ingest_source(contract, inbox, con, KEY, now=RUN_AT - dt.timedelta(days=1))
    assert all(o.status == "geladen" for o in earlier)
    before = _snapshot(con, contract.landing_table)
    case.write(folder / case.file_name)
    listing = list_inbox(contract, inbox)  # what the run saw when it started
    if case.after_listing:
        case.after_listing(folder / case.file_name)
    if not case.bomb:
        return con, ingest_source(contract, inbox, con, KEY, now=RUN_AT, files=listing), before
    con.close()  # the capped child process writes the warehouse
    outcomes = bounded.ingest(contract.source, inbox, tmp_path / "w.duckdb", RUN_AT)
    return duckdb.connect(str(tmp_path / "w.duckdb")), outcomes, before


def _logged(con, name: str) -> list[tuple]:
    return con.execute("SELECT status, error FROM raw.load_log WHERE file_name = ?", [name]).fetchall()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_delivery_gets_exactly_its_outcome(case: Case, tmp_path):
    con, outcomes, before = _run(case, tmp_path)
    table = case.source.contract.landing_table
    expected = case.outcome
    if isinstance(expected, Ignored):
        # not a delivery yet: not listed, no outcome, nothing logged, nothing written
        assert outcomes == []
        assert _logged(con, case.file_name) == []
        assert _snapshot(con, table) == before
        assert case.file_name not in [p.name for p in pending_files(case.source.contract, tmp_path / "inbox")]
        con.close()
        return
    assert [o.file_name for o in outcomes] == [case.file_name]
    if isinstance(expected, Postponed):
        # nothing of the changing file is written, not even its load_log row, and the run says why
        assert [(o.status, o.error) for o in outcomes] == [("uitgesteld", expected.message)]
        assert _logged(con, case.file_name) == []
        assert _snapshot(con, table) == before
        # the next run finds the complete file and loads all of it: not `bestand_gewijzigd`
        outcomes = ingest_source(case.source.contract, tmp_path / "inbox", con, KEY, now=RUN_AT)
        assert [(o.file_name, o.status) for o in outcomes] == [(case.file_name, "geladen")]
        assert_nothing_lost(
            con,
            table,
            case.file_name,
            expected.then.accepted,
            len(expected.then.quarantine),
            expected.then.empty,
        )
        assert [status for status, _ in _logged(con, case.file_name)] == ["geladen"]
    elif isinstance(expected, Accepted):
        assert outcomes[0].error is None
        assert_nothing_lost(
            con, table, case.file_name, expected.accepted, len(expected.quarantine), expected.empty
        )
        quarantined = dict(
            con.execute(
                "SELECT row_number, reasons FROM raw.quarantine WHERE file_name = ?", [case.file_name]
            ).fetchall()
        )
        assert quarantined == expected.quarantine
        cursor = con.execute(
            f"SELECT * FROM raw.{table} WHERE file_name = ? ORDER BY row_number", [case.file_name]
        )
        names = [d[0] for d in cursor.description]
        landed = [dict(zip(names, r)) for r in cursor.fetchall()]
        if expected.lines is not None:
            assert tuple(r["row_number"] for r in landed) == expected.lines
        for number, values in expected.landed.items():
            row = [r for r in landed if r["row_number"] == number]
            assert len(row) == 1 and {k: row[0][k] for k in values} == values
        for number, row_json in expected.row_json.items():
            stored = con.execute(
                "SELECT row_json, record_key FROM raw.quarantine WHERE file_name = ? AND row_number = ?",
                [case.file_name, number],
            ).fetchall()
            assert [(json.loads(j), k) for j, k in stored] == [(row_json, None)]
        text = _all_text(con)
        for value in expected.absent:
            assert value.lower() not in text.lower(), value
        # earlier deliveries are untouched by this one
        for name, rows in _snapshot(con, table).items():
            assert [r for r in rows if case.file_name not in r] == before[name]
    else:
        rejection = Rejection(b"", expected.status, expected.error, expected.exact)
        assert_rejected(con, outcomes, table, case.file_name, rejection)
        assert outcomes[0].error.startswith(f"Bestand {case.file_name} afgewezen: ")
        # never half-written: every landing and control row is as it was before the file came
        assert _snapshot(con, table) == before
    con.close()


def test_an_older_version_arriving_later_is_stored_next_to_the_newer_one(tmp_path):
    for case in (c for c in CASES if c.name == "gewijzigd_op_backwards"):
        con, _, _ = _run(case, tmp_path / case.source.name)
        table = case.source.contract.landing_table
        versions = con.execute(
            f"SELECT file_name, gewijzigd_op, geslacht FROM raw.{table} ORDER BY gewijzigd_op"
        ).fetchall()
        earlier = case.before[0][0]
        # both versions stored; the newest gewijzigd_op (the current version) is the earlier file's
        assert [v[0] for v in versions].count(case.file_name) == 1
        assert versions[-1][0] == earlier
        con.close()


def test_a_200_mb_delivery_is_refused_above_the_size_limit_in_bounded_memory(tmp_path):
    # ingest_source's default limit: 100 MB, as MH_MAX_DELIVERY_MB's (orchestration/settings.py)
    inbox = tmp_path / "inbox"
    folder = inbox / "comensha"
    folder.mkdir(parents=True)
    path = folder / COMENSHA.file("20180601")
    try:
        size = write_big_delivery(path)
        assert size >= 200 * 1024 * 1024
        con = duckdb.connect(str(tmp_path / "w.duckdb"))
        tracemalloc.start()
        outcomes = ingest_source(COMENSHA.contract, inbox, con, KEY, now=RUN_AT)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        error = big_delivery_error(path.name, size, 100)
        assert_rejected(con, outcomes, "landing_comensha", path.name, Rejection(b"", "afgewezen", error))
        assert peak < 32 * 1024 * 1024  # the file is hashed in blocks and never read whole
        con.close()
    finally:
        path.unlink(missing_ok=True)


@pytest.mark.parametrize("source", [COMENSHA, IND], ids=lambda s: s.name)
def test_the_size_limit_is_a_setting_and_applies_to_every_format(source, tmp_path):
    small = workbook_bytes([source.row("OK-1")]) if source is IND else source.csv([source.row("OK-1")])
    # 20 KiB for a workbook (its unpacked size counts too: issue 14), 1 KiB for a CSV
    limit_mb = 0.02 if source is IND else 0.001
    assert len(small) <= limit_mb * 1024 * 1024 and (
        source is not IND or unpacked_size(small) <= limit_mb * MIB
    )
    inbox = tmp_path / "inbox"
    (inbox / source.name).mkdir(parents=True)
    fits, too_big = source.file("20180601"), source.file("20180602")
    (inbox / source.name / fits).write_bytes(small)
    big = (
        workbook_bytes([source.row(f"R-{i}") for i in range(400)])
        if source is IND
        else source.csv([source.row(f"R-{i}") for i in range(6)])
    )
    assert len(big) > limit_mb * 1024 * 1024
    (inbox / source.name / too_big).write_bytes(big)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    outcomes = {
        o.file_name: o
        for o in ingest_source(source.contract, inbox, con, KEY, now=RUN_AT, max_delivery_mb=limit_mb)
    }
    assert outcomes[fits].status == "geladen"
    assert outcomes[too_big].error == big_delivery_error(too_big, len(big), limit_mb)
    con.close()


def test_the_size_limit_applies_to_the_unpacked_workbook(tmp_path):
    """Issue 14: a workbook within the limit on disk, but not unpacked, is refused before it is opened."""
    packed = workbook_bytes([IND.row(f"R-{i}") for i in range(60)])
    assert len(packed) <= 0.02 * MIB < unpacked_size(packed)
    inbox = tmp_path / "inbox"
    (inbox / "ind").mkdir(parents=True)
    (inbox / "ind" / IND.file("20180601")).write_bytes(packed)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    [outcome] = ingest_source(IND.contract, inbox, con, KEY, now=RUN_AT, max_delivery_mb=0.02)
    assert outcome.error == (
        f"Bestand {IND.file('20180601')} afgewezen: kan niet worden gelezen (uitgepakt te "
        f"groot: {unpacked_size(packed) / MIB:.1f} MB, de grens is 0.02 MB; instelling "
        "MH_MAX_DELIVERY_MB)"
    )
    con.close()


def test_the_readme_tells_the_steward_about_every_case():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Slechte leveringen") :]
    section = section[: section.find("\n## ")]
    for name in sorted({c.name for c in CASES}):
        assert re.search(rf"`{name}`", section), name
    assert "MH_MAX_DELIVERY_MB" in section


def _all_text(con) -> str:
    """Every value of every raw table, as text: where a leaked value would show."""
    tables = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw'"
        ).fetchall()
    ]
    return "\n".join(
        str(v) for t in tables for row in con.execute(f"SELECT * FROM raw.{t}").fetchall() for v in row
    )


@pytest.mark.parametrize("source", [COMENSHA, OM, IND], ids=lambda s: s.name)
def test_a_link_in_the_inbox_reads_nothing_of_its_target_is_logged_once_and_the_rest_loads(source, tmp_path):
    """Issue 14: a link named like a delivery, pointing at the key file, is refused unread."""
    inbox = tmp_path / "inbox"
    folder = inbox / source.name
    folder.mkdir(parents=True)
    good = source.file("20180602")
    (folder / good).write_bytes(
        workbook_bytes([source.row("OK-1")]) if source is IND else source.csv([source.row("OK-1")])
    )
    secret = tmp_path / "pseudonym.key"
    secret.write_text(KEY_FILE_TEXT + "\n", encoding="utf-8")
    link = folder / source.file("20180601")
    link.symlink_to(secret)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    outcomes = {o.file_name: o for o in ingest_source(source.contract, inbox, con, KEY, now=RUN_AT)}
    assert (
        outcomes[link.name].error
        == f"Bestand {link.name} afgewezen: geen gewoon bestand (symbolische koppeling)"
    )
    assert outcomes[good].status == "geladen"
    # a rerun finds the link in load_log (a stable hash of the link's own text) and logs nothing
    assert ingest_source(source.contract, inbox, con, KEY, now=RUN_AT) == []
    logged = con.execute(
        "SELECT status, sha256 FROM raw.load_log WHERE file_name = ?", [link.name]
    ).fetchall()
    assert len(logged) == 1 and logged[0][0] == "afgewezen"
    assert KEY_FILE_TEXT.lower() not in _all_text(con).lower()
    assert "geheime-sleutel" not in _all_text(con)
    con.close()
    # read_file itself refuses a link (O_NOFOLLOW): a swap after the listing's lstat is refused too
    with pytest.raises(FileRejected, match="geen gewoon bestand \\(symbolische koppeling\\)"):
        read_file(link, source.contract)
    assert pending_files(source.contract, inbox) == sorted([link, folder / good])


def _two_deliveries(source, inbox: Path, first_key: str) -> tuple[Path, Path]:
    """Two one-row deliveries of `source` in `inbox`: the first (the file under test) with the
    record `first_key`, then a good one dated a day later."""
    folder = inbox / source.name
    folder.mkdir(parents=True)
    first, second = folder / source.file("20180601"), folder / source.file("20180602")
    for path, key in ((first, first_key), (second, "OK-1")):
        path.write_bytes(
            workbook_bytes([source.row(key)]) if source is IND else source.csv([source.row(key)])
        )
    return first, second


def _assert_unread_refused_and_rest_loaded(
    con, outcomes, source, refused: Path, stays: Path, why: str
) -> str:
    """The file the run could not read is rejected whole, with the contract's message (README §4:
    `kan niet worden gelezen (<why>)`) and no bytes hashed, and the source's other file loads.
    Returns the message, for the callers that also check the reader's own refusal."""
    by_name = {o.file_name: o for o in outcomes}
    message = f"Bestand {refused.name} afgewezen: kan niet worden gelezen ({why})"
    assert_rejected(
        con,
        list(by_name.values()),
        source.contract.landing_table,
        refused.name,
        Rejection(b"", "afgewezen", message),
    )
    assert by_name[stays.name].status == "geladen"
    return message


@pytest.mark.parametrize("source", [COMENSHA, OM, IND], ids=lambda s: s.name)
def test_a_file_that_vanishes_after_listing_is_refused_and_the_rest_loads(source, tmp_path):
    """A file gone between listing and reading is a file-level rejection of that file only
    (contract README §4: `kan niet worden gelezen (…)`), not an exception that stops the source."""
    inbox = tmp_path / "inbox"
    gone, stays = _two_deliveries(source, inbox, "GONE-1")
    listing = list_inbox(source.contract, inbox)
    assert list(listing) == [gone, stays]
    gone.unlink()  # after the listing, before the run reads it (e.g. the source pulled it back)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    outcomes = ingest_source(source.contract, inbox, con, KEY, now=RUN_AT, files=listing)
    message = _assert_unread_refused_and_rest_loaded(
        con, outcomes, source, gone, stays, "bestand is verdwenen"
    )
    con.close()
    # the reader itself refuses a missing file with the same message, without a traceback
    with pytest.raises(FileRejected) as refused:
        read_file(gone, source.contract)
    assert str(refused.value) == message


@pytest.mark.parametrize("source", [COMENSHA, OM, IND], ids=lambda s: s.name)
def test_a_file_without_read_permission_is_refused_and_the_rest_loads(source, tmp_path):
    """A delivery the run may not read (mode 000, e.g. copied in by another account) is a
    file-level rejection of that file (`geen leesrechten`), logged once, and the source's other
    file still loads: not an exception that fails the source's step (issue 14). The ingestion runs
    in a child that file modes bind even under root (tests/faults/file_modes_bind.py)."""
    inbox = tmp_path / "inbox"
    closed, stays = _two_deliveries(source, inbox, "CLOSED-1")
    closed.chmod(0o000)
    database_dir = tmp_path / "db"
    database_dir.mkdir()
    outcomes = bounded.ingest_bound_by_file_modes(
        source.contract.source, inbox, database_dir / "w.duckdb", RUN_AT
    )
    con = duckdb.connect(str(database_dir / "w.duckdb"))
    _assert_unread_refused_and_rest_loaded(con, outcomes, source, closed, stays, "geen leesrechten")
    con.close()
    # a second run does not log it again: its load_log hash does not depend on its unread bytes
    again = bounded.ingest_bound_by_file_modes(
        source.contract.source, inbox, database_dir / "w.duckdb", RUN_AT
    )
    assert again == []
