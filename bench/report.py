"""Write `bench/results.md` and the README's cost table from `bench/results.json`.

python -m bench.report          # again, from the stored results (no measuring)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from bench import dark_number, growth
from bench.phases import PHASES

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
MARKDOWN = REPO / "bench" / "results.md"
README = REPO / "README.md"
BEGIN, END = "<!-- bench:table:begin -->", "<!-- bench:table:end -->"
TBEGIN, TEND = "<!-- bench:targets:begin -->", "<!-- bench:targets:end -->"
DBEGIN, DEND = "<!-- bench:dark-number:begin -->", "<!-- bench:dark-number:end -->"
SOURCES = ("comensha", "ind", "om")

# issue 19's targets (for the benchmark, not for the tests); scale -> limit
TARGET_INGEST_RATIO = {"10": 0.5, "100": 0.5}  # CSV ingestion ÷ DuckDB read_csv (CoMensha, OM)
TARGET_WORKBOOK_ROWS_PER_S = {"100": 50_000}  # IND's workbooks
TARGET_COLD_S = {"1": 30, "100": 300}
TARGET_NEW_DELIVERY_S = {"1": 15}
TARGET_PEAK_MIB = {"100": 2048, "1000": 8192}
TARGET_SCALE_S = {"1000": 3600}  # the whole scale, generating included
TARGET_SUPERSET_P95_MS = {"100": 500}  # every chart through Superset's chart-data API
TARGET_SQL_P95_MS = {"100": 300}  # issue 7: every chart's query alone, against serving.duckdb


def _get(d: dict, *path, default=None):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return default
        d = d[p]
    return d


def _s(r: dict | None) -> str:
    if not r or "wall_s" not in r:
        return "–"
    if r.get("exit_code") not in (0, None):
        return "failed"
    stopped = _get(r, "result", "success") is False
    return f"{r['wall_s']:.1f}" + (" (stopped at a check: no publish)" if stopped else "")


def _rows(r: dict) -> int:
    return sum(_get(r, "ingest", s, "result", "rows_read", default=0) or 0 for s in SOURCES)


def peak_mib(r: dict) -> tuple[float, str]:
    stages = {f"generate {s}": _get(r, "generate", s) for s in SOURCES}
    stages |= {f"ingest {s}": _get(r, "ingest", s) for s in SOURCES}
    stages |= {
        "dbt build": r.get("dbt_full"),
        "dbt after new delivery": r.get("dbt_after_new_delivery"),
        "cold build": r.get("build_cold"),
        "new delivery build": r.get("build_new_delivery"),
        "chart queries": r.get("charts"),
    }
    best = max(((v.get("peak_rss_mib", 0), k) for k, v in stages.items() if v), default=(0, "–"))
    return best


def chart_stats(r: dict, stage: str = "charts") -> tuple[float | None, float | None, str]:
    """Median of the charts' medians, the worst p95 and its chart, of `stage` ("charts": the
    query alone; "superset_charts": through Superset's chart-data API)."""
    charts = _get(r, stage, "result") or {}
    if not charts:
        return None, None, "–"
    worst = max(charts.items(), key=lambda kv: kv[1]["p95_ms"])
    medians = sorted(v["median_ms"] for v in charts.values())
    return medians[len(medians) // 2], worst[1]["p95_ms"], worst[0]


def cost_table(results: dict) -> str:
    """How cost grows with volume: one row per scale."""
    head = (
        "| scale | rows ingested | ingestion s (CoMensha / IND / OM) | ingestion ÷ DuckDB read_csv "
        "(CoMensha / OM) | dbt build s (full / new delivery) | cold build s | new delivery s | "
        "chart p95 ms, query / Superset (worst) | peak RSS MiB | load (1 min) | machine |"
    )
    lines = [head, "|" + "---|" * 11]
    for key in sorted(results["scales"], key=float):
        r = results["scales"][key]
        m = r.get("machine", {})
        mach = f"{m.get('cores')} cores, {m.get('memory_gib')} GiB"
        if "not_run" in r and "ingest" not in r:
            lines.append(f"| {key} | not run: {r['not_run']} |||||||||| {mach} |")
            continue
        ing = " / ".join(f"{_get(r, 'ingest', s, 'result', 'seconds', default=0):.1f}" for s in SOURCES)
        ratio = " / ".join(
            f"{_get(r, 'ingest', s, 'ratio_to_duckdb', default=0):.3f}" for s in ("comensha", "om")
        )
        p95 = " / ".join(
            "–" if v is None else f"{v:g}" for v in (chart_stats(r)[1], chart_stats(r, "superset_charts")[1])
        )
        peak, _ = peak_mib(r)
        loads = [_get(r, k, "load_before", default=[0])[0] for k in ("build_cold", "dbt_full")]
        lines.append(
            f"| {key} | {_rows(r):,} | {ing} | {ratio} | {_s(r.get('dbt_full'))} / "
            f"{_s(r.get('dbt_after_new_delivery'))} | {_s(r.get('build_cold'))} | "
            f"{_s(r.get('build_new_delivery'))} | {p95} | {peak:,.0f} | "
            f"{max(loads):.1f} | {mach} |"
        )
    return "\n".join(lines)


def _verdict(what: str, value: float, limit: float, unit: str, at_most: bool = True) -> str:
    met = value <= limit if at_most else value >= limit
    sign = "≤" if at_most else "≥"
    digits = 3 if value < 10 else 1 if value < 100 else 0
    return f"{what}: {value:,.{digits}f} {unit} (target {sign} {limit:,} {unit}) — " + (
        "met" if met else "NOT met"
    )


def targets(results: dict) -> list[str]:
    """One line per target of issue 19 and scale: the figure, the target and met / NOT met, or why
    it was not measured."""
    sc = results["scales"]
    out = []

    def measured(k: str, *path) -> float | None:
        r = sc.get(k) or {}
        if path and isinstance(_get(r, path[0]), dict) and r[path[0]].get("exit_code") not in (0, None):
            return None  # the stage failed: no figure
        return _get(r, *path)

    def missing(k: str, what: str, stage: str | None = None) -> str:
        r = sc.get(k) or {}
        code = _get(r, stage, "exit_code") if stage else None
        if code not in (0, None):
            return f"{what}: not measured (the stage failed, exit {code})"
        why = _get(r, "not_run", default="not in this scale's run" if k in sc else "scale not run")
        return f"{what}: not measured ({why})"

    for k, limit in TARGET_INGEST_RATIO.items():
        for s in ("comensha", "om"):
            what = f"CSV ingestion {s} ÷ DuckDB read_csv at scale {k}"
            ratio = measured(k, "ingest", s, "ratio_to_duckdb")
            out.append(missing(k, what) if ratio is None else _verdict(what, ratio, limit, "×", False))
    for k, limit in TARGET_WORKBOOK_ROWS_PER_S.items():
        what = f"IND workbook ingestion at scale {k}"
        rate = measured(k, "ingest", "ind", "rows_per_s")
        out.append(missing(k, what) if rate is None else _verdict(what, rate, limit, "rows/s", False))
    for stage, limits, what in (
        ("build_cold", TARGET_COLD_S, "cold build"),
        ("build_new_delivery", TARGET_NEW_DELIVERY_S, "one new CoMensha delivery end to end"),
    ):
        for k, limit in limits.items():
            seconds = measured(k, stage, "wall_s")
            label = f"{what} at scale {k}"
            out.append(missing(k, label, stage) if seconds is None else _verdict(label, seconds, limit, "s"))
    for k, limit in TARGET_SCALE_S.items():
        seconds = measured(k, "total_s")
        label = f"scale {k} runs, generating included"
        out.append(missing(k, label) if seconds is None else _verdict(label, seconds, limit, "s"))
    for k, limit in TARGET_PEAK_MIB.items():
        label = f"peak memory at scale {k}"
        if k in sc and "ingest" in sc[k]:
            peak, where = peak_mib(sc[k])
            out.append(_verdict(f"{label} ({where})", peak, limit, "MiB"))
        else:
            out.append(missing(k, label))
    for stage, limits, what in (
        ("superset_charts", TARGET_SUPERSET_P95_MS, "every chart through Superset's chart-data API, p95"),
        ("charts", TARGET_SQL_P95_MS, "every chart's query alone, p95"),
    ):
        for k, limit in limits.items():
            _, p95, worst = chart_stats(sc.get(k) or {}, stage)
            label = f"{what} at scale {k}"
            out.append(
                missing(k, label, stage)
                if p95 is None
                else _verdict(f"{label} (worst: {worst})", p95, limit, "ms")
            )
    return out + dark_number.targets(results)


def scale_detail(key: str, r: dict) -> str:
    m = r.get("machine", {})
    lines = [f"## Scale {key}", ""]
    lines.append(
        f"Run {r.get('started', '?')} on {m.get('cores')} cores, {m.get('memory_gib')} GiB "
        f"({m.get('cpu')}; Python {m.get('python')}, DuckDB {m.get('duckdb')})."
    )
    if r.get("note"):
        lines += ["", f"**Note:** {r['note']}."]
    if _get(r, "charts", "note"):
        lines += ["", f"Chart queries: {r['charts']['note']}."]
    if "not_run" in r:
        lines += ["", f"**Not run:** {r['not_run']} (load {r.get('load', '–')}).", ""]
        if "ingest" not in r:
            return "\n".join(lines)
    lines += [
        "",
        "| stage | wall s | in-stage s | rows | rows/s | peak RSS MiB | load before → after |",
        "|---|---|---|---|---|---|---|",
    ]

    def row(name, x, rows=None, inner=None, rate=None):
        if not x or "wall_s" not in x:
            return
        if x.get("exit_code") not in (0, None):
            lines.append(f"| {name} | failed (exit {x['exit_code']}) ||||| {x.get('load_before')} |")
            return
        lines.append(
            f"| {name} | {x['wall_s']:.2f} | {'' if inner is None else f'{inner:.2f}'} | "
            f"{'' if rows is None else f'{rows:,}'} | {'' if rate is None else f'{rate:,}'} | "
            f"{x['peak_rss_mib']:,.0f} | {x['load_before'][0]} → {x['load_after'][0]} |"
        )

    for s in SOURCES:
        g = _get(r, "generate", s)
        row(f"generate {s} ({(g or {}).get('bytes', 0) / 1e6:.1f} MB)", g)

    def reading_row(name, x):
        """A stage that reads rows: its rows, in-stage seconds and rows per second."""
        row(name, x, _get(x, "result", "rows_read"), _get(x, "result", "seconds"), _get(x, "rows_per_s"))

    for s in SOURCES:
        reading_row(f"ingest {s} (project)", _get(r, "ingest", s))
        d = _get(r, "duckdb_read_csv", s)
        if _get(d, "result", "skipped"):
            lines.append(f"| DuckDB read_csv {s} | n/a: {d['result']['skipped']} ||||||")
        else:
            reading_row(f"DuckDB read_csv {s}", d)
    row("dbt build (full)", r.get("dbt_full"))
    nd = r.get("new_delivery_ingest")
    row(
        "ingest one new delivery (CoMensha)",
        nd,
        _get(nd, "result", "rows_read"),
        _get(nd, "result", "seconds"),
    )
    row("dbt build after the new delivery", r.get("dbt_after_new_delivery"))
    bc = r.get("build_cold")
    row("cold build end to end (`make build` job)", bc, inner=_get(bc, "result", "seconds"))
    bn = r.get("build_new_delivery")
    row("one new delivery end to end", bn, inner=_get(bn, "result", "seconds"))
    row("chart queries (all charts, all runs)", r.get("charts"))
    row("every chart through Superset's chart-data API", r.get("superset_charts"))
    phases = [(t, _get(b, "result", "phases")) for t, b in (("cold", bc), ("one new delivery", bn))]
    if any(p for _, p in phases):
        lines += [
            "",
            "Build phases, wall s (bench/phases.py; CPU s: the build process and dbt, user + system):",
            "",
            "| build | " + " | ".join(PHASES) + " | wall s | CPU s |",
            "|---|" + "---|" * (len(PHASES) + 2),
        ]
        for (title, p), build in zip(phases, (bc, bn)):
            if p:
                lines.append(
                    f"| {title} | "
                    + " | ".join(f"{p.get(k, 0):.1f}" for k in PHASES)
                    + f" | {build['wall_s']:.1f} | {_get(build, 'cpu_s', default='–')} |"
                )
    for title, build in (("Cold build", bc), ("New delivery build", bn)):
        steps = _get(build, "result", "steps") or {}
        if steps:
            lines += [
                "",
                f"{title}, Dagster steps (s): "
                + ", ".join(f"{k} {v:.1f}" for k, v in sorted(steps.items(), key=lambda kv: -kv[1])),
            ]
    for stage, title in (
        ("charts", "Chart queries against serving.duckdb"),
        ("superset_charts", "Charts through Superset's chart-data API (bench/superset_charts.py)"),
    ):
        charts = _get(r, stage, "result") or {}
        if charts:
            lines += [
                "",
                f"{title} ({len(charts)} charts; {next(iter(charts.values()))['runs']} runs each after "
                "one warm-up):",
                "",
                "| chart | median ms | p95 ms |",
                "|---|---|---|",
            ]
            for name, v in charts.items():
                lines.append(f"| {name} | {v['median_ms']} | {v['p95_ms']} |")
    lines += [
        "",
        f"Serving database {(r.get('serving_bytes') or 0) / 1e6:.1f} MB, warehouse "
        f"{(r.get('warehouse_bytes') or 0) / 1e6:.1f} MB; whole scale {r.get('total_s')} s.",
        "",
    ]
    return "\n".join(lines)


def write_reports(results: dict) -> None:
    md = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`, `bench/report.py`) from `bench/results.json`. "
        "Wall times include starting Python and the imports of each stage; *in-stage* is timed "
        "inside the stage after its imports. Peak RSS is the largest resident set of the stage's "
        "process and its children (`wait4`). The machine is shared: each figure has the 1-minute "
        "load average before and after it.",
        "",
        "## How cost grows with volume",
        "",
        cost_table(results),
        "",
        "## Targets (issue 19)",
        "",
        *[f"- {t}" for t in targets(results)],
        "",
        "## Growth against volume: the default sample's 2013-2017 edition and all of it (issue 17)",
        "",
        growth.table(results),
        "",
        "## The dark number on populations of known size (issue 18)",
        "",
        dark_number.table(results),
        "",
    ]
    for key in sorted(results["scales"], key=float):
        md.append(scale_detail(key, results["scales"][key]))
    MARKDOWN.write_text("\n".join(md))
    if README.exists():
        text = README.read_text()
        blocks = (
            (BEGIN, END, cost_table(results)),
            (TBEGIN, TEND, "\n".join(f"- {t}" for t in targets(results))),
            (DBEGIN, DEND, dark_number.table(results)),
            (growth.BEGIN, growth.END, growth.table(results)),
        )
        for begin, end, body in blocks:
            if begin in text and end in text:
                block = f"{begin}\n{body}\n{end}"
                text = re.sub(
                    re.escape(begin) + ".*?" + re.escape(end), lambda _, b=block: b, text, flags=re.S
                )
        README.write_text(text)


def main() -> int:
    write_reports(json.loads(RESULTS.read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
