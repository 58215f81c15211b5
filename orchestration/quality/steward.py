"""What the data stewards see: the tables of `quality.duckdb` (issue 5).

`publish_quality(warehouse, quality_path, run_id, serving_published)` first records this run's
conflict counts in `quality.conflict_history` of the build database (one row per run, source and
kind: the trend over deliveries), then copies the steward tables into a new file and replaces
`quality.duckdb` in one `os.replace`, as serving.duckdb is published. `publish_for_stewards` does
that and renders the run's Data Docs pages: once by the publish step of a good build, and by every
suite run from the run's first error-severity failure on (that failure skips the publish step), so
quality.duckdb is current even when serving.duckdb is not updated: the stewards must see why.

Tables of quality.duckdb, schema `steward` (README.md, "Data stewards"):

| table | one row per |
|---|---|
| results | expectation per suite run (all runs): severity, success, observed value, delivery, Data Docs page, failing rows, run_started |
| runs | suite run: newest delivery, expectations evaluated, failed errors and warnings |
| load_log | delivered file (raw.load_log: every delivery, accepted or rejected) |
| quarantine | quarantined row (raw.quarantine: pseudonymised, names and birth dates removed at ingestion) |
| warnings | accepted value mapped to Onbekend (raw.warnings) |
| conflict_persons | person (-year) whose reports disagree, per kind: the values reported, each with its deliveries (file, line), the last delivery |
| conflicts | source x delivery x kind: persons whose reports disagree, by the delivery that last touched them |
| conflict_history | run x source x kind: persons with a conflict at that run, with the newest delivery |
| failures | failed expectation per suite run, plus one row "Geen mislukte verwachtingen" per run and source without any |
| state | source: the latest run, blocked or not and by what, the newest delivery, whether serving.duckdb was ever published |

Severities are also in Dutch (`severity_nl`, outcomes.SEVERITY_NL), quarantine reasons in plain Dutch
(`reasons_text`, orchestration/ingestion/quarantine_reasons.py). Which delivery the analysts'
dashboards show is not copied here: serving.duckdb's own `marts.data_status` says it, and the
Datakwaliteit dashboard reads it there. A copy written before serving.duckdb is replaced would
name a delivery serving does not hold after a build that dies between the two.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from orchestration.duckdb_files import write_atomically
from orchestration.ingestion.quarantine_reasons import reasons_text_sql
from orchestration.local_time import AMSTERDAM
from orchestration.quality.outcomes import ensure_results_table, severity_sql
from orchestration.settings import Settings

QUALITY_SCHEMA = "quality"  # in the build database (warehouse.duckdb)
# In quality.duckdb: not `quality`, which is also the file's catalog name (DuckDB would call
# `quality.results` ambiguous, in Superset's queries too).
STEWARD_SCHEMA = "steward"

# Kinds of disagreement between reports of one person (contract R3; residence V2), in Dutch.
CONFLICT_KINDS = {
    "geslacht": ("conflict_gender", "geslacht"),
    "nationaliteit": ("conflict_nationality", "nationaliteit"),
    "leeftijd": ("conflict_age", None),  # ages: age_at_report / age_at_event
}

CONFLICT_HISTORY_DDL = """
CREATE TABLE IF NOT EXISTS quality.conflict_history (
    run_id VARCHAR NOT NULL,
    run_at TIMESTAMP WITH TIME ZONE NOT NULL,
    source VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    newest_delivery DATE,
    persons BIGINT NOT NULL
)
"""


# Per source: its newest accepted delivery in the build database (raw.load_log), the day and
# `2018-10-01: <file>, ...`. The one definition of "newest delivery" for the build's own checks
# (the delivery of each result, the quarantine warning, the conflict history, the state); what
# serving holds is dbt's data_status. `db` prefixes the catalog, as in conflict_persons_sql.
NEWEST_DELIVERIES_SQL = """
    SELECT source, delivery_date,
           strftime(delivery_date, '%Y-%m-%d') || ': ' || string_agg(file_name, ', ' ORDER BY file_name) AS delivery
    FROM {db}raw.load_log
    WHERE status = 'geladen'
      AND (source, delivery_date) IN (
          SELECT (source, max(delivery_date)) FROM {db}raw.load_log WHERE status = 'geladen' GROUP BY source)
    GROUP BY source, delivery_date
