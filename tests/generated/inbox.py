"""A generated inbox of all three sources, its ingestion and dbt build, and the counts the
warehouse shows for it next to the reference counts.

`Inbox` bundles one history per source (any may be empty: no files at all). `ingest` runs the
real ingestion of every source into a fresh warehouse and `dbt_build_counted` the real `dbt build`
of the models the counts read, without Dagster, GX and publish: the cheap path for most generated
examples. The full Dagster job is `tests.integration.builds.run_build`.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
from hypothesis import strategies as st

from orchestration.assets.dbt import BUILD_ARGS
from orchestration.ingestion.contracts import CONTRACTS
from orchestration.ingestion.run import ingest_source
from orchestration.ingestion.store import ensure_tables
from orchestration.pseudonym_key import pseudonym_key
from tests.dbt_cli import run_dbt
from tests.folding import fold_keys, fold_maps_of
from tests.generated import prosecution, registration, residence
from tests.generated.common import History, compare


@dataclass
class Inbox:
    comensha: History | None = None
    ind: History | None = None
    om: History | None = None

    def histories(self) -> list[History]:
        return [h for h in (self.comensha, self.ind, self.om) if h is not None]

    def describe(self) -> str:
        return "; ".join(h.describe() for h in self.histories()) or "empty inbox"

    def write(self, inbox: Path, skip_existing: bool = False) -> None:
        """The deliveries as files; `skip_existing` keeps files already there (an XLSX written
        again differs in its timestamps, and a changed file under a loaded name is refused)."""
        inbox.mkdir(parents=True, exist_ok=True)
        for module, history in ((registration, self.comensha), (residence, self.ind), (prosecution, self.om)):
            if history is not None:
                module.write(history, inbox, skip_existing)


@st.composite
def inboxes(draw, every_source: bool = False) -> Inbox:
    """All three sources, each possibly absent (no files at all, about one in six) or with empty
    files; with `every_source`, each source delivers at least one record."""
    least = 1 if every_source else 0

    def maybe(histories):
        if every_source or draw(st.sampled_from((True, True, True, True, True, False))):
            return draw(histories)
        return None

    return Inbox(
        comensha=maybe(registration.histories(min_records=least)),
        ind=maybe(residence.histories(min_records=least)),
        om=maybe(prosecution.histories(min_records=least)),
    )


def ingest(inbox: Path, warehouse: Path) -> list:
    """The real ingestion of every source (as the landing assets run it), in one process."""
    con = duckdb.connect(str(warehouse))
    try:
        ensure_tables(con, list(CONTRACTS))
        return [o for contract in CONTRACTS for o in ingest_source(contract, inbox, con, pseudonym_key())]
    finally:
        con.close()


def dbt_build_counted(warehouse: Path, target: Path) -> subprocess.CompletedProcess:
    """The real `dbt build` of the build step on `warehouse`, of the models `warehouse_counts` reads
    and every node they are built from (seeds and models), without the data tests: a failing test
    is the full job's concern (tests/generated/checks.py), and the other marts (the dashboards',
    the dark-number estimates) count nothing compared here."""
    counted = sorted({f"+{model}" for model, _dims, _measure in CUBE_MODELS.values()} | {f"+{COUNTED_MART}"})
    return run_dbt(
        [*BUILD_ARGS, "--exclude-resource-type", "test", "--select", " ".join(counted)], warehouse, target
    )


def failed_dbt_nodes(target: Path) -> list[str]:
    results = json.loads((target / "run_results.json").read_text())["results"]
    return sorted(r["unique_id"] for r in results if r["status"] in ("error", "fail"))


def ingestion_problems(warehouse: Path, inbox: Inbox) -> list[str]:
    """Every generated row must land: no file refused, nothing quarantined, and rows read = rows
    written for every file (the generator writes only valid rows)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        problems = [
            f"{name}: {status} {error or ''}".strip()
            for name, status, error in con.execute(
                "SELECT file_name, status, error FROM raw.load_log WHERE status <> 'geladen'"
            ).fetchall()
        ]
        problems += [
            f"{name} line {line}: quarantined ({reasons})"
            for name, line, reasons in con.execute(
                "SELECT file_name, row_number, reasons FROM raw.quarantine ORDER BY file_name, row_number"
            ).fetchall()
        ]
        logged = dict(con.execute("SELECT file_name, rows_accepted FROM raw.load_log").fetchall())
    finally:
        con.close()
    for history, prefix, ext in (
        (inbox.comensha, "comensha_registraties_", "csv"),
        (inbox.ind, "ind_verblijf_", "xlsx"),
        (inbox.om, "om_vervolging_", "csv"),
    ):
        for date, rows in zip(history.dates, history.files, strict=True) if history else ():
            name = f"{prefix}{date:%Y%m%d}.{ext}"
            if logged.get(name) != len(rows):
                problems.append(f"{name}: {len(rows)} rows written, {logged.get(name)} accepted")
    return problems


