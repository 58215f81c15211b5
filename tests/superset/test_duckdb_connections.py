"""Issue 14: DuckDB behind Superset, through the REST API as the Beheerder, on the session's Superset.

Superset 6.1 does not block DuckDB (ALLOWED_UNSAFE_DB_DIALECTS), and a Beheerder may add databases
and edit a connection's `extra`. Whatever the stored connection says, every DuckDB connection
Superset opens must be one of the two published files, read-only, without access to other files
and with its configuration locked (superset/duckdb_guard.py). A key file outside the data dir
stands for the server's secrets (pseudonym.key, /etc/passwd): its content must never come back.

SQL Lab's own SQLLAB_TIMEOUT is a SIGALRM in the main thread, which a request thread of gunicorn's
gthread worker (superset/serve.sh) is not; the session's server runs with a small SQLLAB_TIMEOUT
(superset_harness.TEST_SQLLAB_TIMEOUT) to show that a long query is stopped all the same.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from superset_harness import Api, SupersetServer, login_as, sql_lab

BEHEERDER = "Beheerder"
SERVING_DB = "Mensenhandel (serving.duckdb)"


@pytest.fixture(scope="module")
def beheerder(superset_server) -> Api:
    return login_as(superset_server, BEHEERDER)


@pytest.fixture(scope="module")
def key_file(tmp_path_factory) -> tuple[Path, str]:
    """A secret file on the server, outside the two published databases."""
    path = tmp_path_factory.mktemp("server_secrets") / "pseudonym.key"
    content = "geheim-" + secrets.token_hex(16)
    path.write_text(content + "\n")
    return path, content


@pytest.fixture(scope="module")
def serving_id(beheerder) -> int:
    q = json.dumps({"filters": [{"col": "database_name", "opr": "eq", "value": SERVING_DB}]})
    (found,) = beheerder.get("/api/v1/database/", params={"q": q})["result"]
    return found["id"]


# Configuration a hostile connection asks for; none of it may take effect.
HOSTILE_CONFIG = {
    "enable_external_access": True,
    "lock_configuration": False,
    "threads": 64,
    "memory_limit": "64GB",
    "max_temp_directory_size": "1TB",
}
HOSTILE_EXTRA = {"engine_params": {"connect_args": {"read_only": False, "config": HOSTILE_CONFIG}}}
HOSTILE_QUERY = "?enable_external_access=true&lock_configuration=false&threads=64"


def _escaping_statements(server: SupersetServer, key: Path, out: Path) -> list[str]:
    """Statements that read or write a file outside the connection's own database, or unlock it."""
    return [
        f"SELECT * FROM read_text('{key}')",
        f"SELECT * FROM read_csv('{key}', header = false)",
        f"SELECT * FROM read_blob('{key}')",
        f"ATTACH '{server.data_dir / 'warehouse.duckdb'}' AS w (READ_ONLY)",
        f"COPY (SELECT 1 AS a) TO '{out}'",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET lock_configuration",
        "SET threads = 64",
        "SET memory_limit = '64GB'",
        "CREATE TABLE main.x AS SELECT 1 AS a",
    ]


def _assert_sealed(api: Api, server: SupersetServer, database_id: int, key_file, tmp_path: Path) -> None:
    """Every escaping statement fails in DuckDB (allow_dml is on, so Superset lets it through),
    the key's content never comes back, nothing is written, and the settings asked for are not
    the ones in force."""
    key, content = key_file
    out = tmp_path / "copied.csv"
    for sql in _escaping_statements(server, key, out):
        r = sql_lab(api, database_id, sql, "main")
        assert content not in r.text, f"{sql!r} returned the key file"
        assert r.status_code != 200, f"{sql!r} was allowed: {r.text[:500]}"
        assert "data" not in r.json(), f"{sql!r}: {r.text[:500]}"
    assert not out.exists(), "COPY … TO wrote a file on the server"
    r = sql_lab(api, database_id, "SELECT current_setting('threads') AS threads", "main")
    assert r.status_code == 200, r.text[:500]
    (row,) = r.json()["data"]
    assert int(row["threads"]) != HOSTILE_CONFIG["threads"], "the stored threads setting took effect"


@contextlib.contextmanager
def _new_database(api: Api, uri: str, extra: dict) -> Iterator:
    """POST a new database (with DML allowed, as a Beheerder may); delete it again afterwards."""
    r = api.post(
        "/api/v1/database/",
        {
            "database_name": "Test " + secrets.token_hex(4),
            "sqlalchemy_uri": uri,
            "expose_in_sqllab": True,
            "allow_dml": True,
            "extra": json.dumps(extra),
        },
    )
    try:
        yield r
    finally:
        if r.status_code == 201:
            api.s.delete(f"{api.base}/api/v1/database/{r.json()['id']}", timeout=60)


