"""A CSV delivery read by DuckDB's own `read_csv`: the fast path of `read.read_csv` (issue 19).

DuckDB parses RFC 4180 (contract README §2.1) in C++ and in parallel, but it is not Python's `csv`
module, whose reading is the contract's: it skips empty lines without saying where they were, trims
white space around a quoted field, accepts a NUL character and a lone carriage return, and has no
field size limit. So this path only answers for a file in which none of that can happen, judged by
one streamed pass over its bytes (`_scan`) and by the rows DuckDB returns; for any other file it
answers None and `read.read_csv` reads it with the `csv` module, which gives every message, line
number and quarantine reason of contract README §4 and §5. What it answers is the same table the
`csv` module would give (tests/unit/test_csv_native.py compares both on generated files).
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass

import duckdb
import polars as pl

from orchestration.ingestion import local_duckdb
from orchestration.ingestion.validate import FIELD_COUNT, ROW_NUMBER

BLOCK = 1 << 20


@dataclass(frozen=True)
class Scan:
    """What one pass over a file's bytes found (see `_scan`)."""

    # valid UTF-8, no NUL, every CR part of a CRLF, no white space beside a field's quote, no line
    # that ends in a separator
    clean: bool
    lines: int  # physical lines: line ends, plus one for a last line without its line end


SPACE = b" \t"


# A block with more quotes than this share of its bytes is searched for white space beside a quote
# with four passes of `bytes.find`, one per pair of bytes; a block with fewer, quote by quote, which
# costs a fraction of that for what deliveries hold (2,634 quotes in the 16 MB of a scale-10
# CoMensha file: a field is quoted only when it must be).
QUOTE_SHARE_FOR_PAIRS = 1 / 256


def _spaced_quote(text: bytes, separator: bytes) -> bool:
    """Whether white space stands between a field's boundary and its quote: DuckDB drops it
    (`; "a"` and `"a" ;` read `a`), the `csv` module keeps it or rejects the file (`',' expected
    after '"'`). A hit inside a quoted field, or one cut by the end of `text`, is harmless: the file
    merely takes the `csv` module's path. Found with `bytes.find` (a regex over every position costs
    more than DuckDB's whole read). Bytes, not text: every byte looked for is ASCII, which UTF-8
    never uses inside a multi-byte character, and a search over bytes is not slowed by one
    non-ASCII letter in the block as a search over decoded text is."""
    many = text.count(b'"') > len(text) * QUOTE_SHARE_FOR_PAIRS
    quotes = _quotes_beside_space(text) if many else _quotes(text)
    return any(_spaced_at(text, at, separator) for at in quotes)


def _quotes(text: bytes):
    at = text.find(b'"')
    while at >= 0:
        yield at
        at = text.find(b'"', at + 1)


def _quotes_beside_space(text: bytes):
    """The quotes with a space or tab just before or after them (some more than once)."""
    for pair, quote_at in ((b' "', 1), (b'\t"', 1), (b'" ', 0), (b'"\t', 0)):
        at = text.find(pair)
        while at >= 0:
            yield at + quote_at
            at = text.find(pair, at + 1)


def _spaced_at(text: bytes, at: int, separator: bytes) -> bool:
    """Whether only white space stands between the quote at `at` and the field's boundary: the
    start of `text`, a separator or a line end before it, or the end, a separator or a line end
    after it."""
    start = at
    while start > 0 and text[start - 1 : start] in SPACE:
        start -= 1
    if start < at and (start == 0 or text[start - 1 : start] in (separator, b"\n")):
        return True
    end = at + 1
    while end < len(text) and text[end : end + 1] in SPACE:
        end += 1
    return end > at + 1 and (end == len(text) or text[end : end + 1] in (separator, b"\r", b"\n"))


def _separator_ends_line(text: bytes, separator: bytes) -> bool:
    """Whether a line ends in a separator: DuckDB reads one separator too many at the end of a row
    as nothing (a row of width + 1 fields, the last empty, reads as a right one; so does a header
    with a trailing separator), the `csv` module as one more, empty field (`aantal_velden`; the
    header's `(leeg, positie n)`)."""
    return (separator + b"\n") in text or (separator + b"\r") in text


