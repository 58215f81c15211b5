"""What the ingestion asset reports about a source's raw tables (orchestration/ingestion/store.py):
the files whose rows read are not all in landing or quarantine (the `<source>_nothing_lost`
check), and the totals of its metadata. Real DuckDB tables made by `ensure_tables`."""

from __future__ import annotations

import duckdb

from orchestration.ingestion.contracts import CONTRACTS, PROSECUTION
from orchestration.ingestion.store import ensure_tables, files_losing_rows, landing_summary


def _warehouse():
    con = duckdb.connect()
    ensure_tables(con, list(CONTRACTS))
    # (file, status, rows read, rows landed, rows quarantined, delivery date)
    files = [
        ("om_vervolging_20180601.csv", "geladen", 3, 1, 1, "2018-06-01"),  # one row lost
        ("om_vervolging_20181001.csv", "geladen", 2, 2, 0, "2018-10-01"),  # all accounted for
        ("om_vervolging_20190101.csv", "geweigerd", 5, 0, 0, "2019-01-01"),  # rejected: never counts
    ]
    for name, status, read, landed, quarantined, day in files:
        con.execute(
            "INSERT INTO raw.load_log (source, file_name, status, rows_read, delivery_date) "
            "VALUES ('om', ?, ?, ?, ?)",
            [name, status, read, day],
        )
        for _ in range(landed):
            con.execute("INSERT INTO raw.landing_om (file_name) VALUES (?)", [name])
        for _ in range(quarantined):
            con.execute("INSERT INTO raw.quarantine (source, file_name) VALUES ('om', ?)", [name])
    # another source's rows in the shared control tables count for that source only
    con.execute(
        "INSERT INTO raw.load_log (source, file_name, status, rows_read, delivery_date) "
        "VALUES ('comensha', 'om_vervolging_20180601.csv', 'geladen', 9, '2020-01-01')"
    )
    con.execute("INSERT INTO raw.quarantine (source, file_name) VALUES ('comensha', 'x.csv')")
    return con


def test_a_file_with_rows_neither_landed_nor_quarantined_is_reported():
    with _warehouse() as con:
        assert files_losing_rows(con, PROSECUTION) == [
            {"file": "om_vervolging_20180601.csv", "read": 3, "landing": 1, "quarantine": 1}
        ]


def test_landing_summary_counts_the_sources_rows_and_its_newest_loaded_delivery():
    with _warehouse() as con:
        summary = landing_summary(con, PROSECUTION)
    assert (summary.landing_rows, summary.quarantine_rows, summary.last_delivery) == (3, 1, "2018-10-01")
