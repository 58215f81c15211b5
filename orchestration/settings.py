"""Runtime configuration, read from environment variables in one place.

Every path the pipeline touches derives from three settings so that a test, the demo and a
scheduler can each point the whole warehouse somewhere else without touching code.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
DEFAULT_INBOX_DIR = REPO_ROOT / "seeds"
DEFAULT_DATA_DIR = REPO_ROOT / "data"

MIN_KEY_LENGTH = 32

# Where the stewards open the Data Docs: the public base URL of the folder <data_dir>/data_docs,
# as the Data Docs server of `make demo` serves it (serve/data_docs.py; README "Demo"), or a proxy
# in front of it. The links the quality checks write (quality.results `data_docs_page`, the Dagster
# check metadata) are http URLs under it, which any machine that reaches the server can open;
# a file:// path opens only on the machine that built.
DATA_DOCS_URL_SETTING = "MH_DATA_DOCS_URL"
DEFAULT_DATA_DOCS_URL = "http://127.0.0.1:8089/"


@dataclass(frozen=True)
class Settings:
    inbox_dir: Path
    data_dir: Path
    data_docs_base_url: str = DEFAULT_DATA_DOCS_URL

    @property
    def warehouse_path(self) -> Path:
        """The build database: only Dagster writes it."""
        return self.data_dir / "warehouse.duckdb"

    @property
    def serving_path(self) -> Path:
        """The published database: read-only for Superset and every other reader."""
        return self.data_dir / "serving.duckdb"

    @property
    def data_docs_dir(self) -> Path:
        return self.data_dir / "data_docs"

    @property
    def pseudonym_key_file(self) -> Path:
        return self.data_dir / "pseudonym.key"

    def data_docs_url(self, page: Path) -> str:
        """The URL of a Data Docs file (under data_docs_dir) on the Data Docs server."""
        relative = Path(page).resolve().relative_to(self.data_docs_dir.resolve())
        return self.data_docs_base_url.rstrip("/") + "/" + quote(relative.as_posix())


def load_settings() -> Settings:
    inbox = Path(os.environ.get("MH_INBOX_DIR") or DEFAULT_INBOX_DIR).resolve()
    data = Path(os.environ.get("MH_DATA_DIR") or DEFAULT_DATA_DIR).resolve()
    docs_url = os.environ.get(DATA_DOCS_URL_SETTING, "").strip() or DEFAULT_DATA_DOCS_URL
    if not docs_url.startswith(("http://", "https://")):
        raise ValueError(f"{DATA_DOCS_URL_SETTING} must be an http(s) URL, e.g. {DEFAULT_DATA_DOCS_URL}")
    return Settings(inbox_dir=inbox, data_dir=data, data_docs_base_url=docs_url)


# The inbox sensor requests a build for a file only once its size and modification time are the
# same on this many consecutive ticks (30 s apart): a file still being copied in grows between
# ticks, and read half it would be loaded cut (issue 14; README "Slechte leveringen"). 1 takes a
# file on first sight.
INBOX_SETTLE_TICKS_SETTING = "MH_INBOX_SETTLE_TICKS"
DEFAULT_INBOX_SETTLE_TICKS = 2


def inbox_settle_ticks() -> int:
    value = os.environ.get(INBOX_SETTLE_TICKS_SETTING, "").strip()
    if not value:
        return DEFAULT_INBOX_SETTLE_TICKS
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{INBOX_SETTLE_TICKS_SETTING} must be a whole number of sensor ticks, at least 1")
    return int(value)


class MissingPseudonymKey(RuntimeError):
    pass


class PseudonymKeyChanged(RuntimeError):
    """MH_PSEUDONYM_KEY is not the key the warehouse was built with."""


def pseudonym_key() -> bytes:
    """The HMAC key for pseudonymisation; ingestion refuses to run without one (contract §7)."""
    key = os.environ.get("MH_PSEUDONYM_KEY", "")
    if len(key) < MIN_KEY_LENGTH:
        raise MissingPseudonymKey(
            f"MH_PSEUDONYM_KEY is not set or shorter than {MIN_KEY_LENGTH} characters; "
            "ingestion refuses to run without a pseudonymisation key"
        )
    return key.encode("utf-8")


def ensure_demo_key(settings: Settings) -> str:
    """Create a random key once under the data dir (outside git) and return it.

    Used by `make demo`/`make build` only; real deployments set MH_PSEUDONYM_KEY themselves.
    """
    path = settings.pseudonym_key_file
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        # Born 0600 in the one call that creates it (issue 14): written first and chmodded after,
        # it would be readable by others (umask 022) until the chmod, and a handle opened in
        # that instant keeps reading. O_EXCL: a key that exists is never overwritten.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


# A keyed fingerprint of the key, stored in the build database: it tells whether the key changed
# without storing the key (or anything from which the key follows) anywhere.
KEY_CHECK_TABLE = "control.pseudonym_key"
_FINGERPRINT_MESSAGE = b"mensenhandel-monitor: which pseudonymisation key built this warehouse"


def key_fingerprint(key: bytes) -> str:
    return hmac.new(key, _FINGERPRINT_MESSAGE, hashlib.sha256).hexdigest()


def check_pseudonym_key(settings: Settings, key: bytes) -> None:
    """Refuse to build on a warehouse whose pseudonyms were made with another key.

    Every person key and link hash in `raw.landing_*` is an HMAC under the key of the run that
    loaded it; a run under another key would append new pseudonyms for the same persons, and the
    marts would silently count one person as two and stop linking the sources. So the first run
    records the key's fingerprint in the build database, and every later run compares. A changed
    key needs a full rebuild (`make build REBUILD=1`), which re-ingests the inbox under the new key.
    """
    import duckdb

    fingerprint = key_fingerprint(key)
    if settings.warehouse_path.exists():
        con = duckdb.connect(str(settings.warehouse_path), read_only=True)  # a refusal changes nothing
        try:
            has_table = con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema || '.' || table_name = ?",
                [KEY_CHECK_TABLE],
            ).fetchone()[0]
            row = con.execute(f"SELECT fingerprint FROM {KEY_CHECK_TABLE}").fetchone() if has_table else None
        finally:
            con.close()
        if row is not None:
            if not hmac.compare_digest(row[0], fingerprint):
                raise PseudonymKeyChanged(
                    f"MH_PSEUDONYM_KEY is not the key the warehouse in {settings.data_dir} was built with. "
                    "Building on would give every person a second pseudonym and break the linkage "
                    "between deliveries and sources without any error. Set the original key again, or "
                    "rebuild everything under the new key: `make build REBUILD=1` "
                    "(`python -m orchestration.build --rebuild`), with every delivery in the inbox. "
                    "Nothing was changed; the serving database is the previous one."
                )
            return
    # a new warehouse (or one from before this check): this key builds it from now on
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    schema = KEY_CHECK_TABLE.split(".")[0]
    con = duckdb.connect(str(settings.warehouse_path))
    try:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {KEY_CHECK_TABLE} (fingerprint VARCHAR NOT NULL, recorded_at TIMESTAMP)"
        )
        con.execute(f"INSERT INTO {KEY_CHECK_TABLE} VALUES (?, current_localtimestamp())", [fingerprint])
    finally:
        con.close()
