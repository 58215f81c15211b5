"""Great Expectations 1.x for the data stewards, called directly from the Dagster asset checks.

    from orchestration.quality import run_suite, results_rows

    outcome = run_suite("victims", frame, data_dir=settings.data_dir, run_name=context.run_id,
                        parameters={"expected_row_count": n})
    outcome.success            # False only if an expectation of severity `error` failed
    outcome.error_failures     # stop the publish
    outcome.warning_failures   # publish, and show to the stewards
    outcome.data_docs_path     # <data_dir>/data_docs/index.html
    rows = results_rows(outcome, run_id=context.run_id, source="comensha")  # quality.results
    write_results(con, rows)   # creates quality.results with explicit types if missing

Suites: expectations/suites/*.yml, built by orchestration/quality/suites.py (SUITES). GX configuration:
expectations/.
Importing this package is cheap: GX (about ten seconds to import) loads on the first run_suite.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.quality.outcomes import (
    RESULTS_COLUMNS,
    RESULTS_DDL,
    ExpectationOutcome,
    SuiteOutcome,
    ensure_results_table,
    results_rows,
    write_results,
)
from orchestration.settings import EXPECTATIONS_DIR

if TYPE_CHECKING:
    import pandas as pd

# No usage statistics leave this machine: the GX context says so itself
# (expectations/great_expectations.yml `analytics_enabled: false`), and the Makefile exports
# GX_ANALYTICS_ENABLED=false for every process it starts. The pipeline does not set it in its
# own environment (issue 16: no process-wide writes).

# One suite per file in expectations/suites/ (orchestration/quality/suites.py builds them); listing
# the names reads no YAML and imports no GX.
SUITE_NAMES = tuple(sorted(p.stem for p in (EXPECTATIONS_DIR / "suites").glob("*.yml")))

__all__ = [
    "RESULTS_COLUMNS",
    "RESULTS_DDL",
    "SUITE_NAMES",
    "ExpectationOutcome",
    "SuiteOutcome",
    "ensure_results_table",
    "results_rows",
    "build_run_docs",
    "import_great_expectations_in_background",
    "run_suite",
    "write_results",
]


def import_great_expectations_in_background() -> threading.Thread:
    """Import GX (and the suites) on a thread of its own, so the first check of a build does not
    wait for it (issue 19): the dbt step calls this before it starts dbt, whose own process then
    has the build's time while this process mostly waits for dbt's output. Importing GX cost the
    first check step 4.4 s of its time on a quiet machine (10 s under load). An import that fails
    here fails again, with its message, in the first run_suite; the thread itself stays quiet."""

    def _import() -> None:
        with contextlib.suppress(Exception):
            import orchestration.quality.gx_runner  # noqa: F401

    thread = threading.Thread(target=_import, name="import-great-expectations", daemon=True)
    thread.start()
    return thread


def run_suite(
    suite_name: str,
    frame: pd.DataFrame,
    *,
    data_dir: Path,
    run_name: str,
    parameters: dict | None = None,
    build_docs: bool = True,
) -> SuiteOutcome:
    """Validate `frame` with the named suite; see gx_runner.run_suite."""
    from orchestration.quality.gx_runner import run_suite as _run_suite

    return _run_suite(
        suite_name, frame, data_dir=data_dir, run_name=run_name, parameters=parameters, build_docs=build_docs
    )


def build_run_docs(data_dir: Path, run_name: str) -> int:
    """Render the Data Docs of one run's results; see gx_runner.build_run_docs."""
    from orchestration.quality.gx_runner import build_run_docs as _build_run_docs

    return _build_run_docs(data_dir, run_name)
