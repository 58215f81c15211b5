"""The Dagster code location: `dagster dev` loads `defs` from here.

The dbt manifest is prepared before this module is imported (`make build`, `make demo` and the test
fixtures do); importing parses dbt only when the manifest is older than a model, seed or YAML file,
through the registry of published marts (orchestration/registry.py), which every other part reads.
"""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import build_dbt_assets, dbt_resource
from orchestration.assets.export import ctdc_export
from orchestration.assets.ingestion import ingestion_asset
from orchestration.assets.publish import serving_database
from orchestration.assets.quality_checks import quality_checks
from orchestration.automation import BUILD_JOB, daily_build, inbox_sensor
from orchestration.build_lock import BUILD_LOCK, build_lock_resource
from orchestration.dagster_history import write_run_history_without_fsync
from orchestration.ingestion.contracts import CONTRACTS
from orchestration.private_files import keep_private
from orchestration.resources import PSEUDONYM_KEY, WAREHOUSE, PseudonymKey, WarehouseSettings

# The folders of `dagster dev` and the runs it starts: the MH_* variables the Makefile sets.
# `build_all` runs the job with resources of its own (orchestration/build.py).
warehouse = WarehouseSettings.from_environment()

# Every process that runs these assets loads this module first (`dagster dev`'s code server, each
# run's process, `build_all`): its files under the data dir are private (orchestration/private_files.py).
keep_private(warehouse.settings.data_dir)
# ... and the events it writes to Dagster's SQLite history under DAGSTER_HOME skip the fsyncs
# (orchestration/dagster_history.py says why that is safe).
write_run_history_without_fsync()

ingestion_assets = [ingestion_asset(c) for c in CONTRACTS]
dbt_models = build_dbt_assets()

build_warehouse = dg.define_asset_job(
    BUILD_JOB,
    selection=dg.AssetSelection.all(),
    description="Ingest new deliveries, build the dbt marts, check them, publish serving.duckdb, export.",
)

defs = dg.Definitions(
    assets=[*ingestion_assets, dbt_models, serving_database, ctdc_export],
    asset_checks=quality_checks(),
    jobs=[build_warehouse],
    sensors=[inbox_sensor],
    schedules=[daily_build],
    # Every step requires the build lock: a run holds it from its first step to its last
    # (orchestration/build_lock.py), so two runs never interleave.
    resources={
        "dbt": dbt_resource(),
        BUILD_LOCK: build_lock_resource,
        WAREHOUSE: warehouse,
        PSEUDONYM_KEY: PseudonymKey(),
    },
    # One process, one step at a time: DuckDB has a single writer (DESIGN.md, "One writer").
    executor=dg.in_process_executor,
)
