"""Publish the marts into `serving.duckdb`, atomically, for Superset and every other reader.

The stewards' `quality.duckdb` and the run's Data Docs are published here first, at the end of a
good build (orchestration/quality/steward.py). An error-severity failure skips this step, so
serving.duckdb stays the previous one, while the asset checks have already published
quality.duckdb with the failure.
"""

from pathlib import Path

import dagster as dg

from orchestration.assets.ingestion import WRITER_POOL
from orchestration.build_lock import BUILD_LOCK
from orchestration.duckdb_files import write_atomically
from orchestration.quality.steward import publish_for_stewards
from orchestration.registry import published_mart_names
from orchestration.resources import WAREHOUSE

SERVING_SCHEMA = "marts"


def publish(warehouse: Path, serving: Path, tables: tuple[str, ...] | None = None) -> dict[str, int]:
    """Copy the published marts (default: every model with `meta.publish`, orchestration/registry.py;
    dashboards and outside users rely on their names, issue 2) into a new serving file and replace
    the served one in one step (orchestration/duckdb_files.py): readers see the previous or the new
    warehouse, never half."""
    tables = published_mart_names() if tables is None else tables
    return write_atomically(
        serving, warehouse, SERVING_SCHEMA, lambda _con: {t: f"SELECT * FROM build.marts.{t}" for t in tables}
    )


@dg.asset(
    name="serving_database",
    group_name="publish",
    kinds={"duckdb"},
    pool=WRITER_POOL,
    required_resource_keys={BUILD_LOCK, WAREHOUSE},
    deps=[dg.AssetKey(t) for t in published_mart_names()],
    description="serving.duckdb: the marts, replaced atomically; Superset reads it read-only.",
)
def serving_database(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = context.resources.warehouse.settings
    # The stewards' file first: a build that dies between the two leaves the previous serving
    # database serving, with the quality of the run that did not publish it.
    steward = publish_for_stewards(settings, context.run.run_id, publishing=True)
    context.log.info(f"published {settings.quality_path}: {steward}")
    counts = publish(settings.warehouse_path, settings.serving_path)
    context.log.info(f"published {settings.serving_path}: {counts}")
    return dg.MaterializeResult(
        metadata={
            "path": str(settings.serving_path),
            "quality_path": str(settings.quality_path),
            "dagster/row_count": sum(counts.values()),
            **{f"rows_{t}": n for t, n in counts.items()},
            **{f"quality_rows_{t}": n for t, n in steward.items()},
        }
    )
