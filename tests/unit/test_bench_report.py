"""bench/report.py: every target of issue 19 gets a line saying its figure and whether it is met,
or that it was not measured and why."""

from __future__ import annotations

from bench.report import targets


def _stage(wall_s: float, exit_code: int = 0) -> dict:
    return {"wall_s": wall_s, "exit_code": exit_code, "peak_rss_mib": 100.0, "load_before": [0.5]}


def test_each_target_says_met_not_met_or_why_not_measured():
    results = {
        "scales": {
            "1": {
                "ingest": {"comensha": _stage(1), "om": _stage(1), "ind": _stage(1)},
                "build_cold": _stage(29.5),  # within 30 s
                "build_new_delivery": _stage(15.5),  # over 15 s
            },
            "100": {"not_run": "projected 40 min exceeds the budget"},
        }
    }
    lines = targets(results)
    by_start = {line.split(":")[0]: line for line in lines}
    problems = []
    for what, verdict in (
        ("cold build at scale 1", "— met"),
        ("one new CoMensha delivery end to end at scale 1", "— NOT met"),
        ("cold build at scale 100", "not measured (projected 40 min exceeds the budget)"),
        ("scale 1000 runs, generating included", "not measured (scale not run)"),
        (
            "every chart through Superset's chart-data API, p95 at scale 100",
            "not measured (projected 40 min exceeds the budget)",
        ),
    ):
        line = by_start.get(what)
        if line is None or not line.endswith(verdict):
            problems.append(f"{what}: {line!r}, want it to end with {verdict!r}")
    # a failed stage is no figure
    results["scales"]["1"]["build_cold"] = _stage(10, exit_code=1)
    failed = [line for line in targets(results) if line.startswith("cold build at scale 1:")]
    if failed != ["cold build at scale 1: not measured (the stage failed, exit 1)"]:
        problems.append(f"failed cold build: {failed}")
    assert problems == [], "\n".join(problems)
