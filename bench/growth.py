"""Growth against volume (issue 17, the last "Done when" point): does a cold build grow by less than
the volume it counts, from the 2013-2017 edition to the whole default sample (2013-2025)?

Two cold end-to-end builds of the embedded default sample (seeds/, the inbox of `make build` and
`make demo`), each in a fresh data dir and its own process (`python -m bench.stage build`, measured
by bench/run.py `measure` as the "cold build end to end" stage of a scale is):
- the 2013-2017 edition: the sample's deliveries dated on or before that edition's data date
  (seed ref_edition, orchestration/seeds.py), so that the build counts that edition, as the tests'
  `built_warehouse` does (tests/conftest.py);
- the whole sample: every delivery, 2013-2025.
For each, what it holds is read from its build afterwards, outside the measured process (`volume`):
the files and rows ingested per source (raw.load_log), the edition and the registration years the
marts count (int_editions__reporting_window, marts.victims). The ratios whole / 2013-2017 of rows,
years, wall and CPU seconds then say whether build time grew by less than the volume (`verdict`).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from orchestration.ingestion.run import LOADED
from orchestration.seeds import edition
from orchestration.settings import DEFAULT_INBOX_DIR
from tests.sample import copy_inbox, delivery_files

EDITION = "2013-2017"  # the edition of the 2013-2017 contracts, the volume the growth is measured from
EDITION_BUILD, WHOLE_BUILD = "edition_2013_2017", "whole_sample"
BEGIN, END = "<!-- bench:growth:begin -->", "<!-- bench:growth:end -->"

Measure = Callable[[str, list[str]], dict]


def volume(data_dir: Path) -> dict:
    """What a finished build of `data_dir` counted: per source the files loaded and the rows read
    and accepted (raw.load_log), the edition and span the marts count, and the registration years
    with headline victims (marts.victims of the published serving.duckdb)."""
    import duckdb

    out: dict = {"sources": {}}
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    try:
        for source, files, read, accepted in con.execute(
            "SELECT source, count(*), sum(rows_read), sum(rows_accepted) FROM raw.load_log "
            "WHERE status = ? GROUP BY source ORDER BY source",
            [LOADED],
        ).fetchall():
            out["sources"][source] = {"files": files, "rows_read": int(read), "rows_accepted": int(accepted)}
        counted, first, last = con.execute(
            "SELECT edition, year(span_start), year(span_end) FROM intermediate.int_editions__reporting_window"
        ).fetchone()
        out |= {"edition": counted, "span": f"{first}-{last}"}
    finally:
        con.close()
    con = duckdb.connect(str(data_dir / "serving.duckdb"), read_only=True)
    try:
        years = [
            y
            for (y,) in con.execute(
                "SELECT DISTINCT registration_year FROM marts.victims WHERE is_headline ORDER BY 1"
            ).fetchall()
        ]
    finally:
        con.close()
    out["registration_years"] = years
    return out


def run(
    measure: Measure,
    stage: Callable[..., list[str]],
    out: Path,
    results: dict,
    save: Callable[[], None],
    machine: dict,
    load: list[float],
) -> None:
    """Both cold builds, measured, into results["growth"] with the `machine` and its `load` average
    at the start, saved after each build (a stopped run keeps the build it finished)."""
    data_date = edition(EDITION).data_date
    plan = (
        (EDITION_BUILD, delivery_files(DEFAULT_INBOX_DIR, data_date)),
        (WHOLE_BUILD, delivery_files(DEFAULT_INBOX_DIR)),
    )
    growth = results["growth"] = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine,
        "load": load,
        "edition": EDITION,
        "data_date": data_date.isoformat(),
        "builds": {},
    }
    # before the first build, else it alone would parse the dbt project (as make build's first run)
    growth["dbt_parse"] = measure("growth-dbt-parse", stage("dbt-parse"))
    save()
    for name, files in plan:
        root = out / "growth" / name
        shutil.rmtree(root, ignore_errors=True)
        copy_inbox(files, DEFAULT_INBOX_DIR, root / "inbox")
        r = measure(f"growth-{name}", stage("build", str(root / "inbox"), str(root / "data")))
        if r.get("exit_code") == 0 and (root / "data" / "serving.duckdb").exists():
            r["volume"] = volume(root / "data")
        growth["builds"][name] = {"files": [p.name for p in files], **r}
        save()


def _rows(build: dict) -> int:
    return sum(s["rows_read"] for s in build["volume"]["sources"].values())


def ratios(growth: dict) -> dict[str, float] | None:
    """Whole sample ÷ 2013-2017 edition: rows read, registration years, files, wall and CPU
    seconds of the cold build; None unless both builds ran and published."""
    small, large = (growth.get("builds", {}).get(k) or {} for k in (EDITION_BUILD, WHOLE_BUILD))
    if not all(b.get("exit_code") == 0 and "volume" in b for b in (small, large)):
        return None
    return {
        "rows": _rows(large) / _rows(small),
        "years": len(large["volume"]["registration_years"]) / len(small["volume"]["registration_years"]),
        "files": len(large["files"]) / len(small["files"]),
        "wall": large["wall_s"] / small["wall_s"],
        "cpu": large["cpu_s"] / small["cpu_s"],
    }


def verdict(growth: dict) -> str:
    """The Done-when point, met when the cold build's wall and CPU seconds both grew by less than
    the volume: the smaller of the rows' and the registration years' growth."""
    r = ratios(growth)
    if r is None:
        return "Cold build grows by less than the volume (issue 17): not measured (a build failed or did not run)"
    volume_growth = min(r["rows"], r["years"])
    met = r["wall"] < volume_growth and r["cpu"] < volume_growth
    return (
        f"Cold build grows by less than the volume (issue 17): wall ×{r['wall']:.2f}, CPU ×{r['cpu']:.2f} "
        f"against rows ×{r['rows']:.2f} and registration years ×{r['years']:.2f} — "
        + ("met" if met else "NOT met")
    )


def table(results: dict) -> str:
    """The two builds side by side, their ratios and the verdict (bench/results.md and README)."""
    from bench.phases import PHASES

    growth = results.get("growth")
    if not growth:
        return "Not measured yet (`python -m bench.run --stages growth`)."
    builds = [(k, growth["builds"].get(k) or {}) for k in (EDITION_BUILD, WHOLE_BUILD)]
    sources = sorted({s for _, b in builds for s in b.get("volume", {}).get("sources", {})})
    head = (
        "| cold build | files | rows read ("
        + " / ".join(sources)
        + ") | edition counted | registration years | wall s | CPU s | peak RSS MiB | "
        + " | ".join(PHASES)
        + " | load before → after |"
    )
    lines = [head, "|" + "---|" * (9 + len(PHASES))]
    for name, b in builds:
        label = (
            f"{growth['edition']} (deliveries up to {growth['data_date']})"
            if name == EDITION_BUILD
            else ("whole sample")
        )
        if b.get("exit_code") != 0 or "volume" not in b:
            why = "not run" if not b else f"failed (exit {b.get('exit_code')})"
            lines.append(f"| {label} | {why} |" + "|" * (8 + len(PHASES)))
            continue
        v = b["volume"]
        years = v["registration_years"]
        phases = b.get("result", {}).get("phases", {})
        lines.append(
            f"| {label} | {len(b['files'])} | "
            + " / ".join(f"{v['sources'].get(s, {}).get('rows_read', 0):,}" for s in sources)
            + f" ({_rows(b):,}) | {v['edition']} | {len(years)} ({years[0]}-{years[-1]}) | "
            f"{b['wall_s']:.1f} | {b['cpu_s']:.1f} | {b['peak_rss_mib']:,.0f} | "
            + " | ".join(f"{phases.get(p, 0):.1f}" for p in PHASES)
            + f" | {b['load_before'][0]} → {b['load_after'][0]} |"
        )
    r = ratios(growth)
    m = growth.get("machine", {})
    lines += [
        "",
        f"Measured {growth['started']} on {m.get('cores')} cores, {m.get('memory_gib')} GiB, "
        f"load average (1, 5, 15 min) {growth.get('load')} at the start; the machine was shared.",
    ]
    if r:
        lines += [
            "",
            f"Whole sample ÷ 2013-2017: rows ×{r['rows']:.2f}, registration years ×{r['years']:.2f}, "
            f"files ×{r['files']:.2f}; cold build wall ×{r['wall']:.2f}, CPU ×{r['cpu']:.2f}.",
        ]
    return "\n".join([*lines, "", f"- {verdict(growth)}"])
