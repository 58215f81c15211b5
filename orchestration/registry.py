"""The dbt project is the registry of what is published: a mart says so in its own YAML.

    models:
      - name: shelter
        config:
          meta:
            publish: true              # copied into serving.duckdb (orchestration/assets/publish.py)
            steward:                   # optional: a GX suite runs on it as a Dagster asset check
              source: comensha         # comensha | ind | om | koppeling (the deliveries it is built from)
              keys: [periode, ...]     # optional: columns naming a failing row in quality.results
              blocking: true           # optional, default true: an error stops the publish
              expected_row_count_sql: >  # optional: fills the suite parameter expected_row_count
                SELECT count(*) FROM staging....

The steward check of a mart runs the suite of the same name (expectations/suites/<name>.yml) and is
named `<name>_expectations`. The schema is described in dbt_project/README.md ("Published marts").
This module reads the manifest that dagster-dbt loads (target/manifest.json), once per process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# What a steward block may hold; anything else is a typo that would silently do nothing.
STEWARD_KEYS = {"source", "keys", "blocking", "expected_row_count_sql"}


@dataclass(frozen=True)
class Steward:
    """What the stewards' check of a published mart needs beyond its suite."""

    source: str
    keys: tuple[str, ...] = ()
    blocking: bool = True
    expected_row_count_sql: str | None = None


@dataclass(frozen=True)
class PublishedMart:
    name: str
    # the DuckDB relation the build writes (`marts.<name>`)
    relation: str
    steward: Steward | None


def manifest_path() -> Path:
    from orchestration.assets.dbt import dbt_project, prepare_manifest

    # Parses only when a model, seed or YAML file changed since the last parse.
    prepare_manifest()
    return Path(dbt_project().manifest_path)


def _steward(name: str, meta: dict | None) -> Steward | None:
    if meta is None:
        return None
    if "source" not in meta or set(meta) - STEWARD_KEYS:
        raise ValueError(
            f"{name}: meta.steward needs `source` and holds only {sorted(STEWARD_KEYS)}; got {meta}"
        )
    sql = meta.get("expected_row_count_sql")
    return Steward(
        source=meta["source"],
        keys=tuple(meta.get("keys", ())),
        blocking=bool(meta.get("blocking", True)),
        expected_row_count_sql=sql.strip() if sql else None,
    )


def published_marts_of(manifest: dict) -> tuple[PublishedMart, ...]:
    """The models with `meta.publish: true`, by name."""
    marts = []
    for node in manifest["nodes"].values():
        meta = node.get("config", {}).get("meta", {})
        if node["resource_type"] != "model" or not meta.get("publish"):
            continue
        marts.append(
            PublishedMart(
                name=node["name"],
                relation=f"{node['schema']}.{node['alias'] or node['name']}",
                steward=_steward(node["name"], meta.get("steward")),
            )
        )
    return tuple(sorted(marts, key=lambda m: m.name))


@cache
def manifest() -> dict:
    """The parsed manifest, read once per process."""
    return json.loads(manifest_path().read_text(encoding="utf-8"))


@cache
def published_marts() -> tuple[PublishedMart, ...]:
    return published_marts_of(manifest())


def published_mart_names() -> tuple[str, ...]:
    return tuple(m.name for m in published_marts())
