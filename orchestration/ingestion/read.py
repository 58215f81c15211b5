"""Reading one delivery file into text rows, and the file-level checks (contract README §2, §4).

Anything that makes the whole file unreadable raises `FileRejected` with the contract's Dutch
message, so that nothing of the file is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import itertools
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.ingestion import csv_native, xlsx_native
from orchestration.ingestion.codes import TRIM_CHARS
from orchestration.ingestion.contract import SourceContract
from orchestration.ingestion.validate import (
    FIELD_COUNT,
    ROW_NUMBER,
    XLSX_DATETIME_FORMAT,
    cell_error,
    date_cell,
    empty_rows,
)
from orchestration.settings import DEFAULT_MAX_DELIVERY_MB, MAX_DELIVERY_MB_SETTING

BOM = "\ufeff"

# A delivery larger than the size limit (orchestration/settings.py MAX_DELIVERY_MB_SETTING, given
# by the ingestion asset from its resource) is rejected before it is read (README "Slechte
# leveringen"): reading keeps a whole file's rows in memory (about 11 times its size through
# csv_native, 17 through the `csv` module), so the limit bounds a build's memory. A workbook is judged on its unpacked size as well: what is read is the XML, not
# the zip (issue 14).
# The fewest bytes of sheet XML that a row Excel writes takes: a row of the IND contract has 8
# required cells of some 25 bytes each (`<c r="A2" t="s"><v>7</v></c>`; the smallest row of
# seeds/ind is 288 bytes). So a sheet within the size limit holds at most limit / XLSX_ROW_BYTES
# honest rows (524288 at 100 MB). A reader also yields the rows a sheet skips, as empty rows, and a
# workbook of a few KB can skip a million (issue 14): the rows are counted, and more is refused.
XLSX_ROW_BYTES = 200

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: an encrypted OOXML or an old .xls


class FileRejected(Exception):
    """The whole file is rejected; `str(error)` is the contract's message naming file and problem."""

    def __init__(self, file_name: str, problem: str):
        self.file_name = file_name
        self.problem = problem
        super().__init__(f"Bestand {file_name} afgewezen: {problem}")


# What a non-regular entry of the inbox is called in its rejection (`geen gewoon bestand (<soort>)`).
_KINDS = (
    (stat.S_ISLNK, "symbolische koppeling"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISDIR, "map"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISBLK, "apparaat"),
    (stat.S_ISCHR, "apparaat"),
)


def not_regular(mode: int) -> str | None:
    """Why an inbox entry with this `st_mode` (from `os.lstat`) is no delivery, or None if it is one.

    Only a regular file is read (issue 14): a symbolic link would make the run read its target
    (e.g. the pseudonymisation key) and echo it in a header message (contract README §4, §7); a
    fifo would block the run; a directory cannot be read.
    """
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "onbekende soort")
    return f"geen gewoon bestand ({kind})"


