"""Real builds as subprocesses on a data dir of their own, killed at chosen points
(tests/integration/crash_runner.py), and what a test needs to compare warehouses."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.settings import REPO_ROOT
from tests.conftest import TEST_PSEUDONYM_KEY
from tests.sample import SOURCES, deliver

RUN_TIMEOUT = 1500  # seconds for one build on a busy 2-core machine; a hang (stale lock) fails


@dataclass
class Run:
    point: str
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def killed(self) -> bool:
        return self.returncode == -9 or "CRASH_RUNNER: killing" in self.stderr


class Workspace:
    """An inbox, a data dir and a persistent DAGSTER_HOME, as `make build` uses them."""

    def __init__(self, root: Path, key: str | None = TEST_PSEUDONYM_KEY):
        self.root = root
        self.inbox = root / "inbox"
        self.data = root / "data"
        self.dagster_home = root / "dagster_home"
        self.key = key
        for source in SOURCES:
            (self.inbox / source).mkdir(parents=True, exist_ok=True)
        self.dagster_home.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO_ROOT / "orchestration" / "dagster.yaml", self.dagster_home / "dagster.yaml")

    @property
    def serving(self) -> Path:
        return self.data / "serving.duckdb"

    @property
    def warehouse(self) -> Path:
        return self.data / "warehouse.duckdb"

    def deliver(self, date: str) -> None:
        """Copy the sample's delivery of `date` (YYYYMMDD, all three sources) into the inbox."""
        deliver(self.inbox, dt.datetime.strptime(date, "%Y%m%d").date())

    def env(self, key: str | None = "default") -> dict:
        env = {
            **os.environ,
            "MH_INBOX_DIR": str(self.inbox),
            "MH_DATA_DIR": str(self.data),
            "DAGSTER_HOME": str(self.dagster_home),
            "GX_ANALYTICS_ENABLED": "false",
            "DAGSTER_DISABLE_TELEMETRY": "true",
            "DO_NOT_TRACK": "1",
        }
        key = self.key if key == "default" else key
        if key is None:
            env.pop("MH_PSEUDONYM_KEY", None)
        else:
            env["MH_PSEUDONYM_KEY"] = key
        return env

    def start(self, point: str = "none", *args: str, key: str | None = "default") -> subprocess.Popen:
        log = self.root / f"run-{time.monotonic_ns()}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.crash_runner", point, *args],
            cwd=REPO_ROOT,
            env=self.env(key),
            stdout=open(f"{log}.out", "w"),
            stderr=open(f"{log}.err", "w"),
            start_new_session=True,  # its own process group: the kill takes dbt with it, nothing else
        )
        proc.log = log  # type: ignore[attr-defined]
        proc.point = point  # type: ignore[attr-defined]
        proc.t0 = time.monotonic()  # type: ignore[attr-defined]
        return proc

    def finish(self, proc: subprocess.Popen) -> Run:
        try:
            proc.wait(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
        return Run(
            proc.point,
            proc.returncode,
            Path(f"{proc.log}.out").read_text(),  # type: ignore[attr-defined]
            Path(f"{proc.log}.err").read_text(),
            time.monotonic() - proc.t0,  # type: ignore[attr-defined]
        )

    def run(self, point: str = "none", *args: str, key: str | None = "default") -> Run:
        return self.finish(self.start(point, *args, key=key))

    def lock_holder(self) -> str:
        path = self.data / "build.lock"
        return path.read_text() if path.exists() else ""


def is_locked(path: Path) -> bool:
    """Whether another process holds the flock on `path` (without taking it for long)."""
    with open(path, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(f, fcntl.LOCK_UN)
        return False


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


def _stable(value):
    """Floats to 12 significant digits: DuckDB's parallel sums differ in the last bit from one
    build to the next (two clean builds of the same inbox do), which is not a difference."""
    return float(f"{value:.12g}") if isinstance(value, float) else value


# Columns that say when a build ran, not what it holds (data_status.built_at, the dashboards'
# "stand van de gegevens"): two builds of the same deliveries differ there and nowhere else.
BUILD_TIME_COLUMNS = frozenset({"built_at"})


def table_fingerprints(
    path: Path, schema: str = "marts", ignore: frozenset[str] = BUILD_TIME_COLUMNS
) -> dict[str, tuple[int, str]]:
    """table -> (rows, hash of all its rows in a fixed order, without the columns `ignore`), opened
    read-only as a reader."""
    con = open_read_only(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1", [schema]
            ).fetchall()
        ]
        out = {}
        for t in tables:
            columns = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                    "ORDER BY ordinal_position",
                    [schema, t],
                ).fetchall()
                if c not in ignore
            ]
            selected = ", ".join(f'"{c}"' for c in columns)
            rows = [
                tuple(_stable(v) for v in row)
                for row in con.execute(f"SELECT {selected} FROM {schema}.{t}").fetchall()
            ]
            rows.sort(key=repr)
            out[t] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return out
    finally:
        con.close()


def row_counts(path: Path) -> dict[str, int]:
    """table -> rows of every published mart of `path`: what two builds of one inbox under
    different keys share (their pseudonyms differ, so their fingerprints do)."""
    return {table: rows for table, (rows, _) in table_fingerprints(path).items()}


def victim_ids(serving: Path) -> set[str]:
    """The pseudonyms of the published victims of `serving`."""
    con = open_read_only(serving)
    try:
        return {r[0] for r in con.execute("SELECT DISTINCT victim_id FROM marts.victims").fetchall()}
    finally:
        con.close()


def load_state(warehouse: Path, om_file: str) -> tuple[list[tuple], int]:
    """raw.load_log as (source, file_name, status, rows_accepted) rows, and how many landing rows
    `om_file` has: what a killed or completed run left of its deliveries (opened read-only; the
    WAL is replayed as the next run would)."""
    con = open_read_only(warehouse)
    try:
        log = con.execute(
            "SELECT source, file_name, status, rows_accepted FROM raw.load_log ORDER BY ALL"
        ).fetchall()
        landed = con.execute("SELECT count(*) FROM raw.landing_om WHERE file_name = ?", [om_file]).fetchone()[
            0
        ]
    finally:
        con.close()
    return log, landed


def copy_of_warehouse(ws: Workspace, dest: Path) -> Path:
    """A copy of the build database with its WAL (what the next run would open), for inspection
    without touching the original."""
    dest.mkdir(parents=True, exist_ok=True)
    for p in (ws.warehouse, ws.warehouse.with_name(ws.warehouse.name + ".wal")):
        if p.exists():
            shutil.copy(p, dest / p.name)
    return dest / ws.warehouse.name
