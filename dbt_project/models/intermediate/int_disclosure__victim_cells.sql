-- The cells of every cube that counts victim-years, disclosure-controlled together (issue 13,
-- macros/disclosure.sql linked_cube_cells): Trends slachtoffers' cubes by form, gender, age group,
-- sub-3 population and nationality, and the regional cube. A period's headline total, or a year's
-- victims of one form or nationality, is one cell that several charts show: it is hidden in all of
-- them or in none, decided once over the cubes together. The headline cubes count victim-years
-- without sub-3 persons (population fixed), the sub-3 cube all of them. Raw counts: build database
-- only; the cube models int_trends__victim_*_cube and int_regional__victim_cube read their part.
with victim_years as (

    select
        cast(v.registration_year as varchar) as periode,
        v.trafficking_form,
        coalesce(v.gender, 'Onbekend') as gender,
        case when v.is_minor then 'Minderjarig' when not v.is_minor then 'Meerderjarig' else 'Leeftijd onbekend' end as age_group,
        case when v.is_sub3 then 'Sub-3-personen' else 'Slachtoffers (excl. sub-3)' end as population,
        coalesce(v.nationality, 'Onbekend') as nationality,
        f.origin_region,
        f.province_code,
        f.police_unit_found
    from {{ ref('victims') }} as v
    -- where the headline victims were found (sub-3 persons are only in the sub-3 cube, which
    -- has no regional dimension)
    left join {{ ref('int_regional__victims_found') }} as f
        on v.victim_id = f.person_key and v.registration_year = f.registration_year

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
