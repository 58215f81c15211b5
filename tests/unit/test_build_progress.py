"""The quiet build's lines (orchestration/build_progress.py) on a small real Dagster job: what our
steps say and every warning, failed check and failed step show; Dagster's engine events and DEBUG
messages do not."""

from __future__ import annotations

import io

import dagster as dg

from orchestration.build_progress import progress_logger, quiet_run_config


@dg.asset
def landing(context) -> int:
    context.log.debug("every detail of the load")
    context.log.info("a.csv: 3 rows read, 2 accepted, 1 quarantined")
    context.log.warning("b.csv postponed: the delivery before it is missing")
    return 1


@dg.asset_check(asset=landing)
def landing_expectations() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.WARN, description="2 rows wrong")


@dg.asset(deps=[landing])
def marts() -> None:
    raise RuntimeError("the marts could not be built")


def test_the_quiet_build_shows_what_matters_and_no_engine_events():
    job = dg.Definitions(
        assets=[landing, marts], asset_checks=[landing_expectations], jobs=[dg.define_asset_job("build")]
    ).resolve_job_def("build")
    shown = io.StringIO()
    result = job.with_logger_defs({"progress": progress_logger(shown)}).execute_in_process(
        run_config=quiet_run_config(), raise_on_error=False
    )
    assert not result.success
    lines = shown.getvalue().splitlines()
    expected = [
        "landing: a.csv: 3 rows read, 2 accepted, 1 quarantined",
        "landing: WARNING: b.csv postponed: the delivery before it is missing",
        "check landing_expectations failed (warning): 2 rows wrong",
        "marts: FAILED: RuntimeError: the marts could not be built",
    ]
    missing = [text for text in expected if not any(text in line for line in lines)]
    noise = [
        line
        for line in lines
        if any(sign in line for sign in ("DEBUG", "every detail", "STEP_START", "Started execution"))
    ]
    assert not missing and not noise, f"missing {missing}, noise {noise}; shown:\n" + "\n".join(lines)