"""

# What the failures table says for a run and source that failed no expectation (issue 15: an empty
# table says so, in Dutch).
NO_FAILURES = "Geen mislukte verwachtingen"


def newest_deliveries(con) -> dict[str, str]:
    """Per source its newest accepted delivery (`2018-10-01: <file>`), as NEWEST_DELIVERIES_SQL says it."""
    return {source: delivery for source, _day, delivery in _newest(con)}


def newest_delivery_dates(con) -> dict[str, dt.date]:
    """Per source the day of its newest accepted delivery, as NEWEST_DELIVERIES_SQL says it."""
    return {source: day for source, day, _delivery in _newest(con)}


def _newest(con) -> list[tuple]:
    if not _exists(con, "raw", "load_log"):
        return []
    return con.execute(NEWEST_DELIVERIES_SQL.format(db="")).fetchall()


def _exists(con, schema: str, table: str, catalog: str | None = None) -> bool:
    where = "table_schema = ? AND table_name = ?" + (" AND table_catalog = ?" if catalog else "")
    params = [schema, table] + ([catalog] if catalog else [])
    return (
        con.execute(f"SELECT count(*) FROM information_schema.tables WHERE {where}", params).fetchone()[0] > 0
    )


def conflict_persons_sql(db: str = "") -> str | None:
    """Per person (CoMensha: person-year) and kind of disagreement: the values the reports gave,
    each value with the deliveries that reported it (`Man in 2019-03-01: <file> regels 10, 12`),
    and the last delivery that touched the person. Only the pseudonymous person key identifies the
    person (`person` is its first 12 characters, for display); no source id of a person or a
    record. `db` prefixes the catalog (e.g. `build.`)."""

    def per_person(source: str, reports_sql: str, year: str) -> str:
        # Inner: one row per value and delivery file, with its lines; outer: one row per person.
        # A report without a value (NULL) gives no part of `reports` but counts for last_delivery.
        return f"""
        SELECT '{source}' AS source, person_key, left(person_key, 12) AS person, {year} AS registration_year,
               kind, string_agg(DISTINCT value, ' / ' ORDER BY value) AS reported_values,
               string_agg(value || ' in ' || delivered, '; ' ORDER BY value, delivered) AS reports,
               max(last_delivery) AS last_delivery
        FROM (
            SELECT person_key, registration_year, kind, value,
                   strftime(delivery_date, '%Y-%m-%d') || ': ' || file_name
                   || CASE WHEN count(*) = 1 THEN ' regel ' ELSE ' regels ' END
                   || string_agg(CAST(source_row_number AS VARCHAR), ', ' ORDER BY source_row_number) AS delivered,
                   max(delivery_date) AS last_delivery
            FROM ({reports_sql})
            GROUP BY person_key, registration_year, kind, value, delivery_date, file_name
        )
        GROUP BY person_key, registration_year, kind"""

    parts = []
    for kind, (flag, column) in CONFLICT_KINDS.items():
        com_value = column or "CAST(age_at_report AS VARCHAR)"
        ind_value = column or "CAST(age_at_event AS VARCHAR)"
        parts.append(
            per_person(
                "comensha",
                f"""
            SELECT v.victim_id AS person_key, v.registration_year, '{kind}' AS kind, {com_value} AS value,
                   m.delivery_date, m.file_name, m.source_row_number
            FROM {db}marts.victims v
            JOIN {db}staging.stg_comensha__meldingen m
              ON m.person_key = v.victim_id AND m.registration_year = v.registration_year
            WHERE v.{flag}""",
                "registration_year",
            )
        )
        parts.append(
            per_person(
                "ind",
                f"""
            SELECT r.person_key, NULL::INTEGER AS registration_year, '{kind}' AS kind, {ind_value} AS value,
                   g.delivery_date, g.file_name, g.source_row_number
            FROM {db}marts.residence_routes r
            JOIN {db}staging.stg_ind__gebeurtenissen g ON g.person_key = r.person_key
            WHERE r.{flag}""",
                "NULL::INTEGER",
            )
        )
    return " UNION ALL ".join(parts)


def _marts_ready(con, catalog: str | None = None) -> bool:
    return all(
        _exists(con, schema, table, catalog)
        for schema, table in (
            ("marts", "victims"),
            ("marts", "residence_routes"),
            ("staging", "stg_comensha__meldingen"),
            ("staging", "stg_ind__gebeurtenissen"),
        )
    )


def record_conflicts(con, run_id: str, run_at: dt.datetime | None = None) -> None:
    """This run's conflict counts into quality.conflict_history (replacing the run's earlier rows)."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {QUALITY_SCHEMA}")
    con.execute(CONFLICT_HISTORY_DDL)
    if not _marts_ready(con):
        return
    run_at = run_at or dt.datetime.now(dt.UTC)
    con.execute("DELETE FROM quality.conflict_history WHERE run_id = ?", [run_id])
    con.execute(
        f"""
        INSERT INTO quality.conflict_history
        SELECT ?, ?, s.source, k.kind, any_value(newest.delivery_date), count(c.person_key)
        FROM (VALUES ('comensha'), ('ind')) s(source)
        CROSS JOIN (VALUES {", ".join(f"('{k}')" for k in CONFLICT_KINDS)}) k(kind)
        LEFT JOIN ({NEWEST_DELIVERIES_SQL.format(db="")}) newest ON newest.source = s.source
        LEFT JOIN ({conflict_persons_sql()}) c ON c.source = s.source AND c.kind = k.kind
        GROUP BY ALL
        """,
        [run_id, run_at],
    )


