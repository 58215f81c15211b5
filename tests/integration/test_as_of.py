"""Counting as of a date (issue 17) through the real Dagster build and dbt on the default sample.

The expected state never comes from the as-of rule itself: as of the first delivery date the
warehouse must count what a build of that delivery alone counts (the session's,
tests/conftest.py `first_delivery_warehouse`), and as of the newest delivery date
what the current build counts. The sample's second delivery corrects and withdraws records, so the
two differ (the corrections test below asserts that they do, else it would prove nothing).
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from orchestration.build import build_all
from orchestration.resources import WarehouseSettings
from orchestration.settings import DEFAULT_INBOX_DIR, Settings
from tests.dbt_cli import run_dbt
from tests.integration.builds import dbt_full_parse_reasons, file_digest
from tests.integration.crash_chain import BUILD_TIME_COLUMNS, table_fingerprints
from tests.sample import delivery_dates

# What differs between two builds of the same figures: when they ran, and the date they say the
# figures are as of (data_status.as_of_date is that date in one and empty in the other).
NOT_FIGURES = BUILD_TIME_COLUMNS | {"as_of_date"}

# Per source: the staging view (one row per current record) and its record key (contracts/README.md §3.1).
STAGING = {
    "comensha": ("stg_comensha__meldingen", "melding_id"),
    "ind": ("stg_ind__gebeurtenissen", "event_id"),
    "om": ("stg_om__verdachten_zaken", "record_key"),
}


FIRST_DELIVERY, NEWEST_DELIVERY = delivery_dates()[0], delivery_dates()[-1]


@pytest.fixture(scope="module")
def as_of_first_delivery(tmp_path_factory, built_warehouse: Settings):
    """The whole default sample built as of its first delivery date, in a data dir that already
    serves a current build (a copy of the session's): (settings of the as-of build, data dir,
    digests of the current build's serving and quality files and of the session's build database
    before the as-of build, the as-of build's run id)."""
    data_dir = tmp_path_factory.mktemp("as_of") / "data"
    data_dir.mkdir()
    current = {}
    for name in ("serving.duckdb", "quality.duckdb"):
        shutil.copy2(built_warehouse.data_dir / name, data_dir / name)
        current[name] = file_digest(data_dir / name)
    session_build = file_digest(built_warehouse.warehouse_path)
    result = build_all(
        WarehouseSettings.from_environment(
            inbox_dir=DEFAULT_INBOX_DIR, data_dir=data_dir, as_of_date=FIRST_DELIVERY
        )
    )
    assert result.success, "the build as of the first delivery failed"
    built = data_dir / f"as_of_{FIRST_DELIVERY.isoformat()}"
    as_of = Settings(inbox_dir=DEFAULT_INBOX_DIR, data_dir=built, as_of_date=FIRST_DELIVERY)
    return as_of, data_dir, current, session_build, result.run_id


def _mismatching_tables(actual, expected) -> dict[str, str]:
    """{mart: how it differs} over every mart of either build database."""
    a = table_fingerprints(actual.warehouse_path, ignore=NOT_FIGURES)
    e = table_fingerprints(expected.warehouse_path, ignore=NOT_FIGURES)
    assert e, "no marts to compare"
    return {
        t: f"{a[t][0] if t in a else 'no table'} rows, expected {e[t][0] if t in e else 'no table'}"
        for t in sorted(a.keys() | e.keys())
        if a.get(t) != e.get(t)
    }


def _listed(mismatches: dict[str, str]) -> str:
    """Every mismatching table on its own line (pytest would cut a long dict short)."""
    return f"{len(mismatches)} marts differ:\n" + "\n".join(f"{t}: {d}" for t, d in mismatches.items())


def test_as_of_the_first_delivery_every_mart_equals_a_build_of_that_delivery_alone(
    as_of_first_delivery, first_delivery_warehouse
):
    as_of, *_ = as_of_first_delivery
    mismatches = _mismatching_tables(as_of, first_delivery_warehouse)
    assert not mismatches, _listed(mismatches)


def test_as_of_the_newest_delivery_every_mart_equals_the_current_build(built_warehouse, tmp_path):
    """dbt as of the newest delivery date on a copy of the current build database: nothing the
    current build counts was delivered after it, so every mart must come out the same."""
    copy = Settings(inbox_dir=DEFAULT_INBOX_DIR, data_dir=tmp_path)
    shutil.copy2(built_warehouse.warehouse_path, copy.warehouse_path)
    dbt_vars = json.dumps({"as_of_date": NEWEST_DELIVERY.isoformat()})
    run = run_dbt(["run", "--vars", dbt_vars], copy.warehouse_path, tmp_path / "target")
    assert run.returncode == 0, run.stdout[-4000:]
    mismatches = _mismatching_tables(copy, built_warehouse)
    assert not mismatches, _listed(mismatches)


def _staging_rows(settings: Settings, source: str) -> dict[str, tuple]:
    view, key = STAGING[source]
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        cursor = con.execute(f"SELECT * FROM staging.{view}")
        columns = [d[0] for d in cursor.description]
        return {row[columns.index(key)]: row for row in cursor.fetchall()}
    finally:
        con.close()


def test_a_record_corrected_or_withdrawn_later_counts_as_it_stood_then(
    as_of_first_delivery, first_delivery_warehouse, built_warehouse
):
    """Per source, the records the later delivery withdrew, corrected or first brought: as of the
    first delivery date each is what the first delivery alone made of it (absent if new). Only
    counts are reported, never a key or value."""
    as_of, *_ = as_of_first_delivery
    changed, wrong = {}, {}
    for source in STAGING:
        then, now, asked = (
            _staging_rows(s, source) for s in (first_delivery_warehouse, built_warehouse, as_of)
        )
        kinds = {
            "withdrawn": then.keys() - now.keys(),
            "corrected": {k for k in then.keys() & now.keys() if then[k] != now[k]},
            "new": now.keys() - then.keys(),
        }
        for kind, keys in kinds.items():
            changed[(source, kind)] = len(keys)
            if n := sum(asked.get(k) != then.get(k) for k in keys):
                wrong[(source, kind)] = n
    # the sample's second delivery withdraws and corrects CoMensha and OM records (seeds/)
    assert all(changed[(s, k)] for s in ("comensha", "om") for k in ("withdrawn", "corrected")), changed
    assert wrong == {}, (
        f"records not as they stood on {FIRST_DELIVERY} (source, kind): count; changed: {changed}"
    )


def test_an_as_of_build_says_its_date_and_leaves_the_current_serving(as_of_first_delivery, serving_db):
    as_of, data_dir, current_before, _, _ = as_of_first_delivery
    con = duckdb.connect(str(as_of.serving_path), read_only=True)
    try:
        status = con.execute(
            "SELECT source, as_of_date, last_delivery_date FROM marts.data_status"
        ).fetchall()
    finally:
        con.close()
    assert status and all(d == FIRST_DELIVERY and last <= FIRST_DELIVERY for _, d, last in status), status
    current = serving_db.execute("SELECT DISTINCT as_of_date FROM marts.data_status").fetchall()
    assert current == [(None,)], "the current build is as of no date"
    left = {name: file_digest(data_dir / name) for name in current_before}
    assert left == current_before, "the as-of build replaced the current serving or quality file"


def test_an_as_of_build_in_a_new_data_dir_parses_dbt_partially_on_its_own_warehouse(
    as_of_first_delivery, built_warehouse
):
    """Neither the data dir nor the as-of date is in dbt's profile or vars
    (orchestration/dbt_build_target.py), so this build, in a data dir of its own and as of a
    date, starts from the parse of the session's build (another data dir, no date) and parses
    partially; and dbt still wrote the as-of build's database only: none in the data dir above it,
    the session's unchanged (the marts' figures are the tests above)."""
    as_of, data_dir, _, session_build_before, run_id = as_of_first_delivery
    assert dbt_full_parse_reasons(run_id) == []
    assert as_of.warehouse_path.exists(), "the as-of build wrote no build database of its own"
    assert not (data_dir / as_of.warehouse_path.name).exists(), "dbt wrote the data dir's build database"
    assert file_digest(built_warehouse.warehouse_path) == session_build_before, (
        "dbt wrote the session's build database"
    )
