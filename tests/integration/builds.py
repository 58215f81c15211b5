"""Helpers for tests that run the real Dagster build on an inbox of their own."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg

from orchestration.build import build_all


def run_build(inbox: Path, data_dir: Path) -> dg.ExecuteInProcessResult:
    return build_all(inbox_dir=inbox, data_dir=data_dir)


def check_evaluations(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def materialised(result: dg.ExecuteInProcessResult) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
