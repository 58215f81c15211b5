"""The registration fault sample (contract README §11): made by code, each fault with the exact
outcome the contract prescribes for it.

`write_fault_sample(inbox)` writes one delivery with every quarantine reason and warning code that
applies to the registration source, plus one file per file-level rejection reason.
"""

from __future__ import annotations

from pathlib import Path

from tests.faults.common import ExpectedRows, changed, csv_bytes

HEADER = (
    "melding_id persoon_id achternaam voornaam geboortedatum geslacht nationaliteit datum_melding "
    "melder_type melder_organisatie politie_eenheid kmar_regio emm_rol gemeente_aantreffen sector "
    "subsector land_werving land_uitbuiting uitzendbureau doel_melding eerste_opvang aangifte "
    "koppelsleutel status gewijzigd_op"
).split()

FAULT_FILE = "comensha_registraties_20180601.csv"


def valid_row(melding_id: str, persoon_id: str = "P-1", **changes: str) -> dict[str, str]:
    """A row that breaks no rule of the contract; `changes` override single fields."""
    row = dict(
        melding_id=melding_id,
        persoon_id=persoon_id,
        achternaam="de Vries",
        voornaam="Anna",
        geboortedatum="14-02-1994",
        geslacht="V",
        nationaliteit="Roemenië",
        datum_melding="05-03-2016",
        melder_type="Politie",
        melder_organisatie="Politie Rotterdam",
        politie_eenheid="Rotterdam",
        kmar_regio="",
        emm_rol="",
        gemeente_aantreffen="GM0599",
        sector="Seksuele uitbuiting",
        subsector="Raamprostitutie",
        land_werving="Roemenië",
        land_uitbuiting="Nederland",
        uitzendbureau="",
        doel_melding="Verzoek opvang",
        eerste_opvang="COSM",
        aangifte="Ja",
        koppelsleutel="",
        status="Actief",
        gewijzigd_op="06-03-2016 10:15",
    )
    return changed(row, changes)


def to_csv(rows: list[dict[str, str] | list[str] | None], header: list[str] = HEADER) -> bytes:
    """`;`-separated, RFC 4180, UTF-8 with BOM, CRLF; None writes a completely empty line."""
    return csv_bytes(rows, HEADER, header, delimiter=";", bom=True, line_end="\r\n")


def fault_rows() -> tuple[list, ExpectedRows]:
    """The rows of the fault delivery, in order, with the outcome of each (line 1 is the header)."""
    exp = ExpectedRows()
    rows: list = []

    def add(row, reasons: str | None = None, warnings: tuple[tuple[str, str], ...] = ()):
        rows.append(row)
        exp.record(len(rows) + 1, row, reasons, warnings)

    add(valid_row("OK-1"))
    add(
        valid_row(
            "OK-ALIAS",
            geslacht="vrouw",
            doel_melding="  verzoek TOT opvang ",
            aangifte="Geen aangifte",
            sector="Uitbuiting in de seksindustrie|seksuele uitbuiting",
            melder_type="POLITIE",
            uitzendbureau="Nee",
        )
    )
    add(None)
    add(list(valid_row("FIELDS").values())[:-1], "aantal_velden:-")
    add(valid_row("EMPTY-GENDER", geslacht=" "), "verplicht_veld_leeg:geslacht")
    add(valid_row("BAD-DATE", datum_melding="2016-03-05"), "ongeldig_formaat:datum_melding")
    add(valid_row("BAD-DAY", geboortedatum="31-02-1994"), "ongeldig_formaat:geboortedatum")
    add(valid_row("BAD ID!"), "ongeldig_formaat:melding_id")
    add(valid_row("BAD-MELDER", melder_type="Buurman"), "ongeldige_code:melder_type")
    add(valid_row("NOT-ALLOWED", melder_type="Overig"), "veld_niet_toegestaan:politie_eenheid")
    add(valid_row("NO-EMM-ROLE", melder_type="EMM", politie_eenheid=""), "verplicht_veld_leeg:emm_rol")
    add(valid_row("NO-SHELTER", eerste_opvang=""), "verplicht_veld_leeg:eerste_opvang")
    add(valid_row("SHELTER-NOT-ASKED", doel_melding="Registratie"), "veld_niet_toegestaan:eerste_opvang")
    add(valid_row("BORN-LATER", geboortedatum="06-03-2016"), "inconsistent:geboortedatum")
    add(valid_row("TOO-OLD", geboortedatum="01-01-1910"), "inconsistent:geboortedatum")
    add(valid_row("CHANGED-BEFORE", gewijzigd_op="04-03-2016 23:00"), "inconsistent:datum_melding")
    add(
        valid_row("AFTER-DELIVERY", datum_melding="02-06-2018", gewijzigd_op="02-06-2018 09:00"),
        "inconsistent:datum_melding",
    )
    add(
        valid_row("SUB-WITHOUT-SECTOR", sector="Uitbuiting buiten de seksindustrie"), "inconsistent:subsector"
    )
    add(valid_row("TWICE"), "dubbele_sleutel:melding_id")
    add(valid_row("TWICE", persoon_id="P-2"), "dubbele_sleutel:melding_id")
    add(
        valid_row("MANY", geslacht="X", sector="Seksuele uitbuiting|Iets", status="Weg"),
        "ongeldige_code:geslacht; ongeldige_code:sector; ongeldige_code:status",
    )
    add(
        valid_row("W-COUNTRY", nationaliteit="Atlantis", land_werving="Narnia"),
        warnings=(("code_naar_onbekend", "nationaliteit"), ("code_naar_onbekend", "land_werving")),
    )
    add(
        valid_row("W-SUBSECTOR", subsector="Raamprostitutie|Zeilvaart"),
        warnings=(("code_naar_onbekend", "subsector"),),
    )
    add(
        valid_row("W-KMAR", melder_type="KMar", politie_eenheid="", kmar_regio="Maan"),
        warnings=(("code_naar_onbekend", "kmar_regio"),),
    )
    add(valid_row("W-KEY", koppelsleutel="12345"), warnings=(("koppelsleutel_ongeldig", "koppelsleutel"),))
    add(valid_row("W-KEY-OK", koppelsleutel="00ab00ab00ab00AB"))
    add(
        valid_row(
            "W-HOTEL",
            datum_melding="05-03-2013",
            gewijzigd_op="06-03-2013 10:00",
            subsector="Hotelprostitutie",
        ),
        warnings=(("code_buiten_geldigheid", "subsector"),),
    )
    add(valid_row("W-PROST", subsector="Prostitutie"), warnings=(("code_buiten_geldigheid", "subsector"),))
    add(
        valid_row(
            "W-TEMP",
            datum_melding="05-03-2015",
            gewijzigd_op="06-03-2015 10:00",
            sector="Uitbuiting buiten de seksindustrie",
            subsector="Bouw",
            uitzendbureau="Ja",
        ),
        warnings=(("code_buiten_geldigheid", "uitzendbureau"),),
    )
    add(
        valid_row(
            "QUOTED",
            achternaam='van; der "Berg"',
            voornaam="Ann\nMarie",
            melder_organisatie="Zorg; en welzijn",
        )
    )
    return rows, exp


