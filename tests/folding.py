"""Independent counts folded as disclosure control folds a small category with a neighbour
('Man + Onbekend', macros/disclosure.sql fold_small_categories): a folded cell is the sum of its
parts' counts. Used by the chart expectations (tests/superset) and the generated deliveries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from orchestration.quality.references import FOLD_SEPARATOR


def fold_map(labels: Iterable[str], prefix: str = "") -> dict[str, str]:
    """{part: label} for folded labels; a part folded into two labels is an error."""
    out: dict[str, str] = {}
    for label in labels:
        for part in label.split(FOLD_SEPARATOR):
            assert prefix + part not in out, (
                f"{part!r} folded into two categories: {out[prefix + part]!r}, {label!r}"
            )
            out[prefix + part] = prefix + label
    return out


def fold_maps_of(keys: Iterable[tuple]) -> dict[int, dict[str, str]]:
    """Per key position, the fold_map of the folded labels that stand there."""
    labels: dict[int, set[str]] = {}
    for key in keys:
        for position, value in enumerate(key):
            if isinstance(value, str) and FOLD_SEPARATOR in value:
                labels.setdefault(position, set()).add(value)
    return {position: fold_map(sorted(found)) for position, found in labels.items()}


def fold_keys(counts: Mapping[tuple, int], folds: Mapping[int, Mapping[str, str]]) -> dict[tuple, int]:
    """`counts` with the key part at each position of `folds` (negative: from the end) folded."""
    out: dict[tuple, int] = {}
    for key, n in counts.items():
        folded = tuple(folds.get(i, folds.get(i - len(key), {})).get(v, v) for i, v in enumerate(key))
        out[folded] = out.get(folded, 0) + n
    return out
