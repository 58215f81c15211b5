"""Hostile deliveries (issue 8): the bad files a source really sends, made by code, each with the exact
outcome the warehouse must give it.

One declarative list, `CASES`. A case names its source, the file, how its bytes are made, the
deliveries loaded before it (for "the same file twice" and "`gewijzigd_op` goes backwards"), and
its outcome:

* `Rejected`: the whole file is refused; `load_log` holds the status and this exact message (or,
  with `exact=False`, a message starting with it: the contract leaves the parser's detail free);
* `Accepted`: the file loads; exactly these lines are quarantined with these reasons, the other
  rows land (with the given row numbers and values);
* `Ignored`: the entry is not looked at at all (an upload under a temporary name): no outcome, no
  `load_log` row;
* `Postponed`: the file changed after the run listed the inbox (the copy went on, `after_listing`);
  nothing of it is written, not even a `load_log` row, the run says so with this message, and the
  next run gives it the outcome `then`.

The CSV cases run for CoMensha and OM, the workbook cases for IND; where a case applies to several
sources it is one entry per source, made by the same function. The rows themselves come from the
fault samples of each source (`valid_row`, `case`, `valid_event`, their writers), not from copies.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import struct
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.ingestion.contract import SourceContract
from orchestration.ingestion.contracts.prosecution import PROSECUTION
from orchestration.ingestion.contracts.registration import REGISTRATION
from orchestration.ingestion.contracts.residence import RESIDENCE
from tests.faults import prosecution, registration, residence

# --- the sources ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    name: str
    contract: SourceContract
    header: list[str]
    row: Callable[..., dict]  # a row that breaks no rule: row(key, **changes)
    key_column: str  # the column that tells this test's rows apart
    file: Callable[[str], str]  # delivery date YYYYMMDD -> file name
    delimiter: str = ","
    bom: bool = False
    line_end: str = "\n"

    def csv(self, rows: list, header: list[str] | None = None, **fmt) -> bytes:
        """RFC 4180 in this source's format (`fmt` overrides delimiter, bom, line_end, encoding)."""
        options = dict(delimiter=self.delimiter, bom=self.bom, line_end=self.line_end) | fmt
        cells = [[r[h] for h in self.header] if isinstance(r, dict) else r for r in rows]
        return prosecution.to_csv(cells, header=self.header if header is None else header, **options)


def _comensha_row(key: str, **changes) -> dict:
    return registration.valid_row(key, persoon_id=f"P-{key}", **changes)


def _om_row(key: str, **changes) -> dict:
    return prosecution.case(verdachte_id=key, **changes)


def _ind_row(key: str, **changes) -> dict:
    return residence.valid_event(key, **changes)


COMENSHA = Source(
    "comensha",
    REGISTRATION,
    registration.HEADER,
    _comensha_row,
    "melding_id",
    lambda d: f"comensha_registraties_{d}.csv",
    delimiter=";",
    bom=True,
    line_end="\r\n",
)
OM = Source(
    "om", PROSECUTION, prosecution.HEADER, _om_row, "verdachte_id", lambda d: f"om_vervolging_{d}.csv"
)
IND = Source(
    "ind", RESIDENCE, residence.HEADER, _ind_row, "gebeurtenis_id", lambda d: f"ind_verblijf_{d}.xlsx"
)
SOURCES = {s.name: s for s in (COMENSHA, OM, IND)}

# Every delivery of this corpus is dated after all the rows it holds (2016), before the run (2019).
DATE = "20180601"
EARLIER = "20180501"
RUN_AT = dt.datetime(2019, 6, 1, 12, 0)
KEY = b"unit-test-key-0123456789abcdefghijkl"  # the pseudonymisation key of the runs of this corpus


# --- the outcomes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rejected:
    status: str  # `afgewezen` or `onbekend_bestand`
    error: str
    exact: bool = True  # False: the message starts with `error` (the parser's detail is free)


@dataclass(frozen=True)
class Accepted:
    accepted: int
    quarantine: dict[int, str] = field(default_factory=dict)  # line / sheet row -> reasons
    empty: int = 0
    lines: tuple[int, ...] | None = None  # the row numbers of the landed rows, when it matters
    landed: dict[int, dict] = field(default_factory=dict)  # row number -> landing values
    # row number -> the exact quarantine.row_json; its record_key must then be empty (a row with
    # the wrong number of fields keeps no raw value: contract README §5, §7)
    row_json: dict[int, dict] = field(default_factory=dict)
    # values (names, birth dates, ids of a shifted row) that must appear in no table at all
    absent: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ignored:
    pass


@dataclass(frozen=True)
class Postponed:
    message: str
    then: Accepted  # the outcome of the next run, when the copy is complete


