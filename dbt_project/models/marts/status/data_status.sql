-- "Stand van de gegevens" (issue 15): per source the newest delivery the published marts are built
-- from, and when they were built, for the line at the top of every dashboard (and the stewards'
-- Datakwaliteit). A delivery counts once it is loaded (status `geladen`, contracts/README.md §10):
-- a refused file adds no row to any mart. A blocked build publishes nothing, so the line on the
-- dashboards stays that of the warehouse they show. Every source has a row, also before its first
-- delivery (dates empty). No person data: file names and dates only. A build as of a date (issue 17)
-- counts only the deliveries dated on or before it, and says so in as_of_date. counted_edition and
-- counted_period (issue 17, "Dashboards through 2025"): the edition the build counts and the label
-- of the span its marts count (macros/reporting_window.sql), where the dashboards take their
-- default edition and period from (superset/bootstrap.py), so no asset names a fixed period.
with sources (source, source_label, sort_order) as (
    values ('comensha', 'CoMensha', 1), ('ind', 'IND', 2), ('om', 'OM', 3)
),

loaded as (
    select
        source,
        max(delivery_date) as last_delivery_date,
        arg_max(file_name, delivery_date) as last_delivery_file,
        count(*) as deliveries_loaded
    from {{ delivered_as_of(source('landing', 'load_log')) }}
    where status = 'geladen'
    group by source
)

select
    s.source,
    s.source_label,
    s.sort_order,
    l.last_delivery_date,
    l.last_delivery_file,
    coalesce(l.deliveries_loaded, 0) as deliveries_loaded,
    {{ as_of_date() }} as as_of_date,
    w.edition as counted_edition,
    -- the label of the span the marts count, as macros/reporting_window.sql counted_period writes it
    year(w.span_start) || '-' || year(w.span_end) as counted_period,
    -- the wall-clock time in the Netherlands, where the analysts read it (the zone: dbt_project.yml)
    timezone('{{ var("local_time_zone") }}', current_timestamp)::timestamp as built_at
from sources as s
left join loaded as l using (source)
cross join {{ ref('int_editions__reporting_window') }} as w