@pytest.mark.parametrize(
    "target",
    ["warehouse.duckdb", "pseudonym.key", "/etc/passwd", ":memory:", "new.duckdb", "relative.duckdb"],
)
def test_a_new_duckdb_database_on_another_file_is_refused(
    target, beheerder, superset_server, key_file, tmp_path
):
    """Only the two published files: the row-level build database, the key file, a system file,
    an in-memory database (from where read_text would reach every file) or a new file DuckDB
    would create are refused with a message that names the published databases."""
    uri = {
        "warehouse.duckdb": "duckdb:///" + str(superset_server.data_dir / "warehouse.duckdb"),
        "pseudonym.key": "duckdb:///" + str(key_file[0]),
        "/etc/passwd": "duckdb:////etc/passwd",
        ":memory:": "duckdb:///:memory:",
        "new.duckdb": "duckdb:///" + str(tmp_path / "new.duckdb"),
        "relative.duckdb": "duckdb:///serving.duckdb",
    }[target]
    with _new_database(beheerder, uri, {}) as r:
        assert key_file[1] not in r.text
        assert 400 <= r.status_code < 500, f"{target}: {r.status_code} {r.text[:500]}"
        message = json.dumps(r.json())
        assert "serving.duckdb" in message and "quality.duckdb" in message, message
    assert not (tmp_path / "new.duckdb").exists(), "DuckDB created a new database file"


def test_a_new_database_on_the_serving_file_is_sealed(beheerder, superset_server, key_file, tmp_path):
    """A second connection to serving.duckdb is allowed, but what its URI query and its extra
    ask for (external access, no lock, writes, more threads) does not take effect."""
    uri = "duckdb:///" + str(superset_server.serving_path) + HOSTILE_QUERY
    with _new_database(beheerder, uri, HOSTILE_EXTRA) as r:
        assert r.status_code == 201, r.text[:500]
        _assert_sealed(beheerder, superset_server, r.json()["id"], key_file, tmp_path)


def test_an_edited_serving_connection_stays_sealed(
    beheerder, superset_server, serving_id, key_file, tmp_path
):
    """The Beheerder edits the serving connection's `extra` (and allows DML): still sealed. The
    connection is put back afterwards for the other tests."""
    before = beheerder.get(f"/api/v1/database/{serving_id}/connection")["result"]
    r = beheerder.s.put(
        f"{beheerder.base}/api/v1/database/{serving_id}",
        json={"extra": json.dumps(HOSTILE_EXTRA), "allow_dml": True},
        timeout=120,
    )
    try:
        assert r.status_code == 200, r.text[:500]
        stored = beheerder.get(f"/api/v1/database/{serving_id}/connection")["result"]
        assert json.loads(stored["extra"]) == HOSTILE_EXTRA, "the edit was not stored"
        _assert_sealed(beheerder, superset_server, serving_id, key_file, tmp_path)
    finally:
        restored = beheerder.s.put(
            f"{beheerder.base}/api/v1/database/{serving_id}",
            json={"extra": before["extra"], "allow_dml": before["allow_dml"]},
            timeout=120,
        )
        assert restored.status_code == 200, restored.text[:500]


def test_an_edited_uri_to_another_file_is_refused(beheerder, superset_server, serving_id):
    """Pointing the serving connection at the build database is refused; the URI stays."""
    before = beheerder.get(f"/api/v1/database/{serving_id}/connection")["result"]["sqlalchemy_uri"]
    r = beheerder.s.put(
        f"{beheerder.base}/api/v1/database/{serving_id}",
        json={"sqlalchemy_uri": "duckdb:///" + str(superset_server.data_dir / "warehouse.duckdb")},
        timeout=120,
    )
    after = beheerder.get(f"/api/v1/database/{serving_id}/connection")["result"]["sqlalchemy_uri"]
    if after != before:  # put it back before failing
        beheerder.s.put(
            f"{beheerder.base}/api/v1/database/{serving_id}", json={"sqlalchemy_uri": before}, timeout=120
        )
    assert r.status_code >= 400, f"{r.status_code} {r.text[:500]}"
    assert after == before


# Far more work than the test server's SQLLAB_TIMEOUT allows: 3.6e9 pairs, tens of seconds of CPU.
LONG_QUERY = (
    "SELECT count(*) AS n FROM range(60000) a, range(60000) b WHERE (a.range * 7 + b.range) % 1000003 = 0"
)


def test_sql_lab_timeout_stops_a_long_query(beheerder, serving_id):
    """Under the web server's gthread workers a query longer than SQLLAB_TIMEOUT is stopped with
    a timeout error (DuckDB's statement limit), not run to its end."""
    r = sql_lab(beheerder, serving_id, LONG_QUERY, "main")
    assert "data" not in r.json(), f"the query ran to its end: {r.text[:500]}"
    assert r.status_code != 200
    assert "maximum execution time" in r.text or "timeout" in r.text, r.text[:500]
