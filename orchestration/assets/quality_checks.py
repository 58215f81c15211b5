"""The stewards' checks as Dagster asset checks: wiring only. What a check runs and stores is in
orchestration/quality/checks.py; which checks exist, in orchestration/quality/checks.py (landing,
cross-source) and the dbt manifest (published marts, orchestration/registry.py).

A failed expectation of severity `error` fails the check with ERROR severity; the checks are
blocking, so the publish step does not run and the previous serving database keeps serving.
Warnings, and quarantined rows in a landing check's newest delivery, fail it with WARN severity.
"""

import dagster as dg

from orchestration.assets.ingestion import WRITER_POOL
from orchestration.build_lock import BUILD_LOCK
from orchestration.local_time import amsterdam_time
from orchestration.quality.checks import CheckRun, SuiteCheck, quarantine_message, run_check, suite_checks
from orchestration.quality.outcomes import SEVERITY_NL
from orchestration.resources import WAREHOUSE


def check_result(suite: str, run: CheckRun) -> dg.AssetCheckResult:
    outcome = run.outcome
    failures = [(i, o) for i, o in enumerate(outcome.outcomes) if not o.success]
    metadata = {
        "failed_expectations": dg.MetadataValue.json(
            [
                {
                    "expectation": f.expectation,
                    "column": f.column,
                    "ernst": SEVERITY_NL[f.severity],
                    "beschrijving": f.beschrijving,
                    "observed": f.observed_value,
                    "sample": f.unexpected_sample,
                    "failing_rows": run.failing_rows.get(i),
                }
                for i, f in failures
            ]
        ),
        "gecontroleerd_om": amsterdam_time(outcome.run_at),
        "expectations_evaluated": len(outcome.outcomes),
        "failed_errors": len(outcome.error_failures),
        "failed_warnings": len(outcome.warning_failures),
        "row_count": run.row_count,
        "delivery": run.delivery or "-",
        "quarantined_newest_delivery": dg.MetadataValue.json(run.quarantined),
        **run.parameters,
    }
    if run.data_docs_page:
        metadata["data_docs_page"] = dg.MetadataValue.url(run.data_docs_page)
    if run.data_docs:
        metadata["data_docs"] = dg.MetadataValue.url(run.data_docs)
    summary = "; ".join(
        [f"[{SEVERITY_NL[f.severity]}] {f.beschrijving} Gevonden: {f.observed_value}" for _, f in failures]
        + ([quarantine_message(run.quarantined)] if run.quarantined else [])
    )
    return dg.AssetCheckResult(
        # A quarantined row of the newest delivery fails the check as a warning: it publishes,
        # but the steward must see it (issue 15), not only in the quarantine table.
        passed=not failures and not run.quarantined,
        severity=dg.AssetCheckSeverity.ERROR if outcome.error_failures else dg.AssetCheckSeverity.WARN,
        description=(summary[:2000] or f"Alle {len(outcome.outcomes)} verwachtingen van `{suite}` kloppen."),
        metadata=metadata,
    )


def _suite_check(spec: SuiteCheck) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=spec.asset,
        name=f"{spec.suite}_expectations",
        blocking=spec.blocking,
        pool=WRITER_POOL,
        required_resource_keys={BUILD_LOCK, WAREHOUSE},
        description=(
            f"Great Expectations suite `{spec.suite}` on "
            f"{'the current version of each record of ' if spec.query else ''}`{spec.table}`"
            f"{'; fails (waarschuwing) when the newest delivery has rows in quarantine' if spec.flags_quarantine else ''}."
        ),
    )
    def _check(context: dg.AssetCheckExecutionContext):
        run = run_check(spec, context.op_execution_context.run_id, context.resources.warehouse.settings)
        for f in run.outcome.error_failures:
            context.log.error(
                f"{spec.suite}: {f.expectation} ({f.column}) faalt: {f.beschrijving}; gevonden: {f.observed_value}"
            )
        return check_result(spec.suite, run)

    return _check


def quality_checks() -> list[dg.AssetChecksDefinition]:
    return [_suite_check(spec) for spec in suite_checks()]
