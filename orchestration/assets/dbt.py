"""The dbt project as Dagster assets: one graph from the landing tables to the marts."""

import datetime as dt
import fcntl
import json
import os
import shutil
import sys
import uuid
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from orchestration.assets.ingestion import WRITER_POOL
from orchestration.build_lock import BUILD_LOCK
from orchestration.ingestion.contracts import CONTRACTS
from orchestration.resources import WAREHOUSE
from orchestration.settings import DBT_PROJECT_DIR

# dagster-dbt gives every run its own target folder (manifest, compiled SQL, logs, run results:
# ~10 MB each); a daily schedule would fill the disk over the years. The newest few are kept for
# looking into a failed run.
KEPT_RUN_TARGETS = 5

# The dbt installed beside the running interpreter (the pipeline's environment). dagster-dbt's
# default is a bare `dbt` looked up on PATH, which holds only under `uv run`: a build started as
# `.venv/bin/python -m orchestration.build` (or by a scheduler) would not find it.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

# Unit tests check the rules against fixed inputs; they run in `make test`, not in every build.
BUILD_ARGS = ["build", "--exclude-resource-type", "unit_test"]


@cache
def dbt_project() -> DbtProject:
    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def warehouse_vars(warehouse_path: Path, as_of_date: dt.date | None = None) -> list[str]:
    """The build database for dbt's profile (dbt_project/profiles.yml), as arguments of the one
    invocation: dagster-dbt hands dbt a copy of this process's environment and takes no env of its
    own, and an environment variable set for it would redirect every later build in the process.
    The as-of date (issue 17) goes the same way; without it dbt's default (every delivery) holds."""
    dbt_vars = {"warehouse_path": str(warehouse_path)}
    if as_of_date:
        dbt_vars["as_of_date"] = as_of_date.isoformat()
    return ["--vars", json.dumps(dbt_vars)]


def _project_files(project_dir: Path):
    """The project's .sql, .yml and .csv files, outside any `target` folder. The walk does not
    enter one: the run targets kept there (KEPT_RUN_TARGETS) hold thousands of files, and walking
    them cost ten times the rest of the scan, once per build."""
    for folder, subfolders, files in os.walk(project_dir):
        subfolders[:] = [d for d in subfolders if d != "target"]
        yield from (Path(folder, f) for f in files if f.endswith((".sql", ".yml", ".csv")))


def _manifest_is_current(project: DbtProject) -> bool:
    manifest = Path(project.manifest_path)
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    return all(p.stat().st_mtime < built for p in _project_files(Path(project.project_dir)))


# The parse renders the profile, so it must name a build database, but it never opens it and the
# manifest does not record it: a caller without a data dir (the registry) parses with this name.
UNOPENED_WAREHOUSE = Path("unopened-warehouse.duckdb")


