"""The dbt step prepares Great Expectations for the checks that follow, on a thread of its own
(orchestration/quality/__init__.py prepare_suites_in_background, issue 19): the suites'
checkpoints are stored under the data dir before any check runs, and a check then finds them."""

from __future__ import annotations

import duckdb

from orchestration.quality import prepare_suites_in_background, run_suite
from orchestration.quality.gx_runner import STATE_DIR

SUITES = ("landing_om", "cross_source_links")


def test_the_checkpoints_are_stored_beforehand_and_a_check_uses_them(tmp_path):
    data_dir = tmp_path / "data"
    thread = prepare_suites_in_background(data_dir, SUITES)
    thread.join()

    stored = sorted(p.stem for p in (data_dir / STATE_DIR / "checkpoints").glob("*.json"))
    assert (thread.daemon, stored) == (False, sorted(SUITES))
    before = {p: p.stat().st_mtime_ns for p in (data_dir / STATE_DIR).rglob("*.json")}

    frame = duckdb.sql("SELECT 1 AS link_hash").df()
    outcome = run_suite("cross_source_links", frame, data_dir=data_dir, run_name="na", build_docs=False)
    assert outcome.outcomes  # the suite ran on the prepared checkpoint ...
    assert {p: p.stat().st_mtime_ns for p in before} == before  # ... which it did not store again
