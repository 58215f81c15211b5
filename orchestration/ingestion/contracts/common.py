"""Rules that several source contracts share, written once."""

from __future__ import annotations

import polars as pl

from orchestration.ingestion.contract import Column, CrossCheck, Kind, OnUnknown, Pii
from orchestration.ingestion.reference import country_names

ID_PATTERN = r"[A-Za-z0-9_-]{1,40}"
# README §3: every source's rows close with the two columns that make a record version: withdrawn
# or not, and when the version was made (the latest one is current).
VERSION_COLUMNS = (
    Column("status", Kind.CODE, required=True, codes=("Actief", "Vervallen")),
    Column("gewijzigd_op", Kind.TIMESTAMP, required=True),
)


def country(name: str, required: bool = False) -> Column:
    """A country column (README §9): unknown names become `Onbekend` with a warning."""
    names, aliases = country_names()
    return Column(
        name, Kind.CODE, required=required, codes=names, aliases=aliases, on_unknown=OnUnknown.ONBEKEND
    )


def link_key(name: str = "koppelsleutel") -> Column:
    return Column(name, Kind.LINK_KEY, pii=Pii.HASH, target="link_hash", hash_domain="koppelsleutel")


def birth_before_event(birth: str, event: str, age: str) -> CrossCheck:
    """Cross-field check 1 of the IND and CoMensha contracts: born before the event, age ≤ 99."""
    return CrossCheck(
        birth,
        lambda col: (col(birth) > col(event)) | (col(age) > 99),
        f"{birth} na {event}, of leeftijd boven 99",
    )


def dates_within_delivery(
    event: str, changed: str = "gewijzigd_op", extra_dates: tuple[str, ...] = ()
) -> CrossCheck:
    """Cross-field check 2: no date after the delivery date; the record changed on or after the
    event and no later than the end of the delivery day."""

    def violated(col) -> pl.Expr:
        later = [col(d) > col("__delivery_date") for d in (event, *extra_dates)]
        return pl.any_horizontal(
            *later,
            col(changed).dt.date() < col(event),
            col(changed) > col("__delivery_end"),
        )

    return CrossCheck(
        event, violated, f"datum na de leverdatum, of {changed} voor {event} of na de leverdatum"
    )