def prepare_manifest(warehouse_path: Path = UNOPENED_WAREHOUSE) -> None:
    """Write target/manifest.json (`dbt parse`), needed before the definitions load; skipped
    when no model, seed or yml file changed since the last parse (each parse costs seconds)."""
    project = dbt_project()
    target = Path(project.project_dir) / project.target_path
    target.mkdir(parents=True, exist_ok=True)
    # Builds on other data dirs (parallel test workers, `dagster dev` beside `make build`) share
    # this target folder: one parse at a time, and the others then find the manifest current.
    with open(target / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _manifest_is_current(project):
            # what project.preparer.prepare does (the project has no packages), with our dbt
            dbt_resource().cli(
                ["parse", "--quiet", *warehouse_vars(warehouse_path)], target_path=project.target_path
            ).wait()


# Staging folders are named after the source (models/staging/comensha/, ...), the later layers'
# after the domain (models/marts/registration/, ...): the contracts say which source is which domain.
DOMAIN_OF_SOURCE = {c.source: c.domain for c in CONTRACTS}


class DomainGroupTranslator(DagsterDbtTranslator):
    """Keys dbt nodes by their name and groups them by domain, the folder under their layer
    (docs/architecture.md; seeds in `reference`), so `victims` in Dagster is `victims` in dbt and in
    serving.duckdb, and a source's landing table, staging and marts are one group."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey(dbt_resource_props["name"])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        # fqn: project, layer, domain folder, ..., model name
        fqn = dbt_resource_props.get("fqn", [])
        if len(fqn) < 4:  # a model straight in its layer folder: none today
            return fqn[1] if len(fqn) > 2 else "dbt"
        return DOMAIN_OF_SOURCE.get(fqn[2], fqn[2])


def build_dbt_assets() -> dg.AssetsDefinition:
    from orchestration.registry import manifest  # the registry imports this module

    project = dbt_project()

    @dbt_assets(
        # the registry's parse of target/manifest.json: the file is read once per process
        manifest=manifest(),
        project=project,
        dagster_dbt_translator=DomainGroupTranslator(),
        pool=WRITER_POOL,
        required_resource_keys={"dbt", BUILD_LOCK, WAREHOUSE},
    )
    def dbt_models(context: dg.AssetExecutionContext):
        dbt: DbtCliResource = context.resources.dbt
        settings = context.resources.warehouse.settings
        run_target = Path(project.project_dir) / project.target_path / run_target_name(context)
        reused = reuse_parse_state(run_target, settings.warehouse_path)
        if reused:
            context.log.debug(f"dbt parses partially, from the parse state of {reused.name}")
        invocation = dbt.cli(
            [*BUILD_ARGS, *warehouse_vars(settings.warehouse_path, settings.as_of_date)],
            context=context,
            target_path=run_target,
        )
        try:
            yield from invocation.stream()
        finally:
            prune_run_targets(Path(invocation.target_path), KEPT_RUN_TARGETS)

    return dbt_models


def other_runs(current: Path) -> list[Path]:
    """The other run target folders of the op of `current` beside it, newest first."""
    op_name = current.name.split("-", 1)[0]

    def modified(run: Path) -> float:
        try:
            return run.stat().st_mtime
        except OSError:  # pruned meanwhile by a build on another data dir: oldest, skipped later
            return 0.0

    return sorted(
        (p for p in current.parent.glob(f"{op_name}-*") if p.is_dir() and p != current),
        key=modified,
        reverse=True,
    )


def run_target_name(context: dg.AssetExecutionContext) -> str:
    """The run's own target folder, named as dagster-dbt names it when it picks one
    (`<op>-<run id prefix>-<uuid>`): prune_run_targets and tests/generated/checks.py read that."""
    return f"{context.op_execution_context.op.name}-{context.run.run_id[:7]}-{uuid.uuid4().hex[:7]}"


# dbt's partial-parse cache (dbt writes it into the run's target folder after parsing).
PARTIAL_PARSE_FILE = "partial_parse.msgpack"


def _run_warehouse(run_target: Path) -> str | None:
    """The warehouse a finished dbt run built (its run_results.json keeps the invocation's vars)."""
    try:
        results = json.loads((run_target / "run_results.json").read_text())
    except (OSError, ValueError):  # killed before the end, or pruned meanwhile by another build
        return None
    return (results.get("args", {}).get("vars") or {}).get("warehouse_path")


def reuse_parse_state(run_target: Path, warehouse_path: Path) -> Path | None:
    """Start the run in `run_target` with the partial-parse cache of the newest kept run of the
    same op on the same warehouse, and return that run's folder (None: there is none).

    dbt parses partially (~3 s instead of ~8 s of CPU) only when the cache was written under the
    same vars and rendered profile, and both hold the warehouse path (profiles.yml):
    dagster-dbt's own fallback, the project's target/partial_parse.msgpack, is of whichever data
    dir parsed last. dbt still re-checks every file's hash, so a cache older than the project
    only costs a re-parse of the changed files. The cache lives in the project's target folder,
    not the data dir, because it holds the project's absolute paths (seeds are read through
    them): a project moved elsewhere starts from a full parse instead of old seed files."""
    for run in other_runs(run_target):
        if _run_warehouse(run) != str(warehouse_path):
            continue
        run_target.mkdir(parents=True, exist_ok=True)
        copied = run_target / f"{PARTIAL_PARSE_FILE}.part"
        try:
            shutil.copyfile(run / PARTIAL_PARSE_FILE, copied)
        except OSError:  # pruned meanwhile by a build on another data dir
            continue
        os.replace(copied, run_target / PARTIAL_PARSE_FILE)
        return run
    return None


def prune_run_targets(current: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` run target folders of the same op next to `current`
    (named `<op>-<run id>-<uuid>`); returns the removed ones. `current` is always kept."""
    removed = other_runs(current)[max(keep - 1, 0) :]
    for old in removed:
        shutil.rmtree(old, ignore_errors=True)
    return removed


class DbtCliWithoutAdapter(DbtCliResource):
    """dagster-dbt's dbt CLI resource without the dbt adapter it builds in this process for every
    invocation: that adapter serves only `fetch_row_counts` and `fetch_column_metadata`, which the
    build does not use, and costs about 2 s of CPU a build (dbt's imports, the project and the
    profile loaded once more beside the dbt process). dagster-dbt runs without an adapter where it
    cannot make one, so the events and asset checks stay what they are."""

    def _initialize_dbt_core_adapter(self, args):  # dagster-dbt's hook, private
        return None


def dbt_resource() -> DbtCliResource:
    return DbtCliWithoutAdapter(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE)
