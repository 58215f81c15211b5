"""The default sample (seeds/) by delivery, for the tests and the bench (bench/growth.py) that build
part of its history: its delivery files up to a date and their dates, read from the file names
(contracts/README.md §1.2), one delivery's files, and the current CoMensha meldingen of an inbox
read from its CSV files (for tests that revise them)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections import defaultdict
from pathlib import Path

from orchestration.ingestion.contracts import CONTRACTS
from orchestration.ingestion.run import delivery_date_of
from orchestration.seeds import edition
from orchestration.settings import DEFAULT_INBOX_DIR

SOURCES = ("comensha", "ind", "om")

# The edition whose figures the 2013-2017 contracts give (K1-K12): the sample meets them as of its
# data date; the deliveries after it revise them (contracts later-years.md §2).
CALIBRATED_EDITION = "2013-2017"


def calibrated_edition_date() -> dt.date:
    """The data date of CALIBRATED_EDITION (dbt seed ref_edition, the one place of that date)."""
    return edition(CALIBRATED_EDITION).data_date


def delivery_files(inbox: Path, up_to: dt.date | None = None) -> list[Path]:
    """Every delivery file of `inbox` (a folder per source, README §1), dated by its name (the
    contract's file-name rule, orchestration/ingestion/run.py `delivery_date_of`) on or before
    `up_to` (None: every one), in name order. A file whose name gives no delivery date cannot be
    placed before or after a date: an error naming it."""
    files = []
    for contract in CONTRACTS:
        folder = inbox / contract.source
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            if not path.is_file():
                continue
            date = delivery_date_of(contract, path.name)
            if date is None:
                raise ValueError(
                    f"{path}: not a delivery file name of {contract.source} (no delivery date in it), "
                    "so it cannot be placed before or after an edition's data date"
                )
            if up_to is None or date <= up_to:
                files.append(path)
    return files


def copy_inbox(files: list[Path], inbox: Path, to: Path) -> None:
    """`files` of `inbox` into a new inbox `to`, each in its source's folder."""
    for path in files:
        target = to / path.relative_to(inbox)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def delivery_dates() -> list[dt.date]:
    """Every delivery date of the sample, oldest first."""
    by_source = {c.source: c for c in CONTRACTS}
    return sorted(
        {delivery_date_of(by_source[p.parent.name], p.name) for p in delivery_files(DEFAULT_INBOX_DIR)}
    )


def deliver(inbox: Path, date: dt.date) -> None:
    """Copy the sample's delivery of `date`, every source's file of that date, into `inbox`."""
    stamp = date.strftime("%Y%m%d")
    for source in SOURCES:
        (inbox / source).mkdir(parents=True, exist_ok=True)
        for path in (DEFAULT_INBOX_DIR / source).glob(f"*_{stamp}.*"):
            shutil.copy2(path, inbox / source / path.name)


def day_of(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d-%m-%Y").date()


def current_meldingen(inbox) -> list[dict[str, str]]:
    """The inbox's current Actief meldingen, read from its CSV files (contracts/README.md §3:
    the latest gewijzigd_op wins, then the later delivery)."""
    latest: dict[str, tuple] = {}
    for path in sorted((inbox / "comensha").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f, delimiter=";"):
                rank = (dt.datetime.strptime(row["gewijzigd_op"].strip(), "%d-%m-%Y %H:%M"), path.name)
                if row["melding_id"] not in latest or rank >= latest[row["melding_id"]][0]:
                    latest[row["melding_id"]] = (rank, row)
    return [row for _, row in latest.values() if row["status"].strip() == "Actief"]


def lone_police_meldingen_of(year: int, meldingen: list[dict[str, str]]) -> list[dict[str, str]]:
    """Meldingen of `year` that are their person's only melding at all, and from the police: each
    is one headline victim-year alone, wherever its date moves it."""
    per_person = defaultdict(list)
    for row in meldingen:
        per_person[row["persoon_id"].strip()].append(row)
    lone = [rows[0] for rows in per_person.values() if len(rows) == 1]
    return sorted(
        (
            r
            for r in lone
            if day_of(r["datum_melding"].strip()).year == year and r["melder_type"].strip() == "Politie"
        ),
        key=lambda r: r["melding_id"],
    )
