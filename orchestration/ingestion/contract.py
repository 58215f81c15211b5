"""The declarative model of a source contract.

A source is described by data (its file pattern, its columns with their types and code lists,
its cross-field rules, its PII treatment); one generic engine (`validate.py`, `run.py`) applies any
such description. Adding a source means writing a definition in `contracts/`, not new ingestion code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum

import polars as pl


class Kind(Enum):
    TEXT = "text"
    CODE = "code"
    MULTI_CODE = "multi_code"
    DATE = "date"
    TIMESTAMP = "timestamp"
    INTEGER = "integer"
    LINK_KEY = "link_key"  # the TTP koppelsleutel (contract README §8)
    MULTI_LINK_KEY = "multi_link_key"  # `|`-separated koppelsleutels; invalid ones dropped


class OnUnknown(Enum):
    QUARANTINE = "Q"  # row goes to quarantine with `ongeldige_code`
    ONBEKEND = "O"  # value becomes `Onbekend`, row accepted with a `code_naar_onbekend` warning


class Pii(Enum):
    DROP = "drop"
    HASH = "hash"  # keyed hash into `target`, in `hash_domain`
    AGE = "age"  # completed years at `age_reference` into `target`
    YEAR_AGE = "year_age"  # year(age_reference) - value, into `target` (OM birth year)


# A condition is built from the parsed frame: it receives a function that returns the parsed
# column expression by contract column name, and returns a boolean expression.
Condition = Callable[[Callable[[str], pl.Expr]], pl.Expr]


def stated(name: str) -> str:
    """Name of the trimmed raw text of a column in the frame a Condition sees (null when empty).

    "Filled" in a contract means a value was given, even one that is not in the code list: such
    a row is quarantined for that value, not also for the columns that depend on it being filled.
    """
    return f"raw:{name}"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    # 'c' columns: required when the condition holds, otherwise they MUST be empty.
    required_when: Condition | None = None
    # 'nee; only when ...' columns: optional when the condition holds, otherwise MUST be empty.
    allowed_when: Condition | None = None
    pattern: str | None = None
    max_length: int | None = None
    codes: tuple[str, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    # Leading words that are ignored before matching a code (e.g. `art.` before an article).
    ignored_prefixes: tuple[str, ...] = ()
    # XLSX: a whole-number numeric cell is read as its digits, left-padded with zeros to this width.
    numeric_pad: int | None = None
    on_unknown: OnUnknown = OnUnknown.QUARANTINE
    pii: Pii | None = None
    target: str | None = None  # landing column for PII treatments
    hash_domain: str | None = None
    age_reference: str | None = None

    @property
    def landing_name(self) -> str | None:
        """Name in the landing table; None for columns that never reach DuckDB."""
        if self.pii is Pii.DROP:
            return None
        if self.pii is not None:
            return self.target
        return self.name


@dataclass(frozen=True)
class CrossCheck:
    """A cross-field rule; `violated` is true when the row breaks it (`inconsistent:<column>`)."""

    column: str
    violated: Condition
    description: str


@dataclass(frozen=True)
class WarningRule:
    """An accepted row that gets a warning (contract README §6) when `applies` holds."""

    code: str
    column: str
    applies: Condition
    description: str


@dataclass(frozen=True)
class SourceContract:
    source: str  # `comensha`, `ind`, `om`: also the inbox sub-folder
    # What the source is about (`registration`, `residence`, `prosecution`: the contract's name in
    # contracts/README.md): the Dagster group of its landing table, staging and marts.
    domain: str
    file_pattern: str
    record_key: tuple[str, ...]
    columns: tuple[Column, ...]
    separator: str = ","
    date_format: str = "%Y-%m-%d"
    date_pattern: str = r"\d{4}-\d{2}-\d{2}"
    timestamp_format: str = "%Y-%m-%d %H:%M"
    timestamp_pattern: str = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"
    file_format: str = "csv"  # `csv` or `xlsx`
    sheet: str | None = None  # the XLSX sheet that is read
    cross_checks: tuple[CrossCheck, ...] = ()
    warning_rules: tuple[WarningRule, ...] = ()

    @property
    def landing_table(self) -> str:
        return f"landing_{self.source}"

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def match_file_name(self, file_name: str) -> re.Match[str] | None:
        return re.fullmatch(self.file_pattern, file_name)
