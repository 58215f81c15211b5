"""Recovery (issue 8, point 4): `make build` after a changed pseudonymisation key and after a
removed data dir behaves as README "Garanties" says. (After a failed or killed run: the crash
chain, test_crash_safety.py.) Real builds as subprocesses, on a copy of the session's clean build.

    a changed key                  -> refused (exit 2, a clear message), nothing changed
    the changed key with --rebuild -> every delivery ingested again under the new key; the old build
                                      database kept aside; same figures, other pseudonyms
    data/ removed, no key set      -> a new demo key is made and everything is rebuilt from the
                                      inbox: same figures, other pseudonyms than before
"""

from __future__ import annotations

import shutil

import pytest

from tests.integration.crash_chain import Workspace, digest, open_read_only, table_fingerprints

OTHER_KEY = "another-test-only-pseudonym-key-fedcba9876543210"


def _rows(fingerprints: dict) -> dict[str, int]:
    return {t: n for t, (n, _) in fingerprints.items()}


def _victim_ids(serving) -> set[str]:
    con = open_read_only(serving)
    try:
        return {r[0] for r in con.execute("SELECT DISTINCT victim_id FROM marts.victims").fetchall()}
    finally:
        con.close()


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
    return table_fingerprints(built_warehouse.serving_path), _victim_ids(built_warehouse.serving_path)


def test_a_changed_key_is_refused_and_changes_nothing(recovery):
    serving, warehouse = digest(recovery.serving), digest(recovery.warehouse)
    run = recovery.run(key=OTHER_KEY)
    assert run.returncode == 2, f"rc {run.returncode}\n{run.stderr[-3000:]}"
    assert "not the key the warehouse" in run.stderr and "REBUILD=1" in run.stderr
    assert OTHER_KEY not in run.stderr + run.stdout
    assert digest(recovery.serving) == serving
    assert digest(recovery.warehouse) == warehouse


def test_a_full_rebuild_under_the_new_key_gives_the_same_figures_with_other_pseudonyms(recovery, clean):
    clean_fingerprints, clean_ids = clean
    run = recovery.run("none", "--rebuild", key=OTHER_KEY)
    assert run.returncode == 0, f"rc {run.returncode}\n{run.stderr[-5000:]}"
    aside = list((recovery.data / "replaced").glob("warehouse-*/warehouse.duckdb"))
    assert len(aside) == 1, "the old build database was not kept aside"
    assert _rows(table_fingerprints(recovery.serving)) == _rows(clean_fingerprints)
    assert _victim_ids(recovery.serving).isdisjoint(clean_ids)
    # and now the old key is the wrong one
    back = recovery.run()
    assert back.returncode == 2 and "not the key the warehouse" in back.stderr


def test_after_removing_the_data_dir_the_build_starts_over_with_a_new_demo_key(recovery, clean):
    clean_fingerprints, clean_ids = clean
    shutil.rmtree(recovery.data)
    run = recovery.run(key=None)  # as `make build` without MH_PSEUDONYM_KEY
    assert run.returncode == 0, f"rc {run.returncode}\n{run.stderr[-5000:]}"
    key_file = recovery.data / "pseudonym.key"
    assert key_file.exists() and (key_file.stat().st_mode & 0o777) == 0o600
    assert _rows(table_fingerprints(recovery.serving)) == _rows(clean_fingerprints)
    # a new key: the same persons under new pseudonyms, unlinkable to anything made before
    assert _victim_ids(recovery.serving).isdisjoint(clean_ids)
