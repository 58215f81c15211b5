"""Shared fixtures: one warehouse built from the embedded sample through the real Dagster job,
shared by every test of the session (each CLI start of dbt/Dagster costs seconds).

`make test` runs the suite on two workers (pytest-xdist, `--dist loadgroup`). A session fixture
is made once per worker, so the tests are handed out in groups (`pytest_collection_modifyitems`):
a module stays on one worker (its module fixtures are made once), and every test of a shared
expensive fixture other than the default build stays on one worker too (the fault story, the
Superset server). An inbox that several groups read is built once per session, by whichever
worker needs it first, and each worker works on its own copy: the default sample up to the
2013-2017 edition's data date (`built_warehouse`), all of it (`current_warehouse`), its first
delivery alone (`first_delivery_warehouse`), and an inbox of the IND alone (`ind_only_warehouse`).
The groups that take longest are handed out first (`LONGEST_GROUPS_FIRST`), so that the groups
left at the end are short and both workers finish at about the same time.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from orchestration.private_files import keep_private
from orchestration.settings import DEFAULT_INBOX_DIR, Settings
from tests.sample import calibrated_edition_date, copy_inbox, deliver, delivery_dates, delivery_files

# A fixed key so that test runs are reproducible; never used outside tests.
TEST_PSEUDONYM_KEY = "test-only-pseudonym-key-0123456789abcdef"


# Session fixtures whose consumers are kept on one worker, and the group name they get.
SHARED_FIXTURE_GROUPS = (("fault_story", "fault_story"), ("superset_server", "superset"))
# Groups handed out first, longest first (xdist keeps this order with --no-loadscope-reorder): a
# worker takes the next group when it is almost done with its own, so with the long groups first
# the groups left for the end are short and neither worker waits long for the other. The order
# follows each group's share of the worker time of a full `make test` (in brackets, in percent; the
# durations of its slowest items where no share was taken). The shares come from profiles of
# different days (they add up to more than 100): they rank the groups, they do not split the time.
# A group changed since its profile has its share scaled by its own time alone (-n 0) before and
# after the change. A group not listed follows in collection order. The real builds in
# subprocesses are groups of their own: each has its own data dir, so the recovery and one-run
# builds need not queue behind the crash chain on one worker.
LONGEST_GROUPS_FIRST = (
    # (~16: 26 before the publish-before-rename kill ran the publish step alone and the reader
    # asked every 2 s; alone 669 -> 415 s CPU) real builds killed at four points after a copied
    # first one, and a plain one; Superset reading throughout
    "tests.integration.test_crash_safety",
    # (~14: ~20 with six runs, 17 with five; alone 530 -> 445 s CPU with four) four builds in a row
    # through the sensor path
    "tests.integration.test_monthly_operation",
    # (9) `make demo` as a newcomer runs it, and a verbose build; handed out early, so it is
    # usually the first to need the session's whole-sample build (current_warehouse, ~3 more)
    "tests.integration.test_demo",
    "superset",  # (8) bootstrap, server, dashboards in Chromium
    "tests.quality.test_suites",  # (7) every suite run on broken frames
    # (~5.5: 7 before the counts property built only the counted models; its half alone 119 -> 80 s
    # CPU) a dbt build of the counted models or a full job per example
    "tests.integration.test_generated_deliveries",
    # (~5: 6 with four builds of its own) three full builds and the session's IND-only build
    "tests.integration.test_delivery_scenarios",
    # (~5.7: ~8 with four builds, alone 491 s -> 347 s with three) three small builds (the
    # quarantine check among them)
    "tests.integration.test_steward_way_out",
    "tests.integration.test_one_run",  # (5) a `dagster job execute` run beside a build
    # (~4.5; 8 with the removed data dir, now checked on test_demo's build) one real build and
    # two refused ones in subprocesses
    "tests.integration.test_recovery",
    "tests.integration.test_export_disclosure",  # (4) two small builds
    "fault_story",  # (~3) two builds
    "tests.superset.test_dashboards_through_2025",  # (~3) a Superset of its own on the whole sample
    "tests.integration.test_hostile_pipeline",  # (~3) a build in a child process
    # (~2.3: x0.9 CPU since it builds only dark_number_estimates and its ancestors) a dbt build
    # estimating 30 populations
    "tests.integration.test_dark_number_simulation",
    "tests.integration.test_as_of",  # (~2) an as-of build and a dbt run (its first-delivery build is shared)
    "tests.integration.test_pipeline_versions",  # (~1.5) a build
)


def _group(item: pytest.Item) -> str:
    for fixture, group in SHARED_FIXTURE_GROUPS:
        if fixture in item.fixturenames:
            return group
    return item.module.__name__


def _handout_rank(item: pytest.Item) -> int:
    group = _group(item)
    return LONGEST_GROUPS_FIRST.index(group) if group in LONGEST_GROUPS_FIRST else len(LONGEST_GROUPS_FIRST)


def _handed_out_in_groups(config: pytest.Config) -> bool:
    # In the controller `--dist loadgroup`; in a worker xdist sets dist to "no" and loadgroup.
    return getattr(config.option, "dist", "no") == "loadgroup" or getattr(config.option, "loadgroup", False)


def pytest_itemcollected(item: pytest.Item) -> None:
    # Marked as soon as collected: xdist's worker turns the marker into the `@group` suffix of the
    # test id, by which the controller schedules, in its own pytest_collection_modifyitems.
    if _handed_out_in_groups(item.config):
        item.add_marker(pytest.mark.xdist_group(_group(item)))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _handed_out_in_groups(config):
        # A stable sort: within a group, and for all other groups, the collection order stays.
        items.sort(key=_handout_rank)


def pytest_collection_finish(session: pytest.Session) -> None:
    # xdist groups by a suffix it writes into the test ids; pytest 9.2 silently ignores that
    # (pytest-dev/pytest-xdist#1386) and every build would then run on both workers.
    if hasattr(session.config, "workerinput") and _handed_out_in_groups(session.config):
        ungrouped = [item.nodeid for item in session.items if "@" not in item.nodeid]
        if ungrouped:
            raise pytest.UsageError(
                f"pytest-xdist did not group {len(ungrouped)} tests (e.g. {ungrouped[0]}): "
                "check the pytest and pytest-xdist versions in uv.lock"
            )


@pytest.fixture(scope="session", autouse=True)
def _test_key() -> None:
    os.environ["MH_PSEUDONYM_KEY"] = TEST_PSEUDONYM_KEY
    os.environ["GX_ANALYTICS_ENABLED"] = "false"


@pytest.fixture(scope="session", autouse=True)
def _login_umask() -> None:
    """Start from the umask of a typical login shell, whatever the runner's: the modes of the
    files the builds write are then the pipeline's own doing (tests/integration/test_file_modes.py)."""
    os.umask(0o022)