def open_regular(path: Path):
    """`path` opened for reading in binary mode, only if it is a regular file and not a link.

    `O_NOFOLLOW` refuses a link swapped in after the `lstat` check of the listing, `O_NONBLOCK`
    keeps a swapped-in fifo from blocking the open, and `fstat` judges what was really opened.
    Refusals are `FileRejected` with the contract's message, without a traceback detail.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        if e.errno == errno.ELOOP:  # the last path component is a symbolic link
            raise FileRejected(path.name, "geen gewoon bestand (symbolische koppeling)") from e
        raise FileRejected(path.name, unreadable(e)) from e
    try:
        problem = not_regular(os.fstat(fd).st_mode)
        if problem:
            raise FileRejected(path.name, problem)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def unreadable(error: OSError) -> str:
    """`kan niet worden gelezen (<reden>)` for an OS error, in Dutch where we know the error. The
    detail never holds the path or any content: only the kind of error (contract README §4)."""
    reasons = {
        errno.ENOENT: "bestand is verdwenen",
        errno.EACCES: "geen leesrechten",
        errno.EPERM: "geen leesrechten",
        errno.EISDIR: "is een map",
        errno.EIO: "leesfout van de schijf",
    }
    return f"kan niet worden gelezen ({reasons.get(error.errno) or error.strerror or type(error).__name__})"


def read_regular(path: Path) -> bytes:
    """All bytes of a regular file (see `open_regular`), or `FileRejected`."""
    with open_regular(path) as f:
        try:
            return f.read()
        except OSError as e:
            raise FileRejected(path.name, unreadable(e)) from e


@dataclass(frozen=True)
class RawTable:
    rows: pl.DataFrame  # one String column per contract column, plus row number and field count
    rows_empty: int


# A header name from the file is echoed in the rejection, which goes to load_log, the stewards'
# quality db and the Dagster log (contract README §4). Each name is shown escaped and cut, and at
# most this many per part, so a hostile header can neither flood those logs nor forge a log line
# with a line break or a terminal escape (issue 14). Normal names are shown as they are.
MAX_NAME_SHOWN = 40
MAX_NAMES_SHOWN = 10


def _shown(name: str) -> str:
    """`name` with control and other unprintable characters as escapes (`\\n`, `\\x1b`), cut to
    MAX_NAME_SHOWN characters (escapes counted as written) with `…` when longer."""
    out = ""
    for char in name:
        piece = char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        if len(out) + len(piece) > MAX_NAME_SHOWN:
            return out + "…"
        out += piece
    return out


def header_problem(expected: tuple[str, ...], found: list[str]) -> str | None:
    """The contract's fixed-order header message, or None when the header is right."""
    names = [h.replace(BOM, "").strip(TRIM_CHARS).lower() for h in found]
    # an empty header cell (e.g. a trailing separator) is named by its position
    names = [n or f"(leeg, positie {i + 1})" for i, n in enumerate(names)]
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

    def part(values: list[str], from_file: bool = True) -> str:
        if not values:
            return "-"
        if not from_file:  # the contract's own names: shown whole
            return ", ".join(values)
        shown = [_shown(v) for v in values[:MAX_NAMES_SHOWN]]
        if len(values) > MAX_NAMES_SHOWN:
            shown.append(f"… (+{len(values) - MAX_NAMES_SHOWN} meer)")
        return ", ".join(shown)

    return (
        f"ontbrekende kolommen: {part(missing, from_file=False)}; onbekende kolommen: {part(unknown)}; "
        f"dubbele kolommen: {part(duplicated)}; volgorde: {order}"
    )


def max_sheet_rows(limit_mb: float) -> int:
    """The most rows (header and empty rows included) a workbook's sheet may have: see XLSX_ROW_BYTES."""
    return int(limit_mb * 1024 * 1024 // XLSX_ROW_BYTES)


def check_size(path: Path, limit: float) -> None:
    with open_regular(path) as f:  # never follows a link (issue 14)
        size = os.fstat(f.fileno()).st_size
    if size > limit * 1024 * 1024:
        raise FileRejected(
            path.name,
            f"kan niet worden gelezen (te groot: {size / 1024 / 1024:.1f} MB, de grens is "
            f"{limit:g} MB; instelling {MAX_DELIVERY_MB_SETTING})",
        )


def _not_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, error.start) + 1
    hint = ""
    try:
        data[max(0, error.start - 40) : error.end + 40].decode("cp1252")
        hint = "; opgeslagen als Windows-1252?"
    except UnicodeDecodeError:
        pass
    return f"kan niet worden gelezen (geen geldige UTF-8 op regel {line}, byte {error.start + 1}{hint})"


def _csv_problem(error: csv.Error, line: int, start_line: int) -> str:
    """Python's csv error in the steward's words, with the line where it happened."""
    text = str(error)
    if "unexpected end of data" in text:
        return (
            f"kan niet worden gelezen (het bestand eindigt in een veld met een open aanhalingsteken, "
            f"begonnen op regel {start_line}; afgebroken bestand?)"
        )
    if "field larger than field limit" in text:
        return (
            f"kan niet worden gelezen (veld van regel {start_line} is langer dan {csv.field_size_limit()} "
            f"tekens; een aanhalingsteken dat niet gesloten is?)"
        )
    if "expected after" in text:
        return f"kan niet worden gelezen (regel {line}: na een sluitend aanhalingsteken volgt geen scheidingsteken)"
    if "NUL" in text:
        return f"kan niet worden gelezen (regel {line}: bevat een NUL-teken, geen tekstbestand?)"
    return f"kan niet worden gelezen (regel {line}: {text})"


