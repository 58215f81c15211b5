"""Every dashboard chart through Superset's own chart-data API, as the browser asks for it (issue 19).

    python -m bench.stage superset-charts DATA REPEATS

Bootstraps and serves Superset on the bench build's data dir (the tests' harness,
tests/superset/superset_harness.py `running_superset`), then posts each chart's stored query
context to /api/v1/chart/data (the legacy country map: its form data to /superset/explore_json/,
as the front end does) once to warm up and `REPEATS` times measured. What is timed is the whole
answer a dashboard waits for: Superset's query building, its DuckDB connection, the query, the
post-processing and the JSON, not only the SQL (bench/stage.py `charts` times that).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench.stats import timing_summary

TESTS_SUPERSET = Path(__file__).resolve().parent.parent / "tests" / "superset"


def use_superset_test_modules() -> None:
    """Import tests/superset's modules as pytest does: by their plain names (they import each
    other so: superset_figures imports figures_slachtoffermonitor)."""
    if str(TESTS_SUPERSET) not in sys.path:
        sys.path.insert(0, str(TESTS_SUPERSET))


# Charts whose data comes from /superset/explore_json/ (tests/superset/superset_figures.py `legacy`).
LEGACY_VIZ_TYPES = {"country_map"}


def time_every_chart(api, repeats: int) -> dict[str, dict]:
    """'dashboard / chart' -> the timing summary of `repeats` chart-data answers, for every chart
    of every dashboard that has a query, through a logged-in `Api` (tests/superset/superset_harness.py)."""
    use_superset_test_modules()
    from superset_harness import chart_data

    per_chart: dict[str, dict] = {}
    for dashboard in api.get("/api/v1/dashboard/?q=(page_size:100)")["result"]:
        listed = api.get(f"/api/v1/dashboard/{dashboard['id']}/charts")["result"]
        for chart in (api.get(f"/api/v1/chart/{c['id']}")["result"] for c in listed):
            legacy = chart["viz_type"] in LEGACY_VIZ_TYPES
            if not legacy and not chart.get("query_context"):
                continue  # a chart without a query (text): nothing to ask Superset for
            chart_data(api, chart, legacy=legacy)  # warm-up: the first query opens the tables
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                chart_data(api, chart, legacy=legacy)
                times.append((time.perf_counter() - t0) * 1000)
            per_chart[f"{dashboard['dashboard_title']} / {chart['slice_name']}"] = timing_summary(times)
    return per_chart


def superset_charts(data: str, repeats: str) -> dict:
    """Superset bootstrapped and served on the build in `data`, every chart timed."""
    use_superset_test_modules()
    from superset_harness import Api, running_superset

    data_dir = Path(data)
    with running_superset(data_dir, data_dir / "serving.duckdb") as server:
        return time_every_chart(Api(server), int(repeats))
