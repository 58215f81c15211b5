"""Runtime configuration, read from environment variables in one place.

Every path the pipeline touches derives from three settings so that a test, the demo and a
scheduler can each point the whole warehouse somewhere else without touching code.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
DEFAULT_INBOX_DIR = REPO_ROOT / "seeds"
DEFAULT_DATA_DIR = REPO_ROOT / "data"

MIN_KEY_LENGTH = 32


@dataclass(frozen=True)
class Settings:
    inbox_dir: Path
    data_dir: Path

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


def load_settings() -> Settings:
    inbox = Path(os.environ.get("MH_INBOX_DIR") or DEFAULT_INBOX_DIR).resolve()
    data = Path(os.environ.get("MH_DATA_DIR") or DEFAULT_DATA_DIR).resolve()
    return Settings(inbox_dir=inbox, data_dir=data)


class MissingPseudonymKey(RuntimeError):
    pass


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
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
