"""The dark-number estimates (issue 18) as a dbt Python model: dbt-duckdb runs it in dbt's own
process on the build's DuckDB connection, so the estimates are one node of the dbt graph, built
in every `dbt build`, after their input and before the mart that publishes them
(marts/registration/dark_number_estimates.sql). The method and its cost are explained in
orchestration/estimation/mart.py; this model only moves rows in and out."""

import pandas as pd

from orchestration.estimation import Settings
from orchestration.estimation.mart import ROW_TYPES, cache_dir, estimate_rows


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
    # Typed by ROW_TYPES (orchestration/estimation/estimate.py RECORD_TYPES says why).
    return pd.DataFrame(rows, columns=list(ROW_TYPES)).astype(ROW_TYPES)
