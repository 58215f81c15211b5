"""Reading one delivery file into text rows, and the file-level checks (contract README §2, §4).

Anything that makes the whole file unreadable raises `FileRejected` with the contract's Dutch
message, so that nothing of the file is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.ingestion.codes import TRIM_CHARS
from orchestration.ingestion.contract import SourceContract
from orchestration.ingestion.validate import FIELD_COUNT, ROW_NUMBER

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


def _to_frame(contract: SourceContract, records: list[list[str]], lines: list[int]) -> pl.DataFrame:
    width = len(contract.columns)
    columns: dict[str, list] = {c.name: [] for c in contract.columns}
    names = list(columns)
    for record in records:
        padded = (record + [""] * width)[:width]
        for i, value in enumerate(padded):
            columns[names[i]].append(value)
    return pl.DataFrame(
        {
            ROW_NUMBER: pl.Series(lines, dtype=pl.Int64),
            FIELD_COUNT: pl.Series([len(r) for r in records], dtype=pl.Int64),
            **{n: pl.Series(v, dtype=pl.String) for n, v in columns.items()},
        }
    )
