"""Row-level checks of one delivery against its contract (README §2, §5, §6, §7).

Input: the rows of one file as text, one column per contract column (`read.RawTable`).
Output: the accepted rows, already pseudonymised, in landing form; the quarantined rows with their
reasons; the warnings of the accepted rows. Every check is a Polars expression, so a file is checked
column by column rather than row by row.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from orchestration.ingestion.codes import EMPTY, TRIM_CHARS, code_key, code_key_expr, code_lookup
from orchestration.ingestion.contract import Column, Kind, OnUnknown, Pii, SourceContract, stated
from orchestration.ingestion.pseudonymise import completed_years, keyed_hash_expr, keyed_hash_list_expr

ROW_NUMBER = "__row_number"
LINK_KEY_PATTERN = r"^[0-9A-Fa-f]{16}$"
XLSX_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
FIELD_COUNT = "__field_count"
DUPLICATE = "__duplicate"
INVALID_PII = "<ongeldig>"


@dataclass(frozen=True)
class Delivery:
    source: str
    file_name: str
    delivery_date: dt.date
    loaded_at: dt.datetime


@dataclass(frozen=True)
class CheckedRows:
    landing: pl.DataFrame
    quarantine: pl.DataFrame
    warnings: pl.DataFrame


def _raw(name: str) -> str:
    return stated(name)


def date_cell(name: str) -> str:
    """Flag column set by the XLSX reader: the cell was an Excel date cell."""
    return f"datecell:{name}"


def cell_error(name: str) -> str:
    """Flag column set by the XLSX reader: the cell holds no readable value (an Excel error such
    as #N/A, or a formula that was never calculated); the row is quarantined `ongeldig_formaat`."""
    return f"cellerror:{name}"


def empty_rows(contract: SourceContract) -> pl.DataFrame:
    """The reader's output for a file without data rows (its schema drives the landing table)."""
    schema = {ROW_NUMBER: pl.Int64, FIELD_COUNT: pl.Int64, **{c.name: pl.String for c in contract.columns}}
    if contract.file_format == "xlsx":
        schema.update({date_cell(c.name): pl.Boolean for c in contract.columns})
        schema.update({cell_error(c.name): pl.Boolean for c in contract.columns})
    return pl.DataFrame(schema=schema)


def _unknown(name: str) -> str:
    return f"unknown:{name}"


def _invalid(name: str) -> str:
    return f"invalid:{name}"


def _present(column: Column) -> pl.Expr:
    """A value was given: the raw text, unless it is an alias for "not stated" (e.g. `Nee`)."""
    if column.kind is Kind.MULTI_CODE:
        return (pl.col(column.name).list.len() > 0) | pl.col(_unknown(column.name))
    if column.kind is Kind.MULTI_LINK_KEY:
        return pl.col(_raw(column.name)).is_not_null()
    if column.kind is Kind.CODE:
        return pl.col(column.name).is_not_null() | pl.col(_unknown(column.name))
    return pl.col(_raw(column.name)).is_not_null()


def _elements(raw: pl.Expr) -> pl.Expr:
    """The trimmed, non-empty elements of a `|`-separated value (README §2.5)."""
    return (
        raw.fill_null("")
        .str.split("|")
        .list.eval(pl.element().str.strip_chars(TRIM_CHARS))
        .list.eval(pl.element().filter(pl.element() != ""))
    )


def _parse_column(column: Column, contract: SourceContract) -> list[pl.Expr]:
    """Parsed value (under the column's name) plus `invalid:`/`unknown:` flags."""
    raw = pl.col(_raw(column.name))
    name = column.name
    if column.kind is Kind.TEXT:
        bad = pl.lit(False)
        if column.pattern:
            bad = bad | ~raw.str.contains(f"^(?:{column.pattern})$")
        if column.max_length:
            bad = bad | (raw.str.len_chars() > column.max_length)
        return [raw.alias(name), (raw.is_not_null() & bad).alias(_invalid(name))]
    if column.kind in (Kind.DATE, Kind.TIMESTAMP) and contract.file_format == "xlsx":
        # Only a real Excel date cell is a date (a date typed as text is `ongeldig_formaat`); the
        # reader renders date cells as ISO text and flags them. A time part of a date is ignored.
        is_date = column.kind is Kind.DATE
        text = raw.str.slice(0, 10) if is_date else raw
        dtype, fmt = (pl.Date, "%Y-%m-%d") if is_date else (pl.Datetime("us"), XLSX_DATETIME_FORMAT)
        parsed = pl.when(pl.col(date_cell(name))).then(text.str.strptime(dtype, fmt, strict=False))
        return [parsed.alias(name), (raw.is_not_null() & parsed.is_null()).alias(_invalid(name))]
    if column.kind in (Kind.DATE, Kind.TIMESTAMP):
        is_date = column.kind is Kind.DATE
        fmt = contract.date_format if is_date else contract.timestamp_format
        shape = contract.date_pattern if is_date else contract.timestamp_pattern
        dtype = pl.Date if is_date else pl.Datetime("us")
        ok_shape = raw.str.contains(f"^(?:{shape})$")
        parsed = pl.when(ok_shape).then(raw.str.strptime(dtype, fmt, strict=False))
        return [parsed.alias(name), (raw.is_not_null() & parsed.is_null()).alias(_invalid(name))]
    if column.kind is Kind.INTEGER:
        digits = column.pattern or r"\d+"
        ok = raw.str.contains(f"^(?:{digits})$")
        parsed = pl.when(ok).then(raw.cast(pl.Int64, strict=False))
        return [parsed.alias(name), (raw.is_not_null() & parsed.is_null()).alias(_invalid(name))]
    if column.kind is Kind.LINK_KEY:
        ok = raw.str.contains(LINK_KEY_PATTERN)
        parsed = pl.when(ok).then(raw.str.to_uppercase())
        return [parsed.alias(name), (raw.is_not_null() & ~ok).alias(_invalid(name))]
    if column.kind is Kind.MULTI_LINK_KEY:
        elements = _elements(raw)
        valid = elements.list.eval(pl.element().filter(pl.element().str.contains(LINK_KEY_PATTERN)))
        parsed = valid.list.eval(pl.element().str.to_uppercase()).list.unique().list.sort()
        invalid = elements.list.len() > valid.list.len()
        return [parsed.alias(name), invalid.alias(_invalid(name))]
    lookup = code_lookup(column.codes, column.aliases)
    key = code_key_expr(raw)
    for prefix in column.ignored_prefixes:
        key = key.str.replace(f"^{re.escape(code_key(prefix))}\\s*", "")
    if column.kind is Kind.CODE:
        mapped = key.replace_strict(lookup, default=None, return_dtype=pl.String)
        unknown = raw.is_not_null() & mapped.is_null()
        # A code column with a type (e.g. IND `bedenktijd_dagen`, an integer with allowed values):
        # a value of the wrong type is `ongeldig_formaat` (README §2.8), a well-typed value outside
        # the list is `ongeldige_code`.
        malformed = (
            raw.is_not_null() & ~raw.str.contains(f"^(?:{column.pattern})$")
            if column.pattern
            else pl.lit(False)
        )
        parsed = (
            pl.when(unknown & pl.lit(column.on_unknown is OnUnknown.ONBEKEND))
            .then(pl.lit("Onbekend"))
            .when(mapped == EMPTY)
            .then(None)
            .otherwise(mapped)
        )
        return [parsed.alias(name), unknown.alias(_unknown(name)), malformed.alias(_invalid(name))]
    # MULTI_CODE: `|`-separated, each element trimmed and matched on its own (README §2.5).
    elements = _elements(raw)
    mapped = elements.list.eval(
        code_key_expr(pl.element()).replace_strict(lookup, default=None, return_dtype=pl.String)
    )
    unknown = mapped.list.eval(pl.element().is_null()).list.any()
    if column.on_unknown is OnUnknown.ONBEKEND:
        mapped = mapped.list.eval(pl.element().fill_null(pl.lit("Onbekend")))
    parsed = mapped.list.drop_nulls()
    parsed = parsed.list.eval(pl.element().filter(pl.element() != EMPTY)).list.unique().list.sort()
    return [parsed.alias(name), unknown.alias(_unknown(name))]


def _pii_columns(contract: SourceContract, key: bytes) -> list[pl.Expr]:
    exprs = []
    for c in contract.columns:
        if c.pii is Pii.HASH and c.kind is Kind.MULTI_LINK_KEY:
            exprs.append(keyed_hash_list_expr(pl.col(c.name), key, c.hash_domain).alias(c.target))
        elif c.pii is Pii.HASH:
            exprs.append(keyed_hash_expr(pl.col(c.name), key, c.hash_domain).alias(c.target))
        elif c.pii is Pii.AGE:
            exprs.append(completed_years(pl.col(c.name), pl.col(c.age_reference)).alias(c.target))
        elif c.pii is Pii.YEAR_AGE:
            ref_year = pl.col(c.age_reference).dt.year().cast(pl.Int32)
            exprs.append((ref_year - pl.col(c.name).cast(pl.Int32)).alias(c.target))
    return exprs


def _column_violation(column: Column, contract: SourceContract) -> pl.Expr:
    """The first violation of one column, as `code:column`, or null."""
    col = pl.col
    present = _present(column)
    when = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    if contract.file_format == "xlsx":  # a cell without a readable value (the reader's flag)
        when = when.when(col(cell_error(column.name))).then(pl.lit("ongeldig_formaat"))
    if column.required:
        when = when.when(~present).then(pl.lit("verplicht_veld_leeg"))
    if column.required_when is not None:
        condition = column.required_when(col)
        when = when.when((condition == True) & ~present).then(pl.lit("verplicht_veld_leeg"))  # noqa: E712
        when = when.when((condition == False) & present).then(pl.lit("veld_niet_toegestaan"))  # noqa: E712
    if column.allowed_when is not None:
        condition = column.allowed_when(col)
        when = when.when((condition == False) & present).then(pl.lit("veld_niet_toegestaan"))  # noqa: E712
    if column.kind in (Kind.CODE, Kind.MULTI_CODE):
        if column.kind is Kind.CODE and column.pattern:
            when = when.when(col(_invalid(column.name))).then(pl.lit("ongeldig_formaat"))
        if column.on_unknown is OnUnknown.QUARANTINE:
            when = when.when(col(_unknown(column.name))).then(pl.lit("ongeldige_code"))
    elif column.kind not in (Kind.LINK_KEY, Kind.MULTI_LINK_KEY):  # a warning only (README §8)
        when = when.when(col(_invalid(column.name))).then(pl.lit("ongeldig_formaat"))
    code = when.otherwise(None)
    return pl.when(code.is_not_null()).then(pl.concat_str(code, pl.lit(f":{column.name}")))


def _record_key(contract: SourceContract) -> pl.Expr:
    parts = []
    for name in contract.record_key:
        c = contract.column(name)
        parts.append(pl.col(c.target) if c.pii is Pii.HASH else pl.col(_raw(name)))
    return pl.concat_str(parts, separator="|")


def _stated_text(name: str) -> pl.Expr:
    """A column's text as the checks see it: trimmed (README §2.4), an empty field null."""
    return pl.col(name).str.strip_chars(TRIM_CHARS).replace("", None)


def duplicate_keys(contract: SourceContract, rows: pl.DataFrame) -> pl.Series:
    """Per row of the file: its record key is stated in full and another row of the file has the
    same one (`dubbele_sleutel`, README §5). Judged on the key columns of the whole file, so that
    `check_batches` finds a duplicate that lies in another batch."""
    keys = rows.select(_stated_text(name) for name in contract.record_key)
    return keys.select(
        (pl.all_horizontal(pl.all().is_not_null()) & (pl.len().over(keys.columns) > 1)).alias(DUPLICATE)
    ).to_series()


# Rows checked at a time (`check_batches`): the checks' intermediate columns (trimmed texts, parsed
# values, hashes, reasons) are held for one batch, not for the whole file, so a build's memory does
# not grow with them (issue 19; a scale-100 CoMensha file has 834,000 rows).
BATCH_ROWS = 100_000


def check_batches(
    contract: SourceContract, rows: pl.DataFrame, delivery: Delivery, key: bytes, batch_rows: int = BATCH_ROWS
) -> Iterator[CheckedRows]:
    """`check_rows` of the file, batch by batch in row order: the same rows, reasons and warnings
    as one `check_rows` of the whole file (a duplicate key is judged over the whole file)."""
    duplicate = duplicate_keys(contract, rows)
    for start in range(0, max(rows.height, 1), batch_rows):
        batch = rows.slice(start, batch_rows)
        yield check_rows(contract, batch, delivery, key, duplicate.slice(start, batch_rows))


def check_rows(
    contract: SourceContract,
    rows: pl.DataFrame,
    delivery: Delivery,
    key: bytes,
    duplicate: pl.Series | None = None,
) -> CheckedRows:
    """The checked rows of `rows`; `duplicate`: `duplicate_keys` of the file that `rows` are a
    part of (default: `rows` are the whole file)."""
    header_width = len(contract.columns)
    if duplicate is None:
        duplicate = duplicate_keys(contract, rows)
    trimmed = rows.select(
        pl.col(ROW_NUMBER),
        pl.col(FIELD_COUNT),
        *[_stated_text(c.name).alias(_raw(c.name)) for c in contract.columns],
        *[pl.col(n) for n in rows.columns if n.startswith(("datecell:", "cellerror:"))],
    )
    day_end = dt.datetime.combine(delivery.delivery_date, dt.time(23, 59, 59))
    # A code column's parse depends on its own raw text only, and a file has few distinct codes:
    # parse each distinct value once and join the result back (same values, row order kept).
    by_value = [c for c in contract.columns if c.kind in (Kind.CODE, Kind.MULTI_CODE)]
    frame = trimmed.with_columns(
        pl.lit(delivery.delivery_date).alias("__delivery_date"),
        pl.lit(day_end).alias("__delivery_end"),
        *[e for c in contract.columns if c not in by_value for e in _parse_column(c, contract)],
    )
    for c in by_value:
        raw = _raw(c.name)
        distinct = trimmed.select(pl.col(raw).unique()).with_columns(_parse_column(c, contract))
        frame = frame.join(distinct, on=raw, how="left", nulls_equal=True, maintain_order="left")
    frame = frame.with_columns(_pii_columns(contract, key)).with_columns(
        _record_key(contract).alias("__record_key")
    )

    col = pl.col
    column_checks = [_column_violation(c, contract) for c in contract.columns]
    cross_checks = [
        pl.when(check.violated(col) == True).then(pl.lit(f"inconsistent:{check.column}"))  # noqa: E712
        for check in contract.cross_checks
    ]
    dup_check = pl.when(pl.lit(duplicate)).then(pl.lit(f"dubbele_sleutel:{contract.record_key[0]}"))
    all_checks = pl.concat_list(
        [e.cast(pl.String) for e in (*column_checks, *cross_checks, dup_check)]
    ).list.drop_nulls()
    # A row with the wrong number of fields cannot be read column by column: that is its one reason.
    reasons = (
        pl.when(col(FIELD_COUNT) != header_width)
        .then(pl.concat_list(pl.lit("aantal_velden:-")))
        .otherwise(all_checks)
    )
    frame = frame.with_columns(reasons.alias("__reasons"))

    bad = frame.filter(col("__reasons").list.len() > 0)
    good = frame.filter(col("__reasons").list.len() == 0)
    return CheckedRows(
        landing=_landing(contract, good, delivery),
        quarantine=_quarantine(contract, bad, delivery),
        warnings=_warnings(contract, good, delivery),
    )


def _lineage(delivery: Delivery) -> list[pl.Expr]:
    return [
        pl.lit(delivery.file_name).alias("file_name"),
        pl.lit(delivery.delivery_date).alias("delivery_date"),
        pl.col(ROW_NUMBER).cast(pl.Int64).alias("row_number"),
        pl.lit(delivery.loaded_at).alias("loaded_at"),
    ]


def landing_columns(contract: SourceContract) -> list[str]:
    return [c.landing_name for c in contract.columns if c.landing_name]


def _landing(contract: SourceContract, good: pl.DataFrame, delivery: Delivery) -> pl.DataFrame:
    return good.select(*[pl.col(n) for n in landing_columns(contract)], *_lineage(delivery))


def _quarantine(contract: SourceContract, bad: pl.DataFrame, delivery: Delivery) -> pl.DataFrame:
    width = len(contract.columns)
    # A row with the wrong number of fields (`aantal_velden`) keeps no value at all (issue 14): its
    # values cannot be told apart by column. An unquoted separator in a surname shifts a first
    # name or birth date into a column that row_json keeps as text (a code or date column), so
    # any value of it may be PII in the wrong place (contract README §7: no raw PII in any table).
    # row_json holds only the counts, and record_key is empty, "empty if unreadable" (§5): even
    # the key column may hold a shifted value.
    row_json = [
        json.dumps(
            {"aantal_velden": r[FIELD_COUNT], "verwacht": width}
            if r[FIELD_COUNT] != width
            else _pseudonymised_row(contract, r),
            ensure_ascii=False,
        )
        for r in bad.iter_rows(named=True)
    ]
    record_key = bad.select(
        pl.when(pl.col(FIELD_COUNT) != width).then(pl.lit(None, pl.String)).otherwise(pl.col("__record_key"))
    ).to_series()
    reasons = bad["__reasons"].to_list()
    return pl.DataFrame(
        {
            "source": [delivery.source] * bad.height,
            "file_name": [delivery.file_name] * bad.height,
            "delivery_date": [delivery.delivery_date] * bad.height,
            "row_number": bad[ROW_NUMBER].cast(pl.Int64),
            "record_key": record_key,
            "reason_code": [r[0].split(":", 1)[0] for r in reasons],
            "reasons": ["; ".join(r) for r in reasons],
            "row_json": row_json,
            "loaded_at": [delivery.loaded_at] * bad.height,
        },
        schema=QUARANTINE_SCHEMA,
    )


def _pseudonymised_row(contract: SourceContract, row: dict) -> dict:
    """The source row for a steward: raw text, with PII dropped or replaced (README §5, §7)."""
    out: dict = {}
    for c in contract.columns:
        raw = row[_raw(c.name)]
        if c.pii is Pii.DROP:
            continue
        if c.pii is None:
            out[c.name] = raw
            continue
        value = row[c.target]
        if c.kind is Kind.MULTI_LINK_KEY and row[_invalid(c.name)]:
            value = [*(value or []), INVALID_PII]
        out[c.target] = value if value is not None else (INVALID_PII if raw is not None else None)
    return out


def _warnings(contract: SourceContract, good: pl.DataFrame, delivery: Delivery) -> pl.DataFrame:
    col = pl.col
    parts = []

    def add(applies: pl.Expr, code: str, column: str, detail: pl.Expr) -> None:
        parts.append(
            good.filter(applies).select(
                col(ROW_NUMBER).cast(pl.Int64).alias("row_number"),
                col("__record_key").alias("record_key"),
                pl.lit(code).alias("code"),
                pl.lit(column).alias("column_name"),
                detail.cast(pl.String).alias("detail"),
            )
        )

    for c in contract.columns:
        if c.kind in (Kind.CODE, Kind.MULTI_CODE) and c.on_unknown is OnUnknown.ONBEKEND:
            detail = pl.lit(None) if c.pii else col(_raw(c.name))
            add(col(_unknown(c.name)), "code_naar_onbekend", c.name, detail)
        if c.kind in (Kind.LINK_KEY, Kind.MULTI_LINK_KEY):
            # The invalid key itself is personal data: the detail says what is wrong, not the value.
            add(col(_invalid(c.name)), "koppelsleutel_ongeldig", c.name, pl.lit("geen 16 tekens 0-9A-F"))
    for rule in contract.warning_rules:
        add(rule.applies(col) == True, rule.code, rule.column, pl.lit(rule.description))  # noqa: E712
    warnings = pl.concat(parts) if parts else pl.DataFrame()
    return (
        warnings.select(
            pl.lit(delivery.source).alias("source"),
            pl.lit(delivery.file_name).alias("file_name"),
            pl.lit(delivery.delivery_date).alias("delivery_date"),
            pl.all(),
            pl.lit(delivery.loaded_at).alias("loaded_at"),
        )
        .sort("row_number", maintain_order=True)
        .cast(WARNINGS_SCHEMA)
    )


QUARANTINE_SCHEMA = {
    "source": pl.String,
    "file_name": pl.String,
    "delivery_date": pl.Date,
    "row_number": pl.Int64,
    "record_key": pl.String,
    "reason_code": pl.String,
    "reasons": pl.String,
    "row_json": pl.String,
    "loaded_at": pl.Datetime("us"),
}

WARNINGS_SCHEMA = {
    "source": pl.String,
    "file_name": pl.String,
    "delivery_date": pl.Date,
    "row_number": pl.Int64,
    "record_key": pl.String,
    "code": pl.String,
    "column_name": pl.String,
    "detail": pl.String,
    "loaded_at": pl.Datetime("us"),
}
