"""Run a suite on a DataFrame through GX 1.x: file context, validation definition, checkpoint.

Layout (expectations/great_expectations.yml):

* the file context is rooted in `expectations/` (committed configuration, never written here);
* suites, validation definitions and checkpoints are synchronised from code
  (expectations/suites/, built by orchestration/quality/suites.py) into `<data_dir>/gx_state/`;
* validation results go to `<data_dir>/gx_results/`, Data Docs to `<data_dir>/data_docs/`.

`${MH_DATA_DIR}` in the YAML is substituted by GX from `runtime_environment`, so every call can
point at its own data directory (tests use temporary ones) without touching the YAML.

Per process and data directory the context and the checkpoints are built once and cached: GX
import plus context creation cost seconds, a cached run costs well under one. Across processes,
a lock file in `<data_dir>/gx_state/` serialises the synchronisation and the runs (stores and
Data Docs are plain files that GX writes without locking), and a checkpoint made stale by
another process (different code) is re-synchronised and the run retried once.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import math
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import great_expectations as gx
import numpy as np
import pandas as pd
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context import set_context
from great_expectations.exceptions import DataContextError
from great_expectations.exceptions.resource_freshness import (
    ResourceFreshnessAggregateError,
    ResourceFreshnessError,
)

from orchestration.quality import gx_metrics  # noqa: F401 - registers the faster pair-in-set metric
from orchestration.quality.outcomes import ExpectationOutcome, SuiteOutcome
from orchestration.quality.suites import ERROR, SUITES, WARNING, SuiteSpec
from orchestration.settings import EXPECTATIONS_DIR

# Names in expectations/great_expectations.yml (fluent_datasources) and the Data Docs site.
DATASOURCE = "warehouse_frames"
# One dataframe asset for all suites: what a run validates is the frame it passes; which suite
# judges it is the validation definition's (named after the suite).
DATAFRAME_ASSET = "tabel"
BATCH_DEFINITION = "whole_frame"
SITE_NAME = "local_site"

# How a data directory is laid out (the YAML's base_directory values, relative to data_dir).
DATA_DOCS_DIR = "data_docs"
RESULTS_DIR = "gx_results"
STATE_DIR = "gx_state"

# SUMMARY gives counts, percentages and a sample of unexpected values, without every row.
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 20}
SAMPLE_SIZE = 5
MAX_TEXT = 500


def data_docs_index(data_dir: Path) -> Path:
    return Path(data_dir) / DATA_DOCS_DIR / "index.html"


# --------------------------------------------------------------------------------------------
# context and stores, cached per process and data directory
# --------------------------------------------------------------------------------------------


@dataclass
class _Runtime:
    data_dir: Path
    context: Any
    checkpoints: dict[str, Any] = field(default_factory=dict)


_RUNTIMES: dict[Path, _Runtime] = {}
_THREAD_LOCK = threading.RLock()


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """One GX writer per data directory: threads of this process, and other processes."""
    state = data_dir / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    with _THREAD_LOCK, open(state / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _runtime(data_dir: Path) -> _Runtime:
    runtime = _RUNTIMES.get(data_dir)
    if runtime is None:
        context = gx.get_context(
            mode="file",
            context_root_dir=EXPECTATIONS_DIR,
            runtime_environment={"MH_DATA_DIR": str(data_dir)},
        )
        runtime = _Runtime(data_dir=data_dir, context=context)
        _RUNTIMES[data_dir] = runtime
    return runtime


def _batch_definition(context):
    """The one batch definition every suite validates: the whole frame the caller passes."""
    try:
        asset = context.data_sources.get(DATASOURCE).get_asset(DATAFRAME_ASSET)
        return asset.get_batch_definition(BATCH_DEFINITION)
    except (KeyError, LookupError, ValueError, DataContextError) as e:
        # Never add it here: that would rewrite the committed great_expectations.yml at run time.
        raise RuntimeError(
            f"expectations/great_expectations.yml has no dataframe asset {DATAFRAME_ASSET!r} with batch "
            f"definition {BATCH_DEFINITION!r} in datasource {DATASOURCE!r}"
        ) from e


def _comparable(suite) -> str:
    """A suite as JSON without the ids GX assigns, to tell whether the stored one is current."""
    data = suite.to_json_dict()
    data.pop("id", None)
    for expectation in data.get("expectations", []):
        expectation.pop("id", None)
        expectation.pop("rendered_content", None)
    data["expectations"] = sorted(data.get("expectations", []), key=lambda e: json.dumps(e, sort_keys=True))
    return json.dumps(data, sort_keys=True, default=str)


def _sync_suite(context, spec: SuiteSpec):
    wanted = spec.build()
    try:
        stored = context.suites.get(spec.name)
    except DataContextError:
        return context.suites.add(wanted)
    if _comparable(stored) == _comparable(wanted):
        return stored
    return context.suites.add_or_update(wanted)


def _sync_validation_definition(context, name: str, suite, batch_definition):
    # Not validation_definitions.add_or_update: it also saves the batch definition, which
    # rewrites the committed great_expectations.yml (GX 1.24, ValidationDefinitionFactory).
    try:
        stored = context.validation_definitions.get(name)
        if stored.suite.id == suite.id and stored.data.id == batch_definition.id:
            return stored
        context.validation_definitions.delete(name)
    except DataContextError:
        pass
    return context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch_definition, suite=suite)
    )


def _sync_checkpoint(context, name: str, validation_definition):
    # Not checkpoints.add_or_update: it calls validation_definitions.add_or_update (see above).
    # No UpdateDataDocsAction: the Data Docs are built by run_suite or build_run_docs, so that a
    # build renders its pages once, together (each rebuild of the site costs most of a second).
    actions: list = []
    try:
        stored = context.checkpoints.get(name)
        if (
            [vd.id for vd in stored.validation_definitions] == [validation_definition.id]
            and [a.dict() for a in stored.actions] == [a.dict() for a in actions]
            and stored.result_format == RESULT_FORMAT
        ):
            return stored
        context.checkpoints.delete(name)
    except DataContextError:
        pass
    return context.checkpoints.add(
        gx.Checkpoint(
            name=name,
            validation_definitions=[validation_definition],
            actions=actions,
            result_format=RESULT_FORMAT,
        )
    )


def _checkpoint(runtime: _Runtime, spec: SuiteSpec, refresh: bool = False):
    checkpoint = None if refresh else runtime.checkpoints.get(spec.name)
    if checkpoint is None:
        context = runtime.context
        batch_definition = _batch_definition(context)
        suite = _sync_suite(context, spec)
        validation_definition = _sync_validation_definition(context, spec.name, suite, batch_definition)
        checkpoint = _sync_checkpoint(context, spec.name, validation_definition)
        runtime.checkpoints[spec.name] = checkpoint
    return checkpoint


def prepare_checkpoints(data_dir: Path, suite_names: Iterable[str]) -> None:
    """Make this process's context for data_dir and store the suites' checkpoints, as the first
    run of each suite would (orchestration/quality/__init__.py prepare_suites_in_background)."""
    data_dir = Path(data_dir).resolve()
    with _locked(data_dir):
        runtime = _runtime(data_dir)
        set_context(runtime.context)
        for name in suite_names:
            _checkpoint(runtime, SUITES[name])


# --------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _column(kwargs: dict) -> str | None:
    if kwargs.get("column"):
        return kwargs["column"]
    if kwargs.get("column_list"):
        return ", ".join(kwargs["column_list"])
    if kwargs.get("column_A"):
        return f"{kwargs['column_A']}, {kwargs['column_B']}"
    return None


def _percent(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.2f}".replace(".", ",") + "%"


def _exception_message(exception: dict | None) -> str | None:
    """GX reports an exception either flat ({raised_exception, exception_message, ...}) or, for
    a failed metric, keyed by the metric's id ({<metric id>: {exception_message, ...}})."""
    if not exception:
        return None
    if exception.get("raised_exception"):
        return str(exception.get("exception_message"))
    nested = [v.get("exception_message") for v in exception.values() if isinstance(v, dict)]
    nested = [str(m) for m in nested if m]
    return "; ".join(nested) if nested else None


