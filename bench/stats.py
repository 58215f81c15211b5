"""Summary statistics of repeated timings, one definition for every bench stage."""

from __future__ import annotations

import statistics


def timing_summary(times_ms: list[float]) -> dict:
    """Median and nearest-rank 95th percentile (ms) of repeated runs."""
    ordered = sorted(times_ms)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "runs": len(ordered),
    }
