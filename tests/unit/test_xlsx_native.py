"""calamine (orchestration/ingestion/xlsx_native.py) reads a workbook as openpyxl does (issue 19):
for generated workbooks with text, white space, Excel error texts, whole and broken numbers, large
whole numbers, booleans, dates, date-times, times and durations under several number formats, empty
rows inside and after the data, cells beyond the contract's columns and both date systems,
`read_xlsx` gives the same texts, date and error flags, line numbers, field counts and trailing
empty rows as `read_xlsx_openpyxl`, or the same rejection. calamine answers itself for such
workbooks (so this is no comparison of openpyxl with itself), and leaves to openpyxl each workbook
it would read otherwise or whose grid would be large (issue 14's bombs).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from orchestration.ingestion import xlsx_native
from orchestration.ingestion.contracts import CONTRACTS
from orchestration.ingestion.read import FileRejected, max_sheet_rows, read_xlsx, read_xlsx_openpyxl

CONTRACT = next(c for c in CONTRACTS if c.file_format == "xlsx")
WIDTH = len(CONTRACT.columns)
LIMIT_MB = 100
ROW_LIMIT = max_sheet_rows(LIMIT_MB)

TEXTS = st.sampled_from(["abc", " x ", "", "   ", "#N/A", " #REF! ", "2019-03-01", "0012", "Ja", "é\nz"])
NUMBERS = st.one_of(
    st.integers(0, 10**6),
    st.floats(0, 10**6, allow_nan=False, allow_infinity=False),
    st.sampled_from([1.5, 43251.4386689815, 2.0**53 + 2, 10**20]),
)
MOMENTS = st.one_of(
    st.dates(dt.date(1905, 1, 1), dt.date(2030, 12, 31)),
    st.datetimes(dt.datetime(1905, 1, 1), dt.datetime(2030, 12, 31)).map(lambda d: d.replace(microsecond=0)),
    st.times().map(lambda t: t.replace(microsecond=0)),
    st.sampled_from([dt.timedelta(hours=30), dt.timedelta(minutes=5)]),
)
VALUES = st.one_of(TEXTS, NUMBERS, MOMENTS, st.booleans(), st.none())
FORMATS = st.sampled_from(["General", "yyyy-mm-dd", "dd-mm-yyyy hh:mm", "hh:mm", "[h]:mm", "0.00", "@", "0"])


@st.composite
def workbooks(draw) -> bytes:
    book = Workbook()
    if draw(st.booleans()):
        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = CONTRACT.sheet
    sheet.append(list(CONTRACT.header))
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["row", "row", "row", "empty", "wide"]))
        if kind == "empty":
            sheet.append([None] * WIDTH if draw(st.booleans()) else ["  "] * 2)
            continue
        n = WIDTH + (draw(st.integers(1, 5)) if kind == "wide" else 0)
        sheet.append(draw(st.lists(VALUES, min_size=n, max_size=n)))
        for cell in sheet[sheet.max_row]:
            if cell.value is not None and draw(st.booleans()):
                cell.number_format = draw(FORMATS)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _outcome(data: bytes, path: Path, native: bool):
    path.write_bytes(data)
    try:
        if native:
            table = read_xlsx(path, CONTRACT, LIMIT_MB)
        else:
            table = read_xlsx_openpyxl(path.name, data, CONTRACT, LIMIT_MB)
    except FileRejected as rejected:
        return ("afgewezen", str(rejected))
    return ("gelezen", table.rows.to_dicts(), table.rows.schema, table.rows_empty)


def _answers(data: bytes) -> bool:
    return xlsx_native.sheet_rows(data, CONTRACT.sheet, ROW_LIMIT) is not None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=workbooks())
def test_calamine_and_openpyxl_agree_on_generated_workbooks(data, tmp_path):
    path = tmp_path / "ind_verblijf_20190101.xlsx"
    assert _outcome(data, path, native=True) == _outcome(data, path, native=False)


def _package(rows_xml: bytes, dimension: bytes = b"A1:P2") -> bytes:
    """A workbook from openpyxl whose sheet's rows after the header are replaced by `rows_xml`."""
    book = Workbook()
    sheet = book.active
    sheet.title = CONTRACT.sheet
    sheet.append(list(CONTRACT.header))
    sheet.append(["x"] * WIDTH)
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<row r="2".*</row>', rows_xml, content)
                content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + dimension + b'"', content)
            package.writestr(item, content)
    return target.getvalue()


def test_calamine_answers_for_a_plain_workbook_with_dates_and_trailing_empty_rows(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = CONTRACT.sheet
    sheet.append(list(CONTRACT.header))
    sheet.append(["a"] * (WIDTH - 1) + [dt.datetime(2019, 3, 1, 12, 30, 5)])
    sheet.append([None] * WIDTH)
    sheet.append([dt.date(2019, 3, 2)] + ["b"] * (WIDTH - 1))
    sheet["C5"].number_format = "0.00"  # a cell with a style and no value: an empty row 5, only counted
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert _answers(data)
    path = tmp_path / "ind_verblijf_20190101.xlsx"
    path.write_bytes(data)
    table = read_xlsx(path, CONTRACT, LIMIT_MB)
    first, last = CONTRACT.columns[0].name, CONTRACT.columns[-1].name
    assert table.rows.select("__row_number", first, last).rows() == [
        (2, "a", "2019-03-01 12:30:05"),
        (3, "", ""),
        (4, "2019-03-02 00:00:00", "b"),
    ]
    assert table.rows_empty == 1


def test_openpyxl_reads_what_calamine_would_read_otherwise_or_too_large(tmp_path):
    cell = b'<c r="A2" t="inlineStr"><is><t>x</t></is></c>'
    cases = {
        "formula": b'<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>',
        "error cell": b'<row r="2"><c r="A2" t="e"><v>#N/A</v></c></row>',
        "error cell, single quotes": b"<row r='2'><c r='A2' t = 'e'><v>#N/A</v></c></row>",
        "column beyond Z": b'<row r="2">' + cell + b'<c r="XFD2" t="inlineStr"><is><t>y</t></is></c></row>',
        "row at the limit": b'<row r="2">' + cell + b"</row><row r='%d'><c r='A%d' t='inlineStr'>"
        b"<is><t>y</t></is></c></row>" % (ROW_LIMIT, ROW_LIMIT),
        "character reference": b'<row r="2"><c r="&#65;2" t="inlineStr"><is><t>x</t></is></c></row>',
        "rows out of order": b'<row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row><row r="2">'
        + cell
        + b"</row>",
        "rows without a number": b"<row>" + cell.replace(b' r="A2"', b"") + b"</row>",
    }
    answered = [name for name, rows in cases.items() if _answers(_package(rows))]
    assert answered == []
    assert _answers(_package(b'<row r="2">' + cell + b"</row>"))  # the same package, plain


def test_the_scan_counts_row_tags_cut_by_its_blocks():
    """A sheet of more than one block (1 MiB) of XML, shifted byte by byte so that the block border
    cuts its row tags at every position: the scan finds the last row each time (a tag cut inside its
    number once read as a smaller row, and the scale-100 workbook went to openpyxl)."""
    last = 20_000
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
        for n in range(3, last + 1)
    )
    found = {}
    for shift in range(48):
        first = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"y" * (shift + 1) + b"</t></is></c></row>"
        found[shift] = xlsx_native._scan(_package(first + rows), CONTRACT.sheet, ROW_LIMIT)
    assert {shift: n for shift, n in found.items() if n != last} == {}
