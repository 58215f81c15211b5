"""The rows of the mart `dark_number_estimates` (issue 18): one estimate per period and population.

The dbt Python model dbt_project/models/intermediate/registration/int_registration__dark_number_fits.py
hands this module the counts per period, population and reporter set
(int_registration__capture_histories) and writes what `estimate_rows` returns.

Cost. An estimate is a bootstrap: `replicates` model searches plus one per observed cell, each up
to a second on a six-list table, and a build estimates every year and group. Two things keep the
build cheap:
- The build's number of replicates is a setting (dbt var `dark_number_replicates` in
  dbt_project/dbt_project.yml), fewer than the method's 1000 (bootstrap.py): the interval's bounds are
  quantiles of the replicates, and fewer replicates only make them less precise, not biased.
- An estimate depends on nothing but the table's counts, the settings and the method, so it is
  kept under a digest of exactly those (`cache_key`), one small file per estimate in the user's
  cache (`cache_dir`, like the synthetic generator's): a build whose counts did not change
  reuses it, a new delivery recomputes only the periods and populations it changed, and builds of
  the same registrations in other data dirs (a rebuild, a test, the bench) share it. A file holds
  only the record the mart publishes (its numbers, lists and model; the key is a one-way digest),
  nothing more than `serving.duckdb` shows, and is written privately and renamed into place, so
  two builds at once never read half a file. The files are tiny; deleting the folder only costs a
  recomputation. Raise METHOD_VERSION with any change to orchestration/estimation/ that changes a
  number: the old entries are then never read again.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from orchestration.estimation.capture_table import CaptureTable
from orchestration.estimation.estimate import RECORD_TYPES, Settings, estimate_population
from orchestration.estimation.lists import REPORTER_LISTS

METHOD_VERSION = 2

# (period, years, population, reporter_set, victims): a row of int_registration__capture_histories
CountRow = tuple[str, int, str, str, int]
# The columns of estimate_rows' records with their types: the table's key, then Estimate.as_record().
ROW_TYPES = {"period": "string", "years": "Int64", "population": "string", **RECORD_TYPES}


def capture_tables(rows: Iterable[CountRow]) -> dict[tuple[str, int, str], CaptureTable]:
    """One capture table per (period, years, population), over every list of REPORTER_LISTS, so
    a group in which a list saw nobody still names it (merge_small_lists then drops it, and says so)."""
    counts: dict[tuple[str, int, str], dict[str, int]] = {}
    for period, years, population, reporter_set, victims in rows:
        counts.setdefault((period, int(years), population), {})[reporter_set] = int(victims)
    return {key: CaptureTable.from_reporter_sets(c, REPORTER_LISTS) for key, c in counts.items()}


def cache_key(table: CaptureTable, settings: Settings) -> str:
    """SHA-256 of what an estimate depends on: the method's version, its settings, the lists and
    the counts per history (sorted, so the same table always gives the same key)."""
    content = {
        "method": METHOD_VERSION,
        # Every setting, defaults too: a cache entry is a recomputation to lose, never a number to
        # keep across a change of the method (that is what METHOD_VERSION is for).
        "settings": asdict(settings),
        "lists": table.lists,
        "counts": sorted(["|".join(sorted(h)), n] for h, n in table.counts.items()),
        "without_list": table.without_list,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def cache_dir() -> Path:
    """Where the estimates are kept: `$XDG_CACHE_HOME/mh-warehouse/dark-number` (`~/.cache/...`)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mh-warehouse" / "dark-number"


def _read_cached(folder: Path | None, key: str) -> dict | None:
    if folder is None:
        return None
    try:
        return _from_json(json.loads((folder / f"{key}.json").read_text()))
    except (OSError, ValueError):  # none yet, or unreadable: estimate again
        return None


def _write_cached(folder: Path, key: str, record: dict) -> None:
    # Written whole under a name of this process and renamed: a build killed meanwhile, or another
    # build writing the same key, leaves a whole file. JSON has no infinity: an unbounded upper
    # limit is kept as the string "inf" (json's allow_nan would write the non-standard Infinity).
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    new = folder / f"{key}.{os.getpid()}.new"
    fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(_to_json(record), f, sort_keys=True)
    os.replace(new, folder / f"{key}.json")


def _to_json(record: dict) -> dict:
    return {k: "inf" if isinstance(v, float) and math.isinf(v) else v for k, v in record.items()}


def _from_json(record: dict) -> dict:
    return {k: math.inf if v == "inf" else v for k, v in record.items()}


def estimate_rows(
    rows: Iterable[CountRow], settings: Settings, cache: Path | None = None
) -> list[dict[str, object]]:
    """One record per (period, population), its columns those of ROW_TYPES: period, years,
    population and `Estimate.as_record()`,
    read from the folder `cache` where it holds the table's key, estimated (and kept) otherwise."""
    records = []
    for (period, years, population), table in sorted(capture_tables(rows).items()):
        key = cache_key(table, settings)
        record = _read_cached(cache, key)
        if record is None:
            record = estimate_population(table, settings).as_record()
            if cache is not None:
                _write_cached(cache, key, record)
        records.append({"period": period, "years": years, "population": population, **record})
    return records
