"""The IND fault sample (contract README §11) and IND workbooks for the ingestion tests.

Workbooks are written with openpyxl as Excel writes them: dates as date cells, numbers as numeric
cells, unless a fault deliberately stores them as text.

`write_fault_sample(inbox)` writes one delivery with every quarantine reason and warning code the
residence contract defines (columns' "unknown value"/type/req. rules and cross-field checks 1-3),
contract-allowed mess that must land, and one file per file-level rejection of README §4 that
applies to an XLSX source. Every row carries its expected outcome, written from the contract.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from tests.faults.common import ExpectedRows, Rejection, changed

# The 16 columns of residence.md §1-2, in contract order (written from the contract, not the engine).
HEADER = (
    "gebeurtenis_id v_nummer geboortedatum geslacht nationaliteit gebeurtenis datum pad grond beslissing "
    "fase bedenktijd_dagen uitbuitingsvorm koppelsleutel status gewijzigd_op"
).split()
SHEET = "Gebeurtenissen"

# Delivered after 2019-01-01 and 2018-10-01, so that both validity boundaries of the contract (the
# 30-day Dublin period, the prosecution ground) can be shown from the accepted side too.
FAULT_FILE = "ind_verblijf_20190301.xlsx"
DELIVERY = dt.date(2019, 3, 1)
PROSECUTION_GROUND = "a-grond besluit tot vervolging"


def valid_event(gebeurtenis_id, **changes) -> dict:
    """An event that breaks no rule: a reflection period granted to a woman from Nigeria."""
    row = dict(
        gebeurtenis_id=gebeurtenis_id,
        v_nummer=1234567,
        geboortedatum=dt.datetime(1995, 4, 2),
        geslacht="Vrouw",
        nationaliteit="Nigeria",
        gebeurtenis="Bedenktijd verleend",
        datum=dt.datetime(2016, 3, 5),
        pad=None,
        grond=None,
        beslissing=None,
        fase=None,
        bedenktijd_dagen=90,
        uitbuitingsvorm="Seksuele uitbuiting",
        koppelsleutel=None,
        status="Actief",
        gewijzigd_op=dt.datetime(2016, 3, 6, 10, 15),
    )
    return changed(row, changes)


def tv_decision(gebeurtenis_id, **changes) -> dict:
    """A first-instance TV grant: `pad`, `fase` and `beslissing` are required, no reflection days."""
    base = dict(
        gebeurtenis="Besluit tijdelijk verblijf",
        pad="Regulier",
        fase="Eerste aanleg",
        beslissing="Ingewilligd",
        bedenktijd_dagen=None,
    )
    return valid_event(gebeurtenis_id, **{**base, **changes})


def vv_decision(gebeurtenis_id, **changes) -> dict:
    """A first-instance VV grant on a b-ground: `grond` allowed, `pad` not (it is not a TV event)."""
    base = dict(
        gebeurtenis="Besluit voortgezet verblijf",
        fase="Eerste aanleg",
        beslissing="Ingewilligd",
        grond="b-grond bijzondere omstandigheden",
        bedenktijd_dagen=None,
    )
    return valid_event(gebeurtenis_id, **{**base, **changes})


def workbook_bytes(
    rows: list[dict | list | None],
    sheet: str = SHEET,
    extra_sheet: bool = False,
    header: list | None = None,
    extra_sheet_first: bool = False,
) -> bytes:
    """A workbook; a None row is a row of empty cells, a list row is written cell by cell."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if header is None:
        header = HEADER
    if header:
        ws.append(header)
    for row in rows:
        if row is None:
            ws.append([None] * len(HEADER))
        elif isinstance(row, dict):
            ws.append([row[h] for h in HEADER])
        else:
            ws.append(row)
    if extra_sheet or extra_sheet_first:
        other = wb.create_sheet("Toelichting", 0 if extra_sheet_first else None)
        other.append(["Dit blad wordt niet gelezen", "gebeurtenis_id"])
        other.append(["NIET-GELEZEN", 7654321])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_workbook(
    path: Path, rows: list[dict | None], sheet: str = SHEET, extra_sheet: bool = False
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(rows, sheet=sheet, extra_sheet=extra_sheet))


@dataclass
class Expected(ExpectedRows):
    """The common outcomes (by sheet row number), the record key of each quarantined row, and what
    accepted events land as."""

    record_keys: dict[int, str | None] = field(default_factory=dict)  # quarantined row -> record_key
    landed: dict[str, dict] = field(default_factory=dict)  # gebeurtenis_id -> landing values to check


