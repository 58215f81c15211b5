-- Persons of the route population (Figure 4.2, V5) per group year, start point and route group.
-- Disclosure-controlled (macros/disclosure.sql, cube 'residence_routes'); raw counts: build database only.
{% set source_rows %}
    select
        cast(group_year as varchar) as periode,
        case start_point
            when 'bedenktijd' then 'Start: bedenktijd'
            when 'direct tijdelijk verblijf' then 'Start: direct tijdelijk verblijf'
            else 'Start: tijdelijk verblijf vóór 2013'
        end as startpunt,
        cast(route_group as varchar) || '. ' || route_group_label as uitkomst
    from {{ ref('residence_routes') }}
    where is_in_population
{% endset %}
{{ disclosure_cube('(' ~ source_rows ~ ')', 'residence_routes', 'persons') }}
