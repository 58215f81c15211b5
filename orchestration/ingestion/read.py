"""Reading one delivery file into text rows, and the file-level checks (contract README §2, §4).

Anything that makes the whole file unreadable raises `FileRejected` with the contract's Dutch
message, so that nothing of the file is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.ingestion.codes import TRIM_CHARS
from orchestration.ingestion.contract import SourceContract
from orchestration.ingestion.validate import FIELD_COUNT, ROW_NUMBER, XLSX_DATETIME_FORMAT, date_cell

BOM = "\ufeff"


class FileRejected(Exception):
    """The whole file is rejected; `str(error)` is the contract's message naming file and problem."""

    def __init__(self, file_name: str, problem: str):
        self.file_name = file_name
        self.problem = problem
        super().__init__(f"Bestand {file_name} afgewezen: {problem}")


@dataclass(frozen=True)
class RawTable:
    rows: pl.DataFrame  # one String column per contract column, plus row number and field count
    rows_empty: int


def header_problem(expected: tuple[str, ...], found: list[str]) -> str | None:
    """The contract's fixed-order header message, or None when the header is right."""
    names = [h.replace(BOM, "").strip(TRIM_CHARS).lower() for h in found]
    wanted = [h.lower() for h in expected]
    if names == wanted:
        return None
    missing = [w for w in wanted if w not in names]
    unknown = [n for n in dict.fromkeys(names) if n not in wanted]
    duplicated = [n for n in dict.fromkeys(names) if names.count(n) > 1]
    order = "-"
    if not missing and not unknown and not duplicated:
        position = next(i for i, (w, n) in enumerate(zip(wanted, names)) if w != n)
        order = f"verwacht {wanted[position]} op positie {position + 1}, gevonden {names[position]}"

    def part(values: list[str]) -> str:
        return ", ".join(values) if values else "-"

    return (
        f"ontbrekende kolommen: {part(missing)}; onbekende kolommen: {part(unknown)}; "
        f"dubbele kolommen: {part(duplicated)}; volgorde: {order}"
    )


def read_csv(path: Path, contract: SourceContract) -> RawTable:
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise FileRejected(name, f"kan niet worden gelezen (geen geldige UTF-8 op byte {e.start})") from e
    except OSError as e:
        raise FileRejected(name, f"kan niet worden gelezen ({e.strerror})") from e
    if text.startswith(BOM):
        text = text[1:]

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=contract.separator, strict=True)
    header: list[str] | None = None
    records: list[list[str]] = []
    line_numbers: list[int] = []
    rows_empty = 0
    try:
        while True:
            start_line = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            if not record:
                rows_empty += 1  # a completely empty line (README §2.1)
                continue
            if header is None:
                header = record
                continue
            records.append(record)
            line_numbers.append(start_line)
    except csv.Error as e:
        raise FileRejected(name, f"kan niet worden gelezen (regel {reader.line_num}: {e})") from e

    if header is None:
        raise FileRejected(name, "geen kopregel")
    problem = header_problem(contract.header, header)
    if problem:
        raise FileRejected(name, problem)
    return RawTable(rows=_to_frame(contract, records, line_numbers), rows_empty=rows_empty)


def read_file(path: Path, contract: SourceContract) -> RawTable:
    return read_xlsx(path, contract) if contract.file_format == "xlsx" else read_csv(path, contract)


def _cell_text(value, pad: int | None) -> tuple[str, bool]:
    """A cell as text, and whether it was an Excel date cell (README §2.2, residence §1)."""
    if value is None:
        return "", False
    if isinstance(value, dt.datetime):
        return value.strftime(XLSX_DATETIME_FORMAT), True
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()).strftime(XLSX_DATETIME_FORMAT), True
    if isinstance(value, bool):
        return str(value).upper(), False
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            digits = str(int(value))
            return (digits.zfill(pad) if pad and len(digits) <= pad else digits), False
        return repr(value), False  # not a whole number: fails every integer or id pattern
    return str(value), False


def read_xlsx(path: Path, contract: SourceContract) -> RawTable:
    from openpyxl import load_workbook  # imported here: only the XLSX sources need it

    name = path.name
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as e:
        raise FileRejected(name, f"kan niet worden gelezen ({type(e).__name__}: {e})") from e
    except Exception as e:  # openpyxl raises its own types for a broken package
        raise FileRejected(name, f"kan niet worden gelezen ({type(e).__name__}: {e})") from e
    try:
        if contract.sheet not in workbook.sheetnames:
            raise FileRejected(name, f"werkblad {contract.sheet} ontbreekt")
        rows = [list(r) for r in workbook[contract.sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()

    def empty(row: list) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)

    trailing_empty = 0
    while len(rows) > 1 and empty(rows[-1]):
        rows.pop()
        trailing_empty += 1
    if not rows or empty(rows[0]):
        raise FileRejected(name, "geen kopregel")
    header = [("" if v is None else str(v)) for v in rows[0]]
    while header and not header[-1].strip():
        header.pop()
    problem = header_problem(contract.header, header)
    if problem:
        raise FileRejected(name, problem)

    pads = [c.numeric_pad for c in contract.columns]
    width = len(contract.columns)
    records, flags, lines, counts = [], [], [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = [_cell_text(v, pads[i] if i < width else None) for i, v in enumerate(row)]
        used = max((i + 1 for i, (text, _) in enumerate(cells) if text != ""), default=0)
        counts.append(max(width, used))
        cells = (cells + [("", False)] * width)[:width]
        records.append([t for t, _ in cells])
        flags.append([f for _, f in cells])
        lines.append(number)
    frame = _to_frame(contract, records, lines, field_counts=counts)
    frame = frame.with_columns(
        pl.Series(date_cell(c.name), [f[i] for f in flags], dtype=pl.Boolean)
        for i, c in enumerate(contract.columns)
    )
    return RawTable(rows=frame, rows_empty=trailing_empty)


def _to_frame(
    contract: SourceContract,
    records: list[list[str]],
    lines: list[int],
    field_counts: list[int] | None = None,
) -> pl.DataFrame:
    width = len(contract.columns)
    names = [c.name for c in contract.columns]
    # one transposition in C (zip) instead of a Python loop over every value
    padded = [r if len(r) == width else (r + [""] * width)[:width] for r in records]
    values = list(zip(*padded)) if padded else [()] * width
    columns = {n: list(v) for n, v in zip(names, values, strict=True)}
    return pl.DataFrame(
        {
            ROW_NUMBER: pl.Series(lines, dtype=pl.Int64),
            FIELD_COUNT: pl.Series(field_counts or [len(r) for r in records], dtype=pl.Int64),
            **{n: pl.Series(v, dtype=pl.String) for n, v in columns.items()},
        }
    )
