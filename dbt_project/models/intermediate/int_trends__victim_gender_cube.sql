-- Headline victim-years (no sub-3 persons) per registration year and gender (Trends slachtoffers).
-- Disclosure-controlled (macros/disclosure.sql, cube 'victims_by_gender'); raw counts: build database only.
{% set source_rows %}
    select cast(registration_year as varchar) as periode, coalesce(gender, 'Onbekend') as gender
    from {{ ref('victims') }}
    where not is_sub3
{% endset %}
{{ disclosure_cube('(' ~ source_rows ~ ')', 'victims_by_gender', 'victims') }}
