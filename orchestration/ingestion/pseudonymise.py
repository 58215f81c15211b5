"""Keyed hashing of identifiers (contract README §7): HMAC-SHA-256 over `<domain>:<VALUE>`."""

from __future__ import annotations

import hashlib
import hmac

import polars as pl


def keyed_hash(key: bytes, domain: str, value: str) -> str:
    message = f"{domain}:{value.strip().upper()}".encode()
    return hmac.digest(key, message, hashlib.sha256).hex()  # = hmac.new(...).hexdigest(), faster


def keyed_hash_expr(expr: pl.Expr, key: bytes, domain: str) -> pl.Expr:
    def hash_series(s: pl.Series) -> pl.Series:
        # each distinct value is hashed once (ids repeat over the rows of a person or a case)
        memo: dict[str, str] = {}
        out = []
        for v in s.to_list():
            if v is None:
                out.append(None)
                continue
            h = memo.get(v)
            if h is None:
                h = memo[v] = keyed_hash(key, domain, v)
            out.append(h)
        return pl.Series(out, dtype=pl.String)

    return expr.map_batches(hash_series, return_dtype=pl.String)


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
