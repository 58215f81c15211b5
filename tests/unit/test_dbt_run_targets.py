"""Every Dagster run of dbt writes its own target folder; only the newest few may stay."""

from __future__ import annotations

import os

from orchestration.assets.dbt import prune_run_targets


def _run_dir(parent, name, mtime):
    d = parent / name
    (d / "compiled").mkdir(parents=True)
    (d / "dbt.log").write_text("log")
    os.utime(d, (mtime, mtime))
    return d


def test_only_the_newest_run_targets_of_the_op_stay(tmp_path):
    old = [_run_dir(tmp_path, f"dbt_models-run{i}-abc{i}", 1_000 + i) for i in range(6)]
    other_op = _run_dir(tmp_path, "other_op-run0-xyz", 500)
    compiled = tmp_path / "compiled"  # dbt's own target files beside the run folders
    compiled.mkdir()
    current = _run_dir(tmp_path, "dbt_models-run9-def", 900)  # older mtime, but the running one

    removed = prune_run_targets(current, keep=3)

    assert sorted(removed) == sorted(old[:4])
    assert {p.name for p in tmp_path.iterdir()} == {
        current.name,
        old[5].name,
        old[4].name,
        other_op.name,
        compiled.name,
    }