def read_csv(path: Path, contract: SourceContract) -> RawTable:
    """The file's rows: DuckDB's reader for a file it reads as the `csv` module would
    (csv_native.py), the `csv` module for any other (issue 19). The file is opened once: the
    `csv` module reads the same open file again from its start, never the path anew."""
    with open_regular(path) as f:  # a regular file only, opened without following a link (issue 14)
        try:
            native = csv_native.read(f, contract.separator, len(contract.columns))
            if native is None:
                f.seek(0)
                data = f.read()
        except OSError as e:
            raise FileRejected(path.name, unreadable(e)) from e
    if native is None:
        return _csv_module_rows(path.name, data, contract)
    header, rows = native
    problem = header_problem(contract.header, header)
    if problem:
        raise FileRejected(path.name, problem)
    names = {f"c{i}": c.name for i, c in enumerate(contract.columns)}
    return RawTable(rows=rows.rename(names), rows_empty=0)


def read_csv_module(path: Path, contract: SourceContract) -> RawTable:
    """The file's rows read by Python's `csv` module: every file that `csv_native` does not answer
    for, with the contract's messages for what makes a file unreadable (README §4)."""
    # a regular file only, opened without following a link (issue 14)
    return _csv_module_rows(path.name, read_regular(path), contract)


def _csv_module_rows(name: str, data: bytes, contract: SourceContract) -> RawTable:
    """`read_csv_module` of the bytes `data` of the file `name`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise FileRejected(name, _not_utf8(data, e)) from e
    del data
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
        raise FileRejected(name, _csv_problem(e, reader.line_num, start_line)) from e

    if header is None:
        raise FileRejected(name, "geen kopregel")
    problem = header_problem(contract.header, header)
    if problem:
        raise FileRejected(name, problem)
    return RawTable(rows=_to_frame(contract, records, line_numbers), rows_empty=rows_empty)


def read_file(path: Path, contract: SourceContract, max_mb: float = DEFAULT_MAX_DELIVERY_MB) -> RawTable:
    """The file's rows as text, or FileRejected; `max_mb`: the size limit of one delivery in MB (MiB)."""
    check_size(path, max_mb)
    return read_xlsx(path, contract, max_mb) if contract.file_format == "xlsx" else read_csv(path, contract)


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


def _not_a_workbook(data: bytes) -> str | None:
    """Why the file is no XLSX package at all, judged from its first bytes (None: it is a zip)."""
    head = data[:4096]
    if not head:
        return "leeg bestand"
    if head.startswith(ZIP_MAGIC):
        return None
    if head.startswith(OLE2_MAGIC):
        # Excel stores a password-protected workbook as a Compound File holding an
        # `EncryptedPackage` stream; any other Compound File is an old binary .xls workbook.
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "werkmap is beveiligd met een wachtwoord; lever hem zonder wachtwoord"
        return "geen XLSX maar een oud Excel-bestand (.xls)"
    try:
        head.decode("utf-8")
        textual = True
    except UnicodeDecodeError as e:
        textual = e.start > len(head) - 4  # a multi-byte character cut off by the 4096 bytes
    if textual or b"\x00" not in head:
        return "geen XLSX-werkmap maar tekst, bijvoorbeeld een CSV-bestand met de naam .xlsx"
    return "geen XLSX-werkmap"


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _damaged(name: str, error: Exception, part: str = "werkmap") -> FileRejected:
    return FileRejected(
        name, f"kan niet worden gelezen ({part} is beschadigd: {type(error).__name__}: {error})"
    )


