"""The edition a build counts, and the reporting window that can follow it (issue 17), through the
real Dagster builds and dbt.

A build counts the newest edition of seed ref_edition whose data date is on or before its newest
delivery (as of a date: its newest delivery by then; dbt_project/macros/reporting_window.sql). The
window is the dbt vars reporting_window_start/_end; with both null (the default, dbt_project.yml)
it is the counted edition's five registration years, and the marts count the span from the oldest
edition's first year up to that edition's last (counted_span: the trend series, issue 17
"Dashboards through 2025"). The builds are the session's: the
sample up to the 2013-2017 edition's data date (`built_warehouse`) and all of it
(`current_warehouse`); other vars and an as-of date are tried with dbt on a copy of the latter,
running only the model that states the window. Expected editions come from the seed and the
sample's delivery dates, not from the macro.

The calibration check (dbt_project/tests/assert_published_calibration_targets_match.sql) compares
the 2013-2017 targets only in a build of that edition: the whole sample, whose later deliveries
revise 2014 and 2017 (contracts later-years.md §2), passes it; a real mismatch still warns.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
from pathlib import Path

import duckdb

from orchestration.quality.references import dbt_vars
from orchestration.seeds import editions
from orchestration.settings import REPO_ROOT, Settings
from tests.dbt_cli import run_dbt
from tests.integration.builds import query_dicts
from tests.integration.published_seed import targets
from tests.sample import calibrated_edition_date, delivery_dates

WINDOW = "intermediate.int_editions__reporting_window"
CHECK = "assert_published_calibration_targets_match"
# a model that flags the meldingen inside the window (macros/reporting_window.sql in_counted_span)
USES_WINDOW = "stg_comensha__meldingen"
EDITIONS = [(e.edition, e.data_date, e.first_year, e.last_year) for e in editions()]


def _superset_counted_period():
    """superset/counted_period.py's reader, which the Superset bootstrap runs in its own venv (it
    needs only DuckDB, so this venv runs it as it is)."""
    path = REPO_ROOT / "superset" / "counted_period.py"
    spec = importlib.util.spec_from_file_location("superset_counted_period", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.counted_period


def _edition_as_of(date: dt.date) -> tuple[str, int, int]:
    """(edition, first year, last year) of the newest edition whose data date is on or before `date`."""
    edition, _, first, last = max((e for e in EDITIONS if e[1] <= date), key=lambda e: e[1])
    return edition, first, last


def _window(path: Path) -> tuple[str | None, int, int]:
    (row,) = query_dicts(path, f"SELECT edition, window_start, window_end FROM {WINDOW}")
    return row["edition"], row["window_start"].year, row["window_end"].year


def _copy(settings: Settings, tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy2(settings.warehouse_path, copy)
    return copy


def test_each_build_counts_the_edition_of_its_newest_delivery_and_every_year_up_to_its_last(
    built_warehouse, current_warehouse
):
    """Each build names the edition of its newest delivery and that edition's window (the default
    vars are null); its marts count every registration year from the oldest edition's first up to
    that edition's last: 2013-2017 as of the 2013-2017 data date, 2013-2025 on the whole sample
    (the victims mart, the span in int_editions__reporting_window and the period data_status
    gives the dashboards, which the Superset bootstrap reads, superset/counted_period.py)."""
    superset_period = _superset_counted_period()
    assert dbt_vars()["reporting_window_start"] is None and dbt_vars()["reporting_window_end"] is None
    first_year = min(e[2] for e in EDITIONS)
    cases = {
        "sample up to the 2013-2017 data date": (built_warehouse, calibrated_edition_date()),
        "whole sample": (current_warehouse, delivery_dates()[-1]),
    }
    mismatches = []
    for name, (settings, newest_delivery) in cases.items():
        edition, first, last = _edition_as_of(newest_delivery)
        found = _window(settings.warehouse_path)
        (span,) = query_dicts(settings.warehouse_path, f"SELECT span_start, span_end FROM {WINDOW}")
        years = query_dicts(
            settings.serving_path,
            "SELECT min(registration_year) AS first, max(registration_year) AS last FROM marts.victims",
        )[0]
        periods = query_dicts(
            settings.serving_path, "SELECT DISTINCT counted_period, counted_edition FROM marts.data_status"
        )
        expected = {
            "window": (edition, first, last),
            "span": (first_year, last),
            "victims": (first_year, last),
            "data_status": [(f"{first_year}-{last}", edition)],
            "superset": f"{first_year}-{last}",
        }
        got = {
            "window": found,
            "span": (span["span_start"].year, span["span_end"].year),
            "victims": (years["first"], years["last"]),
            "data_status": [(p["counted_period"], p["counted_edition"]) for p in periods],
            "superset": superset_period(settings.serving_path),
        }
        mismatches += [
            f"{name} {k}: expected {expected[k]}, got {got[k]}" for k in expected if got[k] != expected[k]
        ]
    assert not mismatches, "\n".join(mismatches)
    # the two builds do count different editions (else this test would show nothing)
    assert _window(built_warehouse.warehouse_path)[0] != _window(current_warehouse.warehouse_path)[0]


def test_before_the_first_build_the_dashboards_have_no_period(tmp_path):
    """Without serving.duckdb the Superset bootstrap finds no period (superset/counted_period.py):
    it reads the period from the build only, never from a seed of its own."""
    assert _superset_counted_period()(tmp_path / "serving.duckdb") is None


def test_null_vars_follow_the_edition_and_explicit_vars_win(current_warehouse, tmp_path):
    """With both vars null the window is the counted edition's years, of the whole sample or as of a
    date (the edition of the newest delivery on or before it); explicit vars override it (dbt on a
    copy of the whole sample)."""
    copy = _copy(current_warehouse, tmp_path)
    as_of = EDITIONS[1][1] + dt.timedelta(days=30)  # after the second edition's data date
    newest_by_then = max(d for d in delivery_dates() if d <= as_of)
    follow = {"reporting_window_start": None, "reporting_window_end": None}
    newest_edition = _edition_as_of(delivery_dates()[-1])
    cases = {
        "null vars": (follow, newest_edition),
        f"null vars as of {as_of}": (
            {**follow, "as_of_date": as_of.isoformat()},
            _edition_as_of(newest_by_then),
        ),
        "explicit vars": (
            {"reporting_window_start": "2014-01-01", "reporting_window_end": "2016-12-31"},
            (newest_edition[0], 2014, 2016),
        ),
    }
    mismatches = []
    for name, (dbt_vars_given, expected) in cases.items():
        # with a model that uses the window: it reads the window the edition model computed
        run = run_dbt(
            [
                "run",
                "--select",
                f"int_editions__reporting_window {USES_WINDOW}",
                "--vars",
                json.dumps(dbt_vars_given),
            ],
            copy,
            tmp_path / "target",
        )
        assert run.returncode == 0, run.stdout[-3000:]
        (flagged,) = query_dicts(
            copy,
            f"SELECT min(year(datum_melding)) AS first, max(year(datum_melding)) AS last "
            f"FROM staging.{USES_WINDOW} WHERE is_in_counted_span",
        )
        # the model flags the span the marts count: from the oldest edition's first year with the
        # vars null, the vars' window when they set one (macros/reporting_window.sql counted_span)
        span = (expected[1] if "explicit" in name else min(e[2] for e in EDITIONS), expected[2])
        if (_window(copy), (flagged["first"], flagged["last"])) != (expected, span):
            mismatches.append(
                f"{name}: expected {expected} flagging {span}, got {_window(copy)}, flagged years {flagged}"
            )
    assert not mismatches, "\n".join(mismatches)
    # the as-of case names another edition than the whole sample's (else it would show nothing)
    assert _edition_as_of(newest_by_then) != newest_edition


def _check(copy: Path, target: Path) -> dict:
    run = run_dbt(["test", "--select", CHECK], copy, target)
    assert run.returncode == 0, run.stdout[-3000:]  # a warning, never an error
    (result,) = json.loads((target / "run_results.json").read_text())["results"]
    return {"status": result["status"], "failures": result["failures"]}


def test_the_calibration_check_passes_the_whole_sample_and_warns_on_a_real_mismatch(
    built_warehouse, current_warehouse, tmp_path
):
    """The whole sample: its comparison of the 2013-2017 targets differs (its marts count a later
    edition), yet the check passes. The 2013-2017 build with one headline figure made wrong in a
    copy of its comparison mart: the check warns with exactly that figure."""
    (headline_2014,) = [r for r in targets("victims_headline") if r["year"] == "2014"]
    differing = query_dicts(
        current_warehouse.warehouse_path,
        "SELECT count(*) AS n FROM marts.published_figures_comparison "
        "WHERE is_calibration_target AND NOT is_report_inconsistent AND NOT matches",
    )[0]["n"]
    assert differing > 0
    # one target folder: the second run reuses the first one's parse
    whole = _check(_copy(current_warehouse, tmp_path / "whole"), tmp_path / "target")
    # the build of 2013-2017 passed it (test_published_figures.py: every target has zero difference)
    calibrated = _copy(built_warehouse, tmp_path)
    with duckdb.connect(str(calibrated)) as con:
        con.execute(
            "UPDATE marts.published_figures_comparison SET warehouse_value = published_value + 1, "
            "difference = 1, matches = false WHERE figure_id = ?",
            [headline_2014["figure_id"]],
        )
    assert (whole, _check(calibrated, tmp_path / "target")) == (
        {"status": "pass", "failures": 0},
        {"status": "warn", "failures": 1},
    )
