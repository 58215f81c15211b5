"""Shared fixtures: one warehouse built from the embedded sample through the real Dagster job,
shared by every test of the session (each CLI start of dbt/Dagster costs seconds).

`make test` runs the suite on two workers (pytest-xdist, `--dist loadgroup`). A session fixture
is made once per worker, so the tests are handed out in groups (`pytest_collection_modifyitems`):
a module stays on one worker (its module fixtures are made once), and every test of a shared
expensive fixture other than the default build stays on one worker too (the fault story, the
Superset server). Each worker builds the default warehouse once. The real builds in subprocesses
(crash chain, recovery) are handed out first: they take longest, and the other worker fills up
with everything else meanwhile.
"""

from __future__ import annotations

import os

import duckdb
import pytest

from orchestration.settings import DEFAULT_INBOX_DIR, Settings

# A fixed key so that test runs are reproducible; never used outside tests.
TEST_PSEUDONYM_KEY = "test-only-pseudonym-key-0123456789abcdef"


# Session fixtures whose consumers are kept on one worker, and the group name they get.
SHARED_FIXTURE_GROUPS = (("fault_story", "fault_story"), ("superset_server", "superset"))
# Groups handed out first (xdist keeps the order with --no-loadscope-reorder): longest first.
# `make demo` as a newcomer runs it (build, bootstrap, three servers, Ctrl-C): minutes on one worker.
FIRST_GROUPS = ("subprocess_builds", "tests.integration.test_demo")
SUBPROCESS_BUILD_MODULES = ("test_crash_safety", "test_recovery", "test_one_run")


def _group(item: pytest.Item) -> str:
    module = item.module.__name__.rsplit(".", 1)[-1]
    if module in SUBPROCESS_BUILD_MODULES:
        return "subprocess_builds"
    for fixture, group in SHARED_FIXTURE_GROUPS:
        if fixture in item.fixturenames:
            return group
    return item.module.__name__


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
        items.sort(key=lambda item: _group(item) not in FIRST_GROUPS)


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


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The default sample (seeds/) built once through Dagster into a temporary data dir."""
    from orchestration.build import build_all

    data_dir = tmp_path_factory.mktemp("default_sample")
    result = build_all(inbox_dir=DEFAULT_INBOX_DIR, data_dir=data_dir)
    assert result.success, "the Dagster build of the default sample failed"
    return Settings(inbox_dir=DEFAULT_INBOX_DIR, data_dir=data_dir)


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
