"""`make bench`: scale and speed, measured (issue 7).

    python -m bench.run [--scales 1 10 100] [--budget-minutes 30] [--repeats 30] [--stages ingest|growth]

For each scale: generate the three extracts, ingest each source with the project's ingestion and
read the same CSV files with DuckDB's own `read_csv`, `dbt build` (full, then after one new
delivery), the cold end-to-end build (`make build`'s job) and one new delivery end to end, then
every dashboard chart's query against `serving.duckdb`, and every chart through Superset's chart-data
API on that build (bench/superset_charts.py). Every stage runs in its own process; the
harness records its wall time, its CPU seconds, its peak memory (peak RSS of the process and of its children, from
`wait4`) and the load average of the machine before and after. Results are merged by scale into
`bench/results.json`, and `bench/results.md` and the README table are written from them
(`bench/report.py`). After the scales, the dark number is estimated by the warehouse on populations
of known size (bench/dark_number.py; `--dark-number only` runs just that). Generated data go to `bench/out/` (git-ignored).

`--stages ingest` measures the ingestion alone (generate, ingest, DuckDB's `read_csv`): its results go
to bench/out/ingest-results.json, not to the README's (issue 19).

After the scales, growth against volume (issue 17, bench/growth.py): two cold builds of the embedded
default sample, its 2013-2017 edition alone and all of it (2013-2025); `--stages growth` runs just
that stage and rewrites the reports.

A scale whose projected time does not fit in what is left of the budget is recorded as not run,
with the reason; so is a stage that fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
RESULTS = BENCH / "results.json"
PY = sys.executable
SOURCES = ("comensha", "ind", "om")
NEW_DELIVERY = "comensha_registraties_20190101.csv"


def machine() -> dict:
    mem_kb = 0
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import duckdb

    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "cpu": model,
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


CHECKPOINT = None  # called after every stage with nothing; set by main to save partial results


def measure(name: str, cmd: list[str], log_dir: Path, env: dict | None = None, cwd: Path = REPO) -> dict:
    """Run `cmd` in its own process; wall time, peak RSS (MiB), load before/after, its JSON."""
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / f"{name}.out", log_dir / f"{name}.err"
    before = load()
    t0 = time.perf_counter()
    with out_path.open("w") as out, err_path.open("w") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    result: dict = {
        "wall_s": round(wall, 3),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        # user + system CPU of the process and the children it waited for (dbt's): on a shared
        # machine steadier than the wall time
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "load_before": before,
        "load_after": load(),
        "exit_code": code,
    }
    lines = out_path.read_text().strip().splitlines()
    if lines:
        try:
            result["result"] = json.loads(lines[-1])
        except json.JSONDecodeError:
            pass
    if code != 0:
        result["error"] = (err_path.read_text()[-2000:] or out_path.read_text()[-2000:]).strip()
    print(
        f"  {name}: {wall:.1f} s, peak {result['peak_rss_mib']} MiB, load {before[0]}"
        + ("" if code == 0 else f"  FAILED (exit {code}, see {err_path})"),
        flush=True,
    )
    if CHECKPOINT is not None:
        CHECKPOINT()
    return result


def stage(name: str, *args: str) -> list[str]:
    return [PY, "-m", "bench.stage", name, *args]


def run_scale(
    scale: float,
    out_root: Path,
    repeats: int,
    superset_repeats: int,
    seed: int | None,
    res: dict,
    ingest_only: bool = False,
) -> dict:
    """Measure one scale into `res` (filled stage by stage, so a stopped run keeps what it had);
    `ingest_only`: stop after the ingestion and DuckDB's reading of the same files."""
    label = f"{scale:g}"
    root = out_root / f"scale-{label}"
    if root.exists():
        shutil.rmtree(root)
    inbox, logs = root / "inbox", root / "logs"
    res |= {
        "scale": scale,
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "generate": {},
        "ingest": {},
        "duckdb_read_csv": {},
    }
    t_scale = time.perf_counter()

    def ok(r: dict) -> bool:
        return r.get("exit_code") == 0

    # 1. generate
    for source in SOURCES:
        cmd = [PY, "-m", "synthetic", "--source", source, "--out", str(inbox), "--scale", label]
        if seed is not None:
            cmd += ["--seed", str(seed)]
        res["generate"][source] = measure(f"generate-{source}", cmd, logs)
        res["generate"][source]["bytes"] = sum(
            p.stat().st_size for p in (inbox / source).glob("*") if p.is_file()
        )
        if not ok(res["generate"][source]):
            res["not_run"] = f"generator for {source} failed"
            return res
    # the new delivery: CoMensha's second delivery delivered again under a later date
    new_file = root / "new" / NEW_DELIVERY
    new_file.parent.mkdir(parents=True)
    second = sorted((inbox / "comensha").glob("*.csv"))[-1]
    shutil.copyfile(second, new_file)

    # 2. ingestion per source, and DuckDB's read_csv of the same files
    warehouse = root / "ingest" / "warehouse.duckdb"
    warehouse.parent.mkdir(parents=True)
    for source in SOURCES:
        r = measure(f"ingest-{source}", stage("ingest", source, str(inbox), str(warehouse)), logs)
        res["ingest"][source] = r
        d = measure(f"duckdb-read-{source}", stage("duckdb-read", source, str(inbox)), logs)
        res["duckdb_read_csv"][source] = d
        rows = r.get("result", {}).get("rows_read")
        if rows and r["result"]["seconds"] > 0:
            r["rows_per_s"] = round(rows / r["result"]["seconds"])
        drows = d.get("result", {}).get("rows_read")
        if drows and d["result"].get("seconds"):
            d["rows_per_s"] = round(drows / d["result"]["seconds"])
            if r.get("rows_per_s"):
                r["ratio_to_duckdb"] = round(r["rows_per_s"] / d["rows_per_s"], 4)
                print(f"  {source}: {r['ratio_to_duckdb']:.2f} of DuckDB's read_csv", flush=True)
        elif r.get("rows_per_s"):
            print(f"  {source}: {r['rows_per_s']} rows/s", flush=True)
    if ingest_only:
        res["total_s"] = round(time.perf_counter() - t_scale, 1)
        return res

    # 3. dbt build, full, then after one new delivery: what the build's dbt step runs
    from orchestration.assets.dbt import BUILD_ARGS, BUILD_EXCLUDE

    dbt = [
        str(Path(PY).parent / "dbt"),
        *BUILD_ARGS,
        *BUILD_EXCLUDE,
        "--project-dir",
        str(REPO / "dbt_project"),
        "--profiles-dir",
        str(REPO / "dbt_project"),
        "--target-path",
        str(root / "dbt_target"),
        "--log-path",
        str(root / "dbt_logs"),
    ]
    dbt_env = {"MH_WAREHOUSE_PATH": str(warehouse)}
    res["dbt_full"] = measure("dbt-full", dbt, logs, env=dbt_env)
    shutil.copyfile(new_file, inbox / "comensha" / NEW_DELIVERY)
    res["new_delivery_ingest"] = measure(
        "ingest-new-delivery", stage("ingest", "comensha", str(inbox), str(warehouse)), logs
    )
    res["dbt_after_new_delivery"] = measure("dbt-new-delivery", dbt, logs, env=dbt_env)
    (inbox / "comensha" / NEW_DELIVERY).unlink()

    # 4. end to end: cold build, then one new delivery
    data = root / "data"
    res["build_cold"] = measure("build-cold", stage("build", str(inbox), str(data)), logs)
    shutil.copyfile(new_file, inbox / "comensha" / NEW_DELIVERY)
    res["build_new_delivery"] = measure("build-new-delivery", stage("build", str(inbox), str(data)), logs)

    # 5. dashboard queries
    serving = data / "serving.duckdb"
    if serving.exists():
        res["charts"] = measure("charts", stage("charts", str(serving), str(repeats)), logs)
        res["superset_charts"] = measure(
            "superset-charts", stage("superset-charts", str(data), str(superset_repeats)), logs
        )
        res["serving_bytes"] = serving.stat().st_size
    else:
        res["charts"] = res["superset_charts"] = {"not_run": "no serving.duckdb (the build failed)"}
    res["warehouse_bytes"] = (
        (data / "warehouse.duckdb").stat().st_size if (data / "warehouse.duckdb").exists() else None
    )
    res["total_s"] = round(time.perf_counter() - t_scale, 1)
    return res