def publish_quality(
    warehouse: Path, quality_path: Path, run_id: str | None, serving_published: bool
) -> dict[str, int]:
    """Record the run's conflicts, then replace quality.duckdb atomically; returns row counts.
    `serving_published`: serving.duckdb was ever published, or is published right after this."""
    con = duckdb.connect(str(warehouse))
    try:
        ensure_results_table(con)
        con.execute(CONFLICT_HISTORY_DDL)
        # The former second record of what serving holds (issue 15): data_status is the one.
        con.execute(f"DROP TABLE IF EXISTS {QUALITY_SCHEMA}.publications")
        if run_id:
            record_conflicts(con, run_id)
    finally:
        con.close()

    def steward_tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        # `run_started`: when the Dagster run began checking (text, for the dashboards' axes).
        started = _local_time("min(run_at) OVER (PARTITION BY run_id)")
        results = (
            f"SELECT *, {started} AS run_started, {severity_sql()} AS severity_nl FROM build.quality.results"
        )
        tables = {
            "results": results,
            # The failed expectations, and for every run and source without any a row that says so.
            "failures": f"""
                SELECT *, '<a href="' || data_docs_page || '" target="_blank">Data Docs-pagina</a>' AS data_docs_link
                FROM ({results}) WHERE NOT success
                UNION ALL BY NAME
                SELECT run_id, any_value(run_started) AS run_started, source, '{NO_FAILURES}' AS beschrijving
                FROM ({results}) GROUP BY run_id, source HAVING bool_and(success)
            """,
            "runs": f"""
                SELECT run_id, any_value(run_started) AS run_started, min(run_at) AS run_at, suite, source,
                       max(delivery) AS delivery, max(data_docs_page) AS data_docs_page,
                       count(*) AS expectations,
                       count(*) FILTER (WHERE NOT success AND severity = 'error') AS failed_errors,
                       count(*) FILTER (WHERE NOT success AND severity = 'warning') AS failed_warnings
                FROM (SELECT *, {started} AS run_started FROM build.quality.results)
                GROUP BY run_id, suite, source
            """,
            "conflict_history": f"""
                SELECT *, {started} AS run_started, strftime(newest_delivery, '%Y-%m-%d') AS delivery
                FROM build.quality.conflict_history
            """,
        }
        for raw in ("load_log", "quarantine", "warnings"):
            if _exists(con, "raw", raw, "build"):
                tables[raw] = (
                    f"SELECT *, strftime(delivery_date, '%Y-%m-%d') AS delivery FROM build.raw.{raw}"
                )
        if "quarantine" in tables:
            tables["quarantine"] = (
                f"SELECT *, {reasons_text_sql()} AS reasons_text FROM ({tables['quarantine']})"
            )
        if _exists(con, "raw", "load_log", "build"):
            tables["state"] = _state_sql(serving_published)
        if _marts_ready(con, "build"):
            persons = conflict_persons_sql("build.")
            tables["conflict_persons"] = (
                f"SELECT *, strftime(last_delivery, '%Y-%m-%d') AS delivery FROM ({persons})"
            )
            tables["conflicts"] = f"""
                SELECT source, strftime(last_delivery, '%Y-%m-%d') AS delivery, kind, count(*) AS persons
                FROM ({persons}) GROUP BY ALL
            """
        return tables

    return write_atomically(quality_path, warehouse, STEWARD_SCHEMA, steward_tables)


