"""The dark-number estimates (issue 18) as a dbt Python model: dbt-duckdb runs it in dbt's own
process on the build's DuckDB connection, so the estimates are one node of the dbt graph, built
in every `dbt build`, after their input and before the mart that publishes them
(marts/registration/dark_number_estimates.sql). The method and its cost are explained in
orchestration/estimation/mart.py; this model only moves rows in and out."""

import pandas as pd

from orchestration.estimation import Settings
from orchestration.estimation.mart import cache_dir, estimate_rows

# Every column with its type: a build in which no model exists (a small delivery, one source
# alone, an empty inbox) gives columns of only None, which DuckDB would type as NULL and the
# mart's contract refuses.
COLUMNS = {
    "period": "string",
    "years": "Int64",
    "population": "string",
    "status": "string",
    "observed": "Int64",
    "estimated": "float64",
    "lower_95": "float64",
    "upper_95": "float64",
    "share_seen": "float64",
    "lists": "string",
    "model": "string",
    "merges": "string",
    "toelichting": "string",
}


def model(dbt, session):
    dbt.config(materialized="table")
    # dbt var dark_number_replicates, through the model's config (_int_registration__models.yml)
    replicates = int(dbt.config.get("replicates"))
    counts = (
        dbt.ref("int_registration__capture_histories")
        .project("period, years, population, reporter_set, victims")
        .fetchall()
    )
    rows = estimate_rows(counts, Settings(replicates=replicates), cache_dir())
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(COLUMNS)
