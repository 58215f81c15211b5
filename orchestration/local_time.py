"""Times as the stewards read them: in Europe/Amsterdam, with the zone said (issue 15).

Dagster's UI shows its own timestamps in the browser's zone; the times the product itself writes
into check metadata, log messages and the build lock are stated here in Dutch local time, whatever
zone the server runs in (a container usually runs in UTC). One place for the format; the zone is
dbt's var `local_time_zone` (dbt_project/dbt_project.yml), which also dates the marts' build time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import yaml

from orchestration.settings import DBT_PROJECT_DIR


def _dbt_zone() -> str:
    config = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return config["vars"]["local_time_zone"]


AMSTERDAM = ZoneInfo(_dbt_zone())


def amsterdam_time(moment: dt.datetime | None = None) -> str:
    """`moment` (timezone-aware; default: now) as 'YYYY-MM-DD HH:MM:SS CET' (or CEST in summer)."""
    moment = moment or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        # A naive time has no zone to convert from: guessing would shift it by an hour or two.
        raise ValueError(f"{moment!r} has no time zone")
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M:%S %Z")
