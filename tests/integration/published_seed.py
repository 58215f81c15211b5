"""The seed of published figures (dbt_project/seeds/published_figures.csv), read once for the tests
(through orchestration/seeds.py, the one reader of the dbt seeds).

The seed is the one place where the contracts' calibration targets (contracts README §11) are typed,
each with its figure id; tests that need a published figure as their expected value take it from
here instead of typing it again.
"""

from __future__ import annotations

from orchestration.seeds import seed_rows

SEED_ROWS = seed_rows("published_figures")


def targets(measure: str) -> list[dict[str, str]]:
    """The calibration-target rows of one measure, in seed order."""
    return [r for r in SEED_ROWS if r["target_id"] and r["measure"] == measure]


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
