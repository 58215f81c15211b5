"""`make demo` as a newcomer runs it (issue 15): on the embedded sample, into an empty data dir,
without a pseudonymisation key, then Ctrl-C.

One real run, through make, on free ports: the build, the Superset bootstrap, then Dagster,
Superset and the Data Docs served until every one answers HTTP. The fixture records what the
terminal showed, what the Data Docs server answers, which processes belong to the demo; then it
sends SIGINT to make's process group, as a terminal's Ctrl-C does, and records the stop. The
tests assert on the record:

* quiet: no DEBUG line, no package list, a short output whose last lines (before Ctrl-C) are the
  three URLs and the logins with the files that hold their passwords;
* the Data Docs over HTTP: every page quality.duckdb links to answers 200 at that URL, and nothing
  of the data dir outside data_docs is reachable (the key, the warehouse, directory listings);
* Ctrl-C: make ends without "Error" or "Segmentation fault", nothing had to be killed, and no
  process of the demo is left;
* no key and no data dir (README "Garanties", a removed data/ folder): the build made a new key,
  and its marts hold as many rows as the session's build of the sample under the test key, with
  other pseudonyms;
* VERBOSE=1 brings the detail back (a second build, on the demo's data dir);
* that second build, with the same files in the inbox, changes nothing: no landing, quarantine,
  warning or load_log row more or less, the same published victims (contract README §3: the
  sample's deliveries hold later versions and withdrawals).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest
import requests

from orchestration.settings import DEFAULT_INBOX_DIR, Settings
from tests.data_docs_links import data_docs_file
from tests.integration.builds import dbt_full_parse_reasons
from tests.integration.crash_chain import row_counts, victim_ids
from tests.integration.processes import Proc, demo_processes
from tests.superset.superset_harness import free_port

REPO = Path(__file__).resolve().parents[2]
# The build, the bootstrap and the first start of both servers, on two busy cores.
READY_TIMEOUT = 1500
# Once all three answer, the demo has printed its last lines before serving, or soon will.
SETTLE_TIMEOUT = 60
STOP_TIMEOUT = 240
USERS = ("admin", "analist", "datasteward", "beheerder")  # superset/bootstrap.py, README "Rollen"
# The quiet demo's lines before its URLs other than one per delivery file (the stages, the
# Superset set-up): 24, with the 6 files of the 2018 sample the 30 this test always allowed.
QUIET_LINES_BESIDES_DELIVERIES = 24
# A line of a log, or a list of installed packages (uv), which the quiet demo does not print.
LOG_OR_PACKAGE_LINE = re.compile(
    r"DEBUG|^\s*[+-] [\w.-]+==|(Installed|Resolved|Prepared|Audited) \d+ packages?"
)
# Requests for what lies beside data_docs in the data dir, sent as written (no client normalises
# the dots away), and for a directory inside it.
OUTSIDE = (
    "/../pseudonym.key",
    "/../warehouse.duckdb",
    "/%2e%2e/pseudonym.key",
    "/..%2fpseudonym.key",
    "/../superset/admin_password",
    "//etc/passwd",
)
NO_LISTING = "/validations/"


@dataclass
class DemoRun:
    data_dir: Path
    ports: dict[str, int]
    docs_url: str
    lines: list[str] = field(default_factory=list)
    shown_before_stop: list[str] = field(default_factory=list)
    while_serving: list[Proc] = field(default_factory=list)
    page_answers: dict[str, int] = field(default_factory=dict)
    outside_answers: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    index_status: int = 0
    returncode: int | None = None
    shown_after_stop: list[str] = field(default_factory=list)
    left: list[Proc] = field(default_factory=list)


def _newcomer_env(data_dir: Path, docs_url: str, **settings: str) -> dict[str, str]:
    """A newcomer's shell: no key (the build makes the demo key), no Dagster home, no venv or make
    of ours; the test's data dir, Data Docs URL and ports."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("MH_PSEUDONYM_KEY", "DAGSTER_HOME", "VIRTUAL_ENV", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")
    }
    return {**env, "MH_DATA_DIR": str(data_dir), "MH_DATA_DOCS_URL": docs_url, **settings}


