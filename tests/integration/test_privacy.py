"""No name, birth date, v-nummer or source person/suspect id of the sample past ingestion: not in
serving.duckdb, not in any schema of the build database, not in any file the run writes (Dagster
storage, Data Docs, GX results, the export, dbt logs), and the pseudonymisation key nowhere
(contract README §7; issues 2, 3 and 6)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from pathlib import Path

import duckdb
from openpyxl import load_workbook

from orchestration.ingestion.contracts import CONTRACTS
from orchestration.settings import DBT_PROJECT_DIR

# Words of columns that would hold a person's name, birth date or source id. Not plain "name":
# place names (province_name, region_name) are not personal data.
FORBIDDEN_COLUMN_WORDS = (
    "achternaam",
    "voornaam",
    "surname",
    "first_name",
    "last_name",
    "given_name",
    "full_name",
    "person_name",
    "geboorte",
    "birth",
    "persoon_id",
    "verdachte_id",
    "v_nummer",
    "koppelsleutel",
)


def _iso(value: str) -> str:
    return dt.datetime.strptime(value, "%d-%m-%Y").date().isoformat()


def _sample_pii(inbox: Path) -> dict[str, set[str]]:
    """Every personal value of the deliveries in `inbox` (the one the build read), per kind, as the
    serving file could show it. Not every file of seeds/: a birth date of a later year's person
    may be a registration date of 2013-2017, which a build without that person rightly holds."""
    pii: dict[str, set[str]] = {"name": set(), "id": set(), "birth_date": set()}
    for path in sorted((inbox / "comensha").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f, delimiter=";"):
                pii["name"].update(v.strip() for v in (row["achternaam"], row["voornaam"]) if v.strip())
                pii["id"].update(v.strip() for v in (row["persoon_id"], row["koppelsleutel"]) if v.strip())
                if row["geboortedatum"].strip():
                    pii["birth_date"].update(
                        {row["geboortedatum"].strip(), _iso(row["geboortedatum"].strip())}
                    )
    for path in sorted((inbox / "ind").glob("*.xlsx")):
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
    for path in sorted((inbox / "om").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                pii["name"].add(row["achternaam"].strip())
                pii["id"].update({row["verdachte_id"].strip(), *row["slachtoffer_koppelsleutels"].split("|")})
    # A code value of a contract (a surname recorded as `Onbekend`, say) is not personal data.
    codes = {code for contract in CONTRACTS for column in contract.columns for code in column.codes}
    return {k: {v for v in values if v and v not in codes} for k, values in pii.items()}


def test_the_sample_has_personal_data_to_look_for(built_warehouse):
    pii = _sample_pii(built_warehouse.inbox_dir)
    assert all(len(values) > 100 for values in pii.values())


def test_no_serving_table_has_a_personal_data_column(serving_db):
    columns = serving_db.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall()
    assert columns
    offending = [(t, c) for t, c in columns if any(w in c.lower() for w in FORBIDDEN_COLUMN_WORDS)]
    assert offending == []


def leaked_values(
    con, inbox: Path, schemas: tuple[str, ...] | None = None
) -> list[tuple[str, str, list[str]]]:
    """(table, column, some leaked values) for every column holding a personal value of `inbox`."""
    pii = _sample_pii(inbox)
    forbidden = set().union(*pii.values())
    forbidden |= {v.upper() for v in forbidden}
    leaks = []
    for schema, table, column in con.execute(
        "SELECT table_schema, table_name, column_name FROM information_schema.columns"
    ).fetchall():
        if schemas is not None and schema not in schemas:
            continue
        values = {
            str(v)
            for (v,) in con.execute(f'SELECT DISTINCT "{column}" FROM "{schema}"."{table}"').fetchall()
            if v is not None
        }
        if values & forbidden:
            leaks.append((f"{schema}.{table}", column, sorted(values & forbidden)[:5]))
    return leaks


def test_no_serving_value_is_a_name_birth_date_or_source_id(serving_db, built_warehouse):
    tables = serving_db.execute("SELECT table_name FROM information_schema.tables").fetchall()
    assert {t for (t,) in tables} >= {"victims", "reports", "police_unit_reports"}
    assert leaked_values(serving_db, built_warehouse.inbox_dir) == []


def test_no_schema_of_the_build_database_holds_personal_data(built_warehouse):
    """Issue 6 audit: every schema past raw (staging, intermediate, marts, reference, quality), and
    raw itself: landing holds pseudonyms, quarantine rows without names or birth dates."""
    con = duckdb.connect(str(built_warehouse.warehouse_path), read_only=True)
    try:
        schemas = {
            s
            for (s,) in con.execute("SELECT DISTINCT table_schema FROM information_schema.tables").fetchall()
        }
        assert {"raw", "staging", "intermediate", "marts"} <= schemas
        assert leaked_values(con, built_warehouse.inbox_dir) == []
    finally:
        con.close()


TOKEN = re.compile(r"[0-9A-Za-zÀ-ÿ_-]+")
DATE = re.compile(r"\b\d{2}-\d{2}-\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")


def test_no_file_of_the_run_holds_personal_data_or_the_key(built_warehouse):
    """Dagster's event log and run storage, Data Docs, GX results, the export, dbt's logs: no name
    (of 5 letters or more: shorter ones such as Kim occur in ordinary text; the value scans above
    cover them), birth date or source id of the sample, and never the pseudonymisation key."""
    pii = _sample_pii(built_warehouse.inbox_dir)
    names = {v for v in pii["name"] if len(v) >= 5}
    ids = {v for v in pii["id"] if len(v) >= 5}
    birth_dates = pii["birth_date"]
    key = os.environ["MH_PSEUDONYM_KEY"].encode()
    # not the databases (scanned by value above) and not GX's own static assets (fonts name their authors)
    files = [
        p
        for p in built_warehouse.data_dir.rglob("*")
        if p.is_file() and p.suffix not in (".duckdb", ".wal") and "static" not in p.parts
    ]
    files += [p for p in (DBT_PROJECT_DIR / "logs").glob("*") if p.is_file()]
    # dagster-dbt logs each run into its own target folder (the newest few are kept)
    files += [
        p for name in ("dbt.log", "run_results.json") for p in (DBT_PROJECT_DIR / "target").glob(f"*/{name}")
    ]
    findings = []
    scanned = 0
    for path in files:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            # A build on the other test worker pruned that old dbt run folder meanwhile: gone files
            # hold nothing.
            continue
        scanned += 1
        if key in data:
            findings.append((str(path), "pseudonymisation key"))
        text = data.decode("utf-8", errors="ignore")
        tokens = set(TOKEN.findall(text))
        for kind, values in (("name", names), ("id", ids)):
            if tokens & values:
                findings.append((str(path), kind, sorted(tokens & values)[:3]))
        if set(DATE.findall(text)) & birth_dates:
            findings.append((str(path), "birth date", sorted(set(DATE.findall(text)) & birth_dates)[:3]))
    assert scanned > 10
    assert findings == []