# File-level rejections (README §4, §1): file name -> the exact error text.
def rejected_files() -> dict[str, tuple[bytes, str, str]]:
    """name -> (content, load_log status, error)."""
    swapped = HEADER.copy()
    swapped[5], swapped[6] = swapped[6], swapped[5]
    unknown_and_dup = HEADER[:-1] + ["opmerking", "melding_id"]
    missing = [h for h in HEADER if h not in ("koppelsleutel", "status")]
    return {
        "comensha_registraties_20180701.csv": (
            to_csv([], header=swapped),
            "afgewezen",
            "Bestand comensha_registraties_20180701.csv afgewezen: ontbrekende kolommen: -; "
            "onbekende kolommen: -; dubbele kolommen: -; volgorde: verwacht geslacht op positie 6, "
            "gevonden nationaliteit",
        ),
        "comensha_registraties_20180702.csv": (
            to_csv([], header=unknown_and_dup),
            "afgewezen",
            "Bestand comensha_registraties_20180702.csv afgewezen: ontbrekende kolommen: gewijzigd_op; "
            "onbekende kolommen: opmerking; dubbele kolommen: melding_id; volgorde: -",
        ),
        "comensha_registraties_20180703.csv": (
            to_csv([], header=missing),
            "afgewezen",
            "Bestand comensha_registraties_20180703.csv afgewezen: ontbrekende kolommen: koppelsleutel, "
            "status; onbekende kolommen: -; dubbele kolommen: -; volgorde: -",
        ),
        "comensha_registraties_20180704.csv": (
            b"",
            "afgewezen",
            "Bestand comensha_registraties_20180704.csv afgewezen: geen kopregel",
        ),
        "comensha_registraties_20180705.csv": (
            to_csv([valid_row("ENC-1", achternaam="Ærø")]).replace("Ærø".encode(), "Ærø".encode("cp1252")),
            "afgewezen",
            "Bestand comensha_registraties_20180705.csv afgewezen: kan niet worden gelezen (geen geldige UTF-8",
        ),
        "comensha_registraties_20183001.csv": (
            to_csv([valid_row("NAME-1")]),
            "onbekend_bestand",
            "Bestand comensha_registraties_20183001.csv afgewezen: naam past niet bij het patroon",
        ),
        "registraties_20180706.csv": (
            to_csv([valid_row("NAME-2")]),
            "onbekend_bestand",
            "Bestand registraties_20180706.csv afgewezen: naam past niet bij het patroon",
        ),
    }


def write_fault_sample(inbox: Path) -> ExpectedRows:
    folder = inbox / "comensha"
    folder.mkdir(parents=True, exist_ok=True)
    rows, expected = fault_rows()
    (folder / FAULT_FILE).write_bytes(to_csv(rows))
    for name, (content, _status, _error) in rejected_files().items():
        (folder / name).write_bytes(content)
    return expected
