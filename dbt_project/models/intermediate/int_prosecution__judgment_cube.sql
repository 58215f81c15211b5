-- Summoned OM suspect-cases (disposition Dagvaarding) per registration year by their latest
-- judgment (P5; Vonnis volgt = none yet). Disclosure-controlled (macros/disclosure.sql, cube
-- 'prosecution_judgments'); its totals are the Dagvaarding cells of int_prosecution__disposition_cube.
{% set source_rows %}
    select
        cast(registration_year as varchar) as periode,
        coalesce(judgment, 'Vonnis volgt') as vonnis
    from {{ ref('prosecution_cases') }}
    where disposition = 'Dagvaarding'
{% endset %}
{{ disclosure_cube('(' ~ source_rows ~ ')', 'prosecution_judgments', 'suspect_cases') }}
