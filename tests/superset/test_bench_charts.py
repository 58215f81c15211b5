"""Issue 19: `make bench` times every chart through Superset's chart-data API
(bench/superset_charts.py). Here, once on the session's Superset: every chart of every analyst
dashboard is answered and timed, none left out."""

from __future__ import annotations

from bench.superset_charts import time_every_chart


def test_the_bench_times_every_chart_of_every_dashboard(api, charts_by_dashboard):
    timed = time_every_chart(api, repeats=1)
    problems = []
    for dashboard, charts in charts_by_dashboard.items():
        for chart in charts:
            summary = timed.get(f"{dashboard} / {chart['slice_name']}")
            if summary is None:
                problems.append(f"{dashboard} / {chart['slice_name']}: not timed")
            elif not (summary["runs"] == 1 and summary["p95_ms"] > 0):
                problems.append(f"{dashboard} / {chart['slice_name']}: {summary}")
    assert problems == [], "\n".join(problems)
