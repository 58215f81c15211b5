"""The bench's ingestion stage (bench/stage.py `ingest`) reads with the delivery size limit of the
setting MH_MAX_DELIVERY_MB, as the build does: bench/run.py lifts it so that a scale-100 delivery
is measured, not refused unread (issue 19)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.stage import ingest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_the_ingest_stage_uses_the_size_limit_of_the_setting(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS / "om", inbox / "om")
    outcomes = {}
    for limit in ("0.001", "1000"):  # 1 KB: each seed file is larger; 1000 MB: none is
        monkeypatch.setenv("MH_MAX_DELIVERY_MB", limit)
        outcomes[limit] = ingest("om", str(inbox), str(tmp_path / f"warehouse-{limit}.duckdb"))
    assert outcomes["0.001"]["statuses"] == ["afgewezen"]
    assert outcomes["0.001"]["rows_read"] == 0
    assert outcomes["1000"]["statuses"] == ["geladen"]
    assert outcomes["1000"]["rows_read"] > 0
