"""The seed of published figures (dbt_project/seeds/published_figures.csv), read once for the tests,
and `seed_rows`, the one reader of any dbt seed for the tests.

The seed is the one place where the contracts' calibration targets (contracts README §11) are typed,
each with its figure id; tests that need a published figure as their expected value take it from
here instead of typing it again.
"""

from __future__ import annotations

import csv
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