def _check_unpacked_size(name: str, data: bytes, limit: float) -> None:
    """Refuse a package whose members together declare more than the size limit, before anything
    is unpacked (issue 14). Unpacking never yields more than a member declares: Python's zipfile
    stops there, and a stream that holds more then fails its CRC as a damaged workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except Exception as e:  # zipfile's errors for a broken package
        raise _damaged(name, e) from e
    if unpacked > limit * 1024 * 1024:
        raise FileRejected(
            name,
            f"kan niet worden gelezen (uitgepakt te groot: {unpacked / 1024 / 1024:.1f} MB, de grens is "
            f"{limit:g} MB; instelling {MAX_DELIVERY_MB_SETTING})",
        )


def _has_formulas(name: str, data: bytes) -> bool:
    """Whether any worksheet of the package holds a formula (streamed, not decompressed at once)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for member in package.infolist():
                if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                    continue
                tail = b""
                with package.open(member) as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        if _FORMULA_TAG.search(tail + block):
                            return True
                        tail = block[-16:]
    except Exception as e:  # a member whose stream fails its CRC, or is cut off
        raise _damaged(name, e) from e
    return False


def _open_workbook(name: str, data: bytes, data_only: bool):
    from openpyxl import load_workbook  # imported here: only the XLSX sources need it

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as e:  # zipfile, XML and openpyxl's own errors for a broken package
        raise _damaged(name, e) from e


def _sheet_rows(name: str, workbook, sheet: str):
    """The sheet's rows as tuples of values, streamed. Each row is only as wide as its own cells:
    the size the sheet declares (`<dimension>`) is ignored, because a bomb declares every cell of
    Excel and makes each row 16384 cells wide (issue 14)."""
    worksheet = workbook[sheet]
    worksheet.reset_dimensions()
    try:
        yield from worksheet.iter_rows(values_only=True)
    except Exception as e:  # a damaged sheet shows only when its XML is parsed, row by row
        raise _damaged(name, e, f"werkblad {sheet}") from e


def _is_formula(value) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or type(value).__name__ in (
        "ArrayFormula",
        "DataTableFormula",
    )


def _used(value) -> bool:
    """Whether a cell holds a value that counts as a field (`_cell_text` is not empty)."""
    return value is not None and value != ""


def _field_count(row: tuple, width: int) -> int:
    """The contract's width, or the position of the last cell with a value when that lies beyond
    it: such a row goes to quarantine (`aantal_velden`), wherever the value is. Cheap for a row that
    ends in a value, as Excel writes rows, however far out that value is."""
    if len(row) <= width:
        return width
    if _used(row[-1]):
        return len(row)
    tail = row[width:]
    if tail.count(None) + tail.count("") == len(tail):
        return width
    return next(i + 1 for i in range(len(row) - 1, width - 1, -1) if _used(row[i]))


def _check_sheet_header(name: str, contract: SourceContract, header) -> None:
    """FileRejected with the contract's header message (README §4) unless the sheet's first row,
    trailing empty cells left out, is the contract's header."""
    header = [("" if v is None else str(v)) for v in header]
    while header and not header[-1].strip():
        header.pop()
    problem = header_problem(contract.header, header)
    if problem:
        raise FileRejected(name, problem)


def read_xlsx(path: Path, contract: SourceContract, max_mb: float = DEFAULT_MAX_DELIVERY_MB) -> RawTable:
    """The sheet's rows: calamine for a workbook it reads as openpyxl would (xlsx_native.py),
    openpyxl for any other (issue 19)."""
    name = path.name
    # The package is read once, from a regular file opened without following a link (issue 14);
    # every later step parses these bytes, so no step can open another file under the same name.
    # A workbook is compressed and within the size limit (check_size), so holding it is cheap.
    data = read_regular(path)
    problem = _not_a_workbook(data)
    if problem:
        raise FileRejected(name, f"kan niet worden gelezen ({problem})")
    _check_unpacked_size(name, data, max_mb)
    native = xlsx_native.sheet_rows(data, contract.sheet, max_sheet_rows(max_mb))
    table = _calamine_table(name, contract, *native) if native else None
    return table if table is not None else read_xlsx_openpyxl(name, data, contract, max_mb)


