"""Great Expectations suites as Dagster asset checks (GX 1.x called directly, DESIGN.md).

A failed expectation of severity `error` fails the check with ERROR severity; the checks are
blocking, so the publish step does not run and the previous serving database keeps serving.
Warnings fail the check with WARN severity and publish anyway. Every outcome is written to
`quality.results` for the stewards. The P8 cross-source suite (`cross_source_links`, on
`int_cross_source__link_checks`) has warnings only and is not blocking (prosecution.md P8).
"""


from dataclasses import dataclass, field

import dagster as dg
import polars as pl

from orchestration.assets.ingestion import WRITER_POOL
from orchestration.quality import RESULTS_DDL, results_rows, run_suite
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


def _store_results(con, rows: list[dict]) -> None:
    if not rows:
        return
    frame = pl.DataFrame(rows, schema_overrides={c: pl.String for c in ("observed_value", "unexpected_sample", "column_name", "source")})
    con.execute("CREATE SCHEMA IF NOT EXISTS quality")
    con.execute(RESULTS_DDL)
    con.register("__results", frame.to_arrow())
    con.execute(f"INSERT INTO {RESULTS_TABLE} BY NAME SELECT * FROM __results")
    con.unregister("__results")


def _run_and_report(context, suite: str, table: str, source: str, parameters_sql: dict[str, str] | None = None):
    settings = load_settings()
    with connect(settings) as con:
        frame = con.execute(f"SELECT * FROM {table}").df()
        parameters = {k: con.execute(q).fetchone()[0] for k, q in (parameters_sql or {}).items()}
        outcome = run_suite(
            suite, frame, data_dir=settings.data_dir, run_name=context.op_execution_context.run_id, parameters=parameters
        )
        _store_results(con, results_rows(outcome, run_id=context.op_execution_context.run_id, source=source))
    failures = [*outcome.error_failures, *outcome.warning_failures]
    for f in outcome.error_failures:
        context.log.error(f"{suite}: {f.expectation} ({f.column}) faalt: {f.beschrijving}; gevonden: {f.observed_value}")
    metadata = {
        "failed_expectations": dg.MetadataValue.json(
            [
                {"expectation": f.expectation, "column": f.column, "severity": f.severity,
                 "beschrijving": f.beschrijving, "observed": f.observed_value}
                for f in failures
            ]
        ),
        "expectations_evaluated": len(outcome.outcomes),
        **parameters,
    }
    if outcome.data_docs_path:
        metadata["data_docs"] = dg.MetadataValue.url(outcome.data_docs_path.as_uri())
    return dg.AssetCheckResult(
        passed=not failures,
        severity=dg.AssetCheckSeverity.ERROR if outcome.error_failures else dg.AssetCheckSeverity.WARN,
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


SUITE_CHECKS = (
    SuiteCheck("landing_comensha", "landing_comensha", "raw.landing_comensha", "comensha"),
    SuiteCheck("landing_ind", "landing_ind", "raw.landing_ind", "ind"),
    SuiteCheck("landing_om", "landing_om", "raw.landing_om", "om"),
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
)


def _suite_check(spec: SuiteCheck) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=spec.asset,
        name=f"{spec.suite}_expectations",
        blocking=spec.blocking,
        pool=WRITER_POOL,
        description=f"Great Expectations suite `{spec.suite}` on `{spec.table}`.",
    )
    def _check(context: dg.AssetCheckExecutionContext):
        return _run_and_report(context, spec.suite, spec.table, spec.source, spec.parameters_sql)

    return _check


def quality_checks() -> list[dg.AssetChecksDefinition]:
    return [_suite_check(spec) for spec in SUITE_CHECKS]
