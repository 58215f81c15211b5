"""Crash safety, readers during writes and one build at a time, with real processes (issue 8).

One data dir, one chain of real `python -m orchestration.build` runs (persistent DAGSTER_HOME, as
`make build`), each killed with SIGKILL at a point in the code (tests/integration/crash_runner.py):

    the session's good build of the first delivery, copied  -> serving A
    second delivery arrives; killed during ingestion        (inside the OM file's transaction)
    killed during dbt                                        (dbt writing models)
    killed while quality.duckdb.new is half written          (the publish step, stewards' file first)
    killed with serving.duckdb.new complete, before rename   (the publish step alone, see below)
    a plain run, while a second build is started beside it  -> serving B, the second one refused

The chain is about the builds after A, so A is not built again here: it is the session's build of
the first delivery alone (tests/conftest.py `first_delivery_warehouse`, which test_as_of.py reads
too). After every kill: serving A is byte-identical and opens read-only. The last run completes
without clean-up, and serving B equals a clean build of both deliveries (the session's `built_warehouse`),
table by table. The run killed at quality-publish has built and checked every model of the second
delivery (its build database's published marts already equal B's, which the chain checks): the
run killed before the rename of serving.duckdb runs the publish step alone on that database
(crash_runner.py `--only`), the step and the database a whole run would reach, without building and
checking them all once more. Meanwhile Superset serves the same data dir, and a bounded loop of dashboard
queries runs through every one of these builds: every answer is 200 and equals the answer of A or
of B, never something in between.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.integration.crash_chain import (
    Run,
    Workspace,
    copy_of_warehouse,
    digest,
    is_locked,
    load_state,
    open_read_only,
    table_fingerprints,
)
from tests.sample import delivery_dates
from tests.superset.superset_harness import Api, chart_data, running_superset

# the two deliveries of the session's default build (tests/conftest.py `built_warehouse`)
FIRST, SECOND = (d.strftime("%Y%m%d") for d in delivery_dates()[:2])
SECOND_OM_FILE = f"om_vervolging_{SECOND}.csv"
# Each kill point, with the one asset a run materialises to reach it (None: the whole job).
ONLY_TO_REACH = {
    "ingestion": None,
    "dbt": None,
    "quality-publish": None,
    "publish-before-rename": "serving_database",
}
KILL_POINTS = tuple(ONLY_TO_REACH)
# A few analyst charts, read again and again while the builds run.
READER_CHARTS = (
    "Slachtoffers per jaar naar mensenhandelvorm (excl. sub-3)",
    "Meldingen per meldergroep per jaar",
    "Verdachten per inschrijfjaar",
)
MAX_QUERIES = 3000  # bounded in count ...
MAX_SECONDS = 3600  # ... and in time
# Seconds between queries: an answer costs Superset ~0.2 s of CPU that the builds under test need
# too (at 0.5 s, 623 answers took 134 s of the chain's CPU). Each stage is asked at once when it
# starts (Reader.enter), so even the shortest run is read while it runs.
QUERY_PAUSE = 2.0
AFTER_TIMEOUT = 300  # seconds to wait for the first answer of the published B


def _canonical(records: list[dict]) -> str:
    return json.dumps(sorted(json.dumps(r, sort_keys=True, default=str) for r in records))


@dataclass
class Reader:
    """A loop of chart-data queries through Superset, in a thread, recording every answer."""

    server: object
    charts: list[dict]
    stage: str = "before"
    _api: Api | None = None
    _login_at: float = 0.0
    answers: list[tuple[str, str, str | None, str | None]] = field(
        default_factory=list
    )  # stage, chart, data, error
    _stop: threading.Event = field(default_factory=threading.Event)
    _next_stage: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @property
    def api(self) -> Api:
        # Superset's access token lives 15 minutes and the chain runs longer: log in again, as
        # the browser refreshes its session (an expired token is not a data error).
        if self._api is None or time.monotonic() - self._login_at > 300:
            self._api, self._login_at = Api(self.server), time.monotonic()
            # A connection per query: gunicorn closes one idle for its keep-alive (2 s, its
            # default; superset/serve.sh), and a query sent on it as it closes fails with
            # RemoteDisconnected (seen with QUERY_PAUSE at 2 s), which says nothing of the data.
            self._api.s.headers["Connection"] = "close"
        return self._api

    def ask(self, chart: dict) -> str:
        return _canonical(chart_data(self.api, chart))

    def _loop(self) -> None:
        t0 = time.monotonic()
        n = 0
        while not self._stop.is_set() and n < MAX_QUERIES and time.monotonic() - t0 < MAX_SECONDS:
            chart = self.charts[n % len(self.charts)]
            stage = self.stage
            try:
                self.answers.append((stage, chart["slice_name"], self.ask(chart), None))
            except Exception as e:  # noqa: BLE001 - every failure is an observation
                self.answers.append((stage, chart["slice_name"], None, f"{type(e).__name__}: {e}"[:2000]))
            n += 1
            # Paced: every query costs Superset CPU that the builds under test need as well.
            self._next_stage.wait(QUERY_PAUSE)
            self._next_stage.clear()

    def enter(self, stage: str) -> None:
        """The chain moves on to `stage`: the next query goes out now, not after the pause."""
        self.stage = stage
        self._next_stage.set()

    def answered_in(self, stage: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not any(s == stage for s, *_ in self.answers) and time.monotonic() < deadline:
            time.sleep(0.2)
        return any(s == stage for s, *_ in self.answers)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._next_stage.set()
        if self._thread:
            self._thread.join(timeout=300)


@dataclass
class ChainResult:
    ws: Workspace
    serving_a: str
    fingerprints_a: dict
    kills: dict[str, dict] = field(default_factory=dict)
    last: Run | None = None
    second_build: Run | None = None
    second_started_while_locked: bool = False
    fingerprints_b: dict | None = None
    answers_a: dict[str, str] = field(default_factory=dict)
    answers_b: dict[str, str] = field(default_factory=dict)
    reader: Reader | None = None
    leftovers: list[str] = field(default_factory=list)


def _after_kill(ws: Workspace, run: Run, serving_a: str, scratch: Path) -> dict:
    warehouse = copy_of_warehouse(ws, scratch)
    log, om_second = load_state(warehouse, SECOND_OM_FILE)
    readable = open_read_only(ws.serving)
    try:
        victims = readable.execute("SELECT count(*) FROM marts.victims").fetchone()[0]
    finally:
        readable.close()
    return {
        "run": run,
        "serving_unchanged": digest(ws.serving) == serving_a,
        "serving_victims": victims,
        "load_log": [(source, file_name, status) for source, file_name, status, _ in log],
        "landing_om_second_rows": om_second,
        "warehouse_marts": table_fingerprints(warehouse),
    }


@pytest.fixture(scope="module")
def chain(tmp_path_factory, first_delivery_warehouse, built_warehouse) -> ChainResult:
    root = tmp_path_factory.mktemp("crash_chain")
    ws = Workspace(root)
    ws.deliver(FIRST)
    shutil.copytree(
        first_delivery_warehouse.data_dir, ws.data, ignore=shutil.ignore_patterns("superset", "*.lock")
    )
    result = ChainResult(ws, digest(ws.serving), table_fingerprints(ws.serving))

    with running_superset(ws.data, ws.serving) as server:
        api = Api(server)
        dash = api.get("/api/v1/dashboard/", params={"q": json.dumps({"page_size": 100})})["result"]
        charts = []
        for d in dash:
            for c in api.get(f"/api/v1/dashboard/{d['id']}/charts")["result"]:
                if c["slice_name"] in READER_CHARTS and all(x["id"] != c["id"] for x in charts):
                    charts.append(api.get(f"/api/v1/chart/{c['id']}")["result"])
        assert {c["slice_name"] for c in charts} == set(READER_CHARTS), [c["slice_name"] for c in charts]
        reader = Reader(server, charts)
        result.reader = reader
        result.answers_a = {c["slice_name"]: reader.ask(c) for c in charts}
        reader.start()
        try:
            ws.deliver(SECOND)
            for point, asset in ONLY_TO_REACH.items():
                reader.enter(f"killed at {point}")
                run = ws.run(point, *(("--only", asset) if asset else ()))
                result.kills[point] = _after_kill(ws, run, result.serving_a, root / f"after-{point}")
            reader.enter("last run")
            last = ws.start("none")
            deadline = time.monotonic() + 600
            while (
                f"pid {last.pid} " not in ws.lock_holder()
                and last.poll() is None
                and time.monotonic() < deadline
            ):
                time.sleep(0.2)
            result.second_started_while_locked = is_locked(ws.data / "build.lock")
            result.second_build = ws.run("none")
            result.last = ws.finish(last)
            reader.enter("after")
            reader.answered_in("after", AFTER_TIMEOUT)  # an answer of the published B
        finally:
            reader.stop()
        result.answers_b = {c["slice_name"]: reader.ask(c) for c in charts}
    result.fingerprints_b = table_fingerprints(ws.serving)
    result.leftovers = sorted(
        p.name for p in ws.data.iterdir() if p.name.endswith((".new", ".new.wal", ".tmp"))
    )
    return result


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_build_leaves_the_previous_serving_database_serving(chain, point):
    after = chain.kills[point]
    assert after["run"].killed, (
        f"the run was not killed at {point}: rc {after['run'].returncode}\n{after['run'].stderr[-3000:]}"
    )
    assert after["serving_unchanged"], f"serving.duckdb changed after a kill at {point}"
    assert after["serving_victims"] == chain.fingerprints_a["victims"][0]


def test_the_publish_step_alone_starts_from_what_a_whole_run_would_publish(chain, built_warehouse):
    # What makes the run killed before the rename one of a whole build's: the build database it
    # publishes from holds the second delivery's marts, built and checked by the run before it.
    before = chain.kills["quality-publish"]["warehouse_marts"]
    clean = table_fingerprints(built_warehouse.serving_path)
    assert {t: before.get(t) for t in clean} == clean


def test_a_file_half_ingested_when_killed_is_not_recorded_as_loaded(chain):
    after = chain.kills["ingestion"]
    files = {(s, f) for s, f, status in after["load_log"] if status == "geladen"}
    # the sources before OM committed their new files in the killed run ...
    assert ("comensha", f"comensha_registraties_{SECOND}.csv") in files
    assert ("ind", f"ind_verblijf_{SECOND}.xlsx") in files
    # ... the OM file was rolled back whole: no load_log row, no landing rows
    assert ("om", SECOND_OM_FILE) not in files
    assert after["landing_om_second_rows"] == 0


def test_the_next_run_completes_without_clean_up(chain):
    last = chain.last
    assert last is not None and last.returncode == 0, f"rc {last.returncode}:\n{last.stderr[-5000:]}"
    assert "Build complete" in last.stdout
    assert "Released" in last.stderr or "Released" in "".join(
        k["run"].stderr for k in chain.kills.values()
    ), "no killed Dagster run was released: the pool slot of a killed run would block the next build"
    assert chain.leftovers == [], f"temporary files left after a completed run: {chain.leftovers}"


def test_after_the_kills_serving_equals_a_clean_build(chain, built_warehouse):
    clean = table_fingerprints(built_warehouse.serving_path)
    assert chain.fingerprints_b == clean
    assert chain.fingerprints_b != chain.fingerprints_a  # the second delivery is in


def test_every_delivery_is_loaded_exactly_once(chain):
    log, landed_om = load_state(chain.ws.warehouse, SECOND_OM_FILE)
    assert len(log) == 6 and all(status == "geladen" for _, _, status, _ in log), log
    assert len({(source, file_name) for source, file_name, _, _ in log}) == 6, log
    accepted_om = next(accepted for _, file_name, _, accepted in log if file_name == SECOND_OM_FILE)
    assert landed_om == accepted_om > 0


def test_a_second_build_at_the_same_time_is_refused(chain):
    assert chain.second_started_while_locked, "the second build did not start while the first held the lock"
    second = chain.second_build
    assert second.returncode == 2, f"rc {second.returncode}\n{second.stderr[-3000:]}"
    assert "Another build is running" in second.stderr


def test_readers_during_the_builds_see_only_complete_warehouses(chain):
    reader = chain.reader
    assert reader is not None
    errors = [a for a in reader.answers if a[3] is not None]
    assert errors == [], f"{len(errors)} failed dashboard queries during the builds, e.g. {errors[:3]}"
    allowed = {name: {chain.answers_a[name], chain.answers_b[name]} for name in chain.answers_a}
    mixed = [(stage, name) for stage, name, data, _ in reader.answers if data not in allowed[name]]
    assert mixed == [], f"answers that are neither warehouse A nor B: {mixed[:5]}"
    stages = {stage for stage, *_ in reader.answers}
    assert {"last run", *(f"killed at {p}" for p in KILL_POINTS)} <= stages, stages
    # the readers switch to the new warehouse without a restart of Superset
    assert chain.answers_a != chain.answers_b
    assert any(data == chain.answers_b[name] for stage, name, data, _ in reader.answers if stage == "after")
    print(f"\n{len(reader.answers)} dashboard queries during the chain, none failed")
