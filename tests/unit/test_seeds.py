"""The one reader of the dbt seeds (orchestration/seeds.py): the editions of seed ref_edition in
data-date order, and a row that does not parse named with its file and line."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from orchestration.seeds import SEEDS_DIR, edition, editions


def _write_editions(seeds_dir, rows: list[dict]) -> None:
    with (seeds_dir / "ref_edition.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["edition", "first_year", "last_year", "data_date"])
        writer.writeheader()
        writer.writerows(rows)


def test_the_editions_come_oldest_first_whatever_the_seed_order(tmp_path):
    _write_editions(
        tmp_path,
        [
            {"edition": "2014-2018", "first_year": 2014, "last_year": 2018, "data_date": "2019-10-01"},
            {"edition": "2013-2017", "first_year": 2013, "last_year": 2017, "data_date": "2018-10-01"},
        ],
    )
    read = editions(tmp_path)
    assert [(e.edition, e.data_date, list(e.years)) for e in read] == [
        ("2013-2017", dt.date(2018, 10, 1), [2013, 2014, 2015, 2016, 2017]),
        ("2014-2018", dt.date(2019, 10, 1), [2014, 2015, 2016, 2017, 2018]),
    ]


def test_a_row_that_is_no_edition_is_named_with_its_file_and_line(tmp_path):
    _write_editions(
        tmp_path,
        [
            {"edition": "2013-2017", "first_year": 2013, "last_year": 2017, "data_date": "2018-10-01"},
            {"edition": "2014-2018", "first_year": 2014, "last_year": 2018, "data_date": "1 oktober 2019"},
        ],
    )
    with pytest.raises(ValueError, match=r"ref_edition\.csv, line 3: not an edition .*1 oktober 2019"):
        editions(tmp_path)


def test_the_suites_counted_years_without_the_vars_are_the_oldest_edition_of_the_seed(monkeypatch):
    """With the window vars null, a suite run outside a build takes the seed's oldest edition
    (orchestration/quality/references.py counted_span_years, read through orchestration/seeds.py)."""
    from orchestration.quality import references

    null_window = {**references.dbt_vars(), "reporting_window_start": None, "reporting_window_end": None}
    monkeypatch.setattr(references, "dbt_vars", lambda: null_window)
    oldest = min(editions(SEEDS_DIR), key=lambda e: e.data_date)
    assert edition(oldest.edition) == oldest
    assert references.counted_span_years.__wrapped__() == (oldest.first_year, oldest.last_year)
