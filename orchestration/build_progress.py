"""What a quiet headless build (`make build`, `make demo`) shows while it runs.

Dagster's console logger prints every engine event at DEBUG (a dozen lines per step), dbt a line
per model and test, GX its progress bars: some 1,600 lines for the sample, in which a newcomer
misses the one that matters. Quiet, the build runs with this logger instead and with the
libraries' own output silenced (`silenced`); it shows what our steps say (per delivery: rows read,
accepted, quarantined; what was published), every warning and error, each failed check and step.
The whole run stays in Dagster's run storage (DAGSTER_HOME, the Dagster UI); without --quiet
(`VERBOSE=1 make build`, and every direct `python -m orchestration.build`) everything shows as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import TextIO

import dagster as dg

# Private, knowingly: Dagster 1.13 has no public way for a logger to read which step and which
# event a record is about; its own console loggers read it through this same function. Its
# behaviour is pinned by tests/unit/test_build_progress.py, so an upgrade that moves it fails there.
from dagster._core.log_manager import get_log_record_metadata

# dagster-dbt logs its own chatter (the command it runs, partial parse, the singular tests it
# cannot attach) from the dbt step; what dbt built shows as the step's success, a failure as its
# failure.
DBT_STEP = "dbt_models"
MAX_LINE = 200


def _line(text: str) -> str:
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return first if len(first) <= MAX_LINE else first[: MAX_LINE - 3] + "..."


class ProgressHandler(logging.Handler):
    def __init__(self, stream: TextIO):
        # DEBUG: Dagster logs its events (a step's failure, a check's result) at DEBUG; `_text`
        # keeps the failures of those, and of plain messages what is INFO or above.
        super().__init__(logging.DEBUG)
        self.stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        meta = get_log_record_metadata(record)
        step = meta.get("step_key") or "build"
        event = meta.get("dagster_event")
        text = self._text(record, step, event)
        if text:
            self.stream.write(f"  {step}: {_line(text)}\n")
            self.stream.flush()

    @staticmethod
    def _text(record: logging.LogRecord, step: str, event) -> str | None:
        if event is None:
            if record.levelno < logging.INFO or (step == DBT_STEP and record.levelno < logging.ERROR):
                return None
            level = "" if record.levelno < logging.WARNING else f"{record.levelname}: "
            return level + meta_message(record)
        if event.is_step_failure:
            error = event.step_failure_data.error
            # Dagster wraps the step's own exception ("Error occurred while executing op ..."):
            # the innermost cause says what went wrong.
            while error is not None and error.cause is not None:
                error = error.cause
            return "FAILED: " + (error.message if error else "see the Dagster run")
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed:
                kind = "blocking" if evaluation.severity == dg.AssetCheckSeverity.ERROR else "warning"
                return f"check {evaluation.check_name} failed ({kind}): {evaluation.description or ''}"
            return None
        if event.is_step_success and step == DBT_STEP:
            return "dbt models, seeds and tests built"
        return None


def meta_message(record: logging.LogRecord) -> str:
    return get_log_record_metadata(record).get("orig_message") or record.getMessage()


def progress_logger(stream: TextIO) -> dg.LoggerDefinition:
    """A Dagster logger that writes the quiet build's lines to `stream`."""

    @dg.logger(description="one line per stage, warnings and failures (orchestration/build_progress.py)")
    def progress(_init_context) -> logging.Logger:
        logger = logging.Logger("build_progress", logging.DEBUG)
        logger.addHandler(ProgressHandler(stream))
        return logger

    return progress


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """The libraries' prints (dbt's lines, which dagster-dbt echoes on stdout; GX's progress bars
    and warnings on stderr) go nowhere; the progress logger keeps the stream it was given."""
    with (
        open(os.devnull, "w") as devnull,
        contextlib.redirect_stdout(devnull),
        contextlib.redirect_stderr(devnull),
    ):
        yield


def quiet_run_config() -> dict:
    return {"loggers": {"progress": {}}}
