"""Headless build: materialise every asset once (`make build`, schedulers, test fixtures).

    python -m orchestration.build

Reads MH_INBOX_DIR, MH_DATA_DIR and MH_PSEUDONYM_KEY; without a key it creates a random demo key
once under MH_DATA_DIR (outside git) and uses it from then on.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dagster as dg

from orchestration.settings import ensure_demo_key, load_settings


def build_all(
    inbox_dir: Path | None = None,
    data_dir: Path | None = None,
    instance: dg.DagsterInstance | None = None,
) -> dg.ExecuteInProcessResult:
    """Run the `build_warehouse` job in this process and return its result (never raises on a
    failed step: the result says what failed, and the previous serving database stays)."""
    if inbox_dir is not None:
        os.environ["MH_INBOX_DIR"] = str(inbox_dir)
    if data_dir is not None:
        os.environ["MH_DATA_DIR"] = str(data_dir)
    load_settings().data_dir.mkdir(parents=True, exist_ok=True)

    from orchestration.assets.dbt import prepare_manifest

    prepare_manifest()
    from orchestration.definitions import defs

    job = defs.resolve_job_def("build_warehouse")
    return job.execute_in_process(
        instance=instance or dg.DagsterInstance.ephemeral(), raise_on_error=False
    )


def main() -> int:
    settings = load_settings()
    if not os.environ.get("MH_PSEUDONYM_KEY"):
        os.environ["MH_PSEUDONYM_KEY"] = ensure_demo_key(settings)
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else None
    result = build_all(instance=instance)
    failed = [e.step_key for e in result.all_events if e.is_step_failure]
    if result.success:
        print(f"Build complete: {settings.serving_path}")
        return 0
    print(f"Build failed in {', '.join(failed) or 'a check'}; the previous serving database stays.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