@dataclass(frozen=True)
class Case:
    name: str
    source: Source
    file_name: str
    write: Callable[[Path], None]  # writes the delivery at the given path
    outcome: Rejected | Accepted | Ignored | Postponed
    before: tuple[tuple[str, bytes], ...] = ()  # deliveries loaded in an earlier run
    why: str = ""  # what the steward sees, for the README table
    # what happens to the file after the run listed the inbox, before it reads it (the copy goes on)
    after_listing: Callable[[Path], None] | None = None
    # A workbook bomb: the test reads it in a child process whose memory is capped
    # (tests/faults/bounded.py), so that a reader that does not bound it fails the test instead of
    # taking the memory of the machine.
    bomb: bool = False

    @property
    def id(self) -> str:
        return f"{self.source.name}-{self.name}"


def _bytes(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def _append(rest: bytes) -> Callable[[Path], None]:
    def append(path: Path) -> None:
        with path.open("ab") as f:
            f.write(rest)

    return append


def _rejected(name: str, problem: str, status: str = "afgewezen", exact: bool = True) -> Rejected:
    return Rejected(status, f"Bestand {name} afgewezen: {problem}", exact)


def header_error(missing="-", unknown="-", duplicated="-", order="-") -> str:
    """README §4: the fixed-order header message (after `Bestand <naam> afgewezen: `)."""
    return (
        f"ontbrekende kolommen: {missing}; onbekende kolommen: {unknown}; "
        f"dubbele kolommen: {duplicated}; volgorde: {order}"
    )


# --- CSV cases (CoMensha and OM) -----------------------------------------------------------------


def _name_columns(source: Source) -> dict[str, str]:
    """Names with é and ë, in the columns each source has for them."""
    if source is COMENSHA:
        return dict(achternaam="Hélène-Noël", voornaam="Zoë")
    return dict(achternaam="Hélène-Noël")


def csv_cases(s: Source, date: str = DATE) -> list[Case]:
    name = s.file(date)
    sep = s.delimiter
    other_sep = "," if sep == ";" else ";"
    two = [s.row("OK-1"), s.row("OK-2")]
    width = len(s.header)
    cases: list[Case] = []

    def add(case_name: str, content: bytes, outcome, why: str, file_name: str = name, before=()):
        cases.append(Case(case_name, s, file_name, _bytes(content), outcome, tuple(before), why))

    # Windows-1252 instead of UTF-8 (as Excel saves "CSV", without BOM): é and ë are single bytes
    # that are no UTF-8. The message names the line and the byte (1-based, counted in the file).
    cp1252 = s.csv([s.row("NAMES", **_name_columns(s))], encoding="cp1252", bom=False)
    byte = cp1252.index("é".encode("cp1252")) + 1
    add(
        "windows_1252",
        cp1252,
        _rejected(
            name,
            f"kan niet worden gelezen (geen geldige UTF-8 op regel 2, byte {byte}; opgeslagen als Windows-1252?)",
        ),
        "afgewezen; de melding noemt regel en byte",
    )
    # the same names in UTF-8 are fine
    add(
        "utf8_accents",
        s.csv([s.row("NAMES", **_name_columns(s))]),
        Accepted(1),
        "geladen: é en ë in UTF-8 horen erbij",
    )
    # BOM: CoMensha sends one, a file without is also accepted; OM normally sends none, one is tolerated
    add("other_bom", s.csv(two, bom=not s.bom), Accepted(2), "geladen (BOM wel of niet: beide toegestaan)")
    # `,` instead of `;` (and the other way round): the header is one unknown name
    wrong = s.csv(two, delimiter=other_sep)
    add(
        "wrong_separator",
        wrong,
        _rejected(
            name, header_error(missing=", ".join(s.header), unknown=other_sep.join(s.header)[:40] + "…")
        ),
        "afgewezen: de kopregel is één onbekende kolom met het andere scheidingsteken erin",
    )
    # quoted fields holding the separator, quotes and line breaks (LF and CRLF): one record each;
    # row numbers are the line on which a record starts
    messy = s.row("QUOTED", achternaam=f'van{sep} der "Berg"\nvan\r\nDijk')
    add(
        "quoted_separator_and_line_breaks",
        s.csv([messy, s.row("AFTER"), s.row("BAD", geslacht="X")]),
        Accepted(2, {6: "ongeldige_code:geslacht"}, lines=(2, 5)),
        "geladen; regelnummers tellen de regeleinden binnen aanhalingstekens mee",
    )
    # truncated in the middle of the last row: that row has too few fields
    full = s.csv([s.row("OK-1"), s.row("OK-2"), s.row("CUT")])
    last_line = full.rstrip(b"\r\n").rsplit(b"\n", 1)[1]
    cut = len(full.rstrip(b"\r\n")) - len(last_line) + last_line.index(sep.encode(), 40)
    cut_fields = last_line[: last_line.index(sep.encode(), 40)].count(sep.encode()) + 1
    add(
        "truncated_mid_row",
        full[:cut],
        Accepted(
            2,
            {4: "aantal_velden:-"},
            lines=(2, 3),
            row_json={4: {"aantal_velden": cut_fields, "verwacht": width}},
        ),
        "geladen; de afgebroken laatste rij in quarantaine (`aantal_velden`)",
    )
    # truncated inside a quoted field: the file ends in an open quote
    open_quote = s.csv([s.row("OK-1"), s.row("OK-2"), s.row("CUT", achternaam="van\nDijk")])
    add(
        "truncated_in_quote",
        open_quote[: open_quote.index(b"van\n") + 4],
        _rejected(
            name,
            "kan niet worden gelezen (het bestand eindigt in een veld met een open aanhalingsteken, "
            "begonnen op regel 4; afgebroken bestand?)",
        ),
        "afgewezen: het bestand eindigt in een open aanhalingsteken (afgebroken)",
    )
    # a quote that is never closed swallows the rest of the file: the same message, not a crash
    unclosed = s.csv([s.row("OK-1")]) + b'"open' + sep.encode() + s.csv([s.row("OK-2")] * 3, header=[])
    add(
        "unclosed_quote",
        unclosed,
        _rejected(
            name,
            "kan niet worden gelezen (het bestand eindigt in een veld met een open aanhalingsteken, "
            "begonnen op regel 3; afgebroken bestand?)",
        ),
        "afgewezen, met de regel waar het open veld begint",
    )
    add("empty_file", b"", _rejected(name, "geen kopregel"), "afgewezen: geen kopregel")
    add("header_only", s.csv([]), Accepted(0), "geladen als lege levering (0 rijen)")
    add("header_only_no_line_end", s.csv([]).rstrip(b"\r\n"), Accepted(0), "geladen als lege levering")
    dup = [*s.header, s.header[1].upper()]
    add(
        "duplicated_column",
        s.csv([[*s.row("OK-1").values(), "x"]], header=dup),
        _rejected(name, header_error(duplicated=s.header[1])),
        "afgewezen; de melding noemt de dubbele kolom",
    )
    add(
        "extra_column",
        s.csv([[*s.row("OK-1").values(), "x"]], header=[*s.header, "opmerking"]),
        _rejected(name, header_error(unknown="opmerking")),
        "afgewezen; de melding noemt de onbekende kolom",
    )
    # A hostile header name (issue 14): terminal escapes, a line break forging a log line, 5000
    # characters, and 30 more unknown columns. The message shows each name escaped and cut to 40
    # characters, and at most 10 names per part, so a header cannot flood or forge log lines.
    evil = "opmerking\x1b[2J\nINFO dagster - run geslaagd " + "x" * 5000
    extra = [f"k{i:02}" for i in range(1, 31)]
    add(
        "hostile_header_name",
        s.csv([[*s.row("OK-1").values(), "x", *["" for _ in extra]]], header=[*s.header, evil, *extra]),
        _rejected(
            name,
            header_error(
                unknown="opmerking\\x1b[2j\\ninfo dagster - run ges…, "
                "k01, k02, k03, k04, k05, k06, k07, k08, k09, … (+21 meer)"
            ),
        ),
        "afgewezen; onbekende namen afgekapt op 40 tekens, stuurtekens als `\\n`, `\\x1b`, hoogstens 10 namen",
    )
    add(
        "trailing_separator",
        s.csv([[*s.row("OK-1").values(), ""]], header=[*s.header, ""]),
        _rejected(name, header_error(unknown=f"(leeg, positie {width + 1})")),
        "afgewezen: een lege kolomnaam, met zijn positie",
    )
    add(
        "extra_field_in_one_row",
        s.csv([s.row("OK-1"), [*s.row("LONG").values(), "x"]]),
        Accepted(1, {3: "aantal_velden:-"}, row_json={3: {"aantal_velden": width + 1, "verwacht": width}}),
        "geladen; de rij met een veld te veel in quarantaine, zonder zijn waarden",
    )
    # An unquoted separator inside a surname (issue 14): every later value shifts one column, so a
    # first name or birth date would sit in a column that is kept in quarantine.row_json (a code or
    # date column), and reach the stewards. A row with the wrong number of fields keeps no value at
    # all: only its field count and the header's (contract README §5, §7).
    if s is COMENSHA:
        pii = dict(achternaam="SHIFTMARK", voornaam="Fenna", geboortedatum="23-07-1991")
        surname, absent = b"Jansen;Kuipers", ("Jansen", "Kuipers", "Fenna", "23-07-1991", "P-SHIFT-1")
    else:
        pii = dict(achternaam="SHIFTMARK", geboortejaar="1977")
        surname, absent = b"Visser,Mulder", ("Visser", "Mulder", "1977", "SHIFT-1")
    shifted = s.csv([s.row("OK-1"), s.row("SHIFT-1", **pii), s.row("OK-2")]).replace(b"SHIFTMARK", surname)
    add(
        "shifted_fields_unquoted_separator_in_name",
        shifted,
        Accepted(
            2,
            {3: "aantal_velden:-"},
            lines=(2, 4),
            row_json={3: {"aantal_velden": width + 1, "verwacht": width}},
            absent=absent,
        ),
        "geladen; de verschoven rij in quarantaine (`aantal_velden`) zonder enige waarde: geen naam of "
        "geboortedatum die in een andere kolom terechtkwam",
    )
    # dates in another format than the contract's
    if s is COMENSHA:
        iso = s.row(
            "ISO", geboortedatum="1994-02-14", datum_melding="2016-03-05", gewijzigd_op="2016-03-06 10:15"
        )
        short = s.row("SHORT", datum_melding="5-3-2016")
        us = s.row("US", gewijzigd_op="03/06/2016 10:15")
        reasons = {
            2: "ongeldig_formaat:geboortedatum; ongeldig_formaat:datum_melding; ongeldig_formaat:gewijzigd_op",
            3: "ongeldig_formaat:datum_melding",
            4: "ongeldig_formaat:gewijzigd_op",
        }
    else:
        iso = s.row(
            "ISO",
            inschrijfdatum="03-02-2015",
            afdoeningsdatum="01-06-2015",
            vonnisdatum="15-01-2016",
            gewijzigd_op="20-01-2016T09:30:00",
        )
        short = s.row("SHORT", inschrijfdatum="2015-2-3")
        us = s.row("US", gewijzigd_op="2016-01-20 09:30:00")
        reasons = {
            2: "ongeldig_formaat:inschrijfdatum; ongeldig_formaat:afdoeningsdatum; "
            "ongeldig_formaat:vonnisdatum; ongeldig_formaat:gewijzigd_op",
            3: "ongeldig_formaat:inschrijfdatum",
            4: "ongeldig_formaat:gewijzigd_op",
        }
    add(
        "dates_in_other_format",
        s.csv([iso, short, us, s.row("OK-1")]),
        Accepted(1, reasons, lines=(5,)),
        "geladen; rijen met een ander datumformaat in quarantaine (`ongeldig_formaat`)",
    )
    return cases


# --- workbook cases (IND) ------------------------------------------------------------------------


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 Compound File (version 3, 512-byte sectors) holding the given streams.

    Excel writes a password-protected workbook as such a file, with the streams `EncryptionInfo`
    and `EncryptedPackage` (MS-OFFCRYPTO); an old .xls workbook is one with a `Workbook` stream.
    Streams are padded to 4096 bytes, so none goes into the mini stream.
    """
    sector = 512
    end, free, fat_sect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the CFB order of names
    data = {n: streams[n].ljust(max(4096, -(-len(streams[n]) // sector) * sector), b"\0") for n in names}
    fat = [fat_sect, end]  # sector 0: FAT, sector 1: directory
    starts = {}
    for n in names:
        count = len(data[n]) // sector
        starts[n] = len(fat)
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    assert len(fat) <= sector // 4
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", nostream, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, nostream, 1, end, 0)
    for i, n in enumerate(names):
        right = i + 2 if i + 1 < len(names) else nostream
        directory += entry(n, 2, right, nostream, starts[n], len(streams[n]))
    directory = directory.ljust(sector, b"\0")
    assert len(directory) == sector
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(data[n] for n in names)


SHEET_XML = "xl/worksheets/sheet1.xml"  # the contract's sheet in a workbook of `residence.workbook_bytes`
OTHER_SHEET_XML = "xl/worksheets/sheet2.xml"  # its `Toelichting` sheet (extra_sheet=True), never read


def repack(workbook: bytes, target, member: str, chunks: Callable[[bytes], Iterable[bytes]]) -> None:
    """The workbook written to `target` (a path or a binary file) with `member` replaced by the
    pieces `chunks(<its old content>)` yields, streamed: a bomb's member is never whole in memory."""
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename != member:
                out.writestr(item, content)
                continue
            with out.open(item.filename, "w") as f:
                for chunk in chunks(content):
                    f.write(chunk)


def patch_cell(workbook: bytes, ref: str, cell_xml: str) -> bytes:
    """The workbook with cell `ref` of its first sheet replaced by raw XML (what Excel writes for
    formulas: `<f>` with the value it calculated in `<v>`, which openpyxl cannot write)."""

    def patched(content: bytes) -> list[bytes]:
        content, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)'.encode(), cell_xml.encode(), content)
        assert n == 1, ref
        return [content]

    out = io.BytesIO()
    repack(workbook, out, SHEET_XML, patched)
    return out.getvalue()


