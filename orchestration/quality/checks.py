"""The stewards' checks: which suite runs on which table (SuiteCheck: the landing and cross-source
checks here, the published marts' from their dbt YAML via orchestration/registry.py), and what one
run of a check does (run_check). orchestration/assets/quality_checks.py wires them as Dagster
asset checks (GX 1.x called directly, DESIGN.md).

A run reads the rows, fills the suite's parameters from SQL, runs the suite and writes every
outcome to `quality.results` for the stewards, with the newest delivery of the checked source(s),
this run's Data Docs page and the keys of the failing rows; a landing check also reports the
newest delivery's quarantined rows (by file and count, never by value). `quality.duckdb` and the
Data Docs are published by the publish step, and by every check run from the run's first error on
(orchestration/quality/steward.py), so the stewards see a blocked run too. The P8 cross-source
suite (`cross_source_links`, on `int_cross_source__link_checks`) has warnings only and is not
blocking (prosecution.md P8).
"""

import json
from dataclasses import dataclass, field
from functools import cache

import polars as pl

from orchestration.ingestion.contracts import PROSECUTION, REGISTRATION, RESIDENCE
from orchestration.ingestion.versions import current_versions_sql
from orchestration.quality import SuiteOutcome, ensure_results_table, results_rows, run_suite
from orchestration.quality.columns import suite_columns
from orchestration.quality.outcomes import SEVERITY_NL
from orchestration.quality.references import span_parameters
from orchestration.quality.steward import (
    newest_deliveries,
    newest_delivery_dates,
    publish_for_stewards,
    run_has_errors,
)
from orchestration.registry import PublishedMart, published_marts
from orchestration.settings import Settings
from orchestration.warehouse import connect

RESULTS_TABLE = "quality.results"

# The sources whose deliveries a suite's table is built from (SuiteCheck.source).
SOURCES = {"comensha": ("comensha",), "ind": ("ind",), "om": ("om",), "koppeling": ("comensha", "ind", "om")}

