"""What the fault samples of every source share: a valid row with single fields changed, the CSV
writer, the expected outcome of each row and of a rejected file, and the checks every source's
fault delivery must pass (nothing lost; a rejected file logged with the contract's message and
nothing of it loaded; no personal data past ingestion; a second ingest changes nothing)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from orchestration.ingestion.run import ingest_source


def changed(row: dict, changes: dict) -> dict:
    """`row` with `changes` written over single fields; a change to a column the row lacks is a typo
    in the test, not a fault of the delivery, so it fails at once."""
    unknown = set(changes) - set(row)
    assert not unknown, unknown
    return {**row, **changes}


def csv_bytes(
    rows: list[dict | list | None],
    columns: list[str],
    header: list[str],
    *,
    delimiter: str,
    bom: bool,
    line_end: str,
    encoding: str = "utf-8",
) -> bytes:
    """RFC 4180 in the source's dialect: a dict row is written in `columns` order, a list row cell
    by cell, None as a completely empty line; an empty `header` writes no header line."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    if header:
        writer.writerow(header)
    for row in rows:
        if row is None:
            out.write(line_end)
        elif isinstance(row, dict):
            writer.writerow([row[h] for h in columns])
        else:
            writer.writerow(row)
    return (("\ufeff" if bom else "") + out.getvalue()).encode(encoding)


@dataclass
class ExpectedRows:
    """What a fault delivery must produce, by the line (CSV) or sheet row (XLSX) on which a record
    starts (the header is 1)."""

    quarantine: dict[int, str] = field(default_factory=dict)  # line -> reasons text
    warnings: set[tuple[int, str, str]] = field(default_factory=set)  # (line, code, column)
    accepted: int = 0
    empty_lines: int = 0  # completely empty lines (rows), skipped and counted (README §2.2)

    def record(self, line: int, row, reasons: str | None, warnings: tuple[tuple[str, str], ...]) -> bool:
        """Count the outcome of the row on `line`: None is an empty line, `reasons` quarantine it,
        else it is accepted with `warnings` ((code, column) pairs). True if it is accepted."""
        if row is None:
            self.empty_lines += 1
            return False
        if reasons:
            self.quarantine[line] = reasons
            return False
        self.accepted += 1
        self.warnings.update((line, code, column) for code, column in warnings)
        return True


@dataclass(frozen=True)
class Rejection:
    content: bytes
    status: str
    # The full contract message, or (exact=False) its start: the README leaves `<detail>` free.
    error: str
    exact: bool = True


def assert_nothing_lost(
    con, landing_table: str, fault_file: str, accepted: int, quarantined: int, empty: int
) -> None:
    """rows read = landing + quarantine for every logged file, and the fault file's log line."""
    log = {
        name: rest
        for name, *rest in con.execute(
            "SELECT file_name, rows_read, rows_accepted, rows_quarantined, rows_empty, status FROM raw.load_log"
        ).fetchall()
    }
    for name, (read, accepted_n, quarantined_n, _empty, _status) in log.items():
        landed = con.execute(
            f"SELECT count(*) FROM raw.{landing_table} WHERE file_name = ?", [name]
        ).fetchone()[0]
        held = con.execute("SELECT count(*) FROM raw.quarantine WHERE file_name = ?", [name]).fetchone()[0]
        assert (read, accepted_n, quarantined_n) == (landed + held, landed, held), name
    assert log[fault_file] == [accepted + quarantined, accepted, quarantined, empty, "geladen"]


def assert_rejected(con, outcomes, landing_table: str, name: str, rejection: Rejection) -> None:
    """The file is logged once with the contract's message, nothing of it is loaded, and the run
    reports the same message (README §4)."""
    logged = con.execute(
        "SELECT status, error, rows_read FROM raw.load_log WHERE file_name = ?", [name]
    ).fetchall()
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


def personal_data_hits(
    con, values: list[str], min_substring_length: int
) -> list[tuple[str, str, str, list[str]]]:
    """Every (schema, table, value, first cells) where a raw value of a fault delivery survives in
    any table, also inside a quarantined row's row_json. A value shorter than
    `min_substring_length` counts only as a whole cell: a 64-hex hash may contain it by chance."""
    hits = []
    for schema, table in con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables"
    ).fetchall():
        cells = [str(v) for row in con.execute(f"SELECT * FROM {schema}.{table}").fetchall() for v in row]
        cells += [str(v) for c in cells if c.startswith("{") for v in json.loads(c).values()]  # row_json
        for value in values:
            found = [c for c in cells if (value in c if len(value) >= min_substring_length else c == value)]
            if found:
                hits.append((schema, table, value, found[:3]))
    return hits


def assert_second_ingest_changes_nothing(con, contract, inbox, key: bytes, landing_table: str) -> None:
    """Ingesting the same inbox again reports no file and leaves every raw table as it was."""
    tables = (landing_table, "quarantine", "warnings", "load_log")
    snapshot = {t: con.execute(f"SELECT * FROM raw.{t} ORDER BY ALL").fetchall() for t in tables}
    assert ingest_source(contract, inbox, con, key) == []
    assert {t: con.execute(f"SELECT * FROM raw.{t} ORDER BY ALL").fetchall() for t in tables} == snapshot