def fault_rows() -> tuple[list, Expected]:
    """The rows of the fault delivery, in sheet order, with the outcome of each."""
    exp = Expected()
    rows: list = []

    def add(
        row, reasons: str | None = None, warnings: tuple[tuple[str, str], ...] = (), lands: dict | None = None
    ):
        rows.append(row)
        number = len(rows) + 1
        if exp.record(number, row, reasons, warnings):
            if lands is not None:
                exp.landed[str(row["gebeurtenis_id"]).strip()] = lands
        else:
            key = row["gebeurtenis_id"]
            exp.record_keys[number] = None if key is None else str(key).strip()

    d = dt.datetime
    # --- accepted: every kind of event, and the mess the contract allows --------------------------
    add(valid_event("OK-BT"))
    add(tv_decision("OK-TV"))
    add(vv_decision("OK-VV"))
    add(valid_event("OK-ASYL", gebeurtenis="Asielaanvraag", bedenktijd_dagen=None, uitbuitingsvorm=None))
    add(
        valid_event(
            "OK-VV-OBJ", gebeurtenis="Aanvraag voortgezet verblijf", fase="Bezwaar", bedenktijd_dagen=None
        )
    )
    add(
        valid_event(
            "OK-TV-RENEW",
            gebeurtenis="Verlenging tijdelijk verblijf",
            pad="Schrijnend",
            fase="Eerste aanleg",
            beslissing="Afgewezen",
            bedenktijd_dagen=None,
        )
    )
    # residence §1: gebeurtenis_id as a whole-number cell is read as its digits; v_nummer padded to 10
    add(valid_event(123456, v_nummer=7654321), lands=dict(gebeurtenis_id="123456", bedenktijd_dagen="90"))
    # README §2.3-2.4: trimmed (also non-breaking space/tab), case-, accent- and spacing-insensitive;
    # residence aliases Standaard -> Regulier, Verleend -> Ingewilligd, V -> Vrouw
    add(
        tv_decision(
            "  MESS-CODES\t",
            geslacht="  v ",
            nationaliteit="roemenie",
            gebeurtenis="BESLUIT  tijdelijk verblijf",
            pad="Standaard",
            fase="eerste AANLEG",
            beslissing="Verleend",
            status="\u00a0actief\t",
            uitbuitingsvorm="criminele UITBUITING",
        ),
        lands=dict(
            geslacht="Vrouw",
            nationaliteit="Roemenië",
            gebeurtenis="Besluit tijdelijk verblijf",
            pad="Regulier",
            fase="Eerste aanleg",
            beslissing="Ingewilligd",
            status="Actief",
            uitbuitingsvorm="Criminele uitbuiting",
        ),
    )
    add(
        tv_decision(
            "MESS-ALIAS-1",
            geslacht="M",
            pad="schrijnend pad",
            beslissing="Inwilliging",
            nationaliteit="Tsjecho-Slowakijke",
        ),
        lands=dict(
            geslacht="Man", pad="Schrijnend", beslissing="Ingewilligd", nationaliteit="Tsjecho-Slowakije"
        ),
    )
    add(
        tv_decision("MESS-ALIAS-2", beslissing="afwijzing", fase="Beroep"),
        lands=dict(beslissing="Afgewezen", fase="Beroep"),
    )
    # residence §1: v_nummer as text with 10 digits, bedenktijd_dagen as a text cell with digits
    add(
        valid_event("MESS-TEXT-NUMBERS", v_nummer="0001234567", bedenktijd_dagen=" 90 "),
        lands=dict(bedenktijd_dagen="90"),
    )
    # residence §1: the time part of a date is ignored; a date cell in gewijzigd_op counts as 00:00
    add(
        valid_event(
            "MESS-DATE-CELLS",
            geboortedatum=d(1995, 4, 2, 13, 45),
            datum=d(2016, 3, 5, 8, 30),
            gewijzigd_op=dt.date(2016, 3, 5),
        ),
        lands=dict(datum=dt.date(2016, 3, 5), gewijzigd_op=d(2016, 3, 5, 0, 0), age_at_event=20),
    )
    add(valid_event("OK-BEFORE-2015", datum=d(2014, 6, 1), gewijzigd_op=d(2014, 6, 2), uitbuitingsvorm=None))
    add(
        vv_decision(
            "OK-GROUND-2018", grond=PROSECUTION_GROUND, datum=d(2018, 10, 1), gewijzigd_op=d(2018, 10, 2)
        )
    )
    add(valid_event("OK-DUBLIN-2019", bedenktijd_dagen=30, datum=d(2019, 1, 2), gewijzigd_op=d(2019, 1, 3)))
    add(valid_event("OK-NO-BIRTH", geboortedatum=None), lands=dict(age_at_event=None))
    add(valid_event("OK-AGE-99", geboortedatum=d(1916, 3, 6)), lands=dict(age_at_event=99))
    add(valid_event("OK-DELIVERY-DAY", datum=d(2019, 3, 1), gewijzigd_op=d(2019, 3, 1, 23, 59)))
    add(valid_event("OK-KEY", koppelsleutel="00ab00ab00ab00ab"))

    # --- quarantine: one row per column rule, then the cross-field checks, then the key ----------
    add(valid_event(None), "verplicht_veld_leeg:gebeurtenis_id")
    add(valid_event("BAD ID!"), "ongeldig_formaat:gebeurtenis_id")
    add(valid_event("X" * 41), "ongeldig_formaat:gebeurtenis_id")
    add(valid_event("NO-VNR", v_nummer=None), "verplicht_veld_leeg:v_nummer")
    add(valid_event("SHORT-VNR", v_nummer="12345"), "ongeldig_formaat:v_nummer")
    add(valid_event("BIG-VNR", v_nummer=12345678901), "ongeldig_formaat:v_nummer")  # not below 10^10
    add(valid_event("FRACTION-VNR", v_nummer=1234567.5), "ongeldig_formaat:v_nummer")  # not a whole number
    add(valid_event("TEXT-BIRTH", geboortedatum="02-04-1995"), "ongeldig_formaat:geboortedatum")
    add(valid_event("NO-GENDER", geslacht=None), "verplicht_veld_leeg:geslacht")
    add(valid_event("BAD-GENDER", geslacht="X"), "ongeldige_code:geslacht")
    add(valid_event("NO-NATIONALITY", nationaliteit=" "), "verplicht_veld_leeg:nationaliteit")
    add(valid_event("NO-EVENT", gebeurtenis=None, bedenktijd_dagen=None), "verplicht_veld_leeg:gebeurtenis")
    add(
        valid_event("BAD-EVENT", gebeurtenis="Naturalisatie", bedenktijd_dagen=None),
        "ongeldige_code:gebeurtenis",
    )
    add(valid_event("NO-DATE", datum=None), "verplicht_veld_leeg:datum")
    add(valid_event("TEXT-DATE", datum="05-03-2016"), "ongeldig_formaat:datum")
    add(valid_event("NUMBER-DATE", datum=42434), "ongeldig_formaat:datum")  # a serial without date format
    add(tv_decision("NO-PAD", pad=None), "verplicht_veld_leeg:pad")
    add(valid_event("PAD-NOT-TV", pad="Regulier"), "veld_niet_toegestaan:pad")
    add(tv_decision("BAD-PAD", pad="Snelweg"), "ongeldige_code:pad")
    add(tv_decision("GROUND-NOT-VV", grond="B9/10"), "veld_niet_toegestaan:grond")
    add(vv_decision("BAD-GROUND", grond="c-grond"), "ongeldige_code:grond")
    add(tv_decision("NO-DECISION", beslissing=None), "verplicht_veld_leeg:beslissing")
    add(
        tv_decision("DECISION-ON-APPLICATION", gebeurtenis="Aanvraag tijdelijk verblijf"),
        "veld_niet_toegestaan:beslissing",
    )
    add(tv_decision("BAD-DECISION", beslissing="Misschien"), "ongeldige_code:beslissing")
    add(tv_decision("NO-PHASE", fase=None), "verplicht_veld_leeg:fase")
    add(valid_event("PHASE-NOT-TV-VV", fase="Eerste aanleg"), "veld_niet_toegestaan:fase")
    add(tv_decision("BAD-PHASE", fase="Cassatie"), "ongeldige_code:fase")
    add(valid_event("NO-DAYS", bedenktijd_dagen=None), "verplicht_veld_leeg:bedenktijd_dagen")
    add(tv_decision("DAYS-NOT-BT", bedenktijd_dagen=90), "veld_niet_toegestaan:bedenktijd_dagen")
    add(valid_event("BAD-DAYS", bedenktijd_dagen=60), "ongeldige_code:bedenktijd_dagen")
    # an integer column (residence §2 type `integer`): text that is no number is a format error (README §2.8)
    add(valid_event("TEXT-DAYS", bedenktijd_dagen="negentig"), "ongeldig_formaat:bedenktijd_dagen")
    add(
        valid_event("FORM-BEFORE-2015", datum=d(2014, 6, 1), gewijzigd_op=d(2014, 6, 2)),
        "veld_niet_toegestaan:uitbuitingsvorm",
    )
    add(valid_event("NO-STATUS", status=None), "verplicht_veld_leeg:status")
    add(valid_event("BAD-STATUS", status="Weg"), "ongeldige_code:status")
    add(valid_event("NO-CHANGED", gewijzigd_op=None), "verplicht_veld_leeg:gewijzigd_op")
    add(valid_event("TEXT-CHANGED", gewijzigd_op="06-03-2016 10:15"), "ongeldig_formaat:gewijzigd_op")
    # cross-field check 1: born on or before `datum`, age at most 99
    add(valid_event("BORN-LATER", geboortedatum=d(2016, 3, 6)), "inconsistent:geboortedatum")
    add(valid_event("AGE-100", geboortedatum=d(1916, 3, 5)), "inconsistent:geboortedatum")
    # cross-field check 2: dates within the delivery, changed on or after the event
    add(
        valid_event("AFTER-DELIVERY", datum=d(2019, 3, 2), gewijzigd_op=d(2019, 3, 2, 9, 0)),
        "inconsistent:datum",
    )
    add(valid_event("CHANGED-BEFORE", gewijzigd_op=d(2016, 3, 4, 23, 0)), "inconsistent:datum")
    add(valid_event("CHANGED-AFTER-DELIVERY", gewijzigd_op=d(2019, 3, 2, 0, 0)), "inconsistent:datum")
    # cross-field check 3: the prosecution ground exists from 2018-10-01
    add(
        vv_decision(
            "GROUND-TOO-EARLY", grond=PROSECUTION_GROUND, datum=d(2018, 9, 30), gewijzigd_op=d(2018, 10, 1)
        ),
        "inconsistent:grond",
    )
    # README §5: every violation, column checks in contract order, then cross-field checks
    add(
        valid_event("MANY", v_nummer="12", geslacht="X", status="Weg", geboortedatum=d(2016, 3, 6)),
        "ongeldig_formaat:v_nummer; ongeldige_code:geslacht; ongeldige_code:status; inconsistent:geboortedatum",
    )
    # README §3.4: all rows of a key that occurs twice in one file; dubbele_sleutel comes last
    add(valid_event("TWICE", geslacht="X"), "ongeldige_code:geslacht; dubbele_sleutel:gebeurtenis_id")
    add(valid_event("TWICE", v_nummer=7654321), "dubbele_sleutel:gebeurtenis_id")

    # --- accepted with a warning (README §6, §8; residence §2) ---------------------------------
    add(
        valid_event("W-COUNTRY", nationaliteit="Atlantis"),
        warnings=(("code_naar_onbekend", "nationaliteit"),),
        lands=dict(nationaliteit="Onbekend"),
    )
    add(
        valid_event("W-FORM", uitbuitingsvorm="Mensensmokkel"),
        warnings=(("code_naar_onbekend", "uitbuitingsvorm"),),
        lands=dict(uitbuitingsvorm="Onbekend"),
    )
    add(
        valid_event("W-KEY", koppelsleutel="12345"),
        warnings=(("koppelsleutel_ongeldig", "koppelsleutel"),),
        lands=dict(link_hash=None),
    )
    add(
        valid_event("W-DUBLIN", bedenktijd_dagen=30),
        warnings=(("code_buiten_geldigheid", "bedenktijd_dagen"),),
        lands=dict(bedenktijd_dagen="30"),
    )

    # README §2.2: trailing rows with all cells empty (or only spaces) are skipped and counted
    rows.append(None)
    rows.append({h: "  " for h in HEADER})
    exp.empty_lines = 2
    return rows, exp


