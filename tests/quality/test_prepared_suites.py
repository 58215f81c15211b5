"""The dbt step prepares Great Expectations for the checks that follow, on a thread of its own
(orchestration/quality/__init__.py prepare_suites_in_background, issue 19): the suites'
checkpoints are stored under the data dir before any check runs, and a check then finds them; a
preparation that fails makes the checks of its suites fail with that failure as their cause."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.quality import SuitePreparationFailed, prepare_suites_in_background, run_suite
from orchestration.quality.gx_runner import STATE_DIR

SUITES = ("landing_om", "cross_source_links")


def test_the_checkpoints_are_stored_beforehand_and_a_check_uses_them(tmp_path):
    data_dir = tmp_path / "data"
    thread = prepare_suites_in_background(data_dir, SUITES, run_name="na")
    thread.join()

    stored = sorted(p.stem for p in (data_dir / STATE_DIR / "checkpoints").glob("*.json"))
    assert (thread.daemon, stored) == (False, sorted(SUITES))
    before = {p: p.stat().st_mtime_ns for p in (data_dir / STATE_DIR).rglob("*.json")}

    frame = duckdb.sql("SELECT 1 AS link_hash").df()
    outcome = run_suite("cross_source_links", frame, data_dir=data_dir, run_name="na", build_docs=False)
    assert outcome.outcomes  # the suite ran on the prepared checkpoint ...
    assert {p: p.stat().st_mtime_ns for p in before} == before  # ... which it did not store again


def test_a_failed_preparation_fails_the_checks_of_its_suites_with_its_cause(tmp_path):
    """A suite name the suites do not have fails the preparation after landing_om is prepared: on
    its own, the check of landing_om would then pass, so only the kept failure can fail it."""
    data_dir = tmp_path / "data"
    preparation = prepare_suites_in_background(data_dir, ("landing_om", "no_such_suite"), run_name="na")
    preparation.join()

    frame = duckdb.sql("SELECT 1 AS link_hash").df()
    with pytest.raises(SuitePreparationFailed) as raised:
        run_suite("landing_om", frame, data_dir=data_dir, run_name="na", build_docs=False)
    cause = raised.value.__cause__
    assert (type(cause), "no_such_suite" in str(cause), "landing_om" in str(raised.value)) == (
        KeyError,
        True,
        True,
    )
    # a suite the preparation did not cover is not its concern
    assert run_suite("cross_source_links", frame, data_dir=data_dir, run_name="na", build_docs=False).outcomes
    # nor is the check of another run in this process (a later build's checks)
    assert run_suite(
        "landing_om", frame, data_dir=data_dir, run_name="a later run", build_docs=False
    ).outcomes
