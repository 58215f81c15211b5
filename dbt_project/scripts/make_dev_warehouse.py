"""Create a small hand-made warehouse for developing and checking the dbt project.

    uv run python dbt_project/scripts/make_dev_warehouse.py /tmp/dbtdev/warehouse.duckdb
    cd dbt_project && MH_WAREHOUSE_PATH=/tmp/dbtdev/warehouse.duckdb uv run dbt build

It writes `raw.landing_comensha` in the landing schema of docs/tables.md (the same columns and
types as orchestration.ingestion.store.ensure_tables creates) with a few
dozen row versions that exercise the registration rules (versions, withdrawal, enrichment-only,
sub-3, conflicts, ...), and empty `raw.load_log`, `raw.quarantine`, `raw.warnings` with the
columns of contracts/README.md §5, §6, §10. The real tables are written by the ingestion.
Person keys are hashes of invented labels: no real person is described.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb

LANDING_DDL = """
create table raw.landing_comensha (
    melding_id varchar, person_key varchar(64), age_at_report integer, geslacht varchar,
    nationaliteit varchar, datum_melding date, melder_type varchar, melder_organisatie varchar,
    politie_eenheid varchar, kmar_regio varchar, emm_rol varchar, gemeente_aantreffen varchar,
    sector varchar[], subsector varchar[], land_werving varchar, land_uitbuiting varchar,
    uitzendbureau varchar, doel_melding varchar, eerste_opvang varchar, aangifte varchar,
    link_hash varchar(64), status varchar, gewijzigd_op timestamp,
    file_name varchar, delivery_date date, row_number bigint, loaded_at timestamp
)
"""

CONTROL_DDL = [
    """create table raw.load_log (source varchar, file_name varchar, delivery_date date, sha256 varchar,
       status varchar, rows_read bigint, rows_accepted bigint, rows_quarantined bigint,
       rows_empty bigint, error varchar, loaded_at timestamp)""",
    """create table raw.quarantine (source varchar, file_name varchar, delivery_date date,
       row_number bigint, record_key varchar, reason_code varchar, reasons varchar,
       row_json varchar, loaded_at timestamp)""",
    """create table raw.warnings (source varchar, file_name varchar, delivery_date date,
       row_number bigint, record_key varchar, code varchar, column_name varchar, detail varchar,
       loaded_at timestamp)""",
]

FILE_1 = ("comensha_registraties_20180601.csv", date(2018, 6, 1))
FILE_2 = ("comensha_registraties_20181001.csv", date(2018, 10, 1))


def key(label: str) -> str:
    return hashlib.sha256(f"dev:{label}".encode()).hexdigest()


def melding(mid, person, datum, melder, sector, *, file=FILE_1, status="Actief", changed=None, **kw):
    d = date.fromisoformat(datum)
    row = {
        "melding_id": mid,
        "person_key": key(person),
        "age_at_report": kw.get("age", 25),
        "geslacht": kw.get("geslacht", "V"),
        "nationaliteit": kw.get("nat", "Nederland"),
        "datum_melding": d,
        "melder_type": melder,
        "melder_organisatie": kw.get("org"),
        "politie_eenheid": kw.get("unit"),
        "kmar_regio": kw.get("kmar"),
        "emm_rol": kw.get("emm"),
        "gemeente_aantreffen": kw.get("gemeente"),
        "sector": sorted(sector),
        "subsector": sorted(kw.get("sub", [])),
        "land_werving": kw.get("werving"),
        "land_uitbuiting": kw.get("uitbuiting"),
        "uitzendbureau": kw.get("uitzend"),
        "doel_melding": kw.get("doel", "Registratie"),
        "eerste_opvang": kw.get("opvang"),
        "aangifte": kw.get("aangifte"),
        "link_hash": key(kw["link"]) if kw.get("link") else None,
        "status": status,
        "gewijzigd_op": changed or datetime(d.year, d.month, d.day, 12, 0),
        "file_name": file[0],
        "delivery_date": file[1],
    }
    if "age" in kw and kw["age"] is None:
        row["age_at_report"] = None
    return row


def versions(mid, person, datum, melder, sector, *changes: dict, **shared) -> list[dict]:
    """One melding in several versions: what every version holds once (`shared`), then per version
    what it adds or changes, so that a version's difference is what the rows show."""
    return [melding(mid, person, datum, melder, sector, **shared, **change) for change in changes]


