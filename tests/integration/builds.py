"""Helpers for tests that run the real Dagster build on an inbox of their own."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.build import build_all
from orchestration.resources import WarehouseSettings
from orchestration.settings import DBT_PROJECT_DIR
from tests.conftest import TEST_PSEUDONYM_KEY


def run_build(inbox: Path, data_dir: Path) -> dg.ExecuteInProcessResult:
    return build_all(WarehouseSettings.from_environment(inbox_dir=inbox, data_dir=data_dir))


def query_dicts(path: Path, sql: str) -> list[dict]:
    """The rows of `sql` on the DuckDB database `path` (opened read-only), as {column: value}."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def check_evaluations(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def materialised(result: dg.ExecuteInProcessResult) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}


def keyed_hash(message: str) -> str:
    """README §7: HMAC-SHA-256 of `<domain>:<value>` with the key the tests run with."""
    return hmac.new(TEST_PSEUDONYM_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def mart_cells_holding(serving: Path, needles) -> dict[str, list[str]]:
    """{mart: its cells (as text) that hold one of `needles`} over every published mart of the
    serving database `serving`, which must hold at least one (else nothing was searched)."""
    con = duckdb.connect(str(serving), read_only=True)
    try:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = 'marts'"
        ).fetchall()
        assert tables, f"no published mart in {serving.name}"
        hits = {}
        for schema, table in tables:
            cells = {str(v) for row in con.execute(f"SELECT * FROM {schema}.{table}").fetchall() for v in row}
            if found := sorted(c for c in cells if any(n in c for n in needles)):
                hits[table] = found
        return hits
    finally:
        con.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# dbt's events for how it parsed (dbt/events/types.py): partial parsing used, and not possible.
PARTIAL_PARSING_ENABLED, UNABLE_TO_PARTIAL_PARSE = "I040", "I024"


def dbt_full_parse_reasons(run_id: str) -> list[str]:
    """Why the run's dbt invocation parsed the whole project ([] when it parsed partially), read
    from the debug log dbt writes in the run's target folder (dbt_models-<run id prefix>-<uuid>,
    rotated into dbt.log.1 past 10 MB)."""
    codes: dict[str, list[str]] = {}
    for target in (DBT_PROJECT_DIR / "target").glob(f"dbt_models-{run_id[:7]}-*"):
        for log in target.glob("dbt.log*"):
            for line in log.read_text().splitlines():
                info = json.loads(line)["info"]
                codes.setdefault(info["code"], []).append(info["msg"])
    if not codes:
        return ["(the run's dbt log was not found)"]
    if PARTIAL_PARSING_ENABLED not in codes:
        return codes.get(UNABLE_TO_PARTIAL_PARSE, ["(dbt logged neither a partial nor a full parse)"])
    return codes.get(UNABLE_TO_PARTIAL_PARSE, [])
