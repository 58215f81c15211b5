"""The default sample (seeds/) by delivery, for the tests that build part of its history: its
delivery dates, read from the file names (contracts/README.md §1.2), and one delivery's files."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from orchestration.settings import DEFAULT_INBOX_DIR

SOURCES = ("comensha", "ind", "om")


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
