-- Shelter requests (R15: headline victim-years whose doel_melding is Verzoek opvang) counted by
-- period, trafficking form, province where found and first shelter (Figures 3.15/3.16), with a
-- total per dimension, disclosure-controlled as a whole (macros/disclosure.sql).
{%- set dims = cube_dimensions('shelter_requests') %}
with requests as (

    select periode, trafficking_form, province_code, first_shelter
    from {{ ref('int_regional__victims_found') }}
    where needs_shelter

),

cube as (

    {{ count_cube('requests', dims, {'requests': 'count(*)'}) }}

)

{{ suppress_small_counts('cube', dims, 'requests') }}