def _observed(result: dict, exception: dict | None, kwargs: dict) -> str | None:
    if message := _exception_message(exception):
        return _text(f"kon niet worden gecontroleerd: {message}")
    if "observed_value" in result:
        observed = _text(result["observed_value"])
        if "value" in kwargs and result["observed_value"] != kwargs["value"]:
            return f"{observed} (verwacht: {_text(kwargs['value'])})"
        return observed
    if "unexpected_count" in result:
        count = result.get("unexpected_count") or 0
        total = result.get("element_count")
        base = f" van {total}" if total is not None else ""
        return f"{count}{base} rijen wijken af ({_percent(result.get('unexpected_percent'))})"
    return None


def _sample(result: dict) -> str | None:
    details = result.get("details") or {}
    if details.get("mismatched"):
        return _text(details["mismatched"])
    values = result.get("partial_unexpected_list") or []
    distinct: list[Any] = []
    for value in values:
        if value not in distinct:
            distinct.append(value)
        if len(distinct) == SAMPLE_SIZE:
            break
    return _text(distinct) if distinct else None


def _outcome(expectation_result) -> ExpectationOutcome:
    config = expectation_result.expectation_config
    meta = config.meta or {}
    result = expectation_result.result or {}
    exception = expectation_result.exception_info or {}
    return ExpectationOutcome(
        expectation=config.type,
        column=_column(config.kwargs),
        severity=meta.get("severity", ERROR),
        beschrijving=meta.get("beschrijving", ""),
        success=bool(expectation_result.success),
        observed_value=_observed(result, exception, config.kwargs),
        unexpected_sample=None if expectation_result.success else _sample(result),
        unexpected_index=() if expectation_result.success else _indexes(result),
    )


