"""The k-anonymous victim export for international exchange (CTDC / HTCDS field names), written
after every successful publish: orchestration/export/htcds.py says what it holds and how."""

import dataclasses

import dagster as dg

from orchestration.build_lock import BUILD_LOCK
from orchestration.export.htcds import write_export
from orchestration.resources import WAREHOUSE

EXPORT_DIR_NAME = "export"


@dg.asset(
    name="ctdc_export",
    group_name="export",
    kinds={"csv"},
    required_resource_keys={BUILD_LOCK, WAREHOUSE},
    # after the publish: only data that passed every blocking check leaves the warehouse
    deps=[dg.AssetKey("serving_database")],
    description="export/ctdc_victims.csv: victim records in CTDC fields, k-anonymous (k = 11), with a report.",
)
def ctdc_export(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = context.resources.warehouse.settings
    report = write_export(settings.warehouse_path, settings.data_dir / EXPORT_DIR_NAME)
    context.log.info(
        f"CTDC export: {report.records_out} of {report.records_in} records, "
        f"generalised up to '{report.generalisation_step}', {report.records_suppressed} suppressed (k={report.k})"
    )
    return dg.MaterializeResult(
        metadata={
            k: dg.MetadataValue.json(v) if isinstance(v, (dict, list)) else v
            for k, v in dataclasses.asdict(report).items()
        }
    )
