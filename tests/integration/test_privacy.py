"""No name, birth date or source person id of the sample past ingestion (contract README §7)."""

from __future__ import annotations

import csv

from orchestration.settings import DEFAULT_INBOX_DIR

PII_COLUMNS = ("achternaam", "voornaam", "geboortedatum", "persoon_id", "koppelsleutel")
FORBIDDEN_COLUMN_WORDS = ("naam", "geboorte", "birth", "persoon_id", "koppelsleutel", "name")


def _sample_pii() -> dict[str, set[str]]:
    values: dict[str, set[str]] = {c: set() for c in PII_COLUMNS}
    for path in sorted((DEFAULT_INBOX_DIR / "comensha").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f, delimiter=";"):
                for c in PII_COLUMNS:
                    v = (row[c] or "").strip()
                    if v:
                        values[c].add(v)
                        values[c].add(v.upper())
    return values


def test_the_sample_has_personal_data_to_look_for():
    pii = _sample_pii()
    assert all(len(pii[c]) > 100 for c in ("achternaam", "persoon_id", "geboortedatum"))


def test_no_serving_table_has_a_personal_data_column(serving_db):
    columns = serving_db.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
    ).fetchall()
    assert columns
    offending = [(t, c) for t, c in columns if any(w in c.lower() for w in FORBIDDEN_COLUMN_WORDS)]
    assert offending == []


def test_no_serving_value_is_a_name_birth_date_or_source_id(serving_db):
    pii = _sample_pii()
    forbidden = set().union(*pii.values())
    tables = serving_db.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
    assert {t for _, t in tables} >= {"victims", "reports", "police_unit_reports"}
    for schema, table in tables:
        for column, dtype in serving_db.execute(
            f"SELECT column_name, data_type FROM information_schema.columns "
            f"WHERE table_schema = '{schema}' AND table_name = '{table}'"
        ).fetchall():
            values = {
                str(v) for (v,) in serving_db.execute(f'SELECT DISTINCT "{column}" FROM {schema}.{table}').fetchall()
                if v is not None
            }
            leaked = values & forbidden
            assert not leaked, (table, column, sorted(leaked)[:5])
            if dtype == "DATE":
                raise AssertionError(f"{table}.{column} is a date: no dates of persons are published")
