"""IND workbooks for the ingestion tests, written with openpyxl as Excel writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from orchestration.ingestion.contracts.residence import RESIDENCE

HEADER = list(RESIDENCE.header)
SHEET = "Gebeurtenissen"


def valid_event(gebeurtenis_id: str, **changes) -> dict:
    """An event that breaks no rule: a reflection period granted to a woman from Nigeria."""
    row = dict(
        gebeurtenis_id=gebeurtenis_id, v_nummer=1234567, geboortedatum=dt.datetime(1995, 4, 2),
        geslacht="Vrouw", nationaliteit="Nigeria", gebeurtenis="Bedenktijd verleend",
        datum=dt.datetime(2016, 3, 5), pad=None, grond=None, beslissing=None, fase=None,
        bedenktijd_dagen=90, uitbuitingsvorm="Seksuele uitbuiting", koppelsleutel=None,
        status="Actief", gewijzigd_op=dt.datetime(2016, 3, 6, 10, 15),
    )
    assert not set(changes) - set(row), set(changes) - set(row)
    row.update(changes)
    return row


def write_workbook(path: Path, rows: list[dict | None], sheet: str = SHEET, extra_sheet: bool = False) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(HEADER)
    for row in rows:
        ws.append([None] * len(HEADER) if row is None else [row[h] for h in HEADER])
    if extra_sheet:
        wb.create_sheet("Toelichting").append(["Dit blad wordt niet gelezen"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
