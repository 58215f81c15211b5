"""The dbt seeds (dbt_project/seeds/*.csv) as the Python side reads them: one reader of their CSV
files, and the editions of seed ref_edition, whose data dates and years the stewards' suites
(orchestration/quality/references.py) and the tests take from here instead of reading the file
again (issue 17: the seed is the one place of an edition's data date)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


def seed_rows(name: str, seeds_dir: Path = SEEDS_DIR) -> list[dict[str, str]]:
    """The rows of the dbt seed `name` (<seeds_dir>/<name>.csv), every value as its text."""
    with (seeds_dir / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class Edition:
    """One edition of the Slachtoffermonitor: its five registration years and the data date as of
    which it counts (contracts/README.md §10, later-years.md §1-§2)."""

    edition: str
    first_year: int
    last_year: int
    data_date: dt.date

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


@cache
def editions(seeds_dir: Path = SEEDS_DIR) -> tuple[Edition, ...]:
    """The editions of seed ref_edition, oldest data date first. A row that does not parse is an
    error naming the file, its line and the problem."""
    path = seeds_dir / "ref_edition.csv"
    out = []
    for line, row in enumerate(seed_rows("ref_edition", seeds_dir), start=2):  # line 1: the header
        try:
            out.append(
                Edition(
                    edition=row["edition"],
                    first_year=int(row["first_year"]),
                    last_year=int(row["last_year"]),
                    data_date=dt.date.fromisoformat(row["data_date"]),
                )
            )
        except (KeyError, TypeError, ValueError) as problem:
            raise ValueError(f"{path}, line {line}: not an edition ({problem!r})") from problem
    return tuple(sorted(out, key=lambda e: e.data_date))


def edition(name: str) -> Edition:
    """The edition `name` ('2013-2017') of seed ref_edition."""
    for candidate in editions():
        if candidate.edition == name:
            return candidate
    raise KeyError(f"seed ref_edition has no edition {name!r}")
