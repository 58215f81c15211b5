-- Bedenktijd granted per decision year, in the reporting window (residence.md V4), and the window
-- total. Disclosure-controlled (macros/disclosure.sql, cube 'reflection_periods'); raw counts: build
-- database only.
{% set source_rows %}
    select cast(decision_year as varchar) as periode
    from {{ ref('residence_decisions') }}
    where residence_type = 'bedenktijd' and is_in_counted_span
{% endset %}
{{ disclosure_cube('(' ~ source_rows ~ ')', 'reflection_periods', 'decisions') }}
