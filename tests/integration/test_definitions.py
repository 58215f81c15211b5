"""The Dagster code location: one lineage graph, the job, the inbox sensor (its ticks:
test_inbox_sensor.py)."""

from __future__ import annotations

import dagster as dg
import pytest


@pytest.fixture(scope="module")
def defs():
    from orchestration.assets.dbt import prepare_manifest

    prepare_manifest()
    from orchestration.definitions import defs

    return defs


def test_one_lineage_graph_from_landing_to_the_published_database(defs):
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {
        "landing_comensha",
        "stg_comensha__meldingen",
        "victims",
        "reports",
        "police_unit_reports",
        "serving_database",
    } <= keys
    upstream = {
        k.to_user_string() for k in graph.upstream_key_iterator(dg.AssetKey("stg_comensha__meldingen"))
    }
    assert "landing_comensha" in upstream
    assert {"victims", "reports", "police_unit_reports"} <= {
        k.to_user_string() for k in graph.get(dg.AssetKey("serving_database")).parent_keys
    }


def test_build_job_schedule_and_sensor_exist(defs):
    assert defs.resolve_job_def("build_warehouse")
    assert defs.resolve_schedule_def("daily_build").cron_schedule == "0 6 * * *"
    assert defs.resolve_sensor_def("inbox_sensor")


def test_every_step_of_the_build_job_holds_the_build_lock(defs):
    """Issue 14: the lock is a resource, held from a run's first step to its last only if every
    step requires it; a step without it could run beside another build (test_one_run.py)."""
    from orchestration.build_lock import BUILD_LOCK

    steps = defs.resolve_job_def("build_warehouse").graph.node_defs
    assert len(steps) > 5
    assert [s.name for s in steps if BUILD_LOCK not in s.required_resource_keys] == []


# Issue 16 "Folders by domain": a source's landing table, its staging and intermediate models and
# its marts share one group, named after the domain (contracts/README.md: registration, residence,
# prosecution), and the cross-domain marts have a group of their own; no group is a layer.
EXPECTED_GROUPS = {
    "landing_comensha": "registration",
    "stg_comensha__meldingen": "registration",
    "int_registration__person_years": "registration",
    "victims": "registration",
    "reports": "registration",
    "landing_ind": "residence",
    "stg_ind__gebeurtenissen": "residence",
    "int_residence__routes": "residence",
    "int_residence__route_cube": "residence",
    "residence_decisions": "residence",
    "residence_figures": "residence",
    "landing_om": "prosecution",
    "stg_om__verdachten_zaken": "prosecution",
    "int_prosecution__case_cube": "prosecution",
    "prosecution_cases": "prosecution",
    "prosecution_figures": "prosecution",
    "int_regional__victim_cube": "regional",
    "regional_victims": "regional",
    "shelter": "regional",
    "int_trends__victim_form_cube": "trends",
    "trend_figures": "trends",
    "published_figures_comparison": "published",
    "published_figures_dashboard": "published",
    "int_cross_source__link_checks": "journeys",
    "victim_journeys": "journeys",
    "data_status": "status",
    "ref_nationaliteit": "reference",
    "serving_database": "publish",
    "ctdc_export": "export",
}
DOMAIN_GROUPS = {
    "registration",
    "residence",
    "prosecution",
    "regional",
    "trends",
    "published",
    "editions",  # issue 17: the edition ledger, across registration's versions
    "journeys",
    "status",
    "reference",
    "publish",
    "export",
}


def test_assets_are_grouped_by_domain_not_by_layer(defs):
    graph = defs.resolve_asset_graph()
    group_of = {
        k.to_user_string(): graph.get(k).group_name
        for k in graph.get_all_asset_keys()
        if graph.get(k).is_materializable
    }
    mismatches = [
        (name, group_of.get(name), want)
        for name, want in EXPECTED_GROUPS.items()
        if group_of.get(name) != want
    ]
    mismatches += [
        (name, group, "a domain") for name, group in sorted(group_of.items()) if group not in DOMAIN_GROUPS
    ]
    assert mismatches == []


def test_the_code_location_loads_no_synthetic_generator(defs):
    """Issue 16: the generator is a tool beside the pipeline (synthetic/), not part of the Dagster
    package, and its dependencies (scipy) are development-only: a fresh process that loads the code
    location loads neither."""
    import importlib.util
    import json
    import subprocess
    import sys

    assert importlib.util.find_spec("orchestration.synthetic") is None
    probe = (
        "import json, sys, orchestration.definitions; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('synthetic', 'scipy') "
        "or m.startswith('orchestration.synthetic'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_every_step_of_the_build_job_has_one_phase_for_the_bench(defs):
    """bench/phases.py: make bench splits a build into start-up, ingestion, dbt, checks and
    publish; a step in the wrong phase would misstate issue 19's table."""
    from bench.phases import step_phases
    from orchestration.ingestion.contracts import CONTRACTS

    steps = [n.name for n in defs.resolve_job_def("build_warehouse").graph.node_defs]
    want = {
        "ingestion": {c.landing_table for c in CONTRACTS},
        "dbt": {"dbt_models"},
        "publish": {"serving_database", "ctdc_export"},
        "checks": {s for s in steps if s.endswith("_expectations")},
    }
    got: dict[str, set[str]] = {}
    for step, phase in step_phases().items():
        got.setdefault(phase, set()).add(step)
    assert (sorted(step_phases()), got) == (sorted(steps), want)
