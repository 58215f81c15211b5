"""Great Expectations suites as Dagster asset checks (GX 1.x called directly, DESIGN.md).

A failed expectation of severity `error` fails the check with ERROR severity; the checks are
blocking, so the publish step does not run and the previous serving database keeps serving.
Warnings fail the check with WARN severity and publish anyway; so does a landing check when the
source's newest delivery has quarantined rows (named by file and count, never by value). Every outcome is written to
`quality.results` for the stewards, with the newest delivery of the checked source(s), this run's
Data Docs page and the keys of the failing rows. `quality.duckdb` and the Data Docs are published
by the publish step, and by every suite run from the run's first error on
(orchestration/quality/steward.py), so the stewards see a blocked run too. The P8 cross-source suite (`cross_source_links`, on
`int_cross_source__link_checks`) has warnings only and is not blocking (prosecution.md P8).
"""


import json
from dataclasses import dataclass, field

import dagster as dg
import polars as pl

from orchestration.assets.ingestion import WRITER_POOL
from orchestration.build_lock import BUILD_LOCK
from orchestration.ingestion.contracts import PROSECUTION, REGISTRATION, RESIDENCE
from orchestration.ingestion.versions import current_versions_sql
from orchestration.local_time import amsterdam_time
from orchestration.quality import ensure_results_table, results_rows, run_suite
from orchestration.quality.outcomes import SEVERITY_NL
from orchestration.quality.steward import (
    newest_deliveries,
    newest_delivery_dates,
    publish_for_stewards,
    quality_path,
    run_has_errors,
)
from orchestration.settings import load_settings
from orchestration.warehouse import connect

RESULTS_TABLE = "quality.results"

# Victim-years counted independently of the mart: distinct person-years with a qualifying,
# current, not withdrawn melding in the reporting window (contract R1, R2), straight from staging.
EXPECTED_VICTIM_YEARS_SQL = """
    SELECT count(*) FROM (
        SELECT DISTINCT person_key, registration_year
        FROM staging.stg_comensha__meldingen
        WHERE is_qualifying AND is_in_reporting_window
    )
"""

# One row per current IND decision or granted reflection period (residence.md V1, V4), straight
# from staging, as residence_decisions selects them.
EXPECTED_RESIDENCE_DECISIONS_SQL = """
    SELECT count(*) FROM staging.stg_ind__gebeurtenissen
    WHERE is_decision OR gebeurtenis = 'Bedenktijd verleend'
"""
# One row per IND person (residence.md V2, V5): every person with a current event, in the
# population or not.
EXPECTED_RESIDENCE_PERSONS_SQL = "SELECT count(DISTINCT person_key) FROM staging.stg_ind__gebeurtenissen"
# One row per current suspect-case registered in the reporting window (prosecution.md P1, P2).
EXPECTED_PROSECUTION_CASES_SQL = """
    SELECT count(*) FROM staging.stg_om__verdachten_zaken WHERE is_in_reporting_window
"""
# One row per distinct link key on a headline victim-year (R7) in the window. marts.victims has
# its own row-count check against staging.
EXPECTED_LINKED_VICTIMS_SQL = """
    SELECT count(DISTINCT link_hash) FROM marts.victims WHERE is_headline AND link_hash IS NOT NULL
"""


# The sources whose deliveries a suite's table is built from (SuiteCheck.source).
SOURCES = {"comensha": ("comensha",), "ind": ("ind",), "om": ("om",), "koppeling": ("comensha", "ind", "om")}

# Columns that identify a row, tried in this order when a SuiteCheck names no keys of its own.
KEY_CANDIDATES = (
    ("file_name", "row_number"), ("victim_year_id", "reporter_group"), ("victim_year_id", "police_unit"),
    ("victim_id", "registration_year"), ("decision_id",), ("event_id",), ("person_key",),
    ("suspect_key", "parketnummer"), ("link_hash",), ("registration_year",),
)
MAX_FAILING_ROWS = 20


def newest_delivery(con, source: str) -> str | None:
    """`2018-10-01: comensha_registraties_20181001.csv` per source checked: the newest accepted
    delivery at the time of the run (raw.load_log)."""
    newest = newest_deliveries(con)
    return "; ".join(newest[src] for src in SOURCES.get(source, (source,)) if src in newest) or None


