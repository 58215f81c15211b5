"""DuckDB's CSV reader (orchestration/ingestion/csv_native.py) reads a delivery as the `csv` module
does (issue 19): for generated files with random quoting, line breaks inside fields, white space
beside quotes, empty lines, rows of the wrong width, a BOM, CRLF, a lone CR or a NUL, `read_csv`
gives the same rows, line numbers, field counts and empty-line count as `read_csv_module`, or the
same rejection. And it answers itself for the files it is meant for, with the line numbers that
contract README §2.1 and §5 want (counted here by hand), so the comparison is not of one reader
with itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.ingestion import csv_native
from orchestration.ingestion.contracts import CONTRACTS
from orchestration.ingestion.read import FileRejected, read_csv, read_csv_module
from orchestration.ingestion.validate import FIELD_COUNT, ROW_NUMBER

CSV_CONTRACTS = [c for c in CONTRACTS if c.file_format == "csv"]

# Characters that make CSV hard: the separators of both sources, quotes, line breaks, white space
# and a non-ASCII letter.
PIECES = ["a", "Z", "1", " ", "\t", '"', ";", ",", "\n", "\r\n", "ë", "\u00a0"]
VALUE = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)
# The scan before DuckDB's read does not follow quotes (csv_native._scan): white space beside a
# quote or a separator, or a separator before a line break, sends a file to the `csv` module even
# inside a quoted field. Clean files have white space only between letters (as in "Veilig Thuis
# regio Utrecht") and no separator before a line break.
CLEAN_VALUE = (
    st.lists(st.sampled_from([p for p in PIECES if p not in " \t"] + ["a b"]), max_size=6)
    .map("".join)
    .filter(lambda v: not any(s + e in v for s in ";," for e in "\r\n"))
)


def _field(draw, value: str, separator: str, clean: bool) -> str:
    quoted = '"' + value.replace('"', '""') + '"'
    if clean:  # as RFC 4180 writes it: quoted where it must be, or where the writer chose to
        must = value == "" or any(c in value for c in ('"', separator, "\n", "\r"))
        return quoted if must or draw(st.booleans()) else value
    style = draw(st.sampled_from(["plain", "quoted", "quoted", "spaced_before", "spaced_after"]))
    if style == "plain":
        return value
    if style == "quoted":
        return quoted
    if style == "spaced_before":
        return " " + quoted
    return quoted + " "


@st.composite
def deliveries(draw, clean: bool = False):
    """A contract and the bytes of a delivery for it; `clean`: only what RFC 4180 writes (rows of
    the right width, no empty lines, no white space outside quotes, valid UTF-8)."""
    contract = draw(st.sampled_from(CSV_CONTRACTS))
    width = len(contract.columns)
    header = contract.separator.join(contract.header)
    if draw(st.booleans()):
        header = "\ufeff" + header
    lines = [header]
    for _ in range(draw(st.integers(0, 5))):
        kind = "row" if clean else draw(st.sampled_from(["row", "row", "row", "empty", "short", "long"]))
        if kind == "empty":
            lines.append("")
            continue
        n = {"row": width, "short": width - 1, "long": width + 1}[kind]
        values = draw(st.lists(CLEAN_VALUE if clean else VALUE, min_size=n, max_size=n))
        lines.append(contract.separator.join(_field(draw, v, contract.separator, clean) for v in values))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline] if clean else ["", newline, newline * 2]))
    data = text.encode("utf-8")
    mutation = (
        "none" if clean else draw(st.sampled_from(["none", "none", "lone_cr", "nul", "latin1", "cut_quote"]))
    )
    if mutation == "lone_cr":
        data = data.replace(b"\n", b"\r", 1)
    elif mutation == "nul":
        data = data + b"a\x00"
    elif mutation == "latin1":
        data = data + "caf\u00e9".encode("cp1252")
    elif mutation == "cut_quote":
        data = data + b'"open'
    return contract, data


def _outcome(reader, path: Path, contract):
    try:
        table = reader(path, contract)
    except FileRejected as rejected:
        return ("afgewezen", str(rejected))
    return ("gelezen", table.rows.to_dicts(), table.rows.schema, table.rows_empty)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(delivery=deliveries())
def test_duckdb_reader_and_csv_module_agree_on_generated_files(delivery, tmp_path):
    contract, data = delivery
    path = tmp_path / "delivery.csv"
    path.write_bytes(data)
    assert _outcome(read_csv, path, contract) == _outcome(read_csv_module, path, contract)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(delivery=deliveries(clean=True))
def test_duckdb_reads_every_clean_file_itself_as_the_csv_module_does(delivery, tmp_path):
    """Not a comparison of the `csv` module with itself: DuckDB's path answers for each of these."""
    contract, data = delivery
    path = tmp_path / "delivery.csv"
    path.write_bytes(data)
    assert _answer(path, contract) is not None
    assert _outcome(read_csv, path, contract) == _outcome(read_csv_module, path, contract)


def _answer(path: Path, contract):
    with path.open("rb") as f:
        return csv_native.read(f, contract.separator, len(contract.columns))


