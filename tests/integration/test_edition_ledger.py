"""The edition ledger (issue 17): `marts.edition_figures` on the default sample, through the real
Dagster build and dbt.

On the default sample as of the 2013-2017 edition's data date (tests/conftest.py `built_warehouse`)
only that edition has data, and it must count the contracts' K1 headline targets (taken from the
published seed, tests/integration/published_seed.py); the sample's later editions are
tests/integration/test_later_years_sample.py's. The revisions between editions, record by record
and counted by reason (withdrawn, corrected, delivered late, unexplained), are
tests/integration/test_monthly_operation.py's: its year of monthly deliveries after this build
crosses the 2014-2018 edition's data date, and it checks the ledger after the last.
"""

from __future__ import annotations

from orchestration.settings import Settings
from tests.integration.builds import query_dicts
from tests.integration.published_seed import targets

EARLIER = "2013-2017"


def _ledger(settings: Settings) -> dict[tuple[str, int], dict]:
    rows = query_dicts(settings.serving_path, "SELECT * FROM marts.edition_figures")
    return {(r["edition"], r["registration_year"]): r for r in rows}


def test_on_the_default_sample_the_2013_2017_edition_counts_the_published_headline(built_warehouse):
    """Per year of 2013-2017 the ledger counts the contract's K1 headline target; as of its data
    date no later edition has data, so 2013-2017 is the newest edition with data. One list of
    every mismatch."""
    ledger = _ledger(built_warehouse)
    published = {int(r["year"]): int(r["published_value"]) for r in targets("victims_headline") if r["year"]}
    assert sorted(published) == [2013, 2014, 2015, 2016, 2017]
    mismatches = [
        f"{EARLIER} {year}: published {ledger[(EARLIER, year)]['published_victims']}, "
        f"warehouse {ledger[(EARLIER, year)]['warehouse_victims']}, expected {value}"
        for year, value in published.items()
        if (ledger[(EARLIER, year)]["published_victims"], ledger[(EARLIER, year)]["warehouse_victims"])
        != (value, value)
    ]
    mismatches += [
        f"{edition} {year}: has_data={row['has_data']}, newest={row['is_newest_with_data']}"
        for (edition, year), row in ledger.items()
        if (row["has_data"], row["is_newest_with_data"]) != ((edition == EARLIER),) * 2
    ]
    assert not mismatches, "\n".join(mismatches)
