-- Victim-years per registration year, headline figures and sub-3 persons apart (Figure 3.2).
-- Disclosure-controlled (macros/disclosure.sql, cube 'victims_by_population'); raw counts: build database only.
{% set source_rows %}
    select
        cast(registration_year as varchar) as periode,
        case when is_sub3 then 'Sub-3-personen' else 'Slachtoffers (excl. sub-3)' end as population
    from {{ ref('victims') }}
{% endset %}
{{ disclosure_cube('(' ~ source_rows ~ ')', 'victims_by_population', 'victims') }}
