"""No name, birth date, v-nummer or source person/suspect id of the sample in serving.duckdb
(contract README §7; issue 2 and 3)."""

from __future__ import annotations

import csv
import datetime as dt

from openpyxl import load_workbook

from orchestration.ingestion.contracts import CONTRACTS
from orchestration.settings import DEFAULT_INBOX_DIR

# Words of columns that would hold a person's name, birth date or source id. Not plain "name":
# place names (province_name, region_name) are not personal data.
FORBIDDEN_COLUMN_WORDS = (
    "achternaam", "voornaam", "surname", "first_name", "last_name", "given_name", "full_name", "person_name",
    "geboorte", "birth", "persoon_id", "verdachte_id", "v_nummer", "koppelsleutel",
)


def _iso(value: str) -> str:
    return dt.datetime.strptime(value, "%d-%m-%Y").date().isoformat()


def _sample_pii() -> dict[str, set[str]]:
    """Every personal value of the embedded sample, per kind, as the serving file could show it."""
    pii: dict[str, set[str]] = {"name": set(), "id": set(), "birth_date": set()}
    for path in sorted((DEFAULT_INBOX_DIR / "comensha").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f, delimiter=";"):
                pii["name"].update(v.strip() for v in (row["achternaam"], row["voornaam"]) if v.strip())
                pii["id"].update(v.strip() for v in (row["persoon_id"], row["koppelsleutel"]) if v.strip())
                if row["geboortedatum"].strip():
                    pii["birth_date"].update({row["geboortedatum"].strip(), _iso(row["geboortedatum"].strip())})
    for path in sorted((DEFAULT_INBOX_DIR / "ind").glob("*.xlsx")):
        sheet = load_workbook(path, read_only=True)["Gebeurtenissen"]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h) for h in next(rows)]
        for values in rows:
            row = dict(zip(header, values))
            if row.get("v_nummer") is not None:
                v = row["v_nummer"]
                pii["id"].add(str(v).zfill(10) if isinstance(v, int) else str(v).strip())
            if isinstance(row.get("geboortedatum"), dt.datetime):
                pii["birth_date"].add(row["geboortedatum"].date().isoformat())
    for path in sorted((DEFAULT_INBOX_DIR / "om").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                pii["name"].add(row["achternaam"].strip())
                pii["id"].update({row["verdachte_id"].strip(), *row["slachtoffer_koppelsleutels"].split("|")})
    # A code value of a contract (a surname recorded as `Onbekend`, say) is not personal data.
    codes = {code for contract in CONTRACTS for column in contract.columns for code in column.codes}
    return {k: {v for v in values if v and v not in codes} for k, values in pii.items()}


def test_the_sample_has_personal_data_to_look_for():
    pii = _sample_pii()
    assert all(len(values) > 100 for values in pii.values())


def test_no_serving_table_has_a_personal_data_column(serving_db):
    columns = serving_db.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall()
    assert columns
    offending = [(t, c) for t, c in columns if any(w in c.lower() for w in FORBIDDEN_COLUMN_WORDS)]
    assert offending == []


def test_no_serving_value_is_a_name_birth_date_or_source_id(serving_db):
    pii = _sample_pii()
    forbidden = set().union(*pii.values())
    forbidden |= {v.upper() for v in forbidden}
    tables = serving_db.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
    assert {t for _, t in tables} >= {"victims", "reports", "police_unit_reports"}
    for schema, table in tables:
        for (column,) in serving_db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
            [schema, table],
        ).fetchall():
            values = {
                str(v) for (v,) in serving_db.execute(f'SELECT DISTINCT "{column}" FROM {schema}.{table}').fetchall()
                if v is not None
            }
            leaked = values & forbidden
            assert not leaked, (table, column, sorted(leaked)[:5])
