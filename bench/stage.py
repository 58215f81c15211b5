"""One measured stage, run in its own process by `bench/run.py` (so that its peak memory is its own).

    python -m bench.stage ingest SOURCE INBOX WAREHOUSE
    python -m bench.stage duckdb-read SOURCE INBOX
    python -m bench.stage build INBOX DATA
    python -m bench.stage dbt-parse   (the manifest every build starts from; bench/growth.py)
    python -m bench.stage charts SERVING REPEATS
    python -m bench.stage superset-charts DATA REPEATS   (bench/superset_charts.py)
    python -m bench.stage dark-number-simulation SCENARIO FIRST_YEAR LAST_YEAR SEED OUT   (bench/dark_number.py)

Prints one JSON object on the last line of stdout. Times are measured inside the stage, after the
imports (the parent also records the wall time of the whole process, imports included).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.stats import timing_summary
from bench.superset_charts import superset_charts, use_superset_test_modules

BENCH_KEY = "bench-pseudonym-key-not-secret-0123456789"


def _contract(source: str):
    from orchestration.ingestion.contracts import CONTRACTS

    return next(c for c in CONTRACTS if c.source == source)


def ingest(source: str, inbox: str, warehouse: str) -> dict:
    """The project's own ingestion of every new file of one source (read, validate, pseudonymise,
    store), as the Dagster asset runs it, into `warehouse`."""
    import duckdb

    from orchestration.ingestion.run import ingest_source
    from orchestration.settings import max_delivery_mb

    contract = _contract(source)
    con = duckdb.connect(warehouse)
    t0 = time.perf_counter()
    # the size limit that bench/run.py lifts (MH_MAX_DELIVERY_MB), as the build's resource passes
    # it: without it a scale-100 CoMensha file (~160 MB) is refused unread and not measured
    outcomes = ingest_source(
        contract, Path(inbox), con, BENCH_KEY.encode(), max_delivery_mb=max_delivery_mb()
    )
    seconds = time.perf_counter() - t0
    con.close()
    return {
        "seconds": seconds,
        "files": [o.file_name for o in outcomes],
        "rows_read": sum(o.rows_read for o in outcomes),
        "rows_accepted": sum(o.rows_accepted for o in outcomes),
        "rows_quarantined": sum(o.rows_quarantined for o in outcomes),
        "statuses": sorted({o.status for o in outcomes}),
    }


def duckdb_read(source: str, inbox: str) -> dict:
    """DuckDB's own `read_csv` of the same files into a table of a database file: every column as
    text (the contract's parsing is done by the ingestion), the source's separator and header."""
    import duckdb

    contract = _contract(source)
    if contract.file_format == "xlsx":
        return {
            "skipped": "XLSX: DuckDB reads Excel only through its `excel` extension, which is "
            "downloaded at run time and cannot be installed on this machine"
        }
    files = sorted(str(p) for p in (Path(inbox) / source).iterdir() if p.suffix == ".csv")
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "read.duckdb"))
        t0 = time.perf_counter()
        con.execute(
            "CREATE TABLE t AS SELECT * FROM read_csv(?, delim = ?, header = true, quote = '\"', "
            "escape = '\"', all_varchar = true, strict_mode = true)",
            [files, contract.separator],
        )
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
        seconds = time.perf_counter() - t0
        con.close()
    return {"seconds": seconds, "rows_read": rows, "files": [Path(f).name for f in files]}


def _process_start() -> float:
    """When this process started (epoch seconds), interpreter start-up included: Linux's
    /proc/self/stat counts it in clock ticks after boot, /proc/stat says when that was."""
    boot = next(float(line.split()[1]) for line in open("/proc/stat") if line.startswith("btime "))
    # the fields after the command name, which may hold spaces; starttime is field 22 of the line
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")


def build(inbox: str, data: str) -> dict:
    """The headless build (`make build`: Dagster job build_warehouse) with step timings and the
    seconds of each phase (bench/phases.py). Its CPU seconds are the stage's own (bench/run.py
    `measure`, from wait4: this process and dbt)."""
    import dagster as dg

    from bench.phases import phase_seconds, step_phases
    from orchestration.build import build_all
    from orchestration.resources import WarehouseSettings

    os.environ.setdefault("MH_PSEUDONYM_KEY", BENCH_KEY)
    instance = dg.DagsterInstance.ephemeral()
    t0 = time.perf_counter()
    result = build_all(
        WarehouseSettings.from_environment(inbox_dir=Path(inbox), data_dir=Path(data)), instance=instance
    )
    seconds = time.perf_counter() - t0
    end = time.time()
    spans = {
        s.step_key: (s.start_time, s.end_time)
        for s in instance.get_run_step_stats(result.run_id)
        if s.start_time and s.end_time
    }
    failed = [e.step_key for e in result.all_events if e.is_step_failure]
    return {
        "seconds": seconds,
        "success": result.success,
        "failed_steps": failed,
        "steps": {k: round(e - s, 3) for k, (s, e) in spans.items()},
        "phases": phase_seconds(spans, step_phases(), _process_start(), end),
    }


def dbt_parse() -> dict:
    """The dbt manifest and partial-parse cache that `make build` prepares and every later build
    starts from (orchestration/assets/dbt.py `prepare_manifest`), so that no measured build pays
    for the first parse of the project."""
    from orchestration.assets.dbt import prepare_manifest

    t0 = time.perf_counter()
    prepare_manifest()
    return {"seconds": time.perf_counter() - t0}


def charts(serving: str, repeats: str) -> dict:
    """Every dashboard chart's query (tests/superset/superset_figures.py: the chart's figure as
    plain DuckDB SQL) against the serving database, `repeats` times each, after one warm-up."""
    import duckdb

    use_superset_test_modules()
    from superset_figures import DASHBOARDS

    n = int(repeats)
    con = duckdb.connect(serving, read_only=True)
    out = {}
    for d in DASHBOARDS:
        selection = [d.year_filter_default] if getattr(d, "year_filter_default", None) else None
        for title, exp in sorted(d.charts.items()):
            exp.compute(con, selection)  # warm-up: the first query opens the tables
            times = []
            for _ in range(n):
                t0 = time.perf_counter()
                exp.compute(con, selection)
                times.append((time.perf_counter() - t0) * 1000)
            out[f"{d.title} / {title}"] = timing_summary(times)
    con.close()
    return out


def dark_number_simulation(scenario: str, first: str, last: str, seed: str, out: str) -> dict:
    """One build of populations of known size (bench/dark_number.py): every mart row beside N."""
    from dataclasses import asdict

    from tests.simulation.harness import simulate

    os.environ.setdefault("MH_PSEUDONYM_KEY", BENCH_KEY)
    t0 = time.perf_counter()
    outcomes = simulate(scenario, range(int(first), int(last) + 1), int(seed), Path(out))
    return {"seconds": time.perf_counter() - t0, "outcomes": [asdict(o) for o in outcomes]}


def main(argv: list[str]) -> int:
    stage, *args = argv
    fn = {
        "ingest": ingest,
        "duckdb-read": duckdb_read,
        "build": build,
        "dbt-parse": dbt_parse,
        "charts": charts,
        "superset-charts": superset_charts,
        "dark-number-simulation": dark_number_simulation,
    }[stage]
    print(json.dumps(fn(*args)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
