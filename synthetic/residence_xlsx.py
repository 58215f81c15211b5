"""A minimal, deterministic XLSX writer (Office Open XML, shared strings).

Written by hand instead of through a library so that the same rows give byte-identical files:
every zip member has a fixed timestamp (1980-01-01), the members are written in a fixed order,
and the document properties carry a fixed creation time (the delivery date). Cells are typed:
`str` -> shared-string text cell, `int` -> number cell, `datetime.date` -> Excel date cell
(format 14), `datetime.datetime` -> Excel date-time cell (`yyyy-mm-dd hh:mm:ss`), `None` -> no cell.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

EPOCH = dt.datetime(1899, 12, 30)
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{sheets}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"""
_SHEET_CT = '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"""
_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>IND (synthetisch)</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{t}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{t}</dcterms:modified></cp:coreProperties>"""
_APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>mh-synthetic</Application></Properties>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _serial(v: dt.date | dt.datetime) -> str:
    if isinstance(v, dt.datetime):
        delta = v - EPOCH
        return repr(round(delta.days + delta.seconds / 86400, 10))
    return str((v - EPOCH.date()).days)


class Inline(str):
    """A text cell written inline (`t="inlineStr"`) instead of into the shared-string table: used
    for the ids of scaled replicas, so that the table does not grow with the rows."""


def _sheet_chunks(rows: Iterable[Sequence[object]], sid) -> Iterator[str]:
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{_col(c)}{r}"
            if v is None:
                continue
            if isinstance(v, bool):
                raise TypeError("bool cells are not used")
            if isinstance(v, Inline):
                cells.append(
                    f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>'
                )
            elif isinstance(v, str):
                cells.append(f'<c r="{ref}" t="s"><v>{sid(v)}</v></c>')
            elif isinstance(v, int):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif isinstance(v, dt.datetime):
                cells.append(f'<c r="{ref}" s="2"><v>{_serial(v)}</v></c>')
            elif isinstance(v, dt.date):
                cells.append(f'<c r="{ref}" s="1"><v>{_serial(v)}</v></c>')
            else:
                raise TypeError(f"unsupported cell value {v!r}")
        yield f'<row r="{r}">{"".join(cells)}</row>'
    yield "</sheetData></worksheet>"


def write_xlsx(
    path: Path, sheets: Sequence[tuple[str, Iterable[Sequence[object]]]], created: dt.datetime
) -> None:
    """Write `sheets` ([(name, rows)]) to `path`; the first row of each sheet is its header.

    Rows may be any iterable (a generator too): each sheet is streamed to a temporary file and
    then copied into the package, so memory does not grow with the rows (only the shared-string
    table does; `Inline` cells stay out of it). The members keep their fixed order, so the same
    rows give the same bytes however they are passed."""
    strings: dict[str, int] = {}

    def sid(s: str) -> int:
        if s not in strings:
            strings[s] = len(strings)
        return strings[s]

    path.parent.mkdir(parents=True, exist_ok=True)
    sheet_files: list[Path] = []
    for i, (_name, rows) in enumerate(sheets, start=1):
        tmp_sheet = path.with_suffix(f".sheet{i}.part")
        with tmp_sheet.open("w", encoding="utf-8", newline="") as f:
            buffer: list[str] = []
            for chunk in _sheet_chunks(rows, sid):
                buffer.append(chunk)
                if len(buffer) >= 4096:
                    f.write("".join(buffer))
                    buffer.clear()
            f.write("".join(buffer))
        sheet_files.append(tmp_sheet)

    sst = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">'
    ]
    for s in strings:
        sst.append(f'<si><t xml:space="preserve">{escape(s)}</t></si>')
    sst.append("</sst>")

    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(
            f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (n, _) in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>"
    )
    n = len(sheets)
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/styles" Target="styles.xml"/>'
        + f'<Relationship Id="rId{n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    members = [
        (
            "[Content_Types].xml",
            _CONTENT_TYPES.format(sheets="".join(_SHEET_CT.format(n=i) for i in range(1, n + 1))),
        ),
        ("_rels/.rels", _ROOT_RELS),
        ("docProps/core.xml", _CORE.format(t=created.strftime("%Y-%m-%dT%H:%M:%SZ"))),
        ("docProps/app.xml", _APP),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/styles.xml", _STYLES),
        ("xl/sharedStrings.xml", "".join(sst)),
    ]
    tmp = path.with_suffix(".part")

    def info(name: str) -> zipfile.ZipInfo:
        zi = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = 0o600 << 16
        zi._compresslevel = 6  # what writestr(compresslevel=6) sets
        return zi

    with zipfile.ZipFile(tmp, "w") as z:
        for name, data in members:
            z.writestr(info(name), data.encode("utf-8"), compresslevel=6)
        for i, sheet in enumerate(sheet_files, start=1):
            # the same bytes as writestr: the size is known up front (no data descriptor)
            zi = info(f"xl/worksheets/sheet{i}.xml")
            zi.file_size = sheet.stat().st_size
            with sheet.open("rb") as src, z.open(zi, "w") as dest:
                for block in iter(lambda: src.read(1 << 20), b""):
                    dest.write(block)
            sheet.unlink()
    tmp.replace(path)