def _header_error(name: str, missing="-", unknown="-", duplicated="-", order="-") -> str:
    """README §4: the fixed-order header message."""
    return (
        f"Bestand {name} afgewezen: ontbrekende kolommen: {missing}; onbekende kolommen: {unknown}; "
        f"dubbele kolommen: {duplicated}; volgorde: {order}"
    )


def rejected_files() -> dict[str, Rejection]:
    """File name -> the file and the load_log outcome README §1 and §4 prescribe for it."""
    # a person of its own, so that tests can look for this file's rows downstream by person_key
    one = [valid_event("REJ-1", v_nummer=9999999)]
    swapped = HEADER.copy()
    swapped[3], swapped[4] = swapped[4], swapped[3]
    good = workbook_bytes(one)
    files = {
        "ind_verblijf_20190311.xlsx": Rejection(
            workbook_bytes(one, sheet="Blad1"),
            "afgewezen",
            "Bestand ind_verblijf_20190311.xlsx afgewezen: werkblad Gebeurtenissen ontbreekt",
        ),
        "ind_verblijf_20190312.xlsx": Rejection(
            b"PK\x03\x04 this is no workbook",
            "afgewezen",
            "Bestand ind_verblijf_20190312.xlsx afgewezen: kan niet worden gelezen (",
            exact=False,
        ),
        "ind_verblijf_20190313.xlsx": Rejection(
            good[: len(good) // 2],
            "afgewezen",
            "Bestand ind_verblijf_20190313.xlsx afgewezen: kan niet worden gelezen (",
            exact=False,
        ),
        "ind_verblijf_20190314.xlsx": Rejection(
            workbook_bytes(one, header=swapped),
            "afgewezen",
            _header_error(
                "ind_verblijf_20190314.xlsx", order="verwacht geslacht op positie 4, gevonden nationaliteit"
            ),
        ),
        "ind_verblijf_20190315.xlsx": Rejection(
            workbook_bytes([], header=[h for h in HEADER if h != "fase"]),
            "afgewezen",
            _header_error("ind_verblijf_20190315.xlsx", missing="fase"),
        ),
        "ind_verblijf_20190316.xlsx": Rejection(
            workbook_bytes([], header=HEADER + ["opmerking"]),
            "afgewezen",
            _header_error("ind_verblijf_20190316.xlsx", unknown="opmerking"),
        ),
        "ind_verblijf_20190317.xlsx": Rejection(
            workbook_bytes([], header=HEADER + ["status"]),
            "afgewezen",
            _header_error("ind_verblijf_20190317.xlsx", duplicated="status"),
        ),
        "ind_verblijf_20190318.xlsx": Rejection(
            workbook_bytes([], header=[]),
            "afgewezen",
            "Bestand ind_verblijf_20190318.xlsx afgewezen: geen kopregel",
        ),
    }
    # README §1.2: names that do not match `^ind_verblijf_(\d{8})\.xlsx$` with a calendar date
    for name in (
        "ind_verblijf_20190230.xlsx",
        "IND_verblijf_20190301.xlsx",
        "ind_verblijf_20190301.xls",
        "ind_verblijf_2019031.xlsx",
    ):
        files[name] = Rejection(good, "onbekend_bestand", f"Bestand {name} afgewezen: ", exact=False)
    return files


# Deliveries that must load although they look unusual (README §2.2, §4; residence §1).
EMPTY_DELIVERY = "ind_verblijf_20190320.xlsx"  # header and no data rows: a valid, empty delivery
EXTRA_SHEET_FIRST = "ind_verblijf_20190321.xlsx"  # another sheet before Gebeurtenissen is ignored


def accepted_files() -> dict[str, tuple[bytes, int]]:
    """File name -> (content, rows that must land)."""
    messy_header = [f"  {h.upper()} " if i % 2 else h for i, h in enumerate(HEADER)]  # README §4: trim, case
    return {
        EMPTY_DELIVERY: (workbook_bytes([]), 0),
        EXTRA_SHEET_FIRST: (
            workbook_bytes([valid_event("EXTRA-SHEET")], header=messy_header, extra_sheet_first=True),
            1,
        ),
    }


def write_fault_sample(inbox: Path) -> Expected:
    folder = inbox / "ind"
    folder.mkdir(parents=True, exist_ok=True)
    rows, expected = fault_rows()
    (folder / FAULT_FILE).write_bytes(workbook_bytes(rows, extra_sheet=True))
    for name, rejection in rejected_files().items():
        (folder / name).write_bytes(rejection.content)
    for name, (content, _landed) in accepted_files().items():
        (folder / name).write_bytes(content)
    return expected
