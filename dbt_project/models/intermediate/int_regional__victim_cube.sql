-- Headline victim-years counted over every combination of period, trafficking form, origin
-- region, nationality, province and police unit where found, with a total for each dimension
-- (macros/disclosure.sql count_cube), and the disclosure control applied to the whole cube at once:
-- the regional marts and the route mart are all cut from this one cube, so no cell hidden in one
-- of them can be recovered from another (a province total is the same cell everywhere).
-- The raw count stays here, in the build database only; the marts publish it only where shown.
{%- set dims = cube_dimensions('regional_victims') %}
with victims_found as (

    select * from {{ ref('int_regional__victims_found') }}

),

cube as (

    {{ count_cube('victims_found', dims, {'victims': 'count(*)'}) }}

)

{{ suppress_small_counts('cube', dims, 'victims') }}
