"""A build's phases for issue 19's table: start-up, ingestion, dbt, checks, publish.

A build process (`bench/stage.py build`, like `make build`) spends its time in
- start-up: from the process's start to the run's first step (imports of Dagster and dbt, the
  definitions loaded from the dbt manifest, the instance, the run created and launched);
- the steps of the job `build_warehouse`, each in one phase by what it runs (`step_phases`);
- between steps: the run's wall time that no step accounts for (Dagster's own events);
- wind-down: from the last step's end to the process's end.
The phases add up to the process's wall time (`phase_seconds`).
"""

from __future__ import annotations

from collections.abc import Mapping

INGESTION, DBT, CHECKS, PUBLISH = "ingestion", "dbt", "checks", "publish"
START_UP, BETWEEN_STEPS, WIND_DOWN = "start-up", "between steps", "wind-down"
PHASES = (START_UP, INGESTION, DBT, CHECKS, PUBLISH, BETWEEN_STEPS, WIND_DOWN)


def step_phases() -> dict[str, str]:
    """{step key of `build_warehouse`: its phase}, from the definitions themselves, so a new
    source, mart or check lands in its phase without a list here. The CTDC export counts as
    publishing: it is written from the published build, after serving.duckdb (assets/export.py)."""
    from orchestration import definitions
    from orchestration.assets.export import ctdc_export
    from orchestration.assets.publish import serving_database

    by_asset = {
        **{a.node_def.name: INGESTION for a in definitions.ingestion_assets},
        definitions.dbt_models.node_def.name: DBT,
        serving_database.node_def.name: PUBLISH,
        ctdc_export.node_def.name: PUBLISH,
    }
    job = definitions.defs.resolve_job_def(definitions.build_warehouse.name)
    # Every other step evaluates asset checks only: the stewards' suites (quality_checks.py).
    return {node.name: by_asset.get(node.name, CHECKS) for node in job.graph.node_defs}


def phase_seconds(
    steps: Mapping[str, tuple[float, float]],
    phase_of: Mapping[str, str],
    process_start: float,
    process_end: float,
) -> dict[str, float]:
    """Seconds per phase (PHASES), from each step's (start, end) and the process's start and end
    (all wall-clock timestamps). A step without a phase is an error: its time would be lost."""
    unknown = sorted(set(steps) - set(phase_of))
    if unknown:
        raise ValueError(f"steps without a phase: {unknown}")
    out = dict.fromkeys(PHASES, 0.0)
    if not steps:
        out[START_UP] = process_end - process_start
        return out
    for key, (start, end) in steps.items():
        out[phase_of[key]] += end - start
    first = min(start for start, _ in steps.values())
    last = max(end for _, end in steps.values())
    out[START_UP] = first - process_start
    out[WIND_DOWN] = process_end - last
    out[BETWEEN_STEPS] = (last - first) - sum(end - start for start, end in steps.values())
    return {k: round(v, 3) for k, v in out.items()}