def quarantined_in_newest_delivery(con, source: str) -> list[dict]:
    """The files of the source's newest accepted delivery with quarantined rows, and how many:
    file names and counts only, never a value of a row (contract README §7)."""
    day = newest_delivery_dates(con).get(source)  # the same newest delivery as the results name
    if day is None:
        return []
    rows = con.execute(
        "SELECT file_name, count(*) FROM raw.quarantine WHERE source = ? AND delivery_date = ? "
        "GROUP BY file_name ORDER BY file_name",
        [source, day],
    ).fetchall()
    return [{"file": f, "rows": n} for f, n in rows]


def quarantine_message(quarantined: list[dict]) -> str:
    """`[waarschuwing] Nieuwste levering: 2 rijen in quarantaine (comensha_registraties_20181001.csv: 2).`"""
    total = sum(q["rows"] for q in quarantined)
    files = ", ".join(f"{q['file']}: {q['rows']}" for q in quarantined)
    return (f"[{SEVERITY_NL['warning']}] Nieuwste levering: {total} {'rij' if total == 1 else 'rijen'} in "
            f"quarantaine ({files}); zie Rijen in quarantaine op het dashboard Datakwaliteit.")


def failing_rows_refs(outcome, frame, table: str, keys: tuple[str, ...]) -> dict[int, str]:
    """Per failing expectation (position in outcome.outcomes): the table and the keys of up to
    MAX_FAILING_ROWS failing rows, as JSON, so a steward can look them up in the warehouse."""
    if not keys:
        keys = next((k for k in KEY_CANDIDATES if all(c in frame.columns for c in k)), ())
    refs: dict[int, str] = {}
    for i, o in enumerate(outcome.outcomes):
        if o.success:
            continue
        positions = [p for p in o.unexpected_index if 0 <= p < len(frame)][:MAX_FAILING_ROWS]
        if positions and keys:
            rows = frame.iloc[positions][list(keys)].astype(object).where(frame.iloc[positions][list(keys)].notna(), None)
            refs[i] = json.dumps({"table": table, "rows": rows.to_dict("records")}, ensure_ascii=False, default=str)
        else:
            refs[i] = json.dumps({"table": table, "rows": "hele tabel"}, ensure_ascii=False)
    return refs


def _store_results(con, rows: list[dict]) -> None:
    if not rows:
        return
    frame = pl.DataFrame(rows, schema_overrides={c: pl.String for c in (
        "observed_value", "unexpected_sample", "column_name", "source", "delivery", "data_docs_page",
        "failing_rows_ref",
    )})
    ensure_results_table(con)
    con.register("__results", frame.to_arrow())
    con.execute(f"INSERT INTO {RESULTS_TABLE} BY NAME SELECT * FROM __results")
    con.unregister("__results")


