-- The cells of every cube that counts victim-years, disclosure-controlled together (issue 13,
-- macros/disclosure.sql linked_cube_cells): Trends slachtoffers' cubes by form, gender, age group,
-- sub-3 population and nationality, and the regional cube. A period's headline total, or a year's
-- victims of one form or nationality, is one cell that several charts show: it is hidden in all of
-- them or in none, decided once over the cubes together. The headline cubes count victim-years
-- without sub-3 persons (population fixed), the sub-3 cube all of them. Raw counts: build database
-- only; the cube models int_trends__victim_*_cube and int_regional__victim_cube read their part.
with victim_years as (

    -- every victim-year with its coordinates in these cubes (one place for the labels)
    select * exclude (victim_id, registration_year) from {{ ref('int_disclosure__victim_years') }}

)

{%- set headline = {'population': "'Slachtoffers (excl. sub-3)'"} %}
{{ linked_cube_cells('victim_years', [
    {'name': 'victims_by_form', 'fixed': headline},
    {'name': 'victims_by_gender', 'fixed': headline},
    {'name': 'victims_by_age', 'fixed': headline},
    {'name': 'victims_by_nationality', 'fixed': headline},
    {'name': 'victims_by_population'},
    {'name': 'regional_victims', 'fixed': headline},
], 'victims') }}
