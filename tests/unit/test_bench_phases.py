"""bench/phases.py: a build's wall time split into the phases of issue 19's table."""

from __future__ import annotations

import pytest

from bench.phases import PHASES, phase_seconds

PHASE_OF = {
    "landing_a": "ingestion",
    "landing_b": "ingestion",
    "dbt_models": "dbt",
    "a_expectations": "checks",
    "serving_database": "publish",
}


def test_the_phases_add_up_to_the_process_wall_time():
    # a process from t=100 to t=120; its first step starts at 103 and its last ends at 119
    steps = {
        "landing_a": (103.0, 105.0),
        "landing_b": (105.5, 106.0),
        "dbt_models": (107.0, 117.0),
        "a_expectations": (117.0, 118.0),
        "serving_database": (118.5, 119.0),
    }
    got = phase_seconds(steps, PHASE_OF, process_start=100.0, process_end=120.0)
    want = {
        "start-up": 3.0,
        "ingestion": 2.5,
        "dbt": 10.0,
        "checks": 1.0,
        "publish": 0.5,
        # 16 s from the first step's start to the last one's end, 14 s of them in steps
        "between steps": 2.0,
        "wind-down": 1.0,
    }
    assert (list(got), got) == (list(PHASES), want)
    assert sum(got.values()) == pytest.approx(20.0)


def test_a_step_without_a_phase_is_an_error_not_lost_time():
    with pytest.raises(ValueError, match="new_step"):
        phase_seconds({"new_step": (1.0, 2.0)}, PHASE_OF, 0.0, 3.0)