# Columns that identify a row, tried in this order when a SuiteCheck names no keys of its own.
KEY_CANDIDATES = (
    ("file_name", "row_number"),
    ("victim_year_id", "reporter_group"),
    ("victim_year_id", "police_unit"),
    ("victim_id", "registration_year"),
    ("decision_id",),
    ("event_id",),
    ("person_key",),
    ("suspect_key", "parketnummer"),
    ("link_hash",),
    ("registration_year",),
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
    return (
        f"[{SEVERITY_NL['warning']}] Nieuwste levering: {total} {'rij' if total == 1 else 'rijen'} in "
        f"quarantaine ({files}); zie Rijen in quarantaine op het dashboard Datakwaliteit."
    )


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
            rows = (
                frame.iloc[positions][list(keys)]
                .astype(object)
                .where(frame.iloc[positions][list(keys)].notna(), None)
            )
            refs[i] = json.dumps(
                {"table": table, "rows": rows.to_dict("records")}, ensure_ascii=False, default=str
            )
        else:
            refs[i] = json.dumps({"table": table, "rows": "hele tabel"}, ensure_ascii=False)
    return refs


def store_results(con, rows: list[dict]) -> None:
    if not rows:
        return
    frame = pl.DataFrame(
        rows,
        schema_overrides={
            c: pl.String
            for c in (
                "observed_value",
                "unexpected_sample",
                "column_name",
                "source",
                "delivery",
                "data_docs_page",
                "failing_rows_ref",
            )
        },
    )
    ensure_results_table(con)
    con.register("__results", frame.to_arrow())
    con.execute(f"INSERT INTO {RESULTS_TABLE} BY NAME SELECT * FROM __results")
    con.unregister("__results")


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


# The checks on tables that are not published marts, declared here (the published marts' checks
# come from their dbt YAML, mart_checks below).
OTHER_CHECKS = (
    # The landing suites judge the current version of each record (contract README §3.3, §3.5;
    # orchestration/ingestion/versions.py), what dbt builds on: a bad row stops the publish until
    # a newer version corrects or withdraws it, and then no longer blocks every later build.
    # Earlier versions stay in landing; the failing rows named are landing rows (file, line).
    SuiteCheck(
        "landing_comensha",
        "landing_comensha",
        "raw.landing_comensha",
        "comensha",
        query=current_versions_sql(REGISTRATION),
        flags_quarantine=True,
    ),
    SuiteCheck(
        "landing_ind",
        "landing_ind",
        "raw.landing_ind",
        "ind",
        query=current_versions_sql(RESIDENCE),
        flags_quarantine=True,
    ),
    SuiteCheck(
        "landing_om",
        "landing_om",
        "raw.landing_om",
        "om",
        query=current_versions_sql(PROSECUTION),
        flags_quarantine=True,
    ),
    # P8 (prosecution.md): warnings only, so this check never fails with ERROR severity and
    # never stops the publish.
    SuiteCheck(
        "cross_source_links",
        "int_cross_source__link_checks",
        "intermediate.int_cross_source__link_checks",
        "koppeling",
        blocking=False,
    ),
)


def mart_check(mart: PublishedMart) -> SuiteCheck:
    """The check of a published mart with `meta.steward` (orchestration/registry.py): the suite
    of the mart's name on the mart's table."""
    steward = mart.steward
    if steward.source not in SOURCES:
        raise ValueError(
            f"{mart.name}: meta.steward.source must be one of {sorted(SOURCES)}, not {steward.source!r}"
        )
    return SuiteCheck(
        mart.name,
        mart.name,
        mart.relation,
        steward.source,
        parameters_sql=(
            {"expected_row_count": steward.expected_row_count_sql} if steward.expected_row_count_sql else {}
        ),
        blocking=steward.blocking,
        keys=steward.keys,
    )


@cache
def suite_checks() -> tuple[SuiteCheck, ...]:
    """Every steward check: the landing and cross-source ones, and one per published mart with
    `meta.steward` in its dbt YAML."""
    return OTHER_CHECKS + tuple(mart_check(m) for m in published_marts() if m.steward)


@dataclass(frozen=True)
class CheckRun:
    """What one run of a SuiteCheck found, for the asset check's result and metadata."""

    outcome: SuiteOutcome
    row_count: int
    parameters: dict
    delivery: str | None
    # per failing expectation (position in outcome.outcomes): failing_rows_refs
    failing_rows: dict[int, str]
    # the files of the newest delivery with quarantined rows (flags_quarantine checks only)
    quarantined: list[dict]
    data_docs_page: str | None
    data_docs: str | None


def frame_sql(con, spec: SuiteCheck) -> str:
    """The rows the suite judges, with only the columns its expectations read and those that
    can name a failing row (its keys, or every KEY_CANDIDATES column the table has, so the
    same keys are chosen as from the whole table): a mart is never loaded whole (issue 19)."""
    rows = spec.query or f"SELECT * FROM {spec.table}"
    used = suite_columns(spec.suite)
    if used is None:
        return rows
    wanted = used | set(spec.keys) | {c for key in KEY_CANDIDATES for c in key}
    present = [d[0] for d in con.execute(f"SELECT * FROM ({rows}) LIMIT 0").description]
    selected = [c for c in present if c in wanted]
    if not selected:
        return rows
    listed = ", ".join('"' + c.replace('"', '""') + '"' for c in selected)
    return f"SELECT {listed} FROM ({rows})"


# The years the build's marts counted (dbt_project/macros/reporting_window.sql counted_span, issue
# 17: the window when the dbt vars set it, else 2013 up to the counted edition's last year), what
# the suites' year bounds must be.
COUNTED_EDITION_TABLE = "intermediate.int_editions__reporting_window"


def build_span_parameters(con, suite: str) -> dict[str, int]:
    """The span parameters of `suite` (those it declares) from the build's own counted span."""
    # imported here: suites.py imports Great Expectations (and through it scipy), which loading
    # the code location must not (tests/integration/test_definitions.py)
    from orchestration.quality.suites import SUITES

    declared = SUITES[suite].parameters
    if not any(name in declared for name in span_parameters(0, 0)):
        return {}
    start, end = con.execute(f"SELECT span_start, span_end FROM {COUNTED_EDITION_TABLE}").fetchone()
    return {k: v for k, v in span_parameters(start.year, end.year).items() if k in declared}


def run_check(spec: SuiteCheck, run_id: str, settings: Settings) -> CheckRun:
    """Run the suite on its table, store every outcome in quality.results, and publish
    quality.duckdb at once when the run has an error (it will never reach the publish step)."""
    with connect(settings) as con:
        frame = con.execute(frame_sql(con, spec)).df()
        parameters = build_span_parameters(con, spec.suite) | {
            k: con.execute(q).fetchone()[0] for k, q in spec.parameters_sql.items()
        }
        delivery = newest_delivery(con, spec.source)
        outcome = run_suite(
            spec.suite,
            frame,
            data_dir=settings.data_dir,
            run_name=run_id,
            parameters=parameters,
            build_docs=False,
        )
        refs = failing_rows_refs(outcome, frame, spec.table, spec.keys)
        page = settings.data_docs_url(outcome.validation_page) if outcome.validation_page else None
        store_results(
            con,
            results_rows(
                outcome,
                run_id=run_id,
                source=spec.source,
                delivery=delivery,
                failing_rows=refs,
                data_docs_page=page,
            ),
        )
        stopped = run_has_errors(con, run_id)
        quarantined = quarantined_in_newest_delivery(con, spec.source) if spec.flags_quarantine else []
    # A run with an error never reaches the publish step: show the stewards why now, and again
    # after each later suite of the run.
    if stopped:
        publish_for_stewards(settings, run_id)
    return CheckRun(
        outcome=outcome,
        row_count=len(frame),
        parameters=parameters,
        delivery=delivery,
        failing_rows=refs,
        quarantined=quarantined,
        data_docs_page=page,
        data_docs=settings.data_docs_url(outcome.data_docs_path) if outcome.data_docs_path else None,
    )
