"""The pipeline's configuration as Dagster resources, given to the assets, checks and the sensor.

Each run says in its own resource config which inbox and data dir it used (Dagster shows it per
run), and a process can run builds on several data dirs (the test workers, `build_all`) without
one redirecting another through the process environment. The values still default to the MH_*
variables (orchestration/settings.py, the Makefile), so `dagster dev` and `make build` behave as
before; `build_all` (orchestration/build.py) gives its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import dagster as dg
from pydantic import Field

from orchestration.pseudonym_key import KEY_SETTING, pseudonym_key
from orchestration.settings import (
    DEFAULT_DATA_DOCS_URL,
    DEFAULT_INBOX_SETTLE_TICKS,
    DEFAULT_MAX_DELIVERY_MB,
    INBOX_SETTLE_TICKS_SETTING,
    MAX_DELIVERY_MB_SETTING,
    Settings,
    as_of_data_dir,
    inbox_settle_ticks,
    load_settings,
    max_delivery_mb,
)

# The resource keys the assets, checks and the build lock require.
WAREHOUSE = "warehouse"
PSEUDONYM_KEY = "pseudonym_key"


class WarehouseSettings(dg.ConfigurableResource):
    """Where the warehouse reads its deliveries and writes its files (orchestration/settings.py)."""

    inbox_dir: str = Field(description="The inbox: one folder per source (MH_INBOX_DIR).")
    data_dir: str = Field(description="Build and serving databases, Data Docs, export (MH_DATA_DIR).")
    data_docs_url: str = Field(
        default=DEFAULT_DATA_DOCS_URL, description="Base URL of the Data Docs server (MH_DATA_DOCS_URL)."
    )
    inbox_settle_ticks: int = Field(
        default=DEFAULT_INBOX_SETTLE_TICKS,
        ge=1,
        description=f"Ticks a file must stay unchanged before the sensor asks a build ({INBOX_SETTLE_TICKS_SETTING}).",
    )
    max_delivery_mb: float = Field(
        default=DEFAULT_MAX_DELIVERY_MB,
        gt=0,
        description=f"Size limit of one delivery file, in MB ({MAX_DELIVERY_MB_SETTING}).",
    )

    as_of_date: str = Field(
        default="",
        pattern=r"^(\d{4}-\d{2}-\d{2})?$",
        description="Count as of this date, YYYY-MM-DD: only deliveries dated on or before it, built "
        "in <data_dir>/as_of_<date>/, never over the current serving.duckdb ('': every delivery).",
    )

    @classmethod
    def from_environment(
        cls, inbox_dir: Path | None = None, data_dir: Path | None = None, as_of_date: dt.date | None = None
    ) -> WarehouseSettings:
        """The MH_* variables, with the defaults and checks of orchestration/settings.py, where
        the folders are not given."""
        settings = load_settings()
        return cls(
            inbox_dir=str(inbox_dir or settings.inbox_dir),
            data_dir=str(data_dir or settings.data_dir),
            data_docs_url=settings.data_docs_base_url,
            inbox_settle_ticks=inbox_settle_ticks(),
            max_delivery_mb=max_delivery_mb(),
            as_of_date=as_of_date.isoformat() if as_of_date else "",
        )

    @property
    def warehouse_settings(self) -> Settings:
        """The warehouse's own data dir (its demo key, its DAGSTER_HOME), whatever the as-of date."""
        return Settings(
            inbox_dir=Path(self.inbox_dir).resolve(),
            data_dir=Path(self.data_dir).resolve(),
            data_docs_base_url=self.data_docs_url,
        )

    @property
    def settings(self) -> Settings:
        """The settings of this build: as of a date, its own data dir under the warehouse's."""
        warehouse = self.warehouse_settings
        if not self.as_of_date:
            return warehouse
        as_of = dt.date.fromisoformat(self.as_of_date)
        return replace(warehouse, data_dir=as_of_data_dir(warehouse.data_dir, as_of), as_of_date=as_of)


class PseudonymKey(dg.ConfigurableResource):
    """The pseudonymisation key, read when a step needs it. The config names where it comes from
    (MH_PSEUDONYM_KEY, else the demo key file `make build` made), never the key itself: Dagster
    shows resource config in its UI and stores it with each run."""

    demo_key_file: str = Field(
        default="",
        description=f"The demo key's file, used when {KEY_SETTING} is not set ('': none, the key is required).",
    )

    def key(self) -> bytes:
        return pseudonym_key(Path(self.demo_key_file) if self.demo_key_file else None)
