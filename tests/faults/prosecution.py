"""The OM fault sample (contract README §11): made by code, each fault with the exact outcome the
prosecution contract prescribes for it.

`write_fault_sample(inbox)` writes one delivery with every quarantine reason and warning code the
prosecution contract defines (columns' type/req./"unknown value" rules, cross-field checks 1-3),
contract-allowed mess that must land, and one file per file-level rejection of README §4 and §1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.faults.common import ExpectedRows, Rejection, changed, csv_bytes

# The 21 columns of prosecution.md §1-2, in contract order (written from the contract, not the engine).
HEADER = (
    "parketnummer verdachte_id achternaam geboortejaar geslacht nationaliteit parket inschrijfdatum wetsartikel "
    "uitbuitingsvorm afdoening afdoeningsdatum vonnis vonnisdatum instantie strafsoort strafduur_dagen "
    "aantal_slachtoffers slachtoffer_koppelsleutels status gewijzigd_op"
).split()

FAULT_FILE = "om_vervolging_20180601.csv"

NO_JUDGMENT = dict(vonnis="", vonnisdatum="", instantie="", strafsoort="", strafduur_dagen="")
PENDING = dict(afdoening="", afdoeningsdatum="", **NO_JUDGMENT)


def case(verdachte_id: str = "V-1", parketnummer: str = "13/654321-15", **changes: str) -> dict[str, str]:
    """A suspect convicted to prison in a case registered in 2015, naming one victim key."""
    row = dict(
        parketnummer=parketnummer,
        verdachte_id=verdachte_id,
        achternaam="Bakker",
        geboortejaar="1980",
        geslacht="M",
        nationaliteit="Nederland",
        parket="Rotterdam",
        inschrijfdatum="2015-02-03",
        wetsartikel="273f lid 1 sub 1 Sr",
        uitbuitingsvorm="Seksuele uitbuiting",
        afdoening="Dagvaarding",
        afdoeningsdatum="2015-06-01",
        vonnis="Veroordeling",
        vonnisdatum="2016-01-15",
        instantie="Rechtbank",
        strafsoort="Onvoorwaardelijke gevangenisstraf",
        strafduur_dagen="730",
        aantal_slachtoffers="2",
        slachtoffer_koppelsleutels="00AB00AB00AB00AB",
        status="Actief",
        gewijzigd_op="2016-01-20T09:30:00",
    )
    return changed(row, changes)


def to_csv(
    rows: list[dict[str, str] | list[str] | None],
    header: list[str] = HEADER,
    delimiter: str = ",",
    bom: bool = False,
    line_end: str = "\n",
    encoding: str = "utf-8",
) -> bytes:
    """RFC 4180 with `,` (prosecution §1); None writes a completely empty line."""
    return csv_bytes(rows, HEADER, header, delimiter=delimiter, bom=bom, line_end=line_end, encoding=encoding)


@dataclass
class Expected(ExpectedRows):
    """The common outcomes (by physical line on which a record starts), and what accepted records land as."""

    landed: dict[tuple[str, str], dict] = field(
        default_factory=dict
    )  # (parketnummer, verdachte_id) -> values
    lines: dict[tuple[str, str], int] = field(default_factory=dict)  # accepted key -> line


def fault_rows() -> tuple[list, Expected]:
    """The rows of the fault delivery, in order, with the outcome of each."""
    exp = Expected()
    rows: list = []
    next_line = 2  # line 1 is the header

    def add(
        row, reasons: str | None = None, warnings: tuple[tuple[str, str], ...] = (), lands: dict | None = None
    ):
        nonlocal next_line
        rows.append(row)
        line = next_line
        # a quoted line break keeps the record together but moves every later record down a line
        fields = [] if row is None else (row.values() if isinstance(row, dict) else row)
        next_line += 1 + sum(value.count("\n") for value in fields)
        if exp.record(line, row, reasons, warnings):
            key = (row["parketnummer"].strip(), row["verdachte_id"].strip())
            exp.lines[key] = line
            if lands is not None:
                exp.landed[key] = lands

    # --- accepted: every stage of a case (P3), and the mess the contract allows -----------------
    add(case("OK-CONVICTED"))
    add(case("OK-PENDING", **PENDING))
    add(case("OK-SUMMONED", **NO_JUDGMENT))
    add(case("OK-DISMISSED", afdoening="Technisch sepot", **NO_JUDGMENT))
    add(case("OK-ACQUITTED", vonnis="Vrijspraak", instantie="Gerechtshof", strafsoort="", strafduur_dagen=""))
    add(case("OK-COMMUNITY", strafsoort="Taakstraf", strafduur_dagen=""))
    # the record key is (parketnummer, verdachte_id): a second suspect in the same case is no duplicate
    add(case("OK-CONVICTED", parketnummer="13/654322-15"))
    # prosecution aliases: `art.` ignored, Arrondissementsparket <naam> -> <naam>, Ontslag van
    # rechtsvervolging -> Ontslag van alle rechtsvervolging, Man -> M; README §2.4 case and spacing
    add(
        case(
            "MESS-ALIAS-1",
            wetsartikel="art. 273F lid 1 sub 3 Sr",
            parket="arrondissementsparket  den haag",
            vonnis="Ontslag van rechtsvervolging",
            strafsoort="",
            strafduur_dagen="",
            geslacht="Man",
        ),
        lands=dict(
            wetsartikel="273f lid 1 sub 3 Sr",
            parket="Den Haag",
            vonnis="Ontslag van alle rechtsvervolging",
            geslacht="M",
        ),
    )
    add(
        case(
            "MESS-ALIAS-2",
            wetsartikel="Artikel 250a Sr",
            geslacht="vrouw",
            afdoening="voeging ad info",
            nationaliteit=" Roemenie ",
            status="\u00a0actief\t",
            **NO_JUDGMENT,
        ),
        lands=dict(
            wetsartikel="250a Sr",
            geslacht="V",
            afdoening="Voeging ad informandum",
            nationaliteit="Roemenië",
            status="Actief",
        ),
    )
    add(
        case(
            "MESS-CASE",
            wetsartikel="273A SR",
            parket="LANDELIJK parket",
            uitbuitingsvorm="arbeidsuitbuiting",
            instantie="hoge raad",
            strafsoort="deels voorwaardelijke GEVANGENISSTRAF",
        ),
        lands=dict(
            wetsartikel="273a Sr",
            parket="Landelijk Parket",
            uitbuitingsvorm="Arbeidsuitbuiting",
            instantie="Hoge Raad",
            strafsoort="Deels voorwaardelijke gevangenisstraf",
        ),
    )
    # README §2.3: values are trimmed, also numbers and dates
    add(
        case(
            " MESS-TRIM ",
            parketnummer=" 13/654323-15\t",
            geboortejaar=" 1980 ",
            inschrijfdatum=" 2015-02-03",
            strafduur_dagen=" 730 ",
        ),
        lands=dict(age_at_registration=35, strafduur_dagen=730),
    )
    add(case("OK-NO-BIRTH-YEAR", geboortejaar=""), lands=dict(age_at_registration=None))
    # cross-field check 1 at its edges: 1900 and year(inschrijfdatum) - 12
    add(case("OK-BORN-1900", geboortejaar="1900"), lands=dict(age_at_registration=115))
    add(case("OK-AGE-12", geboortejaar="2003"), lands=dict(age_at_registration=12))
    # cross-field check 2 at its edge: changed at 23:59 on the delivery day
    add(case("OK-DELIVERY-DAY", gewijzigd_op="2018-06-01T23:59:00"))
    # README §2.5 + cross-field check 3: empty elements ignored, duplicates collapsed (case-insensitive
    # keys, §8), so two distinct keys for two victims is consistent
    add(
        case(
            "OK-KEYS",
            slachtoffer_koppelsleutels=" 00ab00ab00ab00ab | |00AB00AB00AB00AB|11cd11cd11cd11cd ",
            aantal_slachtoffers="2",
        )
    )
    add(case("OK-NO-VICTIMS", aantal_slachtoffers="0", slachtoffer_koppelsleutels=""))
    add(case("OK-KEYS-NO-COUNT", aantal_slachtoffers=""))
    # README §2.1: RFC 4180 quoting of the separator, a quote and a line break
    add(case("QUOTED", achternaam='Jong, de "Jr"\nJansen'))
    add(case("AFTER-QUOTED"))  # its line number shows the quoted line break was counted
    add(None)  # a completely empty line is skipped and counted

    # --- quarantine ----------------------------------------------------------------------------
    add(list(case("FEWER-FIELDS").values())[:-1], "aantal_velden:-")
    add([*case("MORE-FIELDS").values(), "extra"], "aantal_velden:-")
    add(case("NO-CASE", parketnummer=""), "verplicht_veld_leeg:parketnummer")
    add(case("BAD-CASE", parketnummer="13-654321-15"), "ongeldig_formaat:parketnummer")
    add(case(""), "verplicht_veld_leeg:verdachte_id")
    add(case("V 1!"), "ongeldig_formaat:verdachte_id")
    add(case("V" * 41), "ongeldig_formaat:verdachte_id")
    add(case("LONG-NAME", achternaam="B" * 101), "ongeldig_formaat:achternaam")
    add(case("SHORT-YEAR", geboortejaar="80"), "ongeldig_formaat:geboortejaar")
    add(case("TEXT-YEAR", geboortejaar="19a0"), "ongeldig_formaat:geboortejaar")
    add(case("NO-GENDER", geslacht=" "), "verplicht_veld_leeg:geslacht")
    add(case("BAD-GENDER", geslacht="X"), "ongeldige_code:geslacht")
    add(case("NO-NATIONALITY", nationaliteit=""), "verplicht_veld_leeg:nationaliteit")
    add(case("NO-OFFICE", parket=""), "verplicht_veld_leeg:parket")
    add(case("BAD-OFFICE", parket="Utrecht"), "ongeldige_code:parket")
    add(case("NO-REG-DATE", inschrijfdatum=""), "verplicht_veld_leeg:inschrijfdatum")
    add(case("DUTCH-REG-DATE", inschrijfdatum="03-02-2015"), "ongeldig_formaat:inschrijfdatum")
    add(case("NO-SUCH-DAY", inschrijfdatum="2015-02-30"), "ongeldig_formaat:inschrijfdatum")
    add(case("NO-ARTICLE", wetsartikel=""), "verplicht_veld_leeg:wetsartikel")
    add(case("BAD-ARTICLE", wetsartikel="273g Sr"), "ongeldige_code:wetsartikel")
    add(case("BAD-SUB", wetsartikel="art. 273f lid 1 sub 10 Sr"), "ongeldige_code:wetsartikel")
    add(case("NO-FORM", uitbuitingsvorm=""), "verplicht_veld_leeg:uitbuitingsvorm")
    # an unknown disposition is still a filled `afdoening`: its date stays required and allowed
    add(case("BAD-DISPOSITION", afdoening="Sepot", **NO_JUDGMENT), "ongeldige_code:afdoening")
    add(case("NO-DISPOSITION-DATE", afdoeningsdatum=""), "verplicht_veld_leeg:afdoeningsdatum")
    add(
        case("DISPOSITION-DATE-PENDING", **{**PENDING, "afdoeningsdatum": "2015-06-01"}),
        "veld_niet_toegestaan:afdoeningsdatum",
    )
    add(case("JUDGMENT-NOT-SUMMONED", afdoening="Transactie"), "veld_niet_toegestaan:vonnis")
    # an unknown judgment is still a filled `vonnis`: its date and court stay required and allowed
    add(case("BAD-JUDGMENT", vonnis="Schuldig", strafsoort="", strafduur_dagen=""), "ongeldige_code:vonnis")
    add(case("NO-JUDGMENT-DATE", vonnisdatum=""), "verplicht_veld_leeg:vonnisdatum")
    add(
        case("JUDGMENT-DATE-NO-JUDGMENT", **{**NO_JUDGMENT, "vonnisdatum": "2016-01-15"}),
        "veld_niet_toegestaan:vonnisdatum",
    )
    add(case("NO-COURT", instantie=""), "verplicht_veld_leeg:instantie")
    add(
        case("COURT-NO-JUDGMENT", **{**NO_JUDGMENT, "instantie": "Rechtbank"}),
        "veld_niet_toegestaan:instantie",
    )
    add(case("BAD-COURT", instantie="Kantongerecht"), "ongeldige_code:instantie")
    add(case("NO-SENTENCE", strafsoort="", strafduur_dagen=""), "verplicht_veld_leeg:strafsoort")
    add(
        case("SENTENCE-ACQUITTED", vonnis="Vrijspraak", strafsoort="Geldboete", strafduur_dagen=""),
        "veld_niet_toegestaan:strafsoort",
    )
    add(case("BAD-SENTENCE", strafsoort="Berisping", strafduur_dagen=""), "ongeldige_code:strafsoort")
    add(case("NO-TERM", strafduur_dagen=""), "verplicht_veld_leeg:strafduur_dagen")
    add(
        case("TERM-NOT-PRISON", strafsoort="Taakstraf", strafduur_dagen="240"),
        "veld_niet_toegestaan:strafduur_dagen",
    )
    add(case("ZERO-TERM", strafduur_dagen="0"), "ongeldig_formaat:strafduur_dagen")
    add(case("FRACTION-TERM", strafduur_dagen="365.5"), "ongeldig_formaat:strafduur_dagen")
    add(case("NEGATIVE-VICTIMS", aantal_slachtoffers="-1"), "ongeldig_formaat:aantal_slachtoffers")
    add(case("TEXT-VICTIMS", aantal_slachtoffers="twee"), "ongeldig_formaat:aantal_slachtoffers")
    add(case("NO-STATUS", status=""), "verplicht_veld_leeg:status")
    add(case("BAD-STATUS", status="Weg"), "ongeldige_code:status")
    add(case("NO-CHANGED", gewijzigd_op=""), "verplicht_veld_leeg:gewijzigd_op")
    add(case("SPACE-CHANGED", gewijzigd_op="2016-01-20 09:30:00"), "ongeldig_formaat:gewijzigd_op")
    add(case("NO-SUCH-HOUR", gewijzigd_op="2016-01-20T25:30:00"), "ongeldig_formaat:gewijzigd_op")
    # cross-field check 1: 1900 <= geboortejaar <= year(inschrijfdatum) - 12
    add(case("BORN-1899", geboortejaar="1899"), "inconsistent:geboortejaar")
    add(case("AGE-11", geboortejaar="2004"), "inconsistent:geboortejaar")
    # cross-field check 2: inschrijfdatum <= afdoeningsdatum <= vonnisdatum <= delivery, changed in between
    add(case("DISPOSED-BEFORE-REG", afdoeningsdatum="2015-02-02"), "inconsistent:inschrijfdatum")
    add(case("JUDGED-BEFORE-DISPOSED", vonnisdatum="2015-05-31"), "inconsistent:inschrijfdatum")
    add(
        case(
            "REG-AFTER-DELIVERY", inschrijfdatum="2018-06-02", gewijzigd_op="2018-06-02T08:00:00", **PENDING
        ),
        "inconsistent:inschrijfdatum",
    )
    add(case("JUDGED-AFTER-DELIVERY", vonnisdatum="2018-06-02"), "inconsistent:inschrijfdatum")
    add(
        case("CHANGED-BEFORE-REG", gewijzigd_op="2015-02-02T23:59:59", **PENDING),
        "inconsistent:inschrijfdatum",
    )
    add(case("CHANGED-AFTER-DELIVERY", gewijzigd_op="2018-06-02T00:00:00"), "inconsistent:inschrijfdatum")
    # cross-field check 3: more distinct valid victim keys than victims
    add(
        case(
            "TOO-MANY-KEYS",
            aantal_slachtoffers="1",
            slachtoffer_koppelsleutels="00AB00AB00AB00AB|11CD11CD11CD11CD",
        ),
        "inconsistent:aantal_slachtoffers",
    )
    # README §5: every violation, column checks in contract order, then the cross-field checks
    add(
        case("MANY", geslacht="X", parket="Utrecht", status="Weg", geboortejaar="2010"),
        "ongeldige_code:geslacht; ongeldige_code:parket; ongeldige_code:status; inconsistent:geboortejaar",
    )
    # README §3.4: both rows of a (parketnummer, verdachte_id) that occurs twice; the code names the
    # key's first column, as the registration sample names `melding_id`
    add(case("TWICE", geslacht="X"), "ongeldige_code:geslacht; dubbele_sleutel:parketnummer")
    add(case("TWICE"), "dubbele_sleutel:parketnummer")

    # --- accepted with a warning (README §6, §8; prosecution §2) -------------------------------
    add(
        case("W-COUNTRY", nationaliteit="Atlantis"),
        warnings=(("code_naar_onbekend", "nationaliteit"),),
        lands=dict(nationaliteit="Onbekend"),
    )
    add(
        case("W-FORM", uitbuitingsvorm="Mensensmokkel"),
        warnings=(("code_naar_onbekend", "uitbuitingsvorm"),),
        lands=dict(uitbuitingsvorm="Onbekend"),
    )
    # an invalid element is dropped; the valid one stays and is counted against aantal_slachtoffers
    add(
        case("W-KEY", slachtoffer_koppelsleutels="00AB00AB00AB00AB|nonsense", aantal_slachtoffers="1"),
        warnings=(("koppelsleutel_ongeldig", "slachtoffer_koppelsleutels"),),
        lands=dict(victims=1),
    )
    add(
        case("W-KEY-ONLY-BAD", slachtoffer_koppelsleutels="00AB00AB00AB00A"),
        warnings=(("koppelsleutel_ongeldig", "slachtoffer_koppelsleutels"),),
        lands=dict(victims=0),
    )
    return rows, exp


def _header_error(name: str, missing="-", unknown="-", duplicated="-", order="-") -> str:
    """README §4: the fixed-order header message."""
    return (
        f"Bestand {name} afgewezen: ontbrekende kolommen: {missing}; onbekende kolommen: {unknown}; "
        f"dubbele kolommen: {duplicated}; volgorde: {order}"
    )


def rejected_files() -> dict[str, Rejection]:
    """File name -> the file and the load_log outcome README §1 and §4 prescribe for it."""
    # a case and suspect of their own, so that tests can look for this file's rows downstream
    one = [case("REJ-1", parketnummer="99/999999-15")]
    swapped = HEADER.copy()
    swapped[4], swapped[5] = swapped[5], swapped[4]
    files = {
        "om_vervolging_20180701.csv": Rejection(
            to_csv(one, header=swapped),
            "afgewezen",
            _header_error(
                "om_vervolging_20180701.csv", order="verwacht geslacht op positie 5, gevonden nationaliteit"
            ),
        ),
        "om_vervolging_20180702.csv": Rejection(
            to_csv([], header=[h for h in HEADER if h != "instantie"]),
            "afgewezen",
            _header_error("om_vervolging_20180702.csv", missing="instantie"),
        ),
        "om_vervolging_20180703.csv": Rejection(
            to_csv([], header=HEADER + ["opmerking"]),
            "afgewezen",
            _header_error("om_vervolging_20180703.csv", unknown="opmerking"),
        ),
        "om_vervolging_20180704.csv": Rejection(
            to_csv([], header=HEADER + ["Parketnummer"]),
            "afgewezen",
            _header_error("om_vervolging_20180704.csv", duplicated="parketnummer"),
        ),
        # `;` instead of `,`: the header is one unknown name and every contract column is missing
        "om_vervolging_20180705.csv": Rejection(
            to_csv(one, delimiter=";"),
            "afgewezen",
            _header_error(
                "om_vervolging_20180705.csv", missing=", ".join(HEADER), unknown=";".join(HEADER)[:40] + "…"
            ),
        ),
        "om_vervolging_20180706.csv": Rejection(
            to_csv([case("ENC-1", achternaam="Ærø")], encoding="cp1252"),
            "afgewezen",
            "Bestand om_vervolging_20180706.csv afgewezen: kan niet worden gelezen (",
            exact=False,
        ),
        "om_vervolging_20180707.csv": Rejection(
            b"", "afgewezen", "Bestand om_vervolging_20180707.csv afgewezen: geen kopregel"
        ),
        # only a BOM and empty lines: still no header row
        "om_vervolging_20180708.csv": Rejection(
            "\ufeff\n\r\n".encode(),
            "afgewezen",
            "Bestand om_vervolging_20180708.csv afgewezen: geen kopregel",
        ),
    }
    # README §1.2: names that do not match `^om_vervolging_(\d{8})\.csv$` with a calendar date
    for name in (
        "om_vervolging_20180631.csv",
        "OM_vervolging_20180601.csv",
        "om_vervolging_20180601.txt",
        "vervolging_20180601.csv",
    ):
        files[name] = Rejection(to_csv(one), "onbekend_bestand", f"Bestand {name} afgewezen: ", exact=False)
    return files


# Deliveries that must load although they look unusual (README §2.1, §4; prosecution §1).
EMPTY_DELIVERY = "om_vervolging_20180710.csv"  # header and no data rows: a valid, empty delivery
MESSY_HEADER = "om_vervolging_20180711.csv"  # BOM, CRLF, header names in other case and with spaces


def accepted_files() -> dict[str, tuple[bytes, int]]:
    """File name -> (content, rows that must land)."""
    messy = [f" {h.upper()}\t" if i % 2 else h for i, h in enumerate(HEADER)]
    return {
        EMPTY_DELIVERY: (to_csv([]), 0),
        MESSY_HEADER: (to_csv([case("MESSY-HEADER")], header=messy, bom=True, line_end="\r\n"), 1),
    }


def write_fault_sample(inbox: Path) -> Expected:
    folder = inbox / "om"
    folder.mkdir(parents=True, exist_ok=True)
    rows, expected = fault_rows()
    (folder / FAULT_FILE).write_bytes(to_csv(rows))
    for name, rejection in rejected_files().items():
        (folder / name).write_bytes(rejection.content)
    for name, (content, _landed) in accepted_files().items():
        (folder / name).write_bytes(content)
    return expected
