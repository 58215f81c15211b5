-- Headline victim-years (no sub-3 persons) per registration year and trafficking form (Trends slachtoffers).
-- Disclosure-controlled (macros/disclosure.sql, cube 'victims_by_form'); raw counts: build database only.
{% set source_rows %}
    select cast(registration_year as varchar) as periode, trafficking_form
    from {{ ref('victims') }}
    where not is_sub3
{% endset %}
{{ disclosure_cube('(' ~ source_rows ~ ')', 'victims_by_form', 'victims') }}