def _local_time(timestamp: str) -> str:
    """A timestamp as text in Europe/Amsterdam, as the stewards read times (and axes sort them)."""
    return f"strftime({timestamp} AT TIME ZONE '{AMSTERDAM.key}', '%Y-%m-%d %H:%M:%S')"


def _state_sql(published: bool) -> str:
    """Per source, what the steward asks first (issue 15): the latest run, blocked or not and by
    which error expectations, the newest accepted delivery, and whether serving.duckdb was ever
    published. Which delivery the dashboards show stays serving's own record (data_status)."""
    return f"""
        WITH latest AS (
            SELECT run_id, {_local_time("min(run_at)")} AS run_started FROM build.quality.results
            GROUP BY run_id ORDER BY min(run_at) DESC LIMIT 1
        ),
        blocking AS (
            SELECT count(*) AS errors,
                   string_agg(DISTINCT suite || ': ' || beschrijving, '; ') AS blocked_by
            FROM build.quality.results
            WHERE run_id = (SELECT run_id FROM latest) AND NOT success AND severity = 'error'
        )
        SELECT s.source, latest.run_started,
               CASE WHEN blocking.errors > 0 THEN 'geblokkeerd' ELSE 'niet geblokkeerd' END AS status,
               coalesce(blocking.blocked_by, 'geen blokkerende verwachting') AS blocked_by,
               newest.delivery AS newest_delivery,
               '{"gepubliceerd" if published else "nog niet gepubliceerd"}' AS published
        FROM (SELECT DISTINCT source FROM build.raw.load_log) s
        LEFT JOIN latest ON true
        CROSS JOIN blocking
        LEFT JOIN ({NEWEST_DELIVERIES_SQL.format(db="build.")}) newest USING (source)
    """


def run_has_errors(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """Whether a suite of this run failed an error-severity expectation (quality.results)."""
    ensure_results_table(con)
    return con.execute(
        "SELECT count(*) > 0 FROM quality.results WHERE run_id = ? AND NOT success AND severity = 'error'",
        [run_id],
    ).fetchone()[0]


def publish_for_stewards(settings: Settings, run_id: str, publishing: bool = False) -> dict[str, int]:
    """The run's Data Docs pages (one site build for all its suites), then quality.duckdb.
    `publishing`: called by the step that publishes serving.duckdb."""
    from orchestration.quality import build_run_docs

    build_run_docs(settings.data_dir, run_id)
    # Once published, serving.duckdb is only ever replaced, never removed: that it exists says
    # whether the dashboards show anything yet.
    serving_published = publishing or settings.serving_path.exists()
    return publish_quality(settings.warehouse_path, settings.quality_path, run_id, serving_published)
