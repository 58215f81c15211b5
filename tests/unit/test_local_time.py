"""Times the product writes are Amsterdam time with the zone said (orchestration/local_time.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from orchestration.local_time import amsterdam_time

UTC = dt.timezone.utc


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
