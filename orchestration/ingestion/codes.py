"""Matching of code values (contract README §2.3-§2.5), the same in Python and in Polars."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import polars as pl

# Trimmed characters (README §2.3): spaces, tabs and non-breaking spaces.
TRIM_CHARS = " \t\u00a0\r\n"
EMPTY = ""  # an alias that maps to EMPTY means "treat as not stated"


def code_key(value: str) -> str:
    """Case-, accent- and spacing-insensitive key of a code value."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped).strip(TRIM_CHARS).lower()


def code_key_expr(expr: pl.Expr) -> pl.Expr:
    """`code_key` as a Polars expression (kept in step with the Python version by a unit test)."""
    return (
        expr.str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(TRIM_CHARS)
        .str.to_lowercase()
    )


def code_lookup(codes: Iterable[str], aliases: Mapping[str, str]) -> dict[str, str]:
    """Map every accepted spelling's key to the canonical value."""
    lookup = {code_key(c): c for c in codes}
    for alias, canonical in aliases.items():
        lookup[code_key(alias)] = canonical
    return lookup
