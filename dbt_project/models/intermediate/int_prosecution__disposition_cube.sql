-- OM suspect-cases (P2) per registration year by the OM's disposition (P4; Sepot = technical +
-- policy, OM-afdoening = transaction + strafbeschikking, Nog niet afgedaan = none yet).
-- Disclosure-controlled (macros/disclosure.sql, cube 'prosecution_dispositions'); its Dagvaarding
-- cells are the totals of int_prosecution__judgment_cube (test assert_prosecution_cubes_agree).
{% set source_rows %}
    select
        cast(registration_year as varchar) as periode,
        coalesce(disposition_group, 'Nog niet afgedaan') as afdoening
    from {{ ref('prosecution_cases') }}
{% endset %}
{{ disclosure_cube('(' ~ source_rows ~ ')', 'prosecution_dispositions', 'suspect_cases') }}