def _excel_serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


def xlsx_cases(date: str = DATE) -> list[Case]:
    s = IND
    name = s.file(date)
    wb = residence.workbook_bytes
    cases: list[Case] = []

    def add(case_name: str, content: bytes, outcome, why: str):
        cases.append(Case(case_name, s, name, _bytes(content), outcome, (), why))

    csv_text = prosecution.to_csv(
        [["" if v is None else str(v) for v in s.row("CSV-1").values()]], header=s.header, delimiter=";"
    )
    add(
        "xlsx_is_really_csv",
        csv_text,
        _rejected(
            name,
            "kan niet worden gelezen (geen XLSX-werkmap maar tekst, bijvoorbeeld een CSV-bestand met de naam .xlsx)",
        ),
        "afgewezen: geen werkmap maar tekst",
    )
    add(
        "password_protected",
        compound_file(
            {
                "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00<encryption/>",
                "EncryptedPackage": b"\x10\x27\x00\x00" + bytes(range(256)) * 20,
            }
        ),
        _rejected(
            name,
            "kan niet worden gelezen (werkmap is beveiligd met een wachtwoord; lever hem zonder wachtwoord)",
        ),
        "afgewezen: werkmap met wachtwoord",
    )
    add(
        "old_xls",
        compound_file({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"}),
        _rejected(name, "kan niet worden gelezen (geen XLSX maar een oud Excel-bestand (.xls))"),
        "afgewezen: oud .xls-formaat",
    )
    good = wb([s.row("OK-1"), s.row("OK-2")])
    add(
        "truncated_zip",
        good[: len(good) * 2 // 3],
        _rejected(name, "kan niet worden gelezen (werkmap is beschadigd: ", exact=False),
        "afgewezen: werkmap is beschadigd (afgebroken)",
    )
    broken_sheet = patch_cell(
        good, "A3", '<c r="A3" t="inlineStr"><is><t>OK-2</t></is>'
    )  # a cell never closed
    add(
        "damaged_sheet_xml",
        broken_sheet,
        _rejected(name, "kan niet worden gelezen (werkblad Gebeurtenissen is beschadigd: ", exact=False),
        "afgewezen: het werkblad is beschadigd (XML klopt niet)",
    )
    add(
        "empty_file",
        b"",
        _rejected(name, "kan niet worden gelezen (leeg bestand)"),
        "afgewezen: leeg bestand",
    )
    add("header_only", wb([]), Accepted(0), "geladen als lege levering")
    add(
        "duplicated_column",
        wb([[*s.row("OK-1").values(), "x"]], header=[*s.header, "V_Nummer"]),
        _rejected(name, header_error(duplicated="v_nummer")),
        "afgewezen; de melding noemt de dubbele kolom",
    )
    add(
        "extra_column",
        wb([[*s.row("OK-1").values(), "x"]], header=[*s.header, "opmerking"]),
        _rejected(name, header_error(unknown="opmerking")),
        "afgewezen; de melding noemt de onbekende kolom",
    )
    add(
        "extra_cell_in_one_row",
        wb([s.row("OK-1"), [*s.row("LONG").values(), "x"]]),
        Accepted(
            1,
            {3: "aantal_velden:-"},
            row_json={3: {"aantal_velden": len(s.header) + 1, "verwacht": len(s.header)}},
        ),
        "geladen; de rij met een cel buiten de kolommen in quarantaine, zonder zijn waarden",
    )
    # A value far beyond the contract's columns (Excel's last column, XFD) is found as well: each
    # row is read as wide as its own cells, not only the contract's columns (issue 14).
    far_out = io.BytesIO()
    repack(
        wb([s.row("OK-1"), s.row("FAR")]),
        far_out,
        SHEET_XML,
        lambda xml: [
            xml.replace(
                b"</row></sheetData>", b'<c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
            )
        ],
    )
    add(
        "extra_cell_far_out",
        far_out.getvalue(),
        Accepted(
            1, {3: "aantal_velden:-"}, row_json={3: {"aantal_velden": 16384, "verwacht": len(s.header)}}
        ),
        "geladen; de rij met een waarde in de laatste kolom van Excel (XFD) in quarantaine, zonder zijn waarden",
    )
    add(
        "dates_typed_as_text",
        wb(
            [
                s.row("TEXT-DATE", datum="05-03-2016"),
                s.row("TEXT-TS", gewijzigd_op="2016-03-06 10:15"),
                s.row("OK-1"),
            ]
        ),
        Accepted(1, {2: "ongeldig_formaat:datum", 3: "ongeldig_formaat:gewijzigd_op"}, lines=(4,)),
        "geladen; datums als tekst in quarantaine (`ongeldig_formaat`)",
    )
    # Formula cells. Excel stores the value it calculated with the formula: that value is read.
    day = dt.date(2016, 3, 5)
    calculated = patch_cell(
        wb([s.row("FORMULA")]), "G2", f'<c r="G2" s="1"><f>DATE(2016,3,5)</f><v>{_excel_serial(day)}</v></c>'
    )
    add(
        "formula_with_value",
        calculated,
        Accepted(1, landed={2: {"gebeurtenis_id": "FORMULA", "datum": day}}),
        "geladen met de waarde die Excel bij de formule bewaarde",
    )
    # A formula never calculated (written by a tool, not by Excel) has no value to read.
    add(
        "formula_without_value",
        wb([s.row("NO-VALUE", datum="=DATE(2016,3,5)"), s.row("OK-1")]),
        Accepted(1, {2: "ongeldig_formaat:datum"}),
        "geladen; de rij in quarantaine (`ongeldig_formaat`)",
    )
    # An Excel error value (#N/A from a lookup) is no nationality, even for a column that maps
    # unknown names to Onbekend.
    error = patch_cell(
        wb([s.row("NA"), s.row("OK-1")]),
        "E2",
        '<c r="E2" t="e"><f>VLOOKUP(B2,Landen!A:B,2,FALSE)</f><v>#N/A</v></c>',
    )
    add(
        "error_value",
        error,
        Accepted(1, {2: "ongeldig_formaat:nationaliteit"}),
        "geladen; de rij met #N/A in quarantaine (`ongeldig_formaat`)",
    )
    cases += bomb_cases(name)
    return cases


# --- workbook bombs (issue 14) -------------------------------------------------------------------

MIB = 1024 * 1024
LIMIT_MB = 100  # the default of MH_MAX_DELIVERY_MB, under which every case of this corpus runs
# A sheet may hold no more rows than a sheet of LIMIT_MB of XML holds honest rows of 200 bytes
# (README "Slechte leveringen"): 100 MiB / 200 bytes.
ROW_LIMIT = 524288


def unpacked_size(package: bytes) -> int:
    """What the members of a zip package declare as their uncompressed sizes, together."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return sum(item.file_size for item in z.infolist())


def declare_size(package: bytes, member: str, size: int) -> bytes:
    """The package with the uncompressed size of `member` in its local header and its central
    directory entry set to `size`; its compressed bytes and CRC are unchanged (APPNOTE 4.3.7, 4.3.12)."""
    out = bytearray(package)
    name = member.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = out.find(signature)
        while not out.startswith(name, at + name_at):
            at = out.find(signature, at + 1)
            assert at >= 0, member
        out[at + size_at : at + size_at + 4] = struct.pack("<I", size)
    return bytes(out)


def _spaces(size: int) -> Iterable[bytes]:
    block = b" " * MIB
    for _ in range(size // MIB):
        yield block
    yield b" " * (size % MIB)


def _padded_in_sheet_data(size: int) -> Callable[[bytes], Iterable[bytes]]:
    """A sheet's XML with `size` bytes of white space between its last row and `</sheetData>`:
    valid XML that deflate packs about a thousand to one."""

    def chunks(xml: bytes) -> Iterable[bytes]:
        head, tail = xml.split(b"</sheetData>")
        yield head
        yield from _spaces(size)
        yield b"</sheetData>" + tail

    return chunks


def _write_member_larger_than_declared(workbook: bytes, member: str, extra: int) -> Callable[[Path], None]:
    """Writes the workbook with `member` followed by `extra` bytes of white space in its deflate
    stream, while both headers still declare the member's own size (its CRC covers the whole stream)."""

    def write(path: Path) -> None:
        with zipfile.ZipFile(io.BytesIO(workbook)) as z:
            size = z.getinfo(member).file_size
        repack(workbook, path, member, lambda xml: [xml, *_spaces(extra)])
        path.write_bytes(declare_size(path.read_bytes(), member, size))

    return write


def bomb_cases(name: str) -> list[Case]:
    """Workbooks that are small on disk and huge when read. Before issue 14 each of them either took
    the build's memory until the kernel killed it, with nothing in load_log, so that every later
    build tried again, or stopped the source with an exception."""
    s = IND
    wb = residence.workbook_bytes
    cases: list[Case] = []

    def add(case_name: str, write: Callable[[Path], None], outcome, why: str):
        cases.append(Case(case_name, s, name, write, outcome, (), why, bomb=True))

    def too_big(unpacked: int) -> Rejected:
        return _rejected(
            name,
            f"kan niet worden gelezen (uitgepakt te groot: {unpacked / MIB:.1f} MB, de grens is "
            f"{LIMIT_MB} MB; instelling MH_MAX_DELIVERY_MB)",
        )

    # A few KB whose sheet declares every cell of Excel (`A1:XFD1048576`) and has one in its last row:
    # openpyxl yields a million rows of 16384 cells.
    def dimension_bomb(xml: bytes) -> list[bytes]:
        xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)
        last = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return [xml.replace(b"</sheetData>", last + b"</sheetData>")]

    header_only = io.BytesIO()
    repack(wb([]), header_only, SHEET_XML, dimension_bomb)
    add(
        "dimension_bomb",
        _bytes(header_only.getvalue()),
        _rejected(
            name,
            f"kan niet worden gelezen (werkblad Gebeurtenissen heeft meer dan {ROW_LIMIT} rijen, de grens bij "
            f"{LIMIT_MB} MB; instelling MH_MAX_DELIVERY_MB)",
        ),
        "afgewezen: te veel rijen voor de groottegrens, ook als ze niet in het bestand staan",
    )
    # About 100 KB on disk, just over the size limit unpacked (white space packs a thousand to one).
    good = wb([s.row("OK-1"), s.row("OK-2")])
    pad = (LIMIT_MB + 1) * MIB
    add(
        "compressible_sheet",
        lambda path: repack(good, path, SHEET_XML, _padded_in_sheet_data(pad)),
        too_big(unpacked_size(good) + pad),
        "afgewezen: de grens geldt voor de uitgepakte werkmap, vóór het openen",
    )
    # A member that declares 3 GiB: refused on what it declares, before anything is unpacked.
    declared = 3 * 1024 * MIB
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        sheet_size = z.getinfo(SHEET_XML).file_size
    add(
        "member_declares_huge_size",
        _bytes(declare_size(good, SHEET_XML, declared)),
        too_big(unpacked_size(good) - sheet_size + declared),
        "afgewezen: wat de werkmap zegt dat ze uitgepakt is telt, vóór het uitpakken",
    )
    # A member whose deflate stream holds 200 MiB more than it declares, in the sheet that is not read:
    # unpacking stops at the declared size and the checksum then fails.
    add(
        "member_larger_than_declared",
        _write_member_larger_than_declared(
            wb([s.row("OK-1"), s.row("OK-2")], extra_sheet=True), OTHER_SHEET_XML, 200 * MIB
        ),
        _rejected(
            name,
            "kan niet worden gelezen (werkmap is beschadigd: BadZipFile: Bad CRC-32 for file "
            "'xl/worksheets/sheet2.xml')",
        ),
        "afgewezen: werkmap is beschadigd; er wordt niet meer uitgepakt dan opgegeven (voorheen: een fout die de "
        "bron stopte)",
    )
    return cases


# --- cases about the delivery, for every source --------------------------------------------------


def _content(s: Source, rows: list) -> bytes:
    return residence.workbook_bytes(rows) if s is IND else s.csv(rows)


# What a link in the inbox points at: text that must never reach a DuckDB table or a log (it would
# be the header of a "CSV" read through the link).
KEY_FILE_TEXT = "MH_PSEUDONYM_KEY=geheime-sleutel-0123456789abcdefghijklmnop"


def _link_to_key_file(path: Path) -> None:
    """A symbolic link at `path` to a key file outside the inbox (next to the inbox folder)."""
    target = path.parents[2] / "pseudonym.key"
    target.write_text(KEY_FILE_TEXT + "\n", encoding="utf-8")
    path.symlink_to(target)


def delivery_cases(s: Source) -> list[Case]:
    rows = [s.row("OK-1"), s.row("OK-2")]
    content = _content(s, rows)
    ext = s.file(DATE).rsplit(".", 1)[1]
    cases: list[Case] = []
    pattern = s.contract.file_pattern
    for case_name, bad in (
        ("copy_suffix", s.file(DATE).replace(".", " (1).", 1)),
        ("upper_case", s.file(DATE).upper()),
        ("no_calendar_date", s.file("20180231")),
        ("other_extension", s.file(DATE).replace(f".{ext}", ".txt")),
    ):
        cases.append(
            Case(
                f"name_{case_name}",
                s,
                bad,
                _bytes(content),
                _rejected(bad, f"naam past niet bij het patroon {pattern}", status="onbekend_bestand"),
                why="niet geladen: `onbekend_bestand` in load_log, met het patroon",
            )
        )
    first = s.file(EARLIER)
    cases.append(
        Case(
            "same_delivery_twice",
            s,
            s.file(DATE),
            _bytes(content),
            _rejected(s.file(DATE), f"zelfde inhoud als het al geladen bestand {first}"),
            before=((first, content),),
            why="afgewezen: zelfde inhoud als een al geladen bestand, dat genoemd wordt",
        )
    )
    # A delivery dated after the day of the run that reads it is refused whole
    # (orchestration/ingestion/run.py): its rows are checked against its own date, so loading it
    # would let report dates in the future into landing. The day after RUN_AT, not a far-away
    # year, so that the case fails if the run's `now` is not what the check compares with; a
    # delivery dated on the run's day itself loads.
    tomorrow = (RUN_AT + dt.timedelta(days=1)).strftime("%Y%m%d")
    cases.append(
        Case(
            "dated_in_the_future",
            s,
            s.file(tomorrow),
            _bytes(content),
            _rejected(
                s.file(tomorrow),
                f"leveringsdatum ligt in de toekomst ({tomorrow}, na de inleesdatum {RUN_AT:%Y%m%d})",
            ),
            why="afgewezen: leveringsdatum ligt in de toekomst",
        )
    )
    cases.append(
        Case(
            "dated_on_the_day_of_the_run",
            s,
            s.file(f"{RUN_AT:%Y%m%d}"),
            _bytes(content),
            Accepted(2),
            why="geladen: de leveringsdatum is vandaag, niet later",
        )
    )
    # Not a regular file under a delivery's name (issue 14). A symbolic link would make the run
    # read its target, e.g. the pseudonymisation key, whose text the header check would then echo
    # into load_log and the Dagster log; a fifo would block the read; a directory cannot be read.
    # Each is refused whole without anything of it (or its target) being read (contract §4).
    for case_name, make, kind in (
        ("symlink_to_key_file", _link_to_key_file, "symbolische koppeling"),
        ("fifo_with_delivery_name", lambda path: os.mkfifo(path), "fifo"),
        ("directory_with_delivery_name", lambda path: path.mkdir(), "map"),
    ):
        cases.append(
            Case(
                case_name,
                s,
                s.file(DATE),
                make,
                _rejected(s.file(DATE), f"geen gewoon bestand ({kind})"),
                why=f"afgewezen: geen gewoon bestand ({kind}); er wordt niets van gelezen",
            )
        )
    # `gewijzigd_op` going backwards: the later delivery holds an older version of OK-1. It is
    # stored (landing keeps every version); the current version stays the newer one (README §3.3).
    older = {
        "comensha": dict(gewijzigd_op="06-03-2016 09:00", geslacht="M"),
        "om": dict(gewijzigd_op="2016-01-20T08:00:00", geslacht="V"),
        "ind": dict(gewijzigd_op=dt.datetime(2016, 3, 6, 9, 0), geslacht="Man"),
    }[s.name]
    cases.append(
        Case(
            "gewijzigd_op_backwards",
            s,
            s.file(DATE),
            _bytes(_content(s, [s.row("OK-1", **older)])),
            Accepted(1),
            before=((s.file(EARLIER), content),),
            why="geladen als oudere versie; de huidige versie blijft de nieuwere (README §3.3)",
        )
    )
    # Half-copied (issue 14): the first half of a delivery, as it is while a copy into the inbox is
    # under way. Under a temporary name (`.part`, `.tmp`, or a dot-file as rsync writes) it is no
    # delivery yet and is not looked at; under its final name, a copy that goes on after the run
    # listed the inbox makes the run leave the file for the next run instead of loading it cut
    # (which would make the complete file `bestand_gewijzigd` and lose its rows).
    half = len(content) // 2
    for case_name, temporary in (
        ("half_copied_part", f"{s.file(DATE)}.part"),
        ("half_copied_tmp", f"{s.file(DATE)}.tmp"),
        ("half_copied_dot_file", f".{s.file(DATE)}.Xa81"),
    ):
        cases.append(
            Case(
                case_name,
                s,
                temporary,
                _bytes(content[:half]),
                Ignored(),
                why="niet bekeken tot hij hernoemd is: geen load_log-rij, geen melding",
            )
        )
    cases.append(
        Case(
            "half_copied_still_growing",
            s,
            s.file(DATE),
            _bytes(content[:half]),
            Postponed(postponed_message(s.file(DATE)), then=Accepted(2)),
            after_listing=_append(content[half:]),
            why="uitgesteld: niets geschreven, ook geen load_log-rij; de volgende run laadt het hele bestand",
        )
    )
    return cases


def postponed_message(name: str) -> str:
    return (
        f"Bestand {name} uitgesteld: het bestand veranderde tijdens het inlezen (wordt het nog "
        "gekopieerd?); er is niets van geladen, de volgende run leest het opnieuw"
    )


def case_named(cases: list[Case], name: str) -> Case:
    return next(c for c in cases if c.name == name)


CASES: list[Case] = [
    *csv_cases(COMENSHA),
    *csv_cases(OM),
    *xlsx_cases(),
    *[c for s in (COMENSHA, OM, IND) for c in delivery_cases(s)],
]


# --- the 200 MB file -----------------------------------------------------------------------------

BIG_MB = 200


def write_big_delivery(path: Path, source: Source = COMENSHA, megabytes: int = BIG_MB) -> int:
    """A valid CSV delivery of at least `megabytes` MiB, streamed to disk in blocks; its size."""
    block_rows = 2000
    block = source.csv([source.row(f"BIG-{i}") for i in range(block_rows)], header=[], bom=False)
    target = megabytes * 1024 * 1024
    with path.open("wb") as f:
        f.write(source.csv([]))
        written = f.tell()
        while written < target:
            f.write(block)
            written += len(block)
    return written


def big_delivery_error(name: str, size: int, limit_mb: float) -> str:
    return (
        f"Bestand {name} afgewezen: kan niet worden gelezen (te groot: {size / 1024 / 1024:.1f} MB, "
        f"de grens is {limit_mb:g} MB; instelling MH_MAX_DELIVERY_MB)"
    )