def test_duckdb_answers_for_quoted_line_breaks_and_counts_their_lines(tmp_path):
    """A BOM, CRLF, doubled quotes and line breaks inside quoted fields: DuckDB's path reads it,
    and each record's number is the physical line where it starts (README §2.1)."""
    contract = next(c for c in CSV_CONTRACTS if c.separator == ";")
    width = len(contract.columns)
    first = ['"Veilig Thuis\r\n regio\r\nUtrecht"'] + ["a"] * (width - 1)  # lines 2-4
    second = ['"Stichting ""Het Koord"""'] + [""] * (width - 2) + ["z"]  # line 5
    third = ["x"] * (width - 1) + ['"twee\nregels"']  # lines 6-7
    fourth = ["y"] * width  # line 8
    rows = [";".join(r) for r in (first, second, third, fourth)]
    path = tmp_path / "d.csv"
    path.write_bytes(("\ufeff" + ";".join(contract.header) + "\r\n" + "\r\n".join(rows) + "\r\n").encode())
    answer = _answer(path, contract)
    assert answer is not None, "DuckDB's path did not answer for a clean file"
    header, frame = answer
    first_column = frame.columns[2]
    assert [h.lower() for h in header] == [h.lower() for h in contract.header]
    assert frame.select(ROW_NUMBER, FIELD_COUNT, first_column).rows() == [
        (2, width, "Veilig Thuis\r\n regio\r\nUtrecht"),
        (5, width, 'Stichting "Het Koord"'),
        (6, width, "x"),
        (8, width, "y"),
    ]
    table = read_csv(path, contract)
    assert table.rows.columns[2:] == [c.name for c in contract.columns]
    assert table.rows_empty == 0


def test_the_csv_module_reads_what_duckdb_would_read_differently(tmp_path):
    """Each of these files DuckDB would read otherwise than the contract: it is left to the `csv`
    module (csv_native answers None)."""
    contract = next(c for c in CSV_CONTRACTS if c.separator == ";")
    width = len(contract.columns)
    header = ";".join(contract.header)
    row = ";".join(["v"] * width)
    cases = {
        "empty line": f"{header}\n\n{row}\n",
        "space before a quote": f"{header}\n" + ";".join(["v", ' "a"'] + ["v"] * (width - 2)) + "\n",
        "lone CR": f"{header}\r{row}\n",
        "NUL": f"{header}\n{row}\x00\n",
        "short row": f"{header}\n" + ";".join(["v"] * (width - 1)) + "\n",
        "empty file": "",
    }
    answered = []
    for name, text in cases.items():
        path = tmp_path / "d.csv"
        path.write_bytes(text.encode())
        if _answer(path, contract) is not None:
            answered.append(name)
    assert answered == []


def test_a_pattern_across_two_blocks_of_the_scan_is_seen(tmp_path):
    """The scan reads bytes in blocks (csv_native.BLOCK): white space before a quote, or a
    separator before a line end, that a block boundary cuts in two still sends the file to the
    `csv` module, also with multi-byte letters just before the boundary."""
    contract = next(c for c in CSV_CONTRACTS if c.separator == ";")
    width = len(contract.columns)
    head = (";".join(contract.header) + "\n").encode()
    row = (";".join(["ë"] * width) + "\n").encode()
    found = []
    for tail, pattern in (([' "a"'], b' "'), (["a;"], b";\n")):
        last = (";".join(["v"] * (width - len(tail)) + tail) + "\n").encode()
        start = csv_native.BLOCK - 1 - last.index(pattern)  # where the last row must begin
        body = head + row * ((start - len(head)) // len(row) - 2)
        # one row whose last field fills the gap, so that the pattern's first byte ends the block
        base = ";".join(["v"] * (width - 1)) + ";"
        body += (base + "y" * (start - len(body) - len(base) - 1) + "\n").encode() + last
        assert body[csv_native.BLOCK - 1 : csv_native.BLOCK + 1] == pattern, "test file misbuilt"
        path = tmp_path / "d.csv"
        path.write_bytes(body)
        if _answer(path, contract) is not None:
            found.append(pattern)
    assert found == []


def test_a_file_the_csv_module_reads_is_opened_once(tmp_path, monkeypatch):
    """The `csv` module reads the file that `read_csv` opened (from its start), not the path again:
    the work of opening and checking is done once, and what it reads is what was opened."""
    from orchestration.ingestion import read

    contract = next(c for c in CSV_CONTRACTS if c.separator == ";")
    width = len(contract.columns)
    header, row = ";".join(contract.header), ";".join(["v"] * width)
    opened = []

    def counted(path):
        opened.append(path)
        return original(path)

    original = read.open_regular
    monkeypatch.setattr(read, "open_regular", counted)
    for name, text in {
        "empty line (the scan sends it)": f"{header}\n\n{row}\n",
        "short row (DuckDB refuses it)": f"{header}\n" + ";".join(["v"] * (width - 1)) + "\n",
    }.items():
        path = tmp_path / "d.csv"
        path.write_bytes(text.encode())
        opened.clear()
        got = _outcome(read_csv, path, contract)
        assert len(opened) == 1, name
        assert got == _outcome(read_csv_module, path, contract), name


# White space between a field's boundary (start or end of the text, a separator, a line end) and a
# quote, written as one regular expression: the definition that `csv_native._spaced_quote` looks
# for with `bytes.find`, quote by quote or pair by pair depending on how many quotes a block holds.
SCAN_BYTES = st.lists(st.sampled_from([b" ", b"\t", b'"', b";", b",", b"a", b"\n", b"\r"]), max_size=14)


@settings(max_examples=400, deadline=None)
@given(pieces=SCAN_BYTES, separator=st.sampled_from([b";", b","]))
def test_both_searches_for_white_space_beside_a_quote_find_what_the_definition_finds(pieces, separator):
    text = b"".join(pieces)
    sep = re.escape(separator)
    expected = re.search(rb"(?:\A|[" + sep + rb"\n])[ \t]+\"|\"[ \t]+(?:[" + sep + rb"\r\n]|\Z)", text)
    found = {
        "quote by quote": any(csv_native._spaced_at(text, at, separator) for at in csv_native._quotes(text)),
        "pair by pair": any(
            csv_native._spaced_at(text, at, separator) for at in csv_native._quotes_beside_space(text)
        ),
        "as chosen": csv_native._spaced_quote(text, separator),
    }
    assert {name: got for name, got in found.items() if got != bool(expected)} == {}