# Rows converted at a time on calamine's path: the Python values of one chunk are held at once,
# not those of the whole sheet (the table keeps them as Arrow text).
CHUNK_ROWS = 50_000


class _Unsure(Exception):
    """A value that openpyxl may read otherwise than calamine: the workbook goes to openpyxl."""


def _calamine_table(name: str, contract: SourceContract, rows_total: int, rows) -> RawTable | None:
    """The table openpyxl's path makes of the same sheet (same texts, date and error flags, line
    numbers, field counts and trailing empty rows), from calamine's rows; None when a value may read
    otherwise in openpyxl (a header cell that is no text, a whole number beyond a float's)."""
    header = next(rows, None)
    if header is None or _empty(header) or any(v.__class__ is not str for v in header):
        return None
    _check_sheet_header(name, contract, header)
    frames, read, last_used = [], 0, 0
    while True:
        try:
            chunk = list(itertools.islice(rows, CHUNK_ROWS))
            if not chunk:
                break
            frames.append(_calamine_chunk(contract, chunk, first_line=read + 2))
        except (_Unsure, ArithmeticError):  # e.g. a duration beyond Python's timedelta
            return None
        used = [i for i, row in enumerate(chunk, start=read + 1) if not _empty(row)]
        last_used = used[-1] if used else last_used
        read += len(chunk)
    # Empty rows after the last row with a value are only counted (contract README §2.2).
    frame = pl.concat(frames).head(last_used) if frames else empty_rows(contract)
    return RawTable(rows=frame, rows_empty=rows_total - 1 - last_used)


def _calamine_chunk(contract: SourceContract, chunk: list[list], first_line: int) -> pl.DataFrame:
    """One chunk of rows as `read_xlsx_openpyxl` makes them, column by column (a Python call per
    cell only for a value that is no text)."""
    from openpyxl.cell.cell import ERROR_CODES

    width = len(contract.columns)
    columns = list(zip(*chunk))
    missing = ("",) * len(chunk)
    texts, dates, errors = {}, {}, {}
    no_flags = pl.repeat(False, len(chunk), dtype=pl.Boolean, eager=True)
    for i, column in enumerate(contract.columns):
        values = columns[i] if i < len(columns) else missing
        if set(map(type, values)) <= {str}:
            # Text only (most columns of a sheet): the values are the texts as they are, no date
            # cell; an error code needs a `#`, looked for by Polars, so no Python call per cell.
            series = pl.Series(values, dtype=pl.String)
            if not series.str.contains("#", literal=True).any():
                texts[column.name] = series
                dates[date_cell(column.name)] = no_flags
                errors[cell_error(column.name)] = no_flags
                continue
        for v in values:
            if v.__class__ is float and abs(v) >= xlsx_native.EXACT_FLOAT:
                raise _Unsure
        bad = [v.__class__ is str and "#" in v and v.strip() in ERROR_CODES for v in values]
        is_date = [isinstance(v, dt.date) for v in values]
        text = [
            v if v.__class__ is str else (None if d else _cell_text(v, column.numeric_pad)[0])
            for v, d in zip(values, is_date)
        ]
        if any(bad):
            text = ["" if b else t for t, b in zip(text, bad)]
        series = pl.Series(text, dtype=pl.String)
        if any(is_date):  # `_cell_text`'s rendering of a date cell, for the whole column at once
            moments = [_moment(v) if d else None for v, d in zip(values, is_date)]
            rendered = pl.Series(moments, dtype=pl.Datetime("us")).dt.strftime(XLSX_DATETIME_FORMAT)
            series = rendered.zip_with(pl.Series(is_date, dtype=pl.Boolean), series)
        texts[column.name] = series
        dates[date_cell(column.name)] = pl.Series(is_date, dtype=pl.Boolean)
        errors[cell_error(column.name)] = pl.Series(bad, dtype=pl.Boolean)
    return pl.DataFrame(
        {
            ROW_NUMBER: pl.Series(range(first_line, first_line + len(chunk)), dtype=pl.Int64),
            FIELD_COUNT: pl.Series([_field_count(row, width) for row in chunk], dtype=pl.Int64),
            **texts,
            **dates,
            **errors,
        }
    )


