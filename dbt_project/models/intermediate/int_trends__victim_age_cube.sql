-- Headline victim-years (no sub-3 persons) per registration year and age group (minor at the melding or not; unknown age apart).
-- Disclosure-controlled (macros/disclosure.sql, cube 'victims_by_age'); raw counts: build database only.
{% set source_rows %}
    select
        cast(registration_year as varchar) as periode,
        case when is_minor then 'Minderjarig' when not is_minor then 'Meerderjarig' else 'Leeftijd onbekend' end as age_group
    from {{ ref('victims') }}
    where not is_sub3
{% endset %}
{{ disclosure_cube('(' ~ source_rows ~ ')', 'victims_by_age', 'victims') }}
