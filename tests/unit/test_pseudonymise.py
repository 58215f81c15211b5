"""The column-wise keyed hashing (orchestration/ingestion/pseudonymise.py, issue 19) gives for
every value what `keyed_hash`, the contract's HMAC-SHA-256 of README §7 written out with Python's
`hmac`, gives for it alone: for any text (white space around it, letters whose upper case is
longer, such as `ß`), nulls, repeated values, keys of any length (longer than SHA-256's block is
hashed first, RFC 2104) and lists of ids with empty lists among them."""

from __future__ import annotations

import hashlib
import hmac

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from orchestration.ingestion.pseudonymise import keyed_hash, keyed_hash_expr, keyed_hash_list_expr

# Ids as delivered, and what a hostile delivery may hold instead: any text, white space and
# letters that change length when put in upper case among them.
ID = st.one_of(
    st.from_regex(r"[A-Z]{2,3}-[0-9]{1,7}", fullmatch=True),
    st.text(alphabet=st.sampled_from(list("aZ9- \t\u00a0\u2003ßéﬁ\u0130|")), max_size=8),
    st.text(max_size=6),
)
KEY = st.binary(min_size=0, max_size=100)
DOMAIN = st.sampled_from(["comensha_persoon", "om_verdachte", "koppel"])


def test_keyed_hash_is_hmac_sha256_of_domain_and_upper_case_value():
    """The reference itself, against the digest written out by hand (contract README §7)."""
    expected = hmac.new(b"key", b"domein:AB-12", hashlib.sha256).hexdigest()
    assert keyed_hash(b"key", "domein", "  ab-12 ") == expected


@given(values=st.lists(st.one_of(st.none(), ID), max_size=30), key=KEY, domain=DOMAIN)
def test_column_hash_is_keyed_hash_of_each_value(values, key, domain):
    frame = pl.DataFrame({"id": pl.Series(values + values[:3], dtype=pl.String)})
    got = frame.select(keyed_hash_expr(pl.col("id"), key, domain))["id"].to_list()
    expected = [None if v is None else keyed_hash(key, domain, v) for v in values + values[:3]]
    mismatches = [(v, g, e) for v, g, e in zip(values, got, expected) if g != e]
    assert not mismatches and len(got) == len(expected)


@given(lists=st.lists(st.lists(ID, max_size=4), max_size=20), key=KEY, domain=DOMAIN)
def test_list_hash_is_keyed_hash_of_each_element_in_order(lists, key, domain):
    frame = pl.DataFrame({"ids": pl.Series(lists, dtype=pl.List(pl.String))})
    got = frame.select(keyed_hash_list_expr(pl.col("ids"), key, domain))["ids"].to_list()
    expected = [[keyed_hash(key, domain, v) for v in ids] for ids in lists]
    assert got == expected
