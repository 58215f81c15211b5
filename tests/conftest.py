"""Shared fixtures: one warehouse built from the embedded sample through the real Dagster job,
shared by every test of the session (each CLI start of dbt/Dagster costs seconds)."""

from __future__ import annotations

import os

import duckdb
import pytest

from orchestration.settings import DEFAULT_INBOX_DIR, Settings

# A fixed key so that test runs are reproducible; never used outside tests.
TEST_PSEUDONYM_KEY = "test-only-pseudonym-key-0123456789abcdef"


@pytest.fixture(scope="session", autouse=True)
def _test_key() -> None:
    os.environ["MH_PSEUDONYM_KEY"] = TEST_PSEUDONYM_KEY
    os.environ["GX_ANALYTICS_ENABLED"] = "false"


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


@pytest.fixture(scope="session")
def fault_story(tmp_path_factory: pytest.TempPathFactory):
    """The fault samples of all three sources, built, then a future-dated delivery built again
    (tests/integration/fault_story.py); shared by every test about bad deliveries."""
    from tests.integration.fault_story import build_fault_story

    return build_fault_story(tmp_path_factory.mktemp("fault_story"))