def _indexes(result: dict) -> tuple[int, ...]:
    """Frame positions of the failing rows GX sampled (pandas: `partial_unexpected_index_list`)."""
    out = []
    for value in result.get("partial_unexpected_index_list") or []:
        if isinstance(value, int):
            out.append(value)
        elif isinstance(value, dict) and isinstance(value.get("index"), int):
            out.append(value["index"])
    return tuple(out)


# --------------------------------------------------------------------------------------------
# the API
# --------------------------------------------------------------------------------------------


def _convert_object_columns(frame: pd.DataFrame, holds: Callable[[Any], bool], convert) -> pd.DataFrame:
    """Each object column whose every non-null value `holds`, converted by `convert` (a Series
    in, a Series out); the frame uncopied when there is none."""
    converted = {}
    for column in frame.columns:
        series = frame[column]
        if series.dtype != object:
            continue
        values = series.dropna()
        if len(values) and all(holds(v) for v in values):
            converted[column] = convert(series)
    return frame.assign(**converted) if converted else frame


def _normalise_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns of `datetime.date` values (pyarrow's default for DATE) become datetime64.

    GX compares date columns with pandas Timestamps (suite parameters, column pairs), and
    pandas refuses to compare a Timestamp with a `datetime.date`. A frame from DuckDB's `.df()`
    or from Polars already has datetime64 columns and is passed through uncopied.
    """
    return _convert_object_columns(
        frame, lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime), pd.to_datetime
    )


def _hashable_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns of numpy arrays (DuckDB's LIST from `.df()`, e.g. CoMensha's `sector`)
    become tuples of the same values.

    GX fingerprints every batch: `pd.util.hash_pandas_object`, and when that raises TypeError,
    as it does on arrays, a pickle of the whole frame (PandasExecutionEngine,
    hash_pandas_dataframe). That pickle was most of a fifth of the landing_comensha check (4.6 s
    for 18,709 rows under load; issue 19). Tuples hash, and hold the same elements in order."""
    return _convert_object_columns(
        frame,
        lambda v: isinstance(v, np.ndarray),
        lambda series: series.map(lambda v: tuple(v.tolist()) if isinstance(v, np.ndarray) else v),
    )


def run_suite(
    suite_name: str,
    frame: pd.DataFrame,
    *,
    data_dir: Path,
    run_name: str,
    parameters: dict | None = None,
    build_docs: bool = True,
) -> SuiteOutcome:
    """Validate `frame` with a suite of expectations/suites/; rebuild the Data Docs under data_dir.

    `parameters` fill the suite's parameters (SuiteSpec.parameters lists them with defaults;
    the victims suite needs `expected_row_count`). Raises ValueError for an unknown suite or a
    missing/unknown parameter; never raises because the data is bad. With `build_docs=False`
    the result is stored but its page is rendered later by `build_run_docs` (the outcome still
    names the page it will have).
    """
    started = time.perf_counter()
    spec = SUITES.get(suite_name)
    if spec is None:
        raise ValueError(f"unknown suite {suite_name!r}; known: {sorted(SUITES)}")
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    values = spec.resolve_parameters(parameters)
    frame = _hashable_lists(_normalise_dates(frame))
    data_dir = Path(data_dir).resolve()
    run_at = dt.datetime.now(dt.UTC)
    run_id = RunIdentifier(run_name=run_name, run_time=run_at)

    with _locked(data_dir):
        runtime = _runtime(data_dir)
        # Objects that belong to no context resolve through the process-wide current one; with
        # several data directories in one process (tests) make sure it is this one.
        set_context(runtime.context)
        checkpoint = _checkpoint(runtime, spec)
        try:
            result = checkpoint.run(
                batch_parameters={"dataframe": frame}, expectation_parameters=values, run_id=run_id
            )
        except (ResourceFreshnessError, ResourceFreshnessAggregateError):
            # Another process stored a different version of the suite (other code): re-sync, retry.
            checkpoint = _checkpoint(runtime, spec, refresh=True)
            result = checkpoint.run(
                batch_parameters={"dataframe": frame}, expectation_parameters=values, run_id=run_id
            )
        ((key, validation_result),) = result.run_results.items()
        if build_docs:
            _build_docs(runtime.context, [key])
        page = _validation_page(runtime.context, key)

    outcomes = [_outcome(r) for r in validation_result.results]
    errors = [o for o in outcomes if not o.success and o.severity == ERROR]
    warnings = [o for o in outcomes if not o.success and o.severity == WARNING]
    index = data_docs_index(data_dir)
    return SuiteOutcome(
        suite=suite_name,
        success=not errors,
        error_failures=errors,
        warning_failures=warnings,
        outcomes=outcomes,
        data_docs_path=index if index.exists() or not build_docs else None,
        run_name=run_name,
        run_at=run_at,
        validation_page=page,
        parameters=values,
        duration_seconds=time.perf_counter() - started,
    )


def _build_docs(context, keys: list) -> None:
    context.build_data_docs(site_names=[SITE_NAME], resource_identifiers=keys, build_index=True)


def build_run_docs(data_dir: Path, run_name: str) -> int:
    """Render the Data Docs pages of every validation result of `run_name` and the index, in one
    site build; returns the number of pages."""
    data_dir = Path(data_dir).resolve()
    with _locked(data_dir):
        runtime = _runtime(data_dir)
        set_context(runtime.context)
        keys = [
            key
            for key in runtime.context.validation_results_store.list_keys()
            if key.run_id.run_name == run_name
        ]
        if keys:
            _build_docs(runtime.context, keys)
    return len(keys)


def _validation_page(context, key) -> Path | None:
    """Where the page of this result is (or will be, once its docs are built)."""
    try:
        urls = context.get_docs_sites_urls(resource_identifier=key, site_name=SITE_NAME, only_if_exists=False)
    except Exception:  # the page link is a convenience; the run itself succeeded
        return None
    url = urls[0]["site_url"] if urls else None
    if not url or not url.startswith("file://"):
        return None
    return Path(url.removeprefix("file://"))