# --- the warehouse's counts --------------------------------------------------------------------

# cube name -> (dbt model, dimension columns, measure)
CUBE_MODELS = {
    "victims_by_form": ("int_trends__victim_form_cube", ("periode", "trafficking_form"), "victims"),
    "victims_by_gender": ("int_trends__victim_gender_cube", ("periode", "gender"), "victims"),
    "victims_by_age": ("int_trends__victim_age_cube", ("periode", "age_group"), "victims"),
    "victims_by_nationality": ("int_trends__victim_nationality_cube", ("periode", "nationality"), "victims"),
    "victims_by_population": ("int_trends__victim_population_cube", ("periode", "population"), "victims"),
    "reports_by_group": ("int_trends__report_group_cube", ("periode", "reporter_group"), "reports"),
    "residence_routes": ("int_residence__route_cube", ("periode", "startpunt", "uitkomst"), "persons"),
    "reflection_periods": ("int_residence__reflection_period_cube", ("periode",), "decisions"),
    "tv_applications": ("int_residence__tv_application_cube", ("periode", "outcome"), "decisions"),
    "vv_applications": ("int_residence__vv_application_cube", ("periode", "outcome"), "decisions"),
    "prosecution_cases": ("int_prosecution__case_cube", ("periode", "afdoening", "vonnis"), "suspect_cases"),
}


def _route_group(uitkomst: str) -> str:
    """'4. Voortgezet verblijf verleend' -> '4'; the total stays."""
    return uitkomst.split(".", 1)[0] if uitkomst[:1].isdigit() else uitkomst


# the record-level mart the suspect and linked-case counts read
COUNTED_MART = "prosecution_cases"


def warehouse_counts(con: duckdb.DuckDBPyConnection) -> dict[str, Counter]:
    """The unsuppressed counts of the intermediate cubes and of the record-level marts."""
    counts: dict[str, Counter] = {}
    for name, (model, dims, measure) in CUBE_MODELS.items():
        rows = con.execute(f"SELECT {', '.join(dims)}, {measure} FROM intermediate.{model}").fetchall()
        if name == "residence_routes":
            rows = [(p, s, _route_group(u), n) for p, s, u, n in rows]
        counts[name] = Counter({tuple(r[:-1]): r[-1] for r in rows if r[-1]})
    counts["suspect_cases_per_year"] = Counter(
        {
            str(y): n
            for y, n in con.execute(
                f"SELECT registration_year, count(DISTINCT case_suspect_id) FROM marts.{COUNTED_MART} GROUP BY 1"
            ).fetchall()
        }
    )
    counts["suspects_per_year"] = Counter(
        {
            str(y): n
            for y, n in con.execute(
                f"SELECT registration_year, count(DISTINCT suspect_key) FROM marts.{COUNTED_MART} GROUP BY 1"
            ).fetchall()
        }
    )
    for column, name in (
        ("has_victim_key", "with_victim_key"),
        ("has_comensha_match", "with_comensha_match"),
        ("has_ind_match", "with_ind_match"),
    ):
        counts[name] = Counter(
            {
                str(y): n
                for y, n in con.execute(
                    f"SELECT registration_year, count(*) FROM marts.{COUNTED_MART} WHERE {column} GROUP BY 1"
                ).fetchall()
            }
        )
    return counts


def reference_counts(inbox: Inbox) -> dict[str, Counter]:
    """Every headline count, recounted from the delivered rows by the contracts' rules."""
    empty = History("", [])
    comensha, ind, om = inbox.comensha or empty, inbox.ind or empty, inbox.om or empty
    result = {**registration.reference(comensha), **residence.reference(ind), **prosecution.reference(om)}
    result.update(
        prosecution.linked_cases(
            om, registration.headline_link_keys(comensha), residence.population_link_keys(ind)
        )
    )
    return result


def count_mismatches(warehouse: Path, inbox: Inbox) -> list[str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        actual = warehouse_counts(con)
    finally:
        con.close()
    expected = reference_counts(inbox)
    lines = []
    for name in sorted(expected):
        # disclosure control folds small categories of the cubes: fold the reference as the cube does
        reference = (
            Counter(fold_keys(expected[name], fold_maps_of(actual[name])))
            if name in CUBE_MODELS
            else expected[name]
        )
        lines += compare(name, reference, actual.get(name, Counter()))
    return lines
