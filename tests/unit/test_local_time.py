"""Times the product writes are Amsterdam time with the zone said (orchestration/local_time.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from orchestration.local_time import amsterdam_time

UTC = dt.UTC


def test_amsterdam_time_in_winter_summer_and_across_the_date_line():
    shown = {
        moment: amsterdam_time(moment)
        for moment in (
            dt.datetime(2026, 1, 15, 11, 0, 0, tzinfo=UTC),  # CET = UTC+1
            dt.datetime(2026, 7, 15, 11, 0, 0, tzinfo=UTC),  # CEST = UTC+2
            dt.datetime(2026, 12, 31, 23, 30, 5, tzinfo=UTC),  # already next year in Amsterdam
            dt.datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC),  # the spring change: 02:00 CET -> 03:00 CEST
        )
    }
    assert list(shown.values()) == [
        "2026-01-15 12:00:00 CET",
        "2026-07-15 13:00:00 CEST",
        "2027-01-01 00:30:05 CET",
        "2026-03-29 03:00:00 CEST",
    ]


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError):
        amsterdam_time(dt.datetime(2026, 1, 15, 11, 0, 0))


def test_the_zone_is_named_once_and_dbt_and_python_take_it_from_there(tmp_path):
    """dbt_project.yml's var `local_time_zone` is the one place (issue 15): no product source names
    a zone itself, Python's zone is that var, and data_status compiles with whatever zone dbt is
    given, so the var is what it uses."""
    import yaml

    from orchestration.local_time import AMSTERDAM
    from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT
    from tests.dbt_cli import run_dbt

    sources = [
        *(REPO_ROOT / "orchestration").rglob("*.py"),
        *(DBT_PROJECT_DIR / "models").rglob("*.sql"),
        *(DBT_PROJECT_DIR / "macros").rglob("*.sql"),
    ]
    named = [
        str(p.relative_to(REPO_ROOT))
        for p in sources
        if any(q in p.read_text(encoding="utf-8") for q in ("'Europe/Amsterdam'", '"Europe/Amsterdam"'))
    ]
    config = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    assert (named, AMSTERDAM.key) == ([], config["vars"]["local_time_zone"])

    target = tmp_path / "target"
    compiled = run_dbt(
        ["compile", "--select", "data_status", "--vars", "{local_time_zone: Asia/Tokyo}"],
        tmp_path / "warehouse.duckdb",
        target,
        timeout=600,
    )
    assert compiled.returncode == 0, compiled.stdout[-4000:]
    (sql,) = [p.read_text(encoding="utf-8") for p in (target / "compiled").rglob("data_status.sql")]
    assert "Asia/Tokyo" in sql
