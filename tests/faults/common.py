"""What the fault samples of every source share: the expected outcome of a rejected file, and the
two checks every source's fault delivery must pass (nothing lost; a rejected file logged with the
contract's message and nothing of it loaded)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rejection:
    content: bytes
    status: str
    # The full contract message, or (exact=False) its start: the README leaves `<detail>` free.
    error: str
    exact: bool = True


def assert_nothing_lost(con, landing_table: str, fault_file: str, accepted: int, quarantined: int, empty: int) -> None:
    """rows read = landing + quarantine for every logged file, and the fault file's log line."""
    log = {name: rest for name, *rest in con.execute(
        "SELECT file_name, rows_read, rows_accepted, rows_quarantined, rows_empty, status FROM raw.load_log").fetchall()}
    for name, (read, accepted_n, quarantined_n, _empty, _status) in log.items():
        landed = con.execute(f"SELECT count(*) FROM raw.{landing_table} WHERE file_name = ?", [name]).fetchone()[0]
        held = con.execute("SELECT count(*) FROM raw.quarantine WHERE file_name = ?", [name]).fetchone()[0]
        assert (read, accepted_n, quarantined_n) == (landed + held, landed, held), name
    assert log[fault_file] == [accepted + quarantined, accepted, quarantined, empty, "geladen"]


def assert_rejected(con, outcomes, landing_table: str, name: str, rejection: Rejection) -> None:
    """The file is logged once with the contract's message, nothing of it is loaded, and the run
    reports the same message (README §4)."""
    logged = con.execute("SELECT status, error, rows_read FROM raw.load_log WHERE file_name = ?", [name]).fetchall()
    assert len(logged) == 1
    status, error, rows_read = logged[0]
    assert (status, rows_read) == (rejection.status, 0)
    if rejection.exact:
        assert error == rejection.error
    else:
        assert error.startswith(rejection.error) and len(error) > len(rejection.error)
        if status == "afgewezen":  # `kan niet worden gelezen (<detail>)`
            assert error.endswith(")")
    for table in (landing_table, "quarantine", "warnings"):
        assert con.execute(f"SELECT count(*) FROM raw.{table} WHERE file_name = ?", [name]).fetchone() == (0,)
    assert [o.error for o in outcomes if o.file_name == name] == [error]
