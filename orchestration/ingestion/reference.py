"""Reference lists that ingestion shares with dbt: read from the dbt seeds, never retyped."""

from __future__ import annotations

import csv
from functools import cache

from orchestration.settings import DBT_PROJECT_DIR

NATIONALITY_SEED = DBT_PROJECT_DIR / "seeds" / "ref_nationaliteit.csv"


@cache
def country_names() -> tuple[tuple[str, ...], dict[str, str]]:
    """Canonical Dutch country names and their aliases (contract README §9)."""
    names: list[str] = []
    aliases: dict[str, str] = {}
    with NATIONALITY_SEED.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            names.append(row["naam"])
            for alias in filter(None, (a.strip() for a in (row.get("aliassen") or "").split("|"))):
                aliases[alias] = row["naam"]
    return tuple(names), aliases
