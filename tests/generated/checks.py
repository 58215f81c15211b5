"""What the generated-delivery and scenario tests check after a real build, by kind: ingestion
(every generated row landed), publish (the Dagster run succeeded and serving.duckdb holds the
data), disclosure (the rules of tests/integration/test_disclosure.py on every published cube, and
one headline total per period in every victim figure) and counts (warehouse.duckdb against the
reference). `full_build_report` runs the real Dagster job and returns the problems per kind, so a
failure names each kind in its own section; `built_report` does the same for a build already made
(a session's, tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from orchestration.settings import DBT_PROJECT_DIR
from tests.generated.common import WINDOW_LABEL
from tests.generated.inbox import (
    Inbox,
    count_mismatches,
    failed_dbt_nodes,
    ingestion_problems,
    reference_counts,
)
from tests.integration.builds import check_evaluations, run_build
from tests.integration.test_disclosure import CUBES, THRESHOLD, equations, pinned_cells, published


def report(inbox: Inbox, sections: dict[str, list[str]]) -> str:
    lines = [f"generated inbox: {inbox.describe()}"]
    for name, problems in sections.items():
        if problems:
            lines.append(f"--- {name} ({len(problems)}) ---")
            lines += problems[:60]
            if len(problems) > 60:
                lines.append(f"... and {len(problems) - 60} more")
    return "\n".join(lines)


def disclosure_problems(serving: duckdb.DuckDBPyConnection) -> list[str]:
    """The rules of tests/integration/test_disclosure.py, applied to every published cube."""
    problems = []
    for cube in CUBES:
        rows = published(serving, cube)
        for r in rows:
            shown = r[cube.measure]
            if shown is not None and 0 < shown < THRESHOLD:
                problems.append(f"{cube.id}: a count of {shown} is shown ({r})")
            if shown is None and r[cube.label] not in (f"< {THRESHOLD}", "x"):
                problems.append(f"{cube.id}: a hidden cell without its reason ({r})")
            if shown is not None and r[cube.label] != str(shown):
                problems.append(f"{cube.id}: the label is not the number ({r})")
        for total, parts in equations(cube, rows):
            hidden = [i for i in (total, *parts) if rows[i][cube.measure] is None]
            if len(hidden) == 1:
                problems.append(f"{cube.id}: one hidden cell in an equation: {rows[hidden[0]]}")
        problems += [
            f"{cube.id}: a total pins the hidden cell {cell} to {bounds}"
            for cell, bounds in pinned_cells(cube, rows).items()
        ]
    return problems


# The headline total of a period in each victim figure of Trends slachtoffers (the cubes of
# dbt_project/tests/assert_trend_cubes_agree.sql): figure in trend_figures -> (cube model, its
# category column, the category of the headline total).
VICTIM_TOTALS = {
    "mensenhandelvorm": ("int_trends__victim_form_cube", "trafficking_form", "Alle vormen"),
    "geslacht": ("int_trends__victim_gender_cube", "gender", "Alle"),
    "leeftijd": ("int_trends__victim_age_cube", "age_group", "Alle"),
    "nationaliteit": ("int_trends__victim_nationality_cube", "nationality", "Alle nationaliteiten"),
    "sub3": ("int_trends__victim_population_cube", "population", "Slachtoffers (excl. sub-3)"),
}


def _disagreements(where: str, cells: dict[str, dict[str, tuple]], absent: tuple) -> list[str]:
    """A figure without a row for a period shows nothing there: the same as a shown 0."""
    problems = []
    for periode, by_figure in sorted(cells.items()):
        values = {figure: by_figure.get(figure, absent) for figure in VICTIM_TOTALS}
        if len(set(values.values())) > 1:
            problems.append(f"{where} {periode}: the headline total differs between figures: {values}")
    return problems


def victim_totals_disagree(serving: duckdb.DuckDBPyConnection) -> list[str]:
    """A period's headline total is one number: the same and hidden alike in every victim figure,
    or a reader takes a hidden total from the figure that shows it (as published)."""
    cells: dict[str, dict[str, tuple]] = {}
    for figure, (_model, _column, category) in VICTIM_TOTALS.items():
        for periode, shown, label in serving.execute(
            "SELECT periode, aantal, aantal_label FROM marts.trend_figures WHERE figure = ? AND category = ?",
            [figure, category],
        ).fetchall():
            cells.setdefault(periode, {})[figure] = (shown, label)
    return _disagreements("trend_figures", cells, (0, "0"))


def victim_totals_disagree_in_warehouse(warehouse: duckdb.DuckDBPyConnection) -> list[str]:
    """The same for the unpublished cubes in warehouse.duckdb (count, hidden or not): what the
    figures would show, also when the build stopped before the publish."""
    cells: dict[str, dict[str, tuple]] = {}
    for figure, (model, column, category) in VICTIM_TOTALS.items():
        for periode, victims, hidden in warehouse.execute(
            f"SELECT periode, victims, is_suppressed FROM intermediate.{model} WHERE {column} = ?",
            [category],
        ).fetchall():
            cells.setdefault(periode, {})[figure] = (victims, "hidden" if hidden else "shown")
    return _disagreements("warehouse cubes", cells, (0, "shown"))


def published_data_problems(serving: duckdb.DuckDBPyConnection, inbox: Inbox) -> list[str]:
    """The published record-level marts hold the generated data: as many victim-years, route
    persons and suspect-cases as the reference counts."""
    expected = reference_counts(inbox)
    window = WINDOW_LABEL
    wanted = {
        "victims": sum(
            n for (p, pop), n in expected["victims_by_population"].items() if p == window and pop == "Alle"
        ),
        "residence_routes": sum(
            n
            for (p, s, u), n in expected["residence_routes"].items()
            if (p, s, u) == (window, "Alle startpunten", "Alle routes")
        ),
        "prosecution_cases": sum(expected["suspect_cases_per_year"].values()),
    }
    where = {"victims": "", "residence_routes": " WHERE is_in_population", "prosecution_cases": ""}
    problems = []
    for table, n in wanted.items():
        found = serving.execute(f"SELECT count(*) FROM marts.{table}{where[table]}").fetchone()[0]
        if found != n:
            problems.append(f"serving marts.{table}: {found} rows, the reference counts {n}")
    return problems


def failed_dbt_run_nodes(run_id: str) -> list[str]:
    """The dbt nodes that failed (error severity) in the run's dbt invocation (dagster-dbt keeps its
    target folder as dbt_models-<run id prefix>-<uuid>); singular tests are not asset checks."""
    for target in (DBT_PROJECT_DIR / "target").glob(f"dbt_models-{run_id[:7]}-*"):
        results = target / "run_results.json"
        if results.exists():
            return failed_dbt_nodes(target)
    return ["(the run's dbt results were not found)"]


def run_problems(result: dg.ExecuteInProcessResult) -> list[str]:
    """What a failed Dagster run says: its failed steps, the checks that did not pass, the dbt
    nodes that failed ([] when the run succeeded)."""
    if result.success:
        return []
    failed_steps = sorted({e.step_key for e in result.all_events if e.is_step_failure})
    failed_checks = sorted(
        f"{name} ({e.severity.value})" for name, e in check_evaluations(result).items() if not e.passed
    )
    return [
        f"the Dagster run failed (steps: {', '.join(failed_steps) or '-'}; "
        f"checks not passed: {', '.join(failed_checks) or '-'})",
        *(f"dbt {node} failed" for node in failed_dbt_run_nodes(result.run_id)),
    ]


def full_build_report(inbox: Inbox, root: Path, written: bool = False) -> dict[str, list[str]]:
    """Write the inbox to `root/inbox` (unless `written`), run the real Dagster job on the data dir
    `root/data`, and collect every problem by kind."""
    if not written:
        inbox.write(root / "inbox")
    data = root / "data"
    return built_report(inbox, data, run_problems(run_build(root / "inbox", data)))


def built_report(inbox: Inbox, data: Path, run_problems: list[str]) -> dict[str, list[str]]:
    """Every problem by kind of the Dagster build of `inbox` in the data dir `data`, whose run
    reported `run_problems` (a build shared by several tests is checked this way too)."""
    warehouse, serving_path = data / "warehouse.duckdb", data / "serving.duckdb"
    sections: dict[str, list[str]] = {
        "INGESTION (the generator wrote an invalid row?)": ingestion_problems(warehouse, inbox),
    }
    publish = list(run_problems)
    if not serving_path.exists():
        publish.append("serving.duckdb was not published")
        disclosure = ["nothing published to check"]
        warehouse_con = duckdb.connect(str(warehouse), read_only=True)
        try:
            totals = victim_totals_disagree_in_warehouse(warehouse_con)
        finally:
            warehouse_con.close()
    else:
        serving = duckdb.connect(str(serving_path), read_only=True)
        try:
            publish += published_data_problems(serving, inbox)
            disclosure = disclosure_problems(serving)
            totals = victim_totals_disagree(serving)
        finally:
            serving.close()
    sections["PUBLISH"] = publish
    sections["DISCLOSURE"] = disclosure
    sections["ONE HEADLINE TOTAL PER PERIOD (every victim figure)"] = totals
    sections["COUNTS (warehouse.duckdb against the reference)"] = count_mismatches(warehouse, inbox)
    return sections
