"""The dbt project as Dagster assets: one graph from the landing tables to the marts."""

import fcntl
import importlib.metadata
import os
import shutil
import sys
import uuid
from collections.abc import Mapping
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from packaging.version import Version

from orchestration.assets.ingestion import WRITER_POOL
from orchestration.build_lock import BUILD_LOCK
from orchestration.dbt_build_target import BuildTarget, write_build_target
from orchestration.ingestion.contracts import CONTRACTS
from orchestration.quality import prepare_suites_in_background
from orchestration.quality.checks import suite_checks
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

# The data tests of the reference data alone: those declared in the seeds' YAML (dbt_project/seeds/)
# and the singular tests tagged `reference_data` that read only seeds. They check files of the
# repository, which no delivery changes, so they run once per change of the repository, beside the
# unit tests (tests/dbt/test_dbt_unit_tests.py), not in every build: ~57 of its test nodes, each
# a query and ~25 ms of dbt's own work (issue 19). The seeds themselves still load in every build.
# The seeds' YAML files (seeds/_seeds*.yml) by file name: `path:` is relative to the working
# directory, and a seed's own path would select, by dbt's eager indirect selection, every test of a
# model that also reads it.
REFERENCE_DATA_TESTS = "file:_seeds*.yml tag:reference_data"
# What a build leaves out of `dbt build` (beside the unit tests); dbt splits the value at spaces.
BUILD_EXCLUDE = ["--exclude", REFERENCE_DATA_TESTS]


@cache
def dbt_project() -> DbtProject:
    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


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


def prepare_manifest() -> None:
    """Write target/manifest.json (`dbt parse`), needed before the definitions load; skipped
    when no model, seed or yml file changed since the last parse (each parse costs seconds).
    Its target/partial_parse.msgpack is where every build's dbt run starts from: dagster-dbt
    copies it into the run's target folder, and since no build differs from another in profile or
    vars (orchestration/dbt_build_target.py), the run parses only what changed since."""
    project = dbt_project()
    target = Path(project.project_dir) / project.target_path
    target.mkdir(parents=True, exist_ok=True)
    # Builds on other data dirs (parallel test workers, `dagster dev` beside `make build`) share
    # this target folder: one parse at a time, and the others then find the manifest current.
    with open(target / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _manifest_is_current(project):
            # what project.preparer.prepare does (the project has no packages), with our dbt
            dbt_resource().cli(["parse", "--quiet"], target_path=project.target_path).wait()


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
        # no asset checks for them either: dagster-dbt passes this to `dbt build` as --exclude
        exclude=REFERENCE_DATA_TESTS,
        dagster_dbt_translator=DomainGroupTranslator(),
        pool=WRITER_POOL,
        required_resource_keys={"dbt", BUILD_LOCK, WAREHOUSE},
    )
    def dbt_models(context: dg.AssetExecutionContext):
        dbt: DbtCliResource = context.resources.dbt
        settings = context.resources.warehouse.settings
        run_target = Path(project.project_dir) / project.target_path / run_target_name(context)
        write_build_target(run_target, BuildTarget(settings.warehouse_path, settings.as_of_date))
        invocation = dbt.cli(BUILD_ARGS, context=context, target_path=run_target)
        # The checks that follow need GX and their checkpoints: make them while dbt works in its
        # own process.
        prepare_suites_in_background(
            settings.data_dir, [check.suite for check in suite_checks()], run_name=context.run_id
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
        except OSError:  # pruned meanwhile by a build on another data dir: oldest
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

    @cached_property
    def _cli_version(self) -> Version:  # dagster-dbt's, private
        """The version of DBT_EXECUTABLE, the dbt-core installed beside this interpreter, from its
        package metadata: dagster-dbt runs `dbt --version` for it instead, once per resource
        instance (Dagster makes one per run), about 2 s of CPU a build for dbt's imports."""
        return Version(importlib.metadata.version("dbt-core"))


def dbt_resource() -> DbtCliResource:
    return DbtCliWithoutAdapter(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE)