SU, UBS, ORG, ONB, NNG = (
    "Seksuele uitbuiting",
    "Uitbuiting buiten de seksindustrie",
    "Orgaanhandel",
    "Onbekend",
    "Nog niet gewerkt",
)

ROWS = [
    # BL-SU minor, reported by police Rotterdam twice in 2013 (counts once, R9), again in 2014.
    melding(
        "M001",
        "p01",
        "2013-02-01",
        "Politie",
        [SU],
        unit="Rotterdam",
        sub=["Raamprostitutie"],
        age=16,
        aangifte="Ja",
    ),
    melding("M002", "p01", "2013-05-01", "Politie", [SU], unit="Rotterdam", sub=["Escort"], age=16),
    melding(
        "M003",
        "p01",
        "2014-03-01",
        "Zorgcoördinator",
        [SU],
        sub=[NNG],
        age=17,
        doel="Verzoek opvang",
        opvang="COSM",
    ),
    # sub-3: KMar-only, Alleen SU / form unknown.
    melding("M010", "p02", "2013-04-04", "KMar", [SU], kmar="Schiphol", nat="Roemenië"),
    melding("M011", "p03", "2015-06-06", "KMar", [ONB], nat="Bulgarije", geslacht="M"),
    # KMar-only with Alleen UBS: not sub-3 (R7).
    melding(
        "M012", "p04", "2014-07-07", "KMar", [UBS], kmar="Zuid", nat="Bulgarije", geslacht="M", sub=["Bouw"]
    ),
    # KMar + another melder: not sub-3.
    melding("M013", "p05", "2016-01-10", "KMar", [SU], nat="Hongarije"),
    melding("M014", "p05", "2016-02-10", "Overig", [SU], nat="Hongarije", sub=["Thuisprostitutie"]),
    # EMM-only victim (slachtoffer), UBS with two labour sectors (hierarchy: Scheepvaart first).
    melding(
        "M020",
        "p06",
        "2017-03-03",
        "EMM",
        [UBS],
        emm="slachtoffer",
        nat="Filipijnen",
        sub=["Horeca", "Scheepvaart"],
        geslacht="M",
        uitzend="Ja",
    ),
    # enrichment-only person-year: not a victim (R2).
    melding("M021", "p07", "2017-04-04", "EMM", [SU], emm="getuige", nat="Nigeria"),
    # victim-year with an enrichment melding: the EMM melding counts in the melder set (R2, R8).
    melding(
        "M022",
        "p08",
        "2017-05-05",
        "Politie",
        [SU],
        unit="Amsterdam",
        nat="Nigeria",
        sub=["Bordelen/clubs/privéhuizen"],
    ),
    melding("M023", "p08", "2017-06-06", "EMM", [UBS], emm="betrokkene", nat="Nigeria", sub=["Bedelen"]),
    # withdrawn in the second delivery (README §3.5).
    melding("M030", "p09", "2016-03-03", "Overig", [SU], nat="Polen"),
    melding(
        "M030",
        "p09",
        "2016-03-03",
        "Overig",
        [SU],
        nat="Polen",
        status="Vervallen",
        file=FILE_2,
        changed=datetime(2018, 9, 1, 9, 0),
    ),
    # withdrawn, then brought back by a newer Actief version in a later delivery.
    *versions(
        "M031",
        "p10",
        "2015-03-03",
        "FairWork",
        [UBS],
        {"status": "Vervallen"},
        {"file": FILE_2, "changed": datetime(2018, 9, 2, 9, 0), "uitzend": "Ja"},
        nat="Polen",
        sub=["Land- en tuinbouw"],
    ),
    # an older version that arrives later does not change the current state.
    *versions(
        "M032",
        "p11",
        "2016-08-08",
        "ISZW-DO",
        [UBS],
        {
            "nat": "Roemenië",
            "changed": datetime(2018, 5, 1, 10, 0),
            "sub": ["Schoonmaakwerk"],
            "aangifte": "Nee",
        },
        {"nat": "Onbekend", "file": FILE_2, "changed": datetime(2018, 4, 1, 10, 0)},
    ),
    # attribute conflicts between meldingen (R3): latest known value wins.
    melding(
        "M040",
        "p12",
        "2014-01-15",
        "Politie",
        [SU],
        unit="Den Haag",
        nat="Polen",
        age=30,
        gemeente="GM0518",
        link="AB12CD34EF567890",
    ),
    melding("M041", "p12", "2014-09-15", "Overig", [SU], nat="Roemenië", age=33, geslacht="O"),
    melding("M042", "p12", "2014-11-15", "FairWork", [UBS], nat="Onbekend", age=None, aangifte="Intake"),
    # two police units in one year (Figure 3.13) and a shelter request.
    melding(
        "M050",
        "p13",
        "2015-02-02",
        "Politie",
        [UBS],
        unit="Den Haag",
        nat="Vietnam",
        sub=["Drugsdelicten"],
        doel="Informatie en advies",
    ),
    melding(
        "M051",
        "p13",
        "2015-03-02",
        "Politie",
        [UBS],
        nat="Vietnam",
        doel="Verzoek opvang",
        opvang="Reguliere opvang",
        aangifte="Bedenktijd loopt",
    ),
    # melder Onbekend only, form unknown.
    melding("M060", "p14", "2013-10-10", "Onbekend", [ONB], nat="Onbekend", age=None, geslacht="O"),
    # outside the reporting window.
    melding("M070", "p15", "2012-12-31", "Politie", [SU], unit="Limburg"),
    # organ trafficking, Staatloos (route GO).
    melding(
        "M080",
        "p16",
        "2017-07-07",
        "Overig",
        [ORG],
        nat="Staatloos",
        age=41,
        doel="Verzoek opvang",
        opvang="Geen opvang",
    ),
    # SU en UBS, domestic: BL-SU; prostitution sector Overig counts as unknown.
    melding(
        "M090",
        "p17",
        "2016-09-09",
        "Zorgcoördinator",
        [SU, UBS],
        sub=["Overig", "Huishoudelijk werk"],
        age=19,
    ),
    # SU victims for the visibility estimates (Nederland, adults, police Rotterdam).
    melding("M100", "p18", "2014-02-02", "Politie", [SU], unit="Rotterdam", sub=["Raamprostitutie"]),
    melding("M101", "p19", "2014-03-02", "Politie", [SU], unit="Rotterdam", sub=["Thuisprostitutie"]),
    melding("M102", "p20", "2015-04-02", "Politie", [SU], unit="Rotterdam", sub=[ONB]),
    melding("M103", "p21", "2015-05-02", "Politie", [SU], unit="Rotterdam"),
    melding(
        "M104",
        "p22",
        "2016-05-02",
        "Politie",
        [SU],
        unit="Landelijke Eenheid",
        nat="Ghana",
        sub=["Internet (webcamseks)"],
    ),
    melding(
        "M105", "p23", "2017-05-02", "Zorgcoördinator", [SU], nat="Ghana", age=15, sub=["Hotelprostitutie"]
    ),
    # KMar with Alleen SU in two years: sub-3 in both.
    melding("M110", "p24", "2016-11-11", "KMar", [SU], kmar="Zuid", nat="Bulgarije"),
    melding("M111", "p24", "2017-01-11", "KMar", [SU], nat="Bulgarije"),
    # the same link key on two persons: ambiguous, not used for linking.
    melding("M120", "p25", "2015-08-08", "Overig", [UBS], nat="Marokko", link="FFFF0000FFFF0000"),
    melding("M121", "p26", "2015-08-09", "Overig", [UBS], nat="Marokko", link="FFFF0000FFFF0000"),
]


def main(path: str) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".wal"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    con.execute("create schema raw")
    con.execute(LANDING_DDL)
    for ddl in CONTROL_DDL:
        con.execute(ddl)
    columns = list(ROWS[0].keys())
    line = {}
    for row in ROWS:
        line[row["file_name"]] = line.get(row["file_name"], 1) + 1
        values = [row[c] for c in columns] + [line[row["file_name"]], datetime(2018, 10, 2, 8, 0)]
        placeholders = ", ".join("?" for _ in values)
        con.execute(
            f"insert into raw.landing_comensha ({', '.join(columns)}, row_number, loaded_at) values ({placeholders})",
            values,
        )
    con.close()
    print(f"wrote {len(ROWS)} landing rows to {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/dbtdev/warehouse.duckdb")
