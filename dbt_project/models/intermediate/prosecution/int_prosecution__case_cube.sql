-- OM suspect-cases (P2) per registration year, by the OM's disposition (P4; Sepot = technical +
-- policy, OM-afdoening = transaction + strafbeschikking, Nog niet afgedaan = none yet) and the
-- latest judgment of summoned cases (P5; Vonnis volgt = none yet; Niet gedagvaard for the other
-- dispositions). One cube for both charts, so that the summoned cases of a year (Dagvaarding /
-- Alle vonnissen) are one cell, hidden in both charts or in neither.
-- Disclosure-controlled (macros/disclosure.sql, cube 'prosecution_cases'); raw counts: build
-- database only.
{% set source_rows %}
    select
        cast(registration_year as varchar) as periode,
        coalesce(disposition_group, 'Nog niet afgedaan') as afdoening,
        case when disposition = 'Dagvaarding' then coalesce(judgment, 'Vonnis volgt') else 'Niet gedagvaard' end as vonnis
    from {{ ref('prosecution_cases') }}
{% endset %}
{{ disclosure_cube('(' ~ source_rows ~ ')', 'prosecution_cases', 'suspect_cases') }}
