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

import threading
from collections.abc import Iterable
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
    "SuitePreparation",
    "SuitePreparationFailed",
    "ensure_results_table",
    "results_rows",
    "build_run_docs",
    "prepare_suites_in_background",
    "run_suite",
    "write_results",
]


class SuitePreparationFailed(RuntimeError):
    """Preparing the suites on the dbt step's thread failed: raised, with that failure as its
    cause, by every check of a suite the preparation covered (run_suite)."""


class SuitePreparation(threading.Thread):
    """The thread of prepare_suites_in_background: keeps what failed instead of printing it, for
    the check that needs the suites to raise (raise_failure)."""

    def __init__(self, data_dir: Path, suite_names: tuple[str, ...], run_name: str) -> None:
        super().__init__(name="prepare-great-expectations", daemon=False)
        self.data_dir = Path(data_dir).resolve()
        self.suite_names = suite_names
        self.run_name = run_name
        self.failure: Exception | None = None

    def run(self) -> None:
        try:
            from orchestration.quality.gx_runner import prepare_checkpoints

            prepare_checkpoints(self.data_dir, self.suite_names)
        except Exception as failure:  # raised in the checks (raise_failure), with its traceback
            self.failure = failure

    def raise_failure(self, suite_name: str) -> None:
        """Wait for the preparation; raise SuitePreparationFailed if it failed and covered `suite_name`."""
        self.join()
        if self.failure is not None and suite_name in self.suite_names:
            raise SuitePreparationFailed(
                f"preparing the Great Expectations suites {', '.join(self.suite_names)} for {self.data_dir} "
                f"failed, so the check of suite {suite_name!r} cannot run: {self.failure!r}"
            ) from self.failure


# The newest preparation per data dir in this process (a dbt step starts one per build). It
# concerns the checks of its own run only: a process that runs several builds (the tests, a
# `dagster dev` code server in-process) must not fail a later run's checks with an older failure.
_PREPARATIONS: dict[Path, SuitePreparation] = {}


def prepare_suites_in_background(
    data_dir: Path, suite_names: Iterable[str], run_name: str
) -> SuitePreparation:
    """Import GX and store the suites' checkpoints under data_dir on a thread of its own, so the
    check steps of a build do not wait for either (issue 19). The dbt step calls this before it
    starts dbt, whose own process then has the build's time while this process mostly waits for
    dbt's output. On the sample under a load of 10-13: importing GX 10.7 s, the 29 suites'
    checkpoints 17 s in a new data dir and 5 s in one that has them (4.4 s of the first check
    step on a quiet machine). A check that starts meanwhile waits for the thread. Not a daemon:
    the process finishes the thread before it exits, so no GX store file is left half written.
    A failure here is not printed by the thread: each check of these suites raises it as the
    cause of its own SuitePreparationFailed (run_suite), so the build's check steps fail with it."""
    preparation = SuitePreparation(data_dir, tuple(suite_names), run_name)
    _PREPARATIONS[preparation.data_dir] = preparation
    preparation.start()
    return preparation


def run_suite(
    suite_name: str,
    frame: pd.DataFrame,
    *,
    data_dir: Path,
    run_name: str,
    parameters: dict | None = None,
    build_docs: bool = True,
) -> SuiteOutcome:
    """Validate `frame` with the named suite; see gx_runner.run_suite. Raises
    SuitePreparationFailed when this process prepared the suite for data_dir in run `run_name`
    and that failed."""
    from orchestration.quality.gx_runner import run_suite as _run_suite

    preparation = _PREPARATIONS.get(Path(data_dir).resolve())
    if preparation is not None and preparation.run_name == run_name:
        preparation.raise_failure(suite_name)

    return _run_suite(
        suite_name, frame, data_dir=data_dir, run_name=run_name, parameters=parameters, build_docs=build_docs
    )


def build_run_docs(data_dir: Path, run_name: str) -> int:
    """Render the Data Docs of one run's results; see gx_runner.build_run_docs."""
    from orchestration.quality.gx_runner import build_run_docs as _build_run_docs

    return _build_run_docs(data_dir, run_name)
