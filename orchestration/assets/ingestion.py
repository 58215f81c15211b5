"""One ingestion asset per source contract: the landing table with its control tables."""

import dagster as dg

from orchestration.build_lock import BUILD_LOCK
from orchestration.ingestion.contract import SourceContract
from orchestration.ingestion.run import LOADED, POSTPONED, ingest_source
from orchestration.ingestion.store import files_losing_rows, landing_summary
from orchestration.pseudonym_key import check_pseudonym_key
from orchestration.resources import PSEUDONYM_KEY, WAREHOUSE
from orchestration.warehouse import connect

WRITER_POOL = "duckdb_writer"


def accepted_check_name(contract: SourceContract) -> str:
    return f"{contract.source}_deliveries_accepted"


def nothing_lost_check_name(contract: SourceContract) -> str:
    return f"{contract.source}_nothing_lost"


def ingestion_asset(contract: SourceContract) -> dg.AssetsDefinition:
    """The `landing_<source>` asset: loads every new file of the source's inbox folder."""
    table = contract.landing_table

    @dg.asset(
        name=table,
        group_name=contract.domain,
        kinds={"polars", "duckdb"},
        pool=WRITER_POOL,
        required_resource_keys={BUILD_LOCK, WAREHOUSE, PSEUDONYM_KEY},
        description=(
            f"Every accepted row version of the `{contract.source}` deliveries, pseudonymised, "
            "with quarantine, warnings and load_log (contracts/README.md)."
        ),
        check_specs=[
            dg.AssetCheckSpec(
                accepted_check_name(contract),
                asset=table,
                description="Every new delivery file was accepted (no file rejected whole).",
            ),
            dg.AssetCheckSpec(
                nothing_lost_check_name(contract),
                asset=table,
                description="Per file: rows read = rows in landing + rows in quarantine.",
            ),
        ],
    )
    def _ingest(context: dg.AssetExecutionContext):
        settings = context.resources.warehouse.settings
        key = context.resources.pseudonym_key.key()
        # also for runs of the sensor and the schedule in `dagster dev`, not only `make build`
        check_pseudonym_key(settings, key)
        with connect(settings) as con:
            results = ingest_source(
                contract,
                settings.inbox_dir,
                con,
                key,
                max_delivery_mb=context.resources.warehouse.max_delivery_mb,
            )
            # A file that changed while it was read is left for the next run, unlogged (issue 14):
            # a warning, not a rejection, and not one of this run's new files.
            postponed = [o for o in results if o.status == POSTPONED]
            outcomes = [o for o in results if o.status != POSTPONED]  # the files logged in load_log
            lost = files_losing_rows(con, contract)
            summary = landing_summary(con, contract)
        rejected = [o for o in outcomes if o.status != LOADED]
        for outcome in postponed:
            context.log.warning(outcome.error)
        for outcome in rejected:
            # The contract's message, so the run log names the file and the problem.
            context.log.error(outcome.error)
        for outcome in outcomes:
            if outcome.status == LOADED:
                context.log.info(
                    f"{outcome.file_name}: {outcome.rows_read} rows read, {outcome.rows_accepted} "
                    f"accepted, {outcome.rows_quarantined} quarantined, {outcome.warnings} warnings"
                )
        yield dg.MaterializeResult(
            metadata={
                "new_files": len(outcomes),
                "rows_accepted": sum(o.rows_accepted for o in outcomes),
                "rows_quarantined": sum(o.rows_quarantined for o in outcomes),
                "warnings": sum(o.warnings for o in outcomes),
                "files_rejected": len(rejected),
                "landing_rows_total": summary.landing_rows,
                "dagster/row_count": summary.landing_rows,
                "quarantine_rows_total": summary.quarantine_rows,
                "last_delivery": summary.last_delivery or "-",
                "new_file_names": dg.MetadataValue.json([o.file_name for o in outcomes]),
                "postponed_file_names": dg.MetadataValue.json([o.file_name for o in postponed]),
            }
        )
        yield dg.AssetCheckResult(
            check_name=accepted_check_name(contract),
            passed=not rejected,
            severity=dg.AssetCheckSeverity.WARN,
            description="; ".join(o.error for o in rejected) or None,
            metadata={
                "rejected_files": dg.MetadataValue.json(
                    [{"file": o.file_name, "status": o.status, "error": o.error} for o in rejected]
                )
            },
        )
        yield dg.AssetCheckResult(
            check_name=nothing_lost_check_name(contract),
            passed=not lost,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"files_losing_rows": dg.MetadataValue.json(lost)},
        )

    return _ingest
