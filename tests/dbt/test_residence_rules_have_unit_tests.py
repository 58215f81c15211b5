"""Every IND residence rule V1-V11 (contracts/residence.md §3) has a dbt unit test named
`test_V<n>_...` (they run, with all other dbt unit tests, in test_dbt_unit_tests.py)."""

from __future__ import annotations

import re

import pytest
import yaml

from orchestration.settings import DBT_PROJECT_DIR

RULES = [f"V{n}" for n in range(1, 12)]


def _unit_test_names() -> list[str]:
    names = []
    for path in (DBT_PROJECT_DIR / "models").rglob("*.yml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        names += [t["name"] for t in doc.get("unit_tests", [])]
    return names


@pytest.mark.parametrize("rule", RULES)
def test_each_residence_rule_has_a_unit_test(rule):
    assert any(re.match(rf"test_{rule}_", n) for n in _unit_test_names()), rule
