"""Recovery (issue 8, point 4): `make build` after a changed pseudonymisation key behaves as
README "Garanties" says. (After a failed or killed run: the crash chain, test_crash_safety.py.)
Real builds as subprocesses, on a copy of the session's clean build.

    a changed key                  -> refused (exit 2, a clear message), nothing changed
    the changed key with --rebuild -> every delivery ingested again under the new key; the old build
                                      database kept aside; same figures, other pseudonyms

A removed data dir with no key set (a new demo key, everything rebuilt from the inbox: same figures,
other pseudonyms than before) is what `make demo` does on its empty data dir: test_demo.py checks it
there, on the demo's own build, rather than with one more build here.
"""

from __future__ import annotations

import shutil

import pytest

from tests.integration.crash_chain import Workspace, digest, row_counts, victim_ids

OTHER_KEY = "another-test-only-pseudonym-key-fedcba9876543210"


@pytest.fixture(scope="module")
def recovery(tmp_path_factory, built_warehouse):
    ws = Workspace(tmp_path_factory.mktemp("recovery"))
    for source in ("comensha", "ind", "om"):
        for f in (built_warehouse.inbox_dir / source).iterdir():
            shutil.copy(f, ws.inbox / source / f.name)
    shutil.copytree(built_warehouse.data_dir, ws.data, ignore=shutil.ignore_patterns("superset", "*.lock"))
    return ws


@pytest.fixture(scope="module")
def clean(built_warehouse):
    return row_counts(built_warehouse.serving_path), victim_ids(built_warehouse.serving_path)


def test_a_changed_key_is_refused_and_changes_nothing(recovery):
    serving, warehouse = digest(recovery.serving), digest(recovery.warehouse)
    run = recovery.run(key=OTHER_KEY)
    assert run.returncode == 2, f"rc {run.returncode}\n{run.stderr[-3000:]}"
    assert "not the key the warehouse" in run.stderr and "REBUILD=1" in run.stderr
    assert OTHER_KEY not in run.stderr + run.stdout
    assert digest(recovery.serving) == serving
    assert digest(recovery.warehouse) == warehouse


def test_a_full_rebuild_under_the_new_key_gives_the_same_figures_with_other_pseudonyms(recovery, clean):
    clean_rows, clean_ids = clean
    run = recovery.run("none", "--rebuild", key=OTHER_KEY)
    assert run.returncode == 0, f"rc {run.returncode}\n{run.stderr[-5000:]}"
    aside = list((recovery.data / "replaced").glob("warehouse-*/warehouse.duckdb"))
    assert len(aside) == 1, "the old build database was not kept aside"
    assert row_counts(recovery.serving) == clean_rows
    assert victim_ids(recovery.serving).isdisjoint(clean_ids)
    # and now the old key is the wrong one
    back = recovery.run()
    assert back.returncode == 2 and "not the key the warehouse" in back.stderr
