"""The seed of published figures (dbt_project/seeds/published_figures.csv), read once for the tests,
and `seed_rows`, the one reader of any dbt seed for the tests.

The seed is the one place where the contracts' calibration targets (contracts README §11) are typed,
each with its figure id; tests that need a published figure as their expected value take it from
here instead of typing it again.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"


def seed_rows(name: str) -> list[dict[str, str]]:
    """The rows of the dbt seed `name` (dbt_project/seeds/<name>.csv)."""
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


SEED_ROWS = seed_rows("published_figures")


def targets(measure: str) -> list[dict[str, str]]:
    """The calibration-target rows of one measure, in seed order."""
    return [r for r in SEED_ROWS if r["target_id"] and r["measure"] == measure]


def editions() -> list[dict]:
    """The editions of seed ref_edition in order of their data dates, with the years each covers."""
    rows = sorted(seed_rows("ref_edition"), key=lambda r: r["data_date"])
    return [
        {
            "edition": r["edition"],
            "years": range(int(r["first_year"]), int(r["last_year"]) + 1),
            "data_date": dt.date.fromisoformat(r["data_date"]),
        }
        for r in rows
    ]


def published_headlines() -> dict[tuple[str, int], tuple[int, str]]:
    """(edition, registration year) -> (published headline victims, tag): the 2013-2017 edition's
    are the K1 targets (seed published_figures), later editions' seed published_edition_figures."""
    out = {
        ("2013-2017", int(r["year"])): (int(float(r["published_value"])), r["tag"])
        for r in SEED_ROWS
        if r["measure"] == "victims_headline" and r["year"]
    }
    out |= {
        (r["edition"], int(r["registration_year"])): (int(r["published_victims"]), r["tag"])
        for r in seed_rows("published_edition_figures")
    }
    return out
