"""The order in which `make test` hands out its groups to the two workers (tests/conftest.py): a
name in LONGEST_GROUPS_FIRST that names no group (a module renamed or moved) would silently send
that long group to the end, where one worker waits for it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import LONGEST_GROUPS_FIRST, SHARED_FIXTURE_GROUPS

REPO = Path(__file__).resolve().parents[2]


def test_every_group_handed_out_first_is_a_group_of_the_suite():
    modules = {
        ".".join(p.relative_to(REPO).with_suffix("").parts) for p in (REPO / "tests").rglob("test_*.py")
    }
    groups = modules | {group for _, group in SHARED_FIXTURE_GROUPS}
    assert [name for name in LONGEST_GROUPS_FIRST if name not in groups] == []
    assert len(set(LONGEST_GROUPS_FIRST)) == len(LONGEST_GROUPS_FIRST)
