"""A workbook's sheet read by calamine (python-calamine, Rust): the fast path of `read.read_xlsx`
(issue 19).

calamine reads a sheet some twenty times faster than openpyxl, but it is not openpyxl, whose
reading is the contract's (README §2.2, §4 and issue 14's hostile workbooks): it loads a sheet as
one dense grid (a single cell at `XFD1048576` makes it 17 billion cells), gives an Excel error cell
(`#N/A`) as an empty cell, reads no formulas, and gives every number as a float. So this path only
answers for a workbook in which none of that can happen, judged by one streamed pass over its sheet
XML (`_scan`) before calamine opens it; for any other workbook, or when calamine fails, it answers
None and `read.read_xlsx` reads it with openpyxl, which gives every message of contract README §4.
What it answers is what openpyxl's path would (tests/unit/test_xlsx_native.py compares both).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

# Numbers are exact in a float only below 2**53: openpyxl reads a larger whole number written
# without a decimal point as an exact int, calamine as a rounded float.
EXACT_FLOAT = 2**53

# What the scan looks for in a sheet's XML, in any spelling XML allows (either quote, white space
# around `=`): each pattern begins with a literal, which Python's `re` finds fast. A reference of two
# or more column letters (column AA and beyond) would widen calamine's grid for every row: only
# workbooks whose cells lie in columns A-Z are read here (IND's contract has 16 columns). A
# character reference (`&#65;`) could spell any of them otherwise: such a sheet goes to openpyxl.
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ERROR_CELL = re.compile(rb"""t\s*=\s*["']e["']""")
_WIDE = re.compile(rb"""r\s*=\s*["'][A-Z][A-Z]""")
# A text of white space only: calamine reads it as an empty cell, openpyxl as the white space.
_BLANK_TEXT = re.compile(rb">[ \t\r\n]+</(?:\w+:)?t>")
# A row tag as Excel and openpyxl write it, `r` its first attribute (a tag of another form makes the
# counts in `_scan` differ: the workbook goes to openpyxl).
_ROW_TAG = re.compile(rb"""<row\s+r\s*=\s*["'](\d+)["']""")


def _deep(digits: int) -> re.Pattern[bytes]:
    """References to a row number of at least `digits` digits (cheap: rows below that are not
    looked at, and the numbers found are compared with the limit)."""
    return re.compile(rb"""r\s*=\s*["'][A-Z]*(\d{%d,})""" % digits)


def _blank_text(text: bytes) -> bool:
    return any(end in text for end in (b" </", b"\t</", b"\n</", b"\r</")) and bool(_BLANK_TEXT.search(text))


def _unsafe(text: bytes, deep: re.Pattern[bytes], row_limit: int) -> bool:
    """Whether a block of sheet XML holds anything that calamine would read otherwise than openpyxl,
    or that would make its grid large (see the patterns above)."""
    if (b"<f" in text or b":f" in text) and _FORMULA.search(text):
        return True
    # An error cell's type is `e` in quotes: without that literal the regex cannot match, and a
    # literal is found far faster than the regex's frequent first letter `t`.
    error_cell = (b'"e"' in text or b"'e'" in text) and _ERROR_CELL.search(text)
    if b"&#" in text or _blank_text(text) or error_cell or _WIDE.search(text):
        return True
    return any(int(n) >= row_limit for n in deep.findall(text))


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_RELATIONSHIP_TAG = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")


def _attribute(tag: bytes, name: bytes) -> bytes | None:
    found = re.search(rb'\s%s="([^"]*)"' % re.escape(name), tag)
    return found.group(1) if found else None


def _blocks(f) -> Iterator[tuple[bytes, int]]:
    """The file's bytes in blocks of 1 MiB, each with the last 64 bytes of the one before it in
    front (so that a pattern across two blocks is seen), and where the block's own bytes begin."""
    tail = b""
    for block in iter(lambda: f.read(1 << 20), b""):
        yield tail + block, len(tail)
        tail = block[-64:]


def _sheet_member(package: zipfile.ZipFile, sheet: str) -> str | None:
    """The package member that holds the sheet named `sheet` (workbook.xml names it, its rels file
    says where it is), or None. Read with regular expressions, not an XML parser: these parts come
    from the sender (a parser would expand their entities)."""
    wanted = sheet.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").encode()
    ids = [
        _attribute(t, b"r:id")
        for t in _SHEET_TAG.findall(package.read("xl/workbook.xml"))
        if _attribute(t, b"name") == wanted
    ]
    if len(ids) != 1 or ids[0] is None:
        return None
    for tag in _RELATIONSHIP_TAG.findall(package.read("xl/_rels/workbook.xml.rels")):
        if _attribute(tag, b"Id") == ids[0]:
            target = (_attribute(tag, b"Target") or b"").decode()
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _scan(data: bytes, sheet: str, row_limit: int) -> int | None:
    """The number of rows openpyxl yields for `sheet` (the last `<row r>`: it yields the rows the
    XML lists, empty ones too, where calamine ends at the last cell with a value), or None when the
    package is not safe and exact for calamine: a formula, an error cell, a reference beyond column
    Z or at row `row_limit` or below (the row limit of `read.max_sheet_rows`: openpyxl's path rejects
    such a sheet with its message), rows out of order, or a member that is damaged. Every worksheet
    is read to its end, as openpyxl's path reads them (a damaged one is a rejection there). Streamed
    block by block (issue 14: a member is never whole in memory here)."""
    deep = _deep(len(str(row_limit)))
    rows = None
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        target = _sheet_member(package, sheet)
        if target is None:
            return None
        for member in package.infolist():
            if member.filename == "xl/sharedStrings.xml":
                with package.open(member) as f:
                    if any(_blank_text(text) for text, _ in _blocks(f)):
                        return None
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            last = tags = numbered = 0
            with package.open(member) as f:
                for text, new in _blocks(f):
                    if _unsafe(text, deep, row_limit):
                        return None
                    if member.filename == target:  # the row tags that end in this block's own bytes
                        numbers = [int(m[1]) for m in _ROW_TAG.finditer(text) if m.end() > new]
                        if numbers and (numbers[0] <= last or numbers != sorted(set(numbers))):
                            return None
                        last = numbers[-1] if numbers else last
                        numbered += len(numbers)
                        tags += text.count(b"<row", max(0, new - 3))
            if tags != numbered:
                return None  # a row tag without its number first, or cut beyond the overlap
            if member.filename == target:
                rows = last
    return rows


def sheet_rows(data: bytes, sheet: str, row_limit: int) -> tuple[int, Iterator[list]] | None:
    """The number of rows of `sheet` (empty ones at its end included) and an iterator over its rows
    (lists of values, an empty cell as "", every row as wide as the sheet's used range, the rows
    after the last cell with a value not included), or None when openpyxl must read the workbook.
    Each row is made when it is taken, from calamine's grid (which the scan bounded)."""
    from python_calamine import CalamineWorkbook  # imported here: only the XLSX sources need it

    try:
        rows = _scan(data, sheet, row_limit)
        if rows is None:
            return None
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        grid = workbook.get_sheet_by_name(sheet)
        if grid.height == 0 or grid.start != (0, 0) or grid.height > rows:
            return None  # no cell, or a used range that does not start at A1: rows would shift
        return rows, grid.iter_rows()
    except Exception:  # noqa: BLE001 - calamine's or zipfile's errors: openpyxl's path names them
        return None