def project(done: list[tuple[float, float]], scale: float, results: dict) -> float | None:
    """Projected seconds for `scale`: a straight line (fixed + per-unit cost) through the two
    largest scales run; from one scale, its volume-bound part (generating, ingesting, dbt's part
    above the smallest build) grows with the scale and the rest is fixed."""
    if not done:
        return None
    if len(done) >= 2:
        (s1, t1), (s2, t2) = done[-2], done[-1]
        per_unit = max((t2 - t1) / (s2 - s1), 0.0)
        return t2 + per_unit * (scale - s2)
    s1, t1 = done[-1]
    r = results["scales"][f"{s1:g}"]
    variable = sum(r["generate"][s]["wall_s"] for s in SOURCES)
    variable += 2 * sum(r["ingest"][s].get("result", {}).get("seconds", 0) for s in SOURCES)
    return t1 + variable * (scale / s1 - 1) * 1.5  # 1.5: dbt and the checks grow too


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", nargs="+", type=float, default=[1, 10, 100])
    ap.add_argument(
        "--budget-minutes",
        type=float,
        default=30.0,
        help="skip (and record as not run) a scale whose projected time does not fit",
    )
    ap.add_argument("--repeats", type=int, default=30, help="runs of each chart query")
    ap.add_argument(
        "--superset-repeats", type=int, default=10, help="runs of each chart through Superset's API"
    )
    ap.add_argument("--out", default=str(BENCH / "out"))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--results", default=None, help="JSON file the results are merged into")
    ap.add_argument(
        "--stages",
        choices=("all", "ingest", "growth"),
        default="all",
        help="ingest: only the ingestion and DuckDB's read_csv of the same files, into "
        "bench/out/ingest-results.json (unless --results); no dark number, no report. "
        "growth: only the two cold builds of the default sample (bench/growth.py), then the report",
    )
    ap.add_argument(
        "--dark-number",
        choices=("yes", "no", "only"),
        default="yes",
        help="the dark number on populations of known size (bench/dark_number.py), after the scales or alone",
    )
    args = ap.parse_args(argv)
    ingest_only = args.stages == "ingest"
    growth_only = args.stages == "growth"
    if args.results is None:
        args.results = str(Path(args.out) / "ingest-results.json") if ingest_only else str(RESULTS)
    if ingest_only or growth_only:
        args.dark_number = "no"
    results_path = Path(args.results)

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # The benchmark measures how cost grows with volume, so it lifts the production size limit
    # of one delivery (README, Slechte leveringen): a scale-100 CoMensha file is ~160 MB.
    os.environ.setdefault("MH_MAX_DELIVERY_MB", "1000000")
    os.environ.pop("DAGSTER_HOME", None)  # ephemeral instance per build: runs leave no history
    results = json.loads(results_path.read_text()) if results_path.exists() else {"scales": {}}

    def save() -> None:
        results_path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")

    deadline = time.perf_counter() + args.budget_minutes * 60
    done: list[tuple[float, float]] = []  # (scale, seconds) of the scales run
    global CHECKPOINT
    CHECKPOINT = save  # after every measured stage: a stopped run keeps what it measured
    for scale in sorted(args.scales) if args.dark_number != "only" and not growth_only else ():
        key = f"{scale:g}"
        left = deadline - time.perf_counter()
        projected = project(done, scale, results)
        if projected is not None and projected > left:
            results["scales"][key] = {
                "scale": scale,
                "machine": machine(),
                "load": load(),
                "not_run": f"projected {projected / 60:.0f} min exceeds the {max(left, 0) / 60:.0f} min "
                f"left of the {args.budget_minutes:g} min budget (make bench "
                f"BENCH_BUDGET_MINUTES=... SCALES={key} runs it)",
            }
            print(f"scale {key}: not run ({results['scales'][key]['not_run']})", flush=True)
            continue
        print(f"scale {key}", flush=True)
        r: dict = {"scale": scale, "not_run": "stopped before the end of this scale"}
        results["scales"][key] = r
        run_scale(scale, Path(args.out), args.repeats, args.superset_repeats, args.seed, r, ingest_only)
        if "total_s" in r:
            r.pop("not_run", None)
            done.append((scale, r["total_s"]))
        CHECKPOINT()
    if args.stages in ("all", "growth") and args.dark_number != "only":
        from bench import growth

        print("growth against volume: the default sample's 2013-2017 edition, then all of it", flush=True)
        out = Path(args.out)
        growth.run(
            lambda name, cmd: measure(name, cmd, out / "growth-logs"),
            stage,
            out,
            results,
            save,
            machine(),
            load(),
        )
    if args.dark_number != "no":
        from bench import dark_number

        print("dark number on populations of known size", flush=True)
        out = Path(args.out)
        dark_number.run(
            lambda name, cmd: measure(name, cmd, out / "dark-number-logs"), stage, out, results, save
        )
    CHECKPOINT = None
    save()
    if ingest_only:
        print(f"wrote {results_path}")
        return 0
    from bench.report import write_reports

    write_reports(results)
    print(f"wrote {results_path} and bench/results.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
