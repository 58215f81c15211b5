"""The sensor path of `dagster dev` in one test process: `inbox_sensor` evaluated tick after tick,
and the run it requests executed as the run launcher would run it (the code location's job, with
the code location's resources built from the MH_* variables the test sets)."""

from __future__ import annotations

import dagster as dg

from orchestration.automation import BUILD_JOB, inbox_sensor
from orchestration.resources import PSEUDONYM_KEY, WAREHOUSE, PseudonymKey, WarehouseSettings


class Sensor:
    """`inbox_sensor` evaluated tick after tick on one Dagster instance, carrying its cursor."""

    def __init__(self, instance: dg.DagsterInstance, cursor: str | None = None):
        self.instance = instance
        self.cursor = cursor
        self.skip_message = None
        self.request: dg.RunRequest | None = None  # the last tick's request, if it made one

    def tick(self) -> list[str]:
        """The files the tick requests a build for (none: the tick skipped)."""
        # The code location's resource, from the MH_* variables the test sets (orchestration/definitions.py).
        context = dg.build_sensor_context(
            instance=self.instance,
            cursor=self.cursor,
            resources={WAREHOUSE: WarehouseSettings.from_environment()},
        )
        result = inbox_sensor.evaluate_tick(context)
        self.cursor = result.cursor
        self.skip_message = result.skip_message
        assert len(result.run_requests) <= 1
        self.request = result.run_requests[0] if result.run_requests else None
        if self.request is None:
            assert result.skip_message
            return []
        return self.request.tags["inbox/new_files"].split(", ")

    def run_requested(self) -> dg.ExecuteInProcessResult:
        """Execute the last tick's run request in this process, as `dagster dev` launches it: the
        sensor's job with the request's tags and run key, on the sensor's instance, with the code
        location's resources (orchestration/definitions.py) for the MH_* variables the test sets.
        In-process, so imports and the Dagster definitions are paid once for many runs."""
        assert self.request is not None, "the last tick requested no run"
        from orchestration.assets.dbt import prepare_manifest

        warehouse = WarehouseSettings.from_environment()
        prepare_manifest()  # what `make demo` does before `dagster dev`
        from orchestration.definitions import defs

        job = defs.resolve_job_def(self.request.job_name or BUILD_JOB)
        return job.execute_in_process(
            run_config=self.request.run_config or None,
            instance=self.instance,
            raise_on_error=False,
            tags={**self.request.tags, "dagster/run_key": self.request.run_key},
            resources={WAREHOUSE: warehouse, PSEUDONYM_KEY: PseudonymKey()},
        )
