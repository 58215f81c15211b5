"""Drawn populations through the real warehouse, and the mart `dark_number_estimates` against N.

`simulate` draws one population per registration year and form group (population.py), writes
the victims the lists saw as one CoMensha delivery (delivery.py), ingests it with the project's
ingestion and runs the real `dbt build` of the mart and everything it is built from (with the
data tests on those nodes alone: the other marts and their tests read nothing of the estimates),
and pairs every row of the mart with the population it estimates:

* a single year and a form group: one replication of the scenario;
* 'Alle slachtoffers' of a year: the four groups estimated as one population, although their lists
  see them with different probabilities (heterogeneity the row does not model);
* a pooled period (dbt var dark_number_pooled_periods): the sum of its years.

A build estimates every year of the reporting window; `years` outside the default window widen it
for this build (dbt vars reporting_window_start/_end, contracts/README.md §10: configurable), so
that one build carries more replications.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from orchestration.assets.dbt import BUILD_ARGS
from tests.dbt_cli import run_dbt
from tests.generated.inbox import ingest
from tests.simulation.delivery import write_delivery
from tests.simulation.population import FORMS, Replication, draw

ALL = "Alle slachtoffers"
DEFAULT_WINDOW = (2013, 2017)
KINDS = ("form group", "groups pooled", "years pooled")
# A bench build estimates ~140 populations, 5-15 min on a shared 2-core machine: far above
# run_dbt's default limit, which is meant for builds of the default sample.
BUILD_TIMEOUT_S = 3 * 3600
# The mart and its ancestors; a test is built only when every node it reads is (cautious): the
# disclosure tests that read the estimates' cells beside the other cubes would find those missing.
MART_ONLY = ["--select", "+dark_number_estimates", "--indirect-selection", "cautious"]


@dataclass(frozen=True)
class Outcome:
    """One mart row beside the population it estimates. `captured` is how many of the population
    the lists saw (what the mart must show as observed); the numbers are None without an estimate."""

    scenario: str
    kind: str
    period: str
    population: str
    size: int
    captured: int
    observed: int
    status: str
    estimated: float | None
    lower_95: float | None
    upper_95: float | None

    @property
    def covered(self) -> bool:
        return self.estimated is not None and self.lower_95 <= self.size <= self.upper_95

    @property
    def relative_error(self) -> float:
        """(estimated - N) / N; infinite without an estimate."""
        return math.inf if self.estimated is None else self.estimated / self.size - 1


@dataclass(frozen=True)
class Summary:
    replications: int
    covered: int
    without_estimate: int
    median_absolute_relative_error: float
    median_relative_error: float
    mean_relative_error: float

    @property
    def coverage(self) -> float:
        return self.covered / self.replications

    def as_dict(self) -> dict[str, float]:
        return {**self.__dict__, "coverage": self.coverage}


def summarise(outcomes: Sequence[Outcome]) -> Summary:
    """Coverage of N by the 95% interval and the relative errors; a replication without an
    estimate counts as not covered and with an infinite error (it never helps a target)."""
    errors = [o.relative_error for o in outcomes]
    finite = [e for e in errors if math.isfinite(e)]
    return Summary(
        replications=len(outcomes),
        covered=sum(o.covered for o in outcomes),
        without_estimate=len(errors) - len(finite),
        median_absolute_relative_error=statistics.median(abs(e) for e in errors),
        median_relative_error=statistics.median(errors),
        mean_relative_error=statistics.fmean(finite) if finite else math.nan,
    )


def _window_vars(years: Sequence[int]) -> list[str]:
    first, last = min(years), max(years)
    if DEFAULT_WINDOW[0] <= first and last <= DEFAULT_WINDOW[1]:
        return []
    window = {"reporting_window_start": f"{first}-01-01", "reporting_window_end": f"{last}-12-31"}
    return ["--vars", json.dumps(window)]


def _load_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    problems = [
        f"{name}: {status} {error or ''}"
        for name, status, error in con.sql(
            "SELECT file_name, status, error FROM raw.load_log WHERE status <> 'geladen'"
        ).fetchall()
    ]
    (quarantined,) = con.execute("SELECT count(*) FROM raw.quarantine").fetchone()
    return problems + ([f"{quarantined} rows quarantined"] if quarantined else [])


def build(replications: Sequence[Replication], root: Path) -> Path:
    """The replications' delivery ingested and built into `root`/warehouse.duckdb."""
    write_delivery(replications, root / "inbox")
    warehouse = root / "warehouse.duckdb"
    ingest(root / "inbox", warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        if problems := _load_problems(con):
            raise AssertionError(f"the simulated delivery did not load whole: {problems}")
    years = sorted({r.year for r in replications})
    result = run_dbt(
        [*BUILD_ARGS, *MART_ONLY, *_window_vars(years)],
        warehouse,
        root / "dbt_target",
        timeout=BUILD_TIMEOUT_S,
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (built,) = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'dark_number_estimates'"
        ).fetchone()
    if not built:
        raise AssertionError(f"dbt build left no dark_number_estimates:\n{result.stdout[-3000:]}")
    return warehouse


def _truth(replications: Iterable[Replication], period: str, population: str) -> tuple[str, int, int]:
    first, _, last = period.partition("-")
    years = range(int(first), int(last or first) + 1)
    chosen = [r for r in replications if r.year in years and population in (ALL, r.form)]
    kind = KINDS[2] if len(years) > 1 else KINDS[1] if population == ALL else KINDS[0]
    return kind, sum(r.size for r in chosen), sum(len(r.seen) for r in chosen)


def compare(scenario: str, replications: Sequence[Replication], warehouse: Path) -> list[Outcome]:
    """Every row of the mart for all victims or a form beside its population. The strata of the
    pooled periods (minors, sex, Dutch or not: macros/dark_number.sql) have no known size here: the
    populations are drawn per year and form group only."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT period, population, observed, status, estimated, lower_95, upper_95 "
            "FROM marts.dark_number_estimates WHERE list_contains(?, population) ORDER BY period, population",
            [[ALL, *FORMS]],
        ).fetchall()
    outcomes = []
    for period, population, observed, status, estimated, lower, upper in rows:
        kind, size, captured = _truth(replications, period, population)
        outcomes.append(
            Outcome(
                scenario, kind, period, population, size, captured, observed, status, estimated, lower, upper
            )
        )
    return outcomes


def simulate(scenario: str, years: Sequence[int], seed: int, root: Path) -> list[Outcome]:
    """One build: a population per year and form group under `scenario`, through the warehouse."""
    rng = np.random.default_rng(seed)
    replications = [draw(rng, scenario, year, form) for year in years for form in FORMS]
    return compare(scenario, replications, build(replications, root))
