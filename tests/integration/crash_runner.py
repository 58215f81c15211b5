"""`python -m orchestration.build`, killed with SIGKILL at a chosen point (test-only).

    python -m tests.integration.crash_runner <point> [--only ASSET] [build args]

The crash tests start this as a subprocess in its own session. It installs one hook at a named
point of the real build and then runs `orchestration.build.main()` unchanged; at the point the hook
SIGKILLs the whole process group (the build and its dbt child), as an OOM kill, a power cut of the
process or `kill -9` of a scheduler's job would. No sleep, no timing guess: the point is a place in
the code. Points:

- `none`                   no hook: the ordinary build
- `ingestion`              in the transaction of the newest OM delivery, after its landing rows are
                           inserted and before its load_log row (the other sources committed)
- `dbt`                    after the 25th event that dbt streamed (dbt is writing models)
- `quality-publish`        writing quality.duckdb.new: after its first table, the file still open
- `publish-before-rename`  serving.duckdb.new complete and fsynced, just before the rename

`--only ASSET`: the run materialises that asset of the job alone (Dagster's asset selection, as
"Materialize" of one asset in the Dagster UI does), still under `orchestration.build.main()` with its
lock and release of killed runs, on whatever the build database holds. For a kill point late in the
job that an earlier run of the chain already brought the build database to: its dbt models built
and checked, the point's step needs nothing more.
"""

from __future__ import annotations

import os
import signal
import sys

POINTS = ("none", "ingestion", "dbt", "quality-publish", "publish-before-rename")


def die(point: str) -> None:
    print(f"CRASH_RUNNER: killing the build at {point}", file=sys.stderr, flush=True)
    os.killpg(os.getpgid(0), signal.SIGKILL)


def install(point: str) -> None:
    if point == "ingestion":
        from orchestration.ingestion import store

        original = store.append

        def append(con, table, frame):
            original(con, table, frame)
            if table == "landing_om" and frame.height and frame["file_name"][0].endswith("20181001.csv"):
                die(point)

        store.append = append
    elif point == "dbt":
        from dagster_dbt.core.dbt_cli_invocation import DbtCliInvocation

        original_stream = DbtCliInvocation.stream

        def stream(self, *args, **kwargs):
            for n, event in enumerate(original_stream(self, *args, **kwargs), start=1):
                yield event
                if n == 25:
                    die(point)

        DbtCliInvocation.stream = stream
    elif point in ("quality-publish", "publish-before-rename"):
        from orchestration import duckdb_files

        original_write = duckdb_files.write_atomically
        original_replace = duckdb_files._replace

        def write_atomically(target, warehouse, schema, tables):
            if point == "quality-publish" and target.name == "quality.duckdb":

                def first_table_then_die(con):
                    items = list(tables(con).items())

                    class Dying(dict):
                        def items(self):
                            yield items[0]
                            die(point)

                    return Dying(items)

                return original_write(target, warehouse, schema, first_table_then_die)
            return original_write(target, warehouse, schema, tables)

        def replace(tmp, target):
            if point == "publish-before-rename" and target.name == "serving.duckdb":
                die(point)
            original_replace(tmp, target)

        duckdb_files.write_atomically = write_atomically
        duckdb_files._replace = replace
        # the modules that imported the function by name
        import orchestration.assets.publish as publish
        import orchestration.quality.steward as steward

        publish.write_atomically = write_atomically
        steward.write_atomically = write_atomically
    elif point != "none":
        raise SystemExit(f"unknown crash point {point!r}; one of {POINTS}")


def select_only(asset: str) -> None:
    """Every run of the job in this process materialises `asset` alone."""
    import dagster as dg

    original = dg.JobDefinition.execute_in_process

    def execute_in_process(self, *args, **kwargs):
        # The subset first, with the job's own resources, then run as the build runs the job:
        # execute_in_process(asset_selection=...) would rebuild it around the build's resources
        # and refuse them as different from the assets' own.
        return original(self.get_subset(asset_selection={dg.AssetKey(asset)}), *args, **kwargs)

    dg.JobDefinition.execute_in_process = execute_in_process


if __name__ == "__main__":
    point, build_args = sys.argv[1], sys.argv[2:]
    install(point)
    if build_args[:1] == ["--only"]:
        select_only(build_args[1])
        build_args = build_args[2:]
    from orchestration.build import main

    sys.exit(main(build_args))