def _run_and_report(context, suite: str, table: str, source: str, parameters_sql: dict[str, str] | None = None,
                    keys: tuple[str, ...] = (), query: str | None = None, flags_quarantine: bool = False):
    settings = load_settings()
    run_id = context.op_execution_context.run_id
    with connect(settings) as con:
        frame = con.execute(query or f"SELECT * FROM {table}").df()
        parameters = {k: con.execute(q).fetchone()[0] for k, q in (parameters_sql or {}).items()}
        delivery = newest_delivery(con, source)
        outcome = run_suite(
            suite, frame, data_dir=settings.data_dir, run_name=run_id, parameters=parameters, build_docs=False
        )
        refs = failing_rows_refs(outcome, frame, table, keys)
        page = settings.data_docs_url(outcome.validation_page) if outcome.validation_page else None
        _store_results(con, results_rows(
            outcome, run_id=run_id, source=source, delivery=delivery, failing_rows=refs, data_docs_page=page
        ))
        stopped = run_has_errors(con, run_id)
        quarantined = quarantined_in_newest_delivery(con, source) if flags_quarantine else []
    # A run with an error never reaches the publish step: show the stewards why now, and again
    # after each later suite of the run.
    if stopped:
        publish_for_stewards(settings.data_dir, settings.warehouse_path, quality_path(settings), run_id)
    failures = [(i, o) for i, o in enumerate(outcome.outcomes) if not o.success]
    for f in outcome.error_failures:
        context.log.error(f"{suite}: {f.expectation} ({f.column}) faalt: {f.beschrijving}; gevonden: {f.observed_value}")
    metadata = {
        "failed_expectations": dg.MetadataValue.json(
            [
                {"expectation": f.expectation, "column": f.column, "ernst": SEVERITY_NL[f.severity],
                 "beschrijving": f.beschrijving, "observed": f.observed_value,
                 "sample": f.unexpected_sample, "failing_rows": refs.get(i)}
                for i, f in failures
            ]
        ),
        "gecontroleerd_om": amsterdam_time(outcome.run_at),
        "expectations_evaluated": len(outcome.outcomes),
        "failed_errors": len(outcome.error_failures),
        "failed_warnings": len(outcome.warning_failures),
        "row_count": len(frame),
        "delivery": delivery or "-",
        "quarantined_newest_delivery": dg.MetadataValue.json(quarantined),
        **parameters,
    }
    if page:
        metadata["data_docs_page"] = dg.MetadataValue.url(page)
    if outcome.data_docs_path:
        metadata["data_docs"] = dg.MetadataValue.url(settings.data_docs_url(outcome.data_docs_path))
    summary = "; ".join(
        [f"[{SEVERITY_NL[f.severity]}] {f.beschrijving} Gevonden: {f.observed_value}" for _, f in failures]
        + ([quarantine_message(quarantined)] if quarantined else [])
    )
    return dg.AssetCheckResult(
        # A quarantined row of the newest delivery fails the check as a warning: it publishes,
        # but the steward must see it (issue 15), not only in the quarantine table.
        passed=not failures and not quarantined,
        severity=dg.AssetCheckSeverity.ERROR if outcome.error_failures else dg.AssetCheckSeverity.WARN,
        description=(summary[:2000] or f"Alle {len(outcome.outcomes)} verwachtingen van `{suite}` kloppen."),
        metadata=metadata,
    )


@dataclass(frozen=True)
class SuiteCheck:
    """A GX suite run as a blocking asset check on the asset that holds its table."""

    suite: str
    asset: str
    table: str
    source: str
    parameters_sql: dict[str, str] = field(default_factory=dict)
    # A suite with warnings only never fails with ERROR severity, so blocking would never stop
    # anything; non-blocking says so in the asset graph as well.
    blocking: bool = True
    # Columns that identify a failing row in quality.results.failing_rows_ref (default: the
    # first of KEY_CANDIDATES the table has).
    keys: tuple[str, ...] = ()
    # The rows of `table` the suite judges, when not all of them (SELECT * FROM table).
    query: str | None = None
    # A landing check also fails (warning) when the source's newest delivery has quarantined rows.
    flags_quarantine: bool = False


