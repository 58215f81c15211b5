"""Scratch warehouse for developing the IND dbt models before the IND ingestion exists.

    uv run python dbt_project/scripts/make_dev_warehouse_ind.py /tmp/ind/warehouse.duckdb [XLSX ...]
    cd dbt_project && MH_WAREHOUSE_PATH=/tmp/ind/warehouse.duckdb uv run dbt build

Creates `raw.landing_ind` in the schema of docs/tables.md ("Landing tables of the IND and OM
extracts") next to the registration dev tables of make_dev_warehouse.py. With XLSX files (the synthetic sample, seeds/ind/*.xlsx) it
loads them with a *simplified* reading of contract residence.md (canonical codes, aliases,
HMAC pseudonymisation with a fixed test key). It is a development stand-in, not the ingestion:
no validation and no quarantine. Without files the landing table stays empty.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import sys
import unicodedata
from pathlib import Path

import duckdb
import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_dev_warehouse  # noqa: E402

TEST_KEY = b"test-key-for-the-synthetic-sample-0123456789"
LANDING_IND_DDL = """
create table raw.landing_ind (
    gebeurtenis_id varchar, person_key varchar(64), age_at_event integer, geslacht varchar,
    nationaliteit varchar, gebeurtenis varchar, datum date, pad varchar, grond varchar,
    beslissing varchar, fase varchar, bedenktijd_dagen varchar, uitbuitingsvorm varchar,
    link_hash varchar(64), status varchar, gewijzigd_op timestamp,
    file_name varchar, delivery_date date, row_number bigint, loaded_at timestamp
)
"""
CODES = {
    "geslacht": ["Vrouw", "Man", "Onbekend"],
    "gebeurtenis": ["Bedenktijd verleend", "Aanvraag tijdelijk verblijf", "Besluit tijdelijk verblijf",
                    "Verlenging tijdelijk verblijf", "Aanvraag voortgezet verblijf",
                    "Besluit voortgezet verblijf", "Asielaanvraag"],
    "pad": ["Regulier", "Schrijnend"],
    "grond": ["a-grond veroordeling", "a-grond drie jaar lopende strafzaak", "a-grond besluit tot vervolging",
              "b-grond bijzondere omstandigheden", "B9/10"],
    "beslissing": ["Ingewilligd", "Afgewezen", "Buiten behandeling", "Ingetrokken"],
    "fase": ["Eerste aanleg", "Bezwaar", "Beroep"],
    "uitbuitingsvorm": ["Seksuele uitbuiting", "Arbeidsuitbuiting", "Criminele uitbuiting", "Onbekend"],
    "status": ["Actief", "Vervallen"],
}
ALIASES = {"pad": {"Standaard": "Regulier", "Schrijnend pad": "Schrijnend"},
           "beslissing": {"Verleend": "Ingewilligd", "Inwilliging": "Ingewilligd", "Afwijzing": "Afgewezen"},
           "geslacht": {"V": "Vrouw", "M": "Man"}}


def norm(s: str) -> str:
    s = re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()


def canon(column: str, value):
    if value is None or (isinstance(value, str) and not value.strip().replace("\u00a0", "")):
        return None
    table = {norm(c): c for c in CODES[column]}
    table.update({norm(a): c for a, c in ALIASES.get(column, {}).items()})
    return table[norm(str(value))]


def keyed(domain: str, value: str) -> str:
    return hmac.new(TEST_KEY, f"{domain}:{value.strip().upper()}".encode(), hashlib.sha256).hexdigest()


def load(con, path: Path) -> None:
    nat = {norm(n): n for (n,) in con.execute("select naam from ref_nat").fetchall()}
    ws = openpyxl.load_workbook(path, read_only=True)["Gebeurtenissen"]
    delivery = dt.datetime.strptime(path.stem.split("_")[-1], "%Y%m%d").date()
    rows = []
    for r, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        (gid, vnr, birth, gesl, natv, geb, datum, pad, grond, besl, fase, bd, form, key, status, changed) = cells
        datum = datum.date() if isinstance(datum, dt.datetime) else datum
        birth = birth.date() if isinstance(birth, dt.datetime) else birth
        age = None
        if birth:
            age = datum.year - birth.year - ((datum.month, datum.day) < (birth.month, birth.day))
        vnr = f"{vnr:010d}" if isinstance(vnr, int) else vnr.strip()
        rows.append((str(gid).strip(), keyed("ind_persoon", vnr), age, canon("geslacht", gesl),
                     nat[norm(natv)], canon("gebeurtenis", geb), datum, canon("pad", pad), canon("grond", grond),
                     canon("beslissing", besl), canon("fase", fase), None if bd is None else str(bd).strip(),
                     canon("uitbuitingsvorm", form), keyed("koppelsleutel", key) if key else None,
                     canon("status", status), changed, path.name, delivery, r, dt.datetime(2018, 10, 2)))
    con.executemany("insert into raw.landing_ind values (" + ",".join("?" * 20) + ")", rows)


def main(path: str, files: list[str]) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).unlink(missing_ok=True)
    make_dev_warehouse.main(path)  # raw schema, landing_comensha (hand-made rows), control tables
    con = duckdb.connect(path)
    con.execute(LANDING_IND_DDL)
    seed = Path(__file__).resolve().parents[1] / "seeds" / "ref_nationaliteit.csv"
    con.execute(f"create temp table ref_nat as select * from read_csv('{seed}', all_varchar=true)")
    for f in files:
        load(con, Path(f))
    print(con.execute("select count(*) from raw.landing_ind").fetchone()[0], "rows in raw.landing_ind")
    con.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