def _session_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this test session that every worker sees: under xdist each worker's temporary
    root is a folder of the session's (popen-gw0, popen-gw1), without xdist it is the session's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _built_once(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    inbox: Path,
    fill_inbox: Callable[[Path], None] | None = None,
) -> Path:
    """The data dir of `inbox` built through Dagster, once per session: the first worker to need it
    builds it while the other waits on the lock (the same inbox built twice would prove nothing
    more). `fill_inbox` writes an inbox of the session's own first, under the same lock."""
    from orchestration.build import build_all
    from orchestration.resources import WarehouseSettings

    root = _session_root(tmp_path_factory)
    data_dir, done = root / f"{name}_build", root / f"{name}_build.done"
    with open(root / f"{name}_build.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(data_dir, ignore_errors=True)  # what a failed build of a worker left
            if fill_inbox is not None:
                shutil.rmtree(inbox, ignore_errors=True)
                fill_inbox(inbox)
            result = build_all(WarehouseSettings.from_environment(inbox_dir=inbox, data_dir=data_dir))
            assert result.success, f"the Dagster build of {name} failed"
            done.touch()
    return data_dir


def _worker_copy(tmp_path_factory: pytest.TempPathFactory, name: str, inbox: Path, build: Path) -> Settings:
    """A data dir of this worker's own holding every file of the session's `build`, the build
    database's WAL among them, with its modes (tests/integration/test_file_modes.py reads them):
    tests and Superset write beside it."""
    data_dir = tmp_path_factory.mktemp(name)
    shutil.copytree(build, data_dir, dirs_exist_ok=True)
    # What the build does to its process (orchestration/build.py), also in the worker that only
    # copied it: files written later beside the build (the Superset harness's logs) are private.
    keep_private(data_dir)
    return Settings(inbox_dir=inbox, data_dir=data_dir)


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The default sample (seeds/) as the edition the 2013-2017 contracts calibrate had it: its
    deliveries dated on or before that edition's data date (tests/sample.py), built through
    Dagster, in a data dir of this worker's own. The later deliveries revise 2013-2017
    (contracts later-years.md §2), so every test of those targets counts as of that date. Only
    those deliveries, rather than an as-of build of all: the landing, quarantine and quality
    results then hold what that edition had too, the inbox every test of this build was written
    for. The whole sample is `current_warehouse`."""
    inbox = _session_root(tmp_path_factory) / "calibrated_edition_inbox"
    build = _built_once(tmp_path_factory, "default_sample", inbox, _deliver_calibrated_edition)
    return _worker_copy(tmp_path_factory, "default_sample", inbox, build)


def _deliver_calibrated_edition(inbox: Path) -> None:
    copy_inbox(delivery_files(DEFAULT_INBOX_DIR, calibrated_edition_date()), DEFAULT_INBOX_DIR, inbox)


@pytest.fixture(scope="session")
def current_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The whole default sample (2013-2025) built through Dagster, as `make demo` builds it and the
    dashboards serve it, in a data dir of this worker's own."""
    build = _built_once(tmp_path_factory, "current_sample", DEFAULT_INBOX_DIR)
    return _worker_copy(tmp_path_factory, "current_sample", DEFAULT_INBOX_DIR, build)


@pytest.fixture(scope="session")
def first_delivery_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The default sample's first delivery of every source, built on its own through Dagster, in a
    data dir of this worker's own: the warehouse before the second delivery, which the as-of build
    is compared with (test_as_of.py) and the crash chain starts from (test_crash_safety.py)."""
    inbox = _session_root(tmp_path_factory) / "first_delivery_inbox"
    first = delivery_dates()[0]
    build = _built_once(tmp_path_factory, "first_delivery", inbox, lambda folder: deliver(folder, first))
    return _worker_copy(tmp_path_factory, "first_delivery", inbox, build)


@pytest.fixture(scope="session")
def ind_only_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A warehouse whose only source is the IND (tests/integration/ind_only.py), built on its own
    through Dagster, in a data dir of this worker's own: the delivery scenario that it publishes and
    counts right, and the Superset test that every chart answers on it, read the one build."""
    from tests.integration.ind_only import IND_ONLY

    inbox = _session_root(tmp_path_factory) / "ind_only_inbox"
    build = _built_once(tmp_path_factory, "ind_only", inbox, IND_ONLY.write)
    return _worker_copy(tmp_path_factory, "ind_only", inbox, build)


@pytest.fixture(scope="session")
def serving_db(built_warehouse: Settings):
    """Read-only connection to the published serving database, as Superset opens it."""
    con = duckdb.connect(str(built_warehouse.serving_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def build_db(built_warehouse: Settings):
    """Read-only connection to the build database (raw to marts) of the default sample; closed after
    each module, so that a later test may open that database for writing."""
    con = duckdb.connect(str(built_warehouse.warehouse_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def fault_story(tmp_path_factory: pytest.TempPathFactory):
    """The fault samples of all three sources, built, then a blocking delivery built again
    (tests/integration/fault_story.py); shared by every test about bad deliveries."""
    from tests.integration.fault_story import build_fault_story

    return build_fault_story(tmp_path_factory.mktemp("fault_story"))
