"""The current version of every record in a landing table, as SQL (contract README §3).

Landing keeps every accepted row version of every delivery (§3.2). What the warehouse reports is
the *current* version of each record: per record key (§3.1) the version with the latest
`gewijzigd_op`, a tie going to the later `delivery_date` (§3.3); a record whose current version has
status `Vervallen` is withdrawn and left out (§3.5).

dbt applies this rule in its staging models (dbt_project/macros/record_versions.sql, `current_records`,
used by dbt_project/models/staging/<source>/stg_*.sql). The landing suites run before dbt, on the
landing tables (orchestration/quality/checks.py), so they need the rule as plain SQL: it is
written here, once, with the same ordering as the macro. tests/integration/test_steward_way_out.py checks that
both pick the same rows.

Two deliberate differences, neither of which changes the choice for valid data:

* `rank()` instead of `row_number()`: versions tie on all four ordering columns only when the
  same line of the same file was landed twice, which must never happen. `rank()` keeps both copies,
  so the landing suites' expectation that every file line is loaded once still sees a double
  load; `row_number()` would silently hide one copy.
* withdrawn means `status = 'Vervallen'` (the contract's words); dbt keeps `status = 'Actief'`.
  A current version with any other status (never valid) stays in, where the landing suites'
  status expectations fail on it, instead of disappearing unseen.
"""

from __future__ import annotations

from orchestration.ingestion.contract import SourceContract
from orchestration.ingestion.store import SCHEMA

WITHDRAWN = "Vervallen"


def record_key_columns(contract: SourceContract) -> tuple[str, ...]:
    """The record key (§3.1) as landing columns: om's `verdachte_id` lands as `suspect_key`."""
    return tuple(contract.column(k).landing_name for k in contract.record_key)


def current_versions_sql(contract: SourceContract) -> str:
    """A SELECT of the current, not withdrawn versions of `raw.landing_<source>`, with exactly the
    landing table's columns, in file and line order (so a steward's failing-row reference,
    `file_name` + `row_number`, is a real landing row)."""
    keys = ", ".join(record_key_columns(contract))
    return f"""
        SELECT * EXCLUDE (version_rank) FROM (
            SELECT *, rank() OVER (
                PARTITION BY {keys}
                ORDER BY gewijzigd_op DESC, delivery_date DESC, file_name DESC, "row_number" DESC
            ) AS version_rank
            FROM {SCHEMA}.{contract.landing_table}
        )
        WHERE version_rank = 1 AND status IS DISTINCT FROM '{WITHDRAWN}'
        ORDER BY file_name, "row_number"
    """