def _answers(url: str, ok=lambda r: r.status_code == 200) -> bool:
    try:
        return ok(requests.get(url, timeout=10))
    except requests.RequestException:
        return False


def _raw_get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _wait(condition, timeout: float, process: subprocess.Popen, what: str, lines: list[str]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"make demo ended ({process.returncode}) before {what}:\n" + "".join(lines[-60:]))
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {timeout} s:\n" + "".join(lines[-60:]))
        time.sleep(1)


def _check_data_docs(run: DemoRun) -> None:
    con = duckdb.connect(str(run.data_dir / "quality.duckdb"), read_only=True)
    try:
        pages = [
            p
            for (p,) in con.execute(
                "SELECT DISTINCT data_docs_page FROM steward.results WHERE data_docs_page IS NOT NULL"
            ).fetchall()
        ]
    finally:
        con.close()
    assert pages, "quality.duckdb links to no Data Docs page"
    for page in pages:
        run.page_answers[page] = _status(page)
    run.index_status = _status(run.docs_url)
    for path in (*OUTSIDE, NO_LISTING):
        try:
            run.outside_answers[path] = _raw_get(run.ports["docs"], path)
        except OSError:  # nothing listens: nothing is reachable either
            run.outside_answers[path] = (-1, b"")


def _status(url: str) -> int:
    """The HTTP status of a GET, or -1 when nothing answers (or the URL is no http URL)."""
    try:
        return requests.get(url, timeout=30).status_code
    except (requests.RequestException, ValueError):
        return -1


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    ports = {"dagster": free_port(), "superset": free_port(), "docs": free_port()}
    docs_url = f"http://127.0.0.1:{ports['docs']}/"
    run = DemoRun(data_dir=data_dir, ports=ports, docs_url=docs_url)
    env = _newcomer_env(
        data_dir,
        docs_url,
        DAGSTER_PORT=str(ports["dagster"]),
        SUPERSET_PORT=str(ports["superset"]),
        DATA_DOCS_PORT=str(ports["docs"]),
    )
    process = subprocess.Popen(
        ["make", "demo"],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # make leads a group, as in a terminal
    )
    reader = threading.Thread(target=lambda: run.lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        _wait(
            lambda: (
                _answers(f"http://127.0.0.1:{ports['dagster']}/server_info")
                and _answers(f"http://127.0.0.1:{ports['superset']}/health")
            ),
            READY_TIMEOUT,
            process,
            "answer from Dagster and Superset",
            run.lines,
        )
        # The Data Docs server and the last lines, if they come (the tests say what did not).
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while time.monotonic() < deadline and not (
            any("Ctrl-C" in line for line in run.lines[-3:])
            and _answers(docs_url, ok=lambda r: r.status_code < 500)
        ):
            time.sleep(1)
        run.shown_before_stop = list(run.lines)
        print("--- make demo showed:\n" + "".join(run.shown_before_stop))  # for review, pytest -s
        run.while_serving = demo_processes(data_dir, process.pid)
        _check_data_docs(run)
        shown = len(run.lines)
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the terminal signals its foreground group
        try:
            run.returncode = process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            run.returncode = None
        reader.join(timeout=10)
        run.shown_after_stop = run.lines[shown:]
        run.left = [proc for proc in {*demo_processes(data_dir), *run.while_serving} if proc.alive()]
        yield run
    finally:
        for proc in demo_processes(data_dir) + run.while_serving:
            if proc.alive():
                os.kill(proc.pid, signal.SIGKILL)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_the_demo_is_quiet_and_ends_with_the_urls_and_logins(demo: DemoRun):
    shown = [line.rstrip("\n") for line in demo.shown_before_stop]
    while shown and not shown[-1].strip():
        shown.pop()
    problems = [f"log or package line: {line}" for line in shown if LOG_OR_PACKAGE_LINE.search(line)]
    first_url = next((i for i, line in enumerate(shown) if line.startswith("Dagster:")), len(shown))
    last = shown[first_url:]
    expected = {
        "Dagster URL": rf"^Dagster:\s+http://127\.0\.0\.1:{demo.ports['dagster']}/?$",
        "Superset URL": rf"^Superset:\s+http://127\.0\.0\.1:{demo.ports['superset']}/?$",
        "Data Docs URL": rf"^Data Docs:\s+{re.escape(demo.docs_url)}$",
        "Ctrl-C": r"Ctrl-C",
        **{
            f"login {user}": rf"^\s+{user}\s+{re.escape(str(demo.data_dir / 'superset' / (user + '_password')))}$"
            for user in USERS
        },
    }
    problems += [
        f"not among the last lines: {what}"
        for what, pattern in expected.items()
        if not any(re.search(pattern, line) for line in last)
    ]
    # The last lines are that block and nothing else: three URLs, a heading, four logins, the stop.
    if len(last) > 10:
        problems.append(f"{len(last)} lines after the Dagster URL, e.g. {last[-1]!r}")
    # One line per stage and per delivery file for a newcomer, not the 1,600 of Dagster's DEBUG
    # events and dbt (the sample through 2025 holds 22 files).
    most = QUIET_LINES_BESIDES_DELIVERIES + sum(1 for f in DEFAULT_INBOX_DIR.glob("*/*") if f.is_file())
    if first_url > most:
        problems.append(f"{first_url} lines before the URLs (at most {most})")
    assert not problems, "\n".join(problems) + "\n--- the terminal showed:\n" + "\n".join(shown[-80:])
    for user in USERS:
        assert (demo.data_dir / "superset" / f"{user}_password").is_file()


def test_the_data_docs_are_served_over_http_and_nothing_else(demo: DemoRun):
    problems = [f"{page} answers {status}" for page, status in demo.page_answers.items() if status != 200]
    problems += [
        f"{page} names no Data Docs file"
        for page in demo.page_answers
        if not data_docs_file(page, demo.data_dir, demo.docs_url).is_file()
    ]
    if demo.index_status != 200:
        problems.append(f"the Data Docs index {demo.docs_url} answers {demo.index_status}")
    secrets = [
        (demo.data_dir / "pseudonym.key").read_bytes().strip(),
        (demo.data_dir / "superset" / "admin_password").read_bytes().strip(),
    ]
    for path, (status, body) in demo.outside_answers.items():
        if status == 200 or any(secret in body for secret in secrets) or b"SQLite format" in body:
            problems.append(f"GET {path} answers {status} ({len(body)} bytes)")
    assert not problems, "\n".join(problems)
    assert urlsplit(demo.docs_url).port == demo.ports["docs"]


def test_ctrl_c_stops_every_process_of_the_demo(demo: DemoRun):
    names = " | ".join(proc.cmdline for proc in demo.while_serving)
    # The walk finds the demo's servers while they serve, so it would find them left over too.
    assert "dagster_webserver" in names and "dagster._daemon" in names and "gunicorn" in names, names
    problems = [f"left running: {proc.pid} {proc.cmdline[:200]}" for proc in demo.left]
    # make dies of the SIGINT it got (-2) once its recipe ended cleanly; 0 if it ended first.
    if demo.returncode not in (0, -signal.SIGINT):
        problems.append(f"make ended with {demo.returncode}")
    after = "".join(demo.shown_after_stop)
    problems += [
        f"{sign!r} after Ctrl-C"
        for sign in ("Error", "Segmentation fault", "Traceback", "Killed")
        if sign in after
    ]
    # What gunicorn and dagster dev say when they had to kill a worker or a service of their own,
    # in the services' logs (quiet) or on the terminal (as before).
    logs = after + "".join(
        p.read_text(errors="replace") for p in sorted((demo.data_dir / "logs").glob("*.log"))
    )
    problems += [
        f"{sign!r} in the services' output"
        for sign in ("SIGKILL", "did not terminate cleanly")
        if sign in logs
    ]
    assert not problems, "\n".join(problems) + "\n--- after Ctrl-C:\n" + after[-4000:]


def test_without_a_data_dir_or_key_the_build_makes_a_new_key_and_the_same_figures(
    demo: DemoRun, current_warehouse: Settings
):
    """README "Garanties", a removed data/ folder: with no data dir and no MH_PSEUDONYM_KEY the
    build makes a new demo key (0600) and builds everything from the inbox: per published mart as
    many rows as the session's build of the same inbox under the test key, and other pseudonyms,
    unlinkable to anything made before. The demo's build is that case, so it is checked here
    (test_recovery.py runs the other recovery cases) instead of with a build of its own."""
    key_file = demo.data_dir / "pseudonym.key"
    assert key_file.is_file() and (key_file.stat().st_mode & 0o777) == 0o600
    assert current_warehouse.inbox_dir == DEFAULT_INBOX_DIR, "the session's build is of another inbox"
    serving = demo.data_dir / "serving.duckdb"
    assert row_counts(serving) == row_counts(current_warehouse.serving_path)
    before = victim_ids(current_warehouse.serving_path)
    assert before, "the session's build published no victims: there are no pseudonyms to compare"
    assert victim_ids(serving).isdisjoint(before)


@dataclass(frozen=True)
class VerboseBuild:
    shown: str
    returncode: int
    raw_before: dict[str, list[tuple]]
    raw_after: dict[str, list[tuple]]
    victims_before: list[tuple]
    victims_after: list[tuple]

    @property
    def run_id(self) -> str | None:
        """The Dagster run of the build, as its verbose event lines name it."""
        found = re.search(r"build_warehouse - ([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}) - ", self.shown)
        return found.group(1) if found else None


def _raw_tables(warehouse: Path) -> dict[str, list[tuple]]:
    """Every table of the build database's schema raw (landing, quarantine, warnings, load_log),
    its rows in a fixed order."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = [
            t
            for (t,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' ORDER BY 1"
            ).fetchall()
        ]
        return {t: con.execute(f"SELECT * FROM raw.{t} ORDER BY ALL").fetchall() for t in tables}
    finally:
        con.close()


def _victims(serving: Path) -> list[tuple]:
    con = duckdb.connect(str(serving), read_only=True)
    try:
        return con.execute("SELECT * FROM marts.victims ORDER BY ALL").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def verbose_build(demo: DemoRun) -> VerboseBuild:
    """`VERBOSE=1 make build` on the demo's data dir, after the demo: the inbox is the same."""
    warehouse, serving = demo.data_dir / "warehouse.duckdb", demo.data_dir / "serving.duckdb"
    raw_before, victims_before = _raw_tables(warehouse), _victims(serving)
    env = _newcomer_env(demo.data_dir, demo.docs_url, VERBOSE="1")
    result = subprocess.run(
        ["make", "build"],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    return VerboseBuild(
        shown=result.stdout + result.stderr,
        returncode=result.returncode,
        raw_before=raw_before,
        raw_after=_raw_tables(warehouse),
        victims_before=victims_before,
        victims_after=_victims(serving),
    )


def test_verbose_brings_the_detail_back(verbose_build: VerboseBuild):
    """VERBOSE=1 on the demo's build: Dagster's events and dbt's lines, as before quiet."""
    shown = verbose_build.shown
    assert verbose_build.returncode == 0, shown[-4000:]
    missing = [
        sign
        for sign in (" DEBUG ", "STEP_SUCCESS", "Running with dbt=", "python -m orchestration.build")
        if sign not in shown
    ]
    assert not missing, f"VERBOSE=1 make build did not show {missing}:\n{shown[-3000:]}"


def test_building_again_with_the_same_files_changes_nothing(verbose_build: VerboseBuild):
    assert verbose_build.returncode == 0, verbose_build.shown[-4000:]
    assert verbose_build.raw_before.keys() >= {"landing_comensha", "landing_ind", "landing_om", "load_log"}
    before, after = verbose_build.raw_before, verbose_build.raw_after
    changed = sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))
    assert changed == [], f"raw tables changed by a build without a new file: {changed}"
    assert verbose_build.victims_before and verbose_build.victims_after == verbose_build.victims_before


def test_building_again_parses_the_dbt_project_partially(verbose_build: VerboseBuild):
    """The second build on a data dir parses the dbt project partially, as every build does
    (orchestration/dbt_build_target.py): a full parse costs seconds per build."""
    assert verbose_build.returncode == 0, verbose_build.shown[-4000:]
    assert verbose_build.run_id, "the verbose build named no Dagster run"
    assert dbt_full_parse_reasons(verbose_build.run_id) == []