def _scan(f, separator: str) -> Scan:
    """One streamed pass over an open binary file; memory is one block, not the file.

    The decoder is Python's own UTF-8 decoder, so a file clean here decodes exactly as the `csv`
    module's path would decode it (and one that is not gets that path's message). The patterns are
    looked for in the bytes themselves (see `_spaced_quote`); the decoded text only validates.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    sep = separator.encode("ascii")
    newlines = 0
    last = b""
    carry = b""  # the end of the previous block, so that a pattern across two blocks is seen
    try:
        for block in iter(lambda: f.read(BLOCK), b""):
            decoder.decode(block)
            joined = carry + block
            if b"\x00" in block or joined.count(b"\r") != joined.count(b"\r\n") + joined.endswith(b"\r"):
                return Scan(False, 0)
            if _spaced_quote(joined, sep) or _separator_ends_line(joined, sep):
                return Scan(False, 0)
            newlines += block.count(b"\n")
            last = block[-1:]
            carry = joined[-8:]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return Scan(False, 0)
    if carry.endswith((b"\r", sep)):  # a CR without its LF, or a separator, at the very end
        return Scan(False, 0)
    return Scan(True, newlines + (1 if last and last != b"\n" else 0))


def read(f, separator: str, width: int) -> tuple[list[str], pl.DataFrame] | None:
    """The header and the data rows of the open CSV file `f` (binary, at its start), or None when
    the `csv` module must read it. Rows: `ROW_NUMBER` (the physical line where the record starts,
    line breaks inside quoted fields counted), `FIELD_COUNT` and the fields as `c0`..`c{width-1}`,
    text, an empty field as "".

    DuckDB reads the same open file through `/dev/fd` (never the path again, so a link or another
    file put under the name after `read.open_regular` is not what it reads; issue 14).
    """
    scan = _scan(f, separator)
    if not scan.clean or scan.lines == 0:
        return None
    names = [f"c{i}" for i in range(width)]
    con = local_duckdb.cursor()
    try:
        # Every option set, nothing sniffed: `width` columns of text, a row of any other width is
        # an error (strict_mode), no comment lines, no header (it is checked by read.py). An empty
        # field is made "" by DuckDB as it reads, not by a second copy of the frame in Polars.
        fields = ", ".join(f"coalesce({n}, '') AS {n}" for n in names)
        relation = con.sql(
            f"SELECT {fields} FROM read_csv(?, delim = ?, quote = '\"', escape = '\"', header = false, "
            "auto_detect = false, columns = ?, strict_mode = true, null_padding = false, "
            "comment = '', skip = 0, max_line_size = 100000000)",
            params=[f"/dev/fd/{f.fileno()}", separator, dict.fromkeys(names, "VARCHAR")],
        )
        frame = local_duckdb.polars_frame(relation)
    # A row of another width, an unclosed quote: the `csv` module says which. (Polars' ComputeError
    # too, should the rows ever come through the Arrow stream: see local_duckdb.polars_frame.)
    except (duckdb.Error, pl.exceptions.ComputeError):
        return None
    finally:
        con.close()
    if frame.height == 0:
        return None
    # The csv module refuses a field longer than its limit, in characters; DuckDB has none. A text
    # has no fewer bytes than characters, so characters are counted only when bytes reach the limit.
    limit = csv.field_size_limit()
    if (frame.select(pl.max_horizontal(pl.col(names).str.len_bytes().max())).item() or 0) >= limit:
        longest = frame.select(pl.max_horizontal(pl.col(names).str.len_chars().max())).item()
        if longest is not None and longest >= limit:
            return None
    # Each physical line is a record's start or a line break inside a quoted field; any other
    # line (an empty line, which DuckDB skips silently) leaves the count short. Records and line
    # breaks in fields together never outnumber the lines, so as many records as lines means no
    # field holds a line break, and the breaks need not be counted (the usual file).
    if frame.height == scan.lines:
        start = pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
    else:
        breaks = pl.sum_horizontal(pl.col(names).str.count_matches("\n", literal=True))
        frame = frame.with_columns(breaks.alias("__breaks"))
        if frame.height + frame["__breaks"].sum() != scan.lines:
            return None
        start = pl.int_range(1, pl.len() + 1, dtype=pl.Int64) + pl.col("__breaks").cum_sum().shift(
            1, fill_value=0
        )
    frame = frame.select(start.alias(ROW_NUMBER), pl.lit(width, dtype=pl.Int64).alias(FIELD_COUNT), *names)
    header = list(frame.row(0)[2:])
    return header, frame.slice(1)
