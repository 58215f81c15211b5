"""The edition ledger (issue 17): `marts.edition_figures` and the records behind its revisions,
through the real Dagster build and dbt.

On the default sample as of the 2013-2017 edition's data date (tests/conftest.py `built_warehouse`)
only that edition has data, and it must count the contracts' K1 headline targets (taken from the
published seed, tests/integration/published_seed.py); the sample's later editions are
tests/integration/test_later_years_sample.py's. For the revisions a delivery written here, dated
inside the 2014-2018 edition (data date 2019-10-01, seed ref_edition), is added to the deliveries
of that build. It withdraws one 2014 melding,
corrects the date of another from 2014 to 2015, and brings a melding of 2016 that was never
delivered before. Each is the only melding of a person reported by the police alone, so by the
contract (R2: it qualifies; R7: not KMar-only, so not sub-3) each moves one headline victim-year:
the expected revisions below follow from what this test wrote, never from the ledger's own SQL.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections import Counter, defaultdict

import pytest

from orchestration.settings import Settings
from tests.faults.registration import HEADER, to_csv, valid_row
from tests.integration.builds import query_dicts, run_build
from tests.integration.published_seed import targets

EARLIER, LATER = "2013-2017", "2014-2018"
LATE_DELIVERY = "comensha_registraties_20190601.csv"  # after 2018-10-01, on or before 2019-10-01
CHANGED_AT = "15-05-2019 09:00"


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d-%m-%Y").date()


def _current_meldingen(inbox) -> list[dict[str, str]]:
    """The inbox's current Actief meldingen, read from its CSV files (contracts/README.md §3:
    the latest gewijzigd_op wins, then the later delivery)."""
    latest: dict[str, tuple] = {}
    for path in sorted((inbox / "comensha").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f, delimiter=";"):
                rank = (dt.datetime.strptime(row["gewijzigd_op"].strip(), "%d-%m-%Y %H:%M"), path.name)
                if row["melding_id"] not in latest or rank >= latest[row["melding_id"]][0]:
                    latest[row["melding_id"]] = (rank, row)
    return [row for _, row in latest.values() if row["status"].strip() == "Actief"]


def _lone_police_meldingen_of(year: int, meldingen: list[dict[str, str]]) -> list[dict[str, str]]:
    """Meldingen of `year` that are their person's only melding at all, and from the police: each
    is one headline victim-year alone, wherever its date moves it."""
    per_person = defaultdict(list)
    for row in meldingen:
        per_person[row["persoon_id"].strip()].append(row)
    lone = [rows[0] for rows in per_person.values() if len(rows) == 1]
    return sorted(
        (
            r
            for r in lone
            if _day(r["datum_melding"].strip()).year == year and r["melder_type"].strip() == "Politie"
        ),
        key=lambda r: r["melding_id"],
    )


@pytest.fixture(scope="module")
def revisions(tmp_path_factory, built_warehouse):
    """(settings of a build of the default sample plus the generated later delivery, the records
    that delivery changed: {melding_id: (reason, changed field or None, years it moves)})."""
    root = tmp_path_factory.mktemp("edition_ledger")
    inbox = root / "inbox"
    shutil.copytree(built_warehouse.inbox_dir, inbox)
    withdrawn, corrected = _lone_police_meldingen_of(2014, _current_meldingen(inbox))[:2]
    moved_to = _day(corrected["datum_melding"].strip()).replace(year=2015).strftime("%d-%m-%Y")
    late = valid_row(
        "CM-LEDGER-LATE-1", "CMP-LEDGER-LATE-1", datum_melding="05-03-2016", gewijzigd_op=CHANGED_AT
    )
    rows = [
        {**withdrawn, "status": "Vervallen", "gewijzigd_op": CHANGED_AT},
        {**corrected, "datum_melding": moved_to, "gewijzigd_op": CHANGED_AT},
        late,
    ]
    (inbox / "comensha" / LATE_DELIVERY).write_bytes(to_csv([{c: r[c] for c in HEADER} for r in rows]))
    assert run_build(inbox, root / "data").success
    expected = {
        withdrawn["melding_id"]: ("Ingetrokken", None, (2014,)),
        corrected["melding_id"]: ("Gecorrigeerd", "datum_melding", (2014, 2015)),
        late["melding_id"]: ("Later geleverd", None, (2016,)),
    }
    return Settings(inbox_dir=inbox, data_dir=root / "data"), expected


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


def test_the_ledger_explains_each_revision_record_by_record(revisions):
    settings, expected = revisions
    listed = query_dicts(
        settings.warehouse_path,
        "SELECT melding_id, registration_year, reason, changed_fields, previous_edition "
        f"FROM intermediate.int_editions__revision_records WHERE edition = '{LATER}'",
    )
    got = {
        (r["melding_id"], r["registration_year"], r["reason"], r["changed_fields"], r["previous_edition"])
        for r in listed
    }
    want = {
        (melding, year, reason, field, EARLIER)
        for melding, (reason, field, years) in expected.items()
        for year in years
    }
    assert got == want, f"listed but not written: {got - want}; written but not listed: {want - got}"


def test_the_ledger_counts_the_revisions_by_reason_and_flags_the_unexplained(revisions):
    """Per year of 2014-2018: the revision of the warehouse's count and the records behind it, by
    reason, as the test's delivery made them; 2017's published figure moves (958 -> 956,
    later-years.md §2) with no record behind it in this inbox, so it is flagged."""
    settings, expected = revisions
    ledger = _ledger(settings)
    moves, by_reason, fields = Counter(), Counter(), defaultdict(set)
    for reason, field, years in expected.values():
        for year in years:
            by_reason[(year, reason)] += 1
            if field:
                fields[year].add(field)
        if reason == "Ingetrokken":
            moves[years[0]] -= 1
        elif reason == "Later geleverd":
            moves[years[0]] += 1
        else:
            moves[years[0]] -= 1
            moves[years[1]] += 1
    mismatches = []
    for year in range(2014, 2018):
        row, before = ledger[(LATER, year)], ledger[(EARLIER, year)]
        got = (
            row["has_data"],
            row["previous_edition"],
            row["warehouse_victims"] - before["warehouse_victims"],
            row["warehouse_revision"],
            row["withdrawn_records"],
            row["corrected_records"],
            row["late_records"],
            row["corrected_fields"],
            row["is_unexplained_revision"],
        )
        unexplained = year == 2017 and row["published_victims"] != before["published_victims"]
        want = (
            True,
            EARLIER,
            moves[year],
            moves[year],
            by_reason[(year, "Ingetrokken")],
            by_reason[(year, "Gecorrigeerd")],
            by_reason[(year, "Later geleverd")],
            ", ".join(sorted(fields[year])) or None,
            unexplained,
        )
        if got != want:
            mismatches.append(f"{year}: got {got}, expected {want}")
    assert ledger[(LATER, 2017)]["published_victims"] == 956, "the 2017 revision of later-years.md §2"
    assert not mismatches, "\n".join(mismatches)


def test_the_earlier_edition_still_counts_as_of_its_own_date(revisions):
    """The later delivery changes nothing of what 2013-2017 counted (its data date is before it)."""
    settings, _ = revisions
    ledger = _ledger(settings)
    published = {int(r["year"]): int(r["published_value"]) for r in targets("victims_headline") if r["year"]}
    counted = {year: ledger[(EARLIER, year)]["warehouse_victims"] for year in published}
    assert counted == published
    assert [e for (e, _), r in ledger.items() if r["is_newest_with_data"]] == [LATER] * 5