def _moment(value: dt.date) -> dt.datetime:
    """A date cell's value as a moment: a date is midnight (as `_cell_text` renders it)."""
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())


def read_xlsx_openpyxl(name: str, data: bytes, contract: SourceContract, max_mb: float) -> RawTable:
    """The sheet's rows read by openpyxl: every workbook that `xlsx_native` does not answer for,
    with the contract's messages for what makes a workbook unreadable (README §4, issue 14)."""
    from openpyxl.cell.cell import ERROR_CODES

    sheet = contract.sheet
    workbook = _open_workbook(name, data, data_only=True)
    # A formula cell is read as the value Excel stored with it (what the steward saw in Excel).
    # A cell without a readable value, a formula never calculated or an Excel error such as
    # #N/A, is flagged: its row goes to quarantine with `ongeldig_formaat` for that column. The
    # formulas come from a second reader of the same bytes, in step with the first, row by row.
    formulas = None
    try:
        if sheet not in workbook.sheetnames:
            raise FileRejected(name, f"werkblad {sheet} ontbreekt")
        if _has_formulas(name, data):
            formulas = _open_workbook(name, data, data_only=False)
        values = _sheet_rows(name, workbook, sheet)
        written = _sheet_rows(name, formulas, sheet) if formulas else itertools.repeat(())
        header = next(values, None)
        next(written, None)
        if header is None or _empty(header):
            raise FileRejected(name, "geen kopregel")
        _check_sheet_header(name, contract, header)

        limit = max_sheet_rows(max_mb)
        pads = [c.numeric_pad for c in contract.columns]
        width = len(contract.columns)
        records, flags, errors, lines, counts = [], [], [], [], []
        # Empty rows wait here until a row with a value follows: trailing ones are only counted
        # (contract README §2.2), so the rows a bomb skips are never made into records.
        waiting: list[tuple[int, tuple, tuple]] = []
        for index, (row, formula_row) in enumerate(zip(values, written), start=1):
            if index >= limit:  # `index` rows after the header
                raise FileRejected(
                    name,
                    f"kan niet worden gelezen (werkblad {sheet} heeft meer dan {limit} rijen, de grens bij "
                    f"{max_mb:g} MB; instelling {MAX_DELIVERY_MB_SETTING})",
                )
            if _empty(row):
                waiting.append((index, row, formula_row))
                continue
            for index_, row_, formula_row_ in [*waiting, (index, row, formula_row)]:
                head, written_head = row_[:width], formula_row_[:width]
                bad = [
                    (isinstance(v, str) and v.strip() in ERROR_CODES)
                    or (v is None and i < len(written_head) and _is_formula(written_head[i]))
                    for i, v in enumerate(head)
                ]
                cells = [("", False) if b else _cell_text(v, pad) for v, b, pad in zip(head, bad, pads)]
                missing = width - len(cells)
                records.append([t for t, _ in cells] + [""] * missing)
                flags.append([f for _, f in cells] + [False] * missing)
                errors.append(bad + [False] * missing)
                lines.append(index_ + 1)
                counts.append(_field_count(row_, width))
            waiting = []
    finally:
        workbook.close()
        if formulas:
            formulas.close()

    frame = _to_frame(contract, records, lines, field_counts=counts)
    frame = frame.with_columns(
        *[
            pl.Series(date_cell(c.name), [f[i] for f in flags], dtype=pl.Boolean)
            for i, c in enumerate(contract.columns)
        ],
        *[
            pl.Series(cell_error(c.name), [e[i] for e in errors], dtype=pl.Boolean)
            for i, c in enumerate(contract.columns)
        ],
    )
    return RawTable(rows=frame, rows_empty=len(waiting))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _empty(row) -> bool:
    """Whether every cell of the row is empty or white space. The first two tests answer at C speed
    for the rows a sheet skips and for a row that ends in a value, however wide (issue 14)."""
    if not row or row.count(None) == len(row):
        return True
    if not _blank(row[-1]):
        return False
    return all(_blank(v) for v in row)


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
