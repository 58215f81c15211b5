-- A figure flagged as inconsistent in the report carries its explanation, and only flagged figures do.
-- Reads only seeds: runs beside the unit tests, not in every build (orchestration/assets/dbt.py).
{{ config(tags=['reference_data']) }}
select figure_id
from {{ ref('published_figures') }}
where is_report_inconsistent is distinct from (coalesce(inconsistency_note, '') <> '')