SUITE_CHECKS = (
    # The landing suites judge the current version of each record (contract README §3.3, §3.5;
    # orchestration/ingestion/versions.py), what dbt builds on: a bad row stops the publish until
    # a newer version corrects or withdraws it, and then no longer blocks every later build.
    # Earlier versions stay in landing; the failing rows named are landing rows (file, line).
    SuiteCheck("landing_comensha", "landing_comensha", "raw.landing_comensha", "comensha",
               query=current_versions_sql(REGISTRATION), flags_quarantine=True),
    SuiteCheck("landing_ind", "landing_ind", "raw.landing_ind", "ind", query=current_versions_sql(RESIDENCE),
               flags_quarantine=True),
    SuiteCheck("landing_om", "landing_om", "raw.landing_om", "om", query=current_versions_sql(PROSECUTION),
               flags_quarantine=True),
    SuiteCheck(
        "victims", "victims", "marts.victims", "comensha",
        parameters_sql={"expected_row_count": EXPECTED_VICTIM_YEARS_SQL},
    ),
    SuiteCheck(
        "residence_decisions", "residence_decisions", "marts.residence_decisions", "ind",
        parameters_sql={"expected_row_count": EXPECTED_RESIDENCE_DECISIONS_SQL},
    ),
    SuiteCheck(
        "residence_routes", "residence_routes", "marts.residence_routes", "ind",
        parameters_sql={"expected_row_count": EXPECTED_RESIDENCE_PERSONS_SQL},
    ),
    SuiteCheck(
        "prosecution_cases", "prosecution_cases", "marts.prosecution_cases", "om",
        parameters_sql={"expected_row_count": EXPECTED_PROSECUTION_CASES_SQL},
    ),
    SuiteCheck("prosecution_victim_links", "prosecution_victim_links", "marts.prosecution_victim_links", "om"),
    SuiteCheck(
        "victim_journeys", "victim_journeys", "marts.victim_journeys", "koppeling",
        parameters_sql={"expected_row_count": EXPECTED_LINKED_VICTIMS_SQL},
    ),
    # P8 (prosecution.md): warnings only, so this check never fails with ERROR severity and
    # never stops the publish.
    SuiteCheck(
        "cross_source_links", "int_cross_source__link_checks", "intermediate.int_cross_source__link_checks",
        "koppeling", blocking=False,
    ),
    # The other published marts (suites_published.py).
    SuiteCheck("reports", "reports", "marts.reports", "comensha"),
    SuiteCheck("police_unit_reports", "police_unit_reports", "marts.police_unit_reports", "comensha"),
    SuiteCheck("visibility_estimates", "visibility_estimates", "marts.visibility_estimates", "comensha",
               keys=("period", "visibility")),
    SuiteCheck("victim_linkage_summary", "victim_linkage_summary", "marts.victim_linkage_summary", "koppeling"),
    SuiteCheck("trafficking_routes", "trafficking_routes", "marts.trafficking_routes", "comensha",
               keys=("periode", "trafficking_route", "trafficking_form", "origin_region", "nationality",
                     "province_code", "police_unit_found")),
    SuiteCheck("regional_victims", "regional_victims", "marts.regional_victims", "comensha",
               keys=("region_type", "region_code", "periode", "trafficking_form")),
    SuiteCheck("regional_police_reports", "regional_police_reports", "marts.regional_police_reports", "comensha",
               keys=("periode", "trafficking_form", "police_unit")),
    SuiteCheck("shelter", "shelter", "marts.shelter", "comensha",
               keys=("periode", "trafficking_form", "province_code", "first_shelter")),
    SuiteCheck("shelter_capacity", "shelter_capacity", "marts.shelter_capacity", "comensha",
               keys=("periode", "trafficking_form", "province_code")),
    # issue 6: the marts behind the analysts' dashboards
    SuiteCheck("trend_figures", "trend_figures", "marts.trend_figures", "comensha",
               keys=("figure", "periode", "category")),
    SuiteCheck("residence_figures", "residence_figures", "marts.residence_figures", "ind",
               keys=("periode", "residence_type", "outcome")),
    SuiteCheck("residence_route_figures", "residence_route_figures", "marts.residence_route_figures", "ind",
               keys=("periode", "startpunt", "uitkomst")),
    SuiteCheck("prosecution_figures", "prosecution_figures", "marts.prosecution_figures", "om",
               keys=("periode", "afdoening", "vonnis")),
    SuiteCheck("published_figures_dashboard", "published_figures_dashboard", "marts.published_figures_dashboard",
               "koppeling", keys=("figure_id",)),
    # issue 15: the "stand van de gegevens" line of every dashboard (all three sources)
    SuiteCheck("data_status", "data_status", "marts.data_status", "koppeling", keys=("source",)),
)


def _suite_check(spec: SuiteCheck) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=spec.asset,
        name=f"{spec.suite}_expectations",
        blocking=spec.blocking,
        pool=WRITER_POOL,
        required_resource_keys={BUILD_LOCK},
        description=(
            f"Great Expectations suite `{spec.suite}` on "
            f"{'the current version of each record of ' if spec.query else ''}`{spec.table}`"
            f"{'; fails (waarschuwing) when the newest delivery has rows in quarantine' if spec.flags_quarantine else ''}."
        ),
    )
    def _check(context: dg.AssetCheckExecutionContext):
        return _run_and_report(
            context, spec.suite, spec.table, spec.source, spec.parameters_sql, spec.keys, spec.query,
            spec.flags_quarantine,
        )

    return _check


def quality_checks() -> list[dg.AssetChecksDefinition]:
    return [_suite_check(spec) for spec in SUITE_CHECKS]
