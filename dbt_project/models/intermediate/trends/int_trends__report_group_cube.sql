-- Counted meldingen (a victim once per reporter group per year, R9) per registration year and reporter group.
-- Disclosure-controlled (macros/disclosure.sql, cube 'reports_by_group'); raw counts: build database only.
{% set source_rows %}
    select cast(registration_year as varchar) as periode, reporter_group
    from {{ ref('reports') }}
{% endset %}
{{ disclosure_cube('(' ~ source_rows ~ ')', 'reports_by_group', 'reports') }}
