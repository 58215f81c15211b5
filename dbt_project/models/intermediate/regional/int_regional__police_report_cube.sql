-- Police meldingen per police unit (R9, Figure 3.13 grain: distinct victim, year, unit) by period
-- and trafficking form, with totals, disclosure-controlled (macros/disclosure.sql).
{%- set dims = cube_dimensions('police_reports') %}
with reports as (

    select cast(registration_year as varchar) as periode, trafficking_form, police_unit
    from {{ ref('police_unit_reports') }}

),

cube as (

    {{ count_cube('reports', dims, {'police_reports': 'count(*)'}) }}

)

{{ suppress_small_counts('cube', dims, 'police_reports') }}
