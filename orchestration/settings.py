"""Runtime configuration, read from environment variables in one place.

Every path the pipeline touches derives from three settings so that a test, the demo and a
scheduler can each point the whole warehouse somewhere else without touching code.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
DEFAULT_INBOX_DIR = REPO_ROOT / "seeds"
DEFAULT_DATA_DIR = REPO_ROOT / "data"

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
    # Count as of this date (issue 17): only deliveries dated on or before it (dbt var
    # `as_of_date`). None: every delivery, the build the dashboards serve.
    as_of_date: dt.date | None = None

    @property
    def warehouse_path(self) -> Path:
        """The build database: only Dagster writes it."""
        return self.data_dir / "warehouse.duckdb"

    @property
    def serving_path(self) -> Path:
        """The published database: read-only for Superset and every other reader."""
        return self.data_dir / "serving.duckdb"

    @property
    def quality_path(self) -> Path:
        """The stewards' database (quality results, quarantine, conflicts), beside serving.duckdb."""
        return self.data_dir / "quality.duckdb"

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


# A build as of a date is an answer to a question, not the state the dashboards serve: it builds in
# a data dir of its own under the warehouse's (README "Counting as of a date"), so its serving.duckdb,
# quality.duckdb, Data Docs and export never replace those of the current build, and the current
# build database's marts are not left counting as of an old date. It ingests the inbox anew there
# (the landing tables keep every version, so nothing is lost by filtering in dbt).
AS_OF_DIR_PREFIX = "as_of_"


def as_of_data_dir(data_dir: Path, as_of_date: dt.date) -> Path:
    return data_dir / f"{AS_OF_DIR_PREFIX}{as_of_date.isoformat()}"


def load_settings() -> Settings:
    inbox = Path(os.environ.get("MH_INBOX_DIR") or DEFAULT_INBOX_DIR).resolve()
    data = Path(os.environ.get("MH_DATA_DIR") or DEFAULT_DATA_DIR).resolve()
    docs_url = os.environ.get(DATA_DOCS_URL_SETTING, "").strip() or DEFAULT_DATA_DOCS_URL
    if not docs_url.startswith(("http://", "https://")):
        raise ValueError(f"{DATA_DOCS_URL_SETTING} must be an http(s) URL, e.g. {DEFAULT_DATA_DOCS_URL}")
    return Settings(inbox_dir=inbox, data_dir=data, data_docs_base_url=docs_url)


# The size limit of one delivery file in MB (MiB): a larger file, or a workbook larger unpacked,
# is refused before it is read (orchestration/ingestion/read.py; README "Slechte leveringen").
MAX_DELIVERY_MB_SETTING = "MH_MAX_DELIVERY_MB"
DEFAULT_MAX_DELIVERY_MB = 100


def max_delivery_mb() -> float:
    value = os.environ.get(MAX_DELIVERY_MB_SETTING, "").strip()
    return float(value) if value else DEFAULT_MAX_DELIVERY_MB


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
