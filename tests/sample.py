"""The default sample (seeds/) by delivery, for the tests that build part of its history: its
delivery dates, read from the file names (contracts/README.md §1.2), and one delivery's files."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR, DEFAULT_INBOX_DIR

SOURCES = ("comensha", "ind", "om")

# The edition whose figures the 2013-2017 contracts give (K1-K12): the sample meets them as of its
# data date; the deliveries after it revise them (contracts later-years.md §2).
CALIBRATED_EDITION = "2013-2017"


def calibrated_edition_date() -> dt.date:
    """The data date of CALIBRATED_EDITION (dbt seed ref_edition, the one place of that date)."""
    with open(DBT_PROJECT_DIR / "seeds" / "ref_edition.csv", encoding="utf-8", newline="") as f:
        return next(
            dt.date.fromisoformat(r["data_date"])
            for r in csv.DictReader(f)
            if r["edition"] == CALIBRATED_EDITION
        )


def delivery_dates() -> list[dt.date]:
    """Every delivery date of the sample, oldest first."""
    names = (p.name for p in DEFAULT_INBOX_DIR.glob("*/*") if p.is_file())
    return sorted(
        {dt.datetime.strptime(m[1], "%Y%m%d").date() for n in names if (m := re.search(r"_(\d{8})\.", n))}
    )


def deliver(inbox: Path, date: dt.date) -> None:
    """Copy the sample's delivery of `date`, every source's file of that date, into `inbox`."""
    stamp = date.strftime("%Y%m%d")
    for source in SOURCES:
        (inbox / source).mkdir(parents=True, exist_ok=True)
        for path in (DEFAULT_INBOX_DIR / source).glob(f"*_{stamp}.*"):
            shutil.copy2(path, inbox / source / path.name)
