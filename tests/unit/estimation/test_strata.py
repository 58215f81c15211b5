"""The dark number's strata (issue 18: minors, sex, Dutch or not, besides form) through the mart's
path (orchestration/estimation/mart.py estimate_rows, as int_registration__dark_number_fits calls
it): a population in which the lists see minors far less than adults gives a 'Minderjarig'
estimate whose interval holds the minors' true number, and a share seen below the adults'."""

from __future__ import annotations

import numpy as np

from orchestration.estimation import Settings
from orchestration.estimation.capture_table import REPORTER_SET_SEPARATOR
from orchestration.estimation.mart import estimate_rows
from tests.unit.estimation.population import Stratum, draw

# Melder types (ref_melder_type.csv) standing for four lists of orchestration/estimation/lists.py.
MELDERS = ("Politie", "KMar", "ISZW-DO", "Zorgcoördinator")
MINORS = Stratum(size=900, capture=(0.10, 0.06, 0.05, 0.12))
ADULTS = Stratum(size=2400, capture=(0.30, 0.20, 0.15, 0.25))


def _rows(population: str, tables) -> list[tuple[str, int, str, str, int]]:
    counts: dict[str, int] = {}
    for table in tables:
        for history, n in table.counts.items():
            key = REPORTER_SET_SEPARATOR.join(sorted(history))
            counts[key] = counts.get(key, 0) + n
    return [("2015", 1, population, reporter_set, n) for reporter_set, n in counts.items()]


def test_minors_seen_less_are_estimated_within_their_interval() -> None:
    rng = np.random.default_rng(18)
    minors, adults = draw(rng, MELDERS, MINORS), draw(rng, MELDERS, ADULTS)
    rows = [*_rows("Minderjarig", [minors]), *_rows("Meerderjarig", [adults])]
    records = {r["population"]: r for r in estimate_rows(rows, Settings(replicates=100))}

    problems = []
    for population, truth in (("Minderjarig", MINORS.size), ("Meerderjarig", ADULTS.size)):
        r = records[population]
        if r["status"] != "geschat" or not r["lower_95"] <= truth <= r["upper_95"]:
            problems.append(f"{population}: {r['status']} {r['lower_95']}-{r['upper_95']}, truth {truth}")
    minor_share = records["Minderjarig"]["share_seen"]
    adult_share = records["Meerderjarig"]["share_seen"]
    if not minor_share < adult_share:
        problems.append(f"minors seen {minor_share}, not less than adults {adult_share}")
    # The strata are drawn apart, so each observed count is its own table's.
    if records["Minderjarig"]["observed"] != minors.observed:
        problems.append(f"minors observed {records['Minderjarig']['observed']} != {minors.observed}")
    assert not problems, problems
