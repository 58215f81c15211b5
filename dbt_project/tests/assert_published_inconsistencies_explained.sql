-- A figure flagged as inconsistent in the report carries its explanation, and only flagged figures do.
select figure_id
from {{ ref('published_figures') }}
where is_report_inconsistent is distinct from (coalesce(inconsistency_note, '') <> '')
