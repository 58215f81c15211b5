"""Keyed hashing of identifiers (contract README §7): HMAC-SHA-256 over `<domain>:<VALUE>`."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable

import polars as pl

# SHA-256's block size: HMAC pads (or first hashes) the key to one block (RFC 2104).
_BLOCK = 64


def keyed_hash(key: bytes, domain: str, value: str) -> str:
    message = f"{domain}:{value.strip().upper()}".encode()
    return hmac.digest(key, message, hashlib.sha256).hex()  # = hmac.new(...).hexdigest(), faster


def _hasher(key: bytes, domain: str) -> Callable[[str], str]:
    """`keyed_hash` for one key and domain, with the key's two padded blocks hashed once: each
    value then costs copies of the two SHA-256 states instead of hashing the key anew (RFC 2104's
    construction, so the digest is HMAC's; tests/unit/test_pseudonymise.py compares both)."""
    block = hashlib.sha256(key).digest() if len(key) > _BLOCK else key
    block = block.ljust(_BLOCK, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
    prefix = f"{domain}:"

    def digest(value: str) -> str:
        h = inner.copy()
        h.update((prefix + value.strip().upper()).encode())
        o = outer.copy()
        o.update(h.digest())
        return o.hexdigest()

    return digest


def _hashed(values: Iterable[str], key: bytes, domain: str) -> tuple[list[str], list[str]]:
    """The distinct non-null `values` and their keyed hashes, in the same order."""
    digest = _hasher(key, domain)
    distinct = [v for v in dict.fromkeys(values) if v is not None]
    return distinct, [digest(v) for v in distinct]


def keyed_hash_expr(expr: pl.Expr, key: bytes, domain: str) -> pl.Expr:
    """`keyed_hash` of every value of a text column (null stays null). Each distinct value is
    hashed once (ids repeat over the rows of a person or a case) and mapped back in Polars."""

    def hash_series(s: pl.Series) -> pl.Series:
        distinct, hashes = _hashed(s.unique().to_list(), key, domain)
        return s.replace_strict(distinct, hashes, default=None, return_dtype=pl.String)

    return expr.map_batches(hash_series, return_dtype=pl.String)


def keyed_hash_list_expr(expr: pl.Expr, key: bytes, domain: str) -> pl.Expr:
    """`keyed_hash` of every element of a list-of-text column, elements kept in their order: the
    distinct elements of the whole column are hashed in one batch (not one Python call per row)."""

    def hash_lists(s: pl.Series) -> pl.Series:
        distinct, hashes = _hashed(s.explode().unique().to_list(), key, domain)
        mapping = pl.element().replace_strict(distinct, hashes, default=None, return_dtype=pl.String)
        return s.list.eval(mapping)

    return expr.map_batches(hash_lists, return_dtype=pl.List(pl.String))


def completed_years(birth: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """Age in whole years on the reference date; a birthday on that date counts."""
    had_birthday = (reference.dt.month() > birth.dt.month()) | (
        (reference.dt.month() == birth.dt.month()) & (reference.dt.day() >= birth.dt.day())
    )
    return (
        reference.dt.year().cast(pl.Int32)
        - birth.dt.year().cast(pl.Int32)
        - pl.when(had_birthday).then(0).otherwise(1)
    ).cast(pl.Int32)
