"""The pseudonymisation key: where it comes from, the demo key, and the warehouse's memory of it.

Reading the key is the key resource's job (orchestration/resources.py); making the demo key is
`make build`'s (orchestration/build.py); recording and comparing its fingerprint in the build
database guards every ingestion (orchestration/assets/ingestion.py) and every headless build.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from orchestration.settings import Settings

KEY_SETTING = "MH_PSEUDONYM_KEY"
MIN_KEY_LENGTH = 32


class MissingPseudonymKey(RuntimeError):
    pass


class PseudonymKeyChanged(RuntimeError):
    """MH_PSEUDONYM_KEY is not the key the warehouse was built with."""


def pseudonym_key(demo_key_file: Path | None = None) -> bytes:
    """The HMAC key for pseudonymisation: MH_PSEUDONYM_KEY, else the demo key that `make build`
    made in `demo_key_file` (never for `dagster dev` on its own: it has no such file given).
    Ingestion refuses to run without one (contract §7)."""
    key = os.environ.get(KEY_SETTING, "")
    if not key and demo_key_file is not None and demo_key_file.exists():
        key = demo_key_file.read_text().strip()
    if len(key) < MIN_KEY_LENGTH:
        raise MissingPseudonymKey(
            f"{KEY_SETTING} is not set or shorter than {MIN_KEY_LENGTH} characters; "
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
