"""Monthly operation (issue 17): a year of monthly deliveries through the sensor path of
`dagster dev`, each one published, and the edition ledger right after the last.

From the published default sample as the 2013-2017 edition had it (tests/conftest.py
`built_warehouse`, copied), the twelve deliveries of tests/generated/monthly.py are dropped into the
inbox month by month, as a source uploads them (a temporary name, then renamed). The inbox sensor
is ticked until it requests a run for exactly the new files (tests/integration/sensor_ticks.py),
the run is executed as `dagster dev` would launch it, and then: the run succeeded, serving.duckdb
was published again, `data_status` names each source's newest file, and `edition_figures` (and
the headline totals of `trend_figures`) count, per edition with data and registration year, the
headline victim-years the deliveries so far imply (monthly.headline_as_of, from the delivered rows
and the published K1 targets, never from the warehouse's SQL). After the last, the ledger's
revisions between the editions are explained record by record, and counted per year and reason,
as the delivered rows say (monthly.revision_records); a revision of a published figure that no
record explains is flagged.

Cost: one data dir for the whole year, as in operation, and every run in this process, so imports,
the Dagster definitions and the manifest are paid once; yet each run is a whole build (ingest, dbt
build of every model, checks, publish, export), about a minute on an idle 2-core machine and
dominated by dbt. So the months do not each get a run: RUNS groups them as the sensor would find
them after a pause, keeping alone the delivery whose run must work on its own (an empty file: the
newest file data_status names then holds no row). One failure message lists every mismatch of every
run.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections import Counter

import dagster as dg
import pytest

from orchestration.seeds import Edition, editions
from orchestration.settings import Settings
from tests.generated.monthly import (
    START,
    Delivery,
    headline_as_of,
    record_versions,
    revision_records,
    year_of_deliveries,
)
from tests.integration.builds import query_dicts
from tests.integration.disclosure_rule import is_hidden, shown_count
from tests.integration.published_seed import published_headlines
from tests.integration.sensor_ticks import Sensor
from tests.sample import current_meldingen, day_of, delivery_dates, lone_police_meldingen_of

# The deliveries the sensor finds together, each group one run (months 1-12 of the year): the case
# of tests/generated/monthly.py where the delivery alone matters, the empty file, has a run of its
# own: after it data_status must name as its source's newest file one that loaded no row, and a run
# whose only new file brings no row must publish. The others share a run with their neighbours:
# - A new year's first rows share the first run: that such a delivery publishes on its own is
#   test_delivery_scenarios.py::test_the_first_delivery_of_a_new_year_publishes, and the checks
#   after this run count the new year as they would after it alone (the months with it revise
#   2014-2016).
# - The IND file shares the run of the OM file and months 7-8: alone, its run changed none of the
#   figures checked here (the checks after it repeated those after months 1-4) and brought no
#   registration, as the empty file's run does; after the shared run data_status still names it as
#   the IND's newest file, and that only IND data publishes is
#   test_delivery_scenarios.py::test_only_ind_data_publishes.
# MH_MONTHLY_EVERY_MONTH=1 runs a build after every month instead (12 runs).
RUNS = ((1, 2, 3, 4), (5, 6, 7, 8), (9,), (10, 11, 12))


@pytest.fixture
def replay(tmp_path, monkeypatch, built_warehouse) -> Settings:
    """A copy of the published warehouse and its inbox (modification times kept, so the sensor's
    first tick finds the serving database newer than every file), as the MH_* variables of
    `dagster dev`."""
    settings = Settings(inbox_dir=tmp_path / "inbox", data_dir=tmp_path / "data")
    shutil.copytree(built_warehouse.inbox_dir, settings.inbox_dir)
    shutil.copytree(built_warehouse.data_dir, settings.data_dir)
    monkeypatch.setenv("MH_INBOX_DIR", str(settings.inbox_dir))
    monkeypatch.setenv("MH_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("MH_INBOX_SETTLE_TICKS", raising=False)  # the default: two ticks
    return settings


def _has_data(edition: Edition, previous_date: dt.date | None, comensha_dates: list[dt.date]) -> bool:
    return any(
        d <= edition.data_date and (previous_date is None or d > previous_date) for d in comensha_dates
    )


def _run_problems(
    settings: Settings, delivered: list[Delivery], sample: list[dict], baseline: dict[int, int]
) -> list[str]:
    """What the published serving database gets wrong once `delivered` (the year so far) is built."""
    month = f"after {delivered[-1].date:%Y-%m}"
    problems = []
    # data_status: per source that delivered this year its newest file, and every loaded file counted
    # (every sample delivery up to START had a file of each source: tests/sample.py).
    status = {r["source"]: r for r in query_dicts(settings.serving_path, "SELECT * FROM marts.data_status")}
    sample_files = sum(1 for d in delivery_dates() if d <= START)
    for source in sorted({d.source for d in delivered}):
        files = [d.file_name for d in delivered if d.source == source]
        want = (files[-1], sample_files + len(files))
        got = (status[source]["last_delivery_file"], status[source]["deliveries_loaded"])
        if got != want:
            problems.append(f"{month}: data_status {source} says {got}, expected {want}")
    # Every sample delivery up to START had a CoMensha file (tests/sample.py, conftest.built_warehouse).
    comensha_dates = [d for d in delivery_dates() if d <= START] + [
        d.date for d in delivered if d.source == "comensha"
    ]
    versions = record_versions(delivered, sample)
    ledger = {
        (r["edition"], r["registration_year"]): r
        for r in query_dicts(settings.serving_path, "SELECT * FROM marts.edition_figures")
    }
    # Trends slachtoffers: the headline per year of the reporting window, as of now (every shown total).
    now = headline_as_of(delivered[-1].date, baseline, versions)
    shown = query_dicts(
        settings.serving_path,
        "SELECT registration_year, aantal FROM marts.trend_figures WHERE figure = 'mensenhandelvorm' "
        "AND category = 'Alle vormen' AND registration_year IS NOT NULL AND aantal IS NOT NULL",
    )
    if not shown:
        problems.append(f"{month}: trend_figures shows no headline total of any year")
    problems += [
        f"{month}: trend_figures {r['registration_year']}: {r['aantal']}, expected {now[r['registration_year']]}"
        for r in shown
        if r["aantal"] != now[r["registration_year"]]
    ]
    with_data, previous_date = [], None
    for edition in editions():
        if _has_data(edition, previous_date, comensha_dates):
            with_data.append(edition.edition)
        previous_date = edition.data_date
    for edition in editions():
        has_data = edition.edition in with_data
        expected = headline_as_of(edition.data_date, baseline, versions)
        for year in edition.years:
            row = ledger.get((edition.edition, year))
            # the edition the dashboard's filter opens on: the newest with data
            published = published_headlines().get((edition.edition, year), (None, None))[0]
            headline = shown_count(expected[year], published) if has_data else None
            want = (has_data, headline, edition.edition == with_data[-1])
            got = (row["has_data"], row["warehouse_victims"], row["is_newest_with_data"]) if row else None
            if got != want:
                problems.append(
                    f"{month}: {edition.edition} {year}: (has_data, headline, newest) {got}, expected {want}"
                )
    return problems


def _published(edition: str) -> dict[int, int]:
    """The published headline per registration year of an edition."""
    return {year: value for (e, year), (value, _tag) in published_headlines().items() if e == edition}


def _ledger_problems(
    settings: Settings, deliveries: list[Delivery], sample: list[dict], baseline
) -> list[str]:
    """Per edition compared with an earlier one: the records behind each revision (build database,
    int_editions__revision_records) and, per registration year, the revision and those records
    counted by reason (edition_figures), against the delivered rows (monthly.revision_records)."""
    versions = record_versions(deliveries, sample)
    ledger = {
        (r["edition"], r["registration_year"]): r
        for r in query_dicts(settings.serving_path, "SELECT * FROM marts.edition_figures")
    }
    listed = query_dicts(
        settings.warehouse_path,
        "SELECT edition, previous_edition, melding_id, registration_year, reason, changed_fields "
        "FROM intermediate.int_editions__revision_records",
    )
    by_name = {e.edition: e for e in editions()}
    pairs = sorted(
        {
            (r["edition"], r["previous_edition"])
            for r in ledger.values()
            if r["has_data"] and r["previous_edition"]
        }
    )
    problems = []
    if pairs != [("2014-2018", "2013-2017"), ("2015-2019", "2014-2018")]:
        problems.append(
            f"editions compared: {pairs}, expected 2014-2018 with 2013-2017 and 2015-2019 with 2014-2018"
        )
    for name, previous in pairs:
        later, earlier = by_name[name], by_name[previous]
        dates = (earlier.data_date, later.data_date)
        want_records = revision_records(versions, *dates, earlier.years)
        got_records = {
            (r["melding_id"], r["registration_year"], r["reason"], r["changed_fields"])
            for r in listed
            if (r["edition"], r["previous_edition"]) == (name, previous)
        }
        if got_records != want_records:
            problems.append(
                f"ledger {name} records: listed but not delivered {sorted(got_records - want_records)}; "
                f"delivered but not listed {sorted(want_records - got_records)}"
            )
        before, after = (headline_as_of(d, baseline, versions) for d in dates)
        published_before, published_after = _published(previous), _published(name)
        for year in later.years:
            row = ledger[(name, year)]
            known = year in earlier.years
            by_reason = Counter(reason for _, y, reason, _ in want_records if y == year)
            fields = sorted({f for _, y, _, f in want_records if y == year and f})
            revised = known and (
                after[year] != before[year] or published_after.get(year) != published_before.get(year)
            )
            # disclosure control: a revision that would give a hidden headline back is hidden too
            headline_hidden = is_hidden(after[year], published_after.get(year)) or (
                known and is_hidden(before[year], published_before.get(year))
            )
            want = {
                "warehouse_revision": after[year] - before[year] if known and not headline_hidden else None,
                "withdrawn_records": shown_count(by_reason["Ingetrokken"]),
                "corrected_records": shown_count(by_reason["Gecorrigeerd"]),
                "late_records": shown_count(by_reason["Later geleverd"]),
                "corrected_fields": ", ".join(fields) or None,
                "is_unexplained_revision": revised and not by_reason,
            }
            got = {column: row[column] for column in want}
            if got != want:
                problems.append(f"ledger {name} {year}: got {got}, expected {want}")
    return problems


def _runs() -> list[list[int]]:
    """The months after which the sensor's run is executed (see the module's docstring)."""
    if os.environ.get("MH_MONTHLY_EVERY_MONTH"):
        return [[month] for month in range(1, 13)]
    return [list(run) for run in RUNS]


def test_a_year_of_monthly_deliveries_is_published_run_by_run_and_explained_in_the_ledger(replay, capsys):
    sample_now = current_meldingen(replay.inbox_dir)
    assert max(day_of(m["datum_melding"].strip()).year for m in sample_now) == 2017, "2018 must be a new year"
    withdrawn = lone_police_meldingen_of(2014, sample_now)[0]
    corrected = lone_police_meldingen_of(2015, sample_now)[0]
    sample = [withdrawn, corrected]
    deliveries = year_of_deliveries(withdrawn, corrected)
    # As of START the warehouse counted the 2013-2017 edition's published figures (K1); no later year.
    baseline = _published("2013-2017")

    problems, seconds = [], []
    with dg.instance_for_test() as instance:
        sensor = Sensor(instance)
        assert sensor.tick() == [], "the first tick after a published build requests nothing"
        for months in _runs():
            run = [deliveries[m - 1] for m in months]
            label = f"run of {', '.join(d.file_name for d in run)}"
            published = replay.serving_path.stat().st_mtime_ns
            for delivery in run:
                delivery.drop_into(replay.inbox_dir)
            requested = [sensor.tick(), sensor.tick()]  # seen, then unchanged: settled
            expected = sorted(f"{d.source}/{d.file_name}" for d in run)
            if requested != [[], expected]:
                problems.append(f"{label}: the sensor requested {requested}")
                continue
            started = time.monotonic()
            result = sensor.run_requested()
            seconds.append(round(time.monotonic() - started))
            if not result.success:
                failed = [e.step_key for e in result.all_events if e.is_step_failure]
                problems.append(f"{label}: the run failed in {failed}")
                continue
            if replay.serving_path.stat().st_mtime_ns == published:
                problems.append(f"{label}: serving.duckdb was not published")
            problems += _run_problems(replay, deliveries[: months[-1]], sample, baseline)
        assert sensor.tick() == [], "nothing is requested twice"
    problems += _ledger_problems(replay, deliveries, sample, baseline)
    with capsys.disabled():
        print(f"\nmonthly replay: {len(seconds)} runs, seconds each {seconds}, total {sum(seconds)}")
    assert not problems, "\n".join(problems)
