"""The dbt project is the registry of what is published (orchestration/registry.py, issue 16).

The publish list, the `serving_database` dependencies and the stewards' checks of the marts come
from `config.meta` in the marts' dbt YAML; the suites from expectations/suites/. These tests build
them from the real manifest and suite files, and list every place where the two disagree: a
published mart whose suite file is missing, a suite file on a mart that is not published with
`meta.steward`, a Superset dataset on serving.duckdb that names a table that is not published.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import yaml

from orchestration.registry import PublishedMart, manifest_path, published_marts_of
from orchestration.settings import REPO_ROOT

SERVING_DATASETS = REPO_ROOT / "superset" / "assets" / "datasets" / "serving"


def suite_tables() -> dict[str, str]:
    from orchestration.quality.suites import SUITES

    return {name: spec.table for name, spec in SUITES.items()}


def serving_dataset_tables() -> dict[str, str]:
    """Superset dataset file -> the serving table it reads: its table, or for a virtual dataset
    (SQL) the one table its query reads."""
    tables = {}
    for p in sorted(SERVING_DATASETS.glob("*.yaml")):
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
        if doc.get("sql"):
            (tables[p.name],) = set(re.findall(r"\bFROM\s+(\w+\.\w+)", doc["sql"], flags=re.IGNORECASE))
        else:
            tables[p.name] = f"{doc['schema']}.{doc['table_name']}"
    return tables


def registry_mismatches(
    marts: tuple[PublishedMart, ...], suites: dict[str, str], datasets: dict[str, str]
) -> list[str]:
    published = {m.name: m for m in marts}
    relations = {m.relation for m in marts}
    problems = []
    for mart in marts:
        if mart.steward and mart.name not in suites:
            problems.append(f"{mart.name}: meta.steward but no expectations/suites/{mart.name}.yml")
        if mart.steward and mart.name in suites and suites[mart.name] != mart.relation:
            problems.append(f"{mart.name}: its suite checks {suites[mart.name]}, the mart is {mart.relation}")
    for suite, table in suites.items():
        if table.startswith("marts.") and (suite not in published or not published[suite].steward):
            problems.append(
                f"expectations/suites/{suite}.yml checks {table}: no meta.publish with meta.steward"
            )
    for dataset, table in datasets.items():
        if table not in relations:
            problems.append(f"superset dataset {dataset} reads {table}, which is not published")
    return problems


def _manifest() -> dict:
    return json.loads(Path(manifest_path()).read_text(encoding="utf-8"))


def test_the_registry_agrees_with_the_suites_and_the_dashboards():
    from orchestration.assets.publish import serving_database
    from orchestration.assets.quality_checks import quality_checks
    from orchestration.quality import SUITE_NAMES

    marts = published_marts_of(_manifest())
    assert registry_mismatches(marts, suite_tables(), serving_dataset_tables()) == []

    # Dagster takes all of it from the registry: the publish step waits for every published mart,
    # and every suite file runs as the check `<suite>_expectations`.
    (spec,) = serving_database.specs
    assert {d.asset_key.path[-1] for d in spec.deps} == {m.name for m in marts}
    check_names = {key.name for check in quality_checks() for key in check.check_keys}
    assert check_names == {f"{suite}_expectations" for suite in SUITE_NAMES}


def test_a_published_mart_without_its_yaml_entry_is_named():
    manifest = _manifest()
    models = {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    with_suite = sorted(m.name for m in published_marts_of(manifest) if m.steward)
    on_dashboard = sorted(t.split(".", 1)[1] for t in serving_dataset_tables().values())
    unpublished, unchecked = with_suite[0], with_suite[1]
    without_suite = next(m.name for m in published_marts_of(manifest) if not m.steward)
    # four different marts: one mart broken two ways would hide one of the problems
    dashboard_only = next(t for t in on_dashboard if t not in (unpublished, unchecked, without_suite))

    broken = copy.deepcopy(manifest)
    broken_models = {n["name"]: n for n in broken["nodes"].values() if n["resource_type"] == "model"}
    del broken_models[unpublished]["config"]["meta"]["publish"]
    del broken_models[unchecked]["config"]["meta"]["steward"]
    broken_models[dashboard_only]["config"]["meta"] = {}
    broken_models[without_suite]["config"]["meta"]["steward"] = {"source": "comensha"}
    assert models[dashboard_only]["config"]["meta"]  # the real one is published

    problems = registry_mismatches(published_marts_of(broken), suite_tables(), serving_dataset_tables())
    for name in (unpublished, unchecked):
        assert (
            f"expectations/suites/{name}.yml checks marts.{name}: no meta.publish with meta.steward"
            in problems
        )
    assert f"{without_suite}: meta.steward but no expectations/suites/{without_suite}.yml" in problems
    assert (
        f"superset dataset {dashboard_only}.yaml reads marts.{dashboard_only}, which is not published"
        in problems
    )
