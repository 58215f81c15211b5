"""Which lists the warehouse's reporters form, and merging lists too small to estimate with.

The lists are the melder types of dbt_project/seeds/ref_melder_type.csv (contract §2 column 9),
with one merge made up front: police and EMM are one list, because EMM holds police registrations
(issue 18) and the 2013-2017 monitor warns that doubled EMM reports distort an estimate
(rapporteur report 000, lines 3290-3297); as two lists, the same victims would show as an overlap
between independent sources. Onbekend is no list: a victim without a known melder is seen but on
no list (CaptureTable.without_list).

A list with very few cases cannot carry its own main effect and interactions: each of its overlaps
is expected to hold a case or less, so its zero overlaps are the rule and its interactions can
neither be detected nor ruled out. Such a list is merged into another, and the merge is recorded
with its reason in Dutch, for the stewards who read the estimate beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.estimation.capture_table import CaptureTable, History

POLICE_WITH_EMM = "Politie/EMM"

# melder type (ref_melder_type.csv) -> list; the order is the order of the lists in a table.
REPORTER_LISTS: dict[str, str] = {
    "Politie": POLICE_WITH_EMM,
    "EMM": POLICE_WITH_EMM,
    "KMar": "KMar",
    "ISZW-DO": "ISZW-DO",
    "Zorgcoördinator": "Zorgcoördinator",
    "FairWork": "FairWork",
    "Overig": "Overig",
}

# Below this many cases a list is merged (see the module docstring).
MIN_LIST_CASES = 10


@dataclass(frozen=True)
class ListMerge:
    """Lists taken together as one, and why (Dutch: shown to stewards and analysts)."""

    merged: tuple[str, ...]
    into: str
    reason: str


def merge_lists(
    table: CaptureTable, merged: tuple[str, ...], into: str, reason: str
) -> tuple[CaptureTable, ListMerge]:
    """`merged` become the one list `into` (placed where the first of them was)."""
    if missing := [name for name in merged if name not in table.lists]:
        raise ValueError(f"no such lists: {missing}")
    lists: list[str] = []
    for name in table.lists:
        target = into if name in merged else name
        if target not in lists:
            lists.append(target)
    counts: dict[History, int] = {}
    for history, n in table.counts.items():
        key = frozenset(into if name in merged else name for name in history)
        counts[key] = counts.get(key, 0) + n
    return CaptureTable(tuple(lists), counts, table.without_list), ListMerge(merged, into, reason)


def _partner(table: CaptureTable, small: str) -> str:
    # The list it shares most cases with: merging it there loses the least overlap information.
    # With no overlap at all, the smallest other list, so that no large list is diluted.
    others = [name for name in table.lists if name != small]
    return max(others, key=lambda name: (table.overlap(small, name), -table.list_size(name)))


def merge_small_lists(
    table: CaptureTable, min_cases: int = MIN_LIST_CASES
) -> tuple[CaptureTable, tuple[ListMerge, ...]]:
    """Drop lists that saw nobody; merge each list with fewer than `min_cases` cases, smallest
    first, into its partner until every list is large enough or one list is left."""
    merges: list[ListMerge] = []
    for name in [n for n in table.lists if table.list_size(n) == 0]:
        lists = tuple(n for n in table.lists if n != name)
        table = CaptureTable(lists, table.counts, table.without_list)
        merges.append(ListMerge((name,), "", f"{name} meldde in deze periode niemand: lijst weggelaten."))
    while len(table.lists) > 1:
        small = min(table.lists, key=lambda n: (table.list_size(n), n))
        size = table.list_size(small)
        if size >= min_cases:
            break
        partner = _partner(table, small)
        shared = table.overlap(small, partner)
        why = (
            f"waarmee {shared} slachtoffer(s) gedeeld"
            if shared
            else "de kleinste andere lijst; geen gedeelde slachtoffers"
        )
        reason = f"{small} meldde {size} slachtoffer(s), minder dan {min_cases}: samengevoegd met {partner} ({why})."
        table, merge = merge_lists(table, (small, partner), f"{partner}+{small}", reason)
        merges.append(merge)
    return table, tuple(merges)
