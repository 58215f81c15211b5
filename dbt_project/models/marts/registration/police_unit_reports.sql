-- Contract R9, Figure 3.13: one row per distinct (victim, registration year, politie_eenheid)
-- over the Politie meldingen of headline victim-years; Onbekend counts as a unit value.
with headline as (

    {{ headline_victim_years() }}

),

unit_years as (

    select distinct
        person_key,
        registration_year,
        politie_eenheid
    from {{ ref('stg_comensha__meldingen') }}
    where
        is_in_counted_span
        and melder_type = 'Politie'

)

select
    h.person_key as victim_id,
    cast(h.registration_year as integer) as registration_year,
    {{ victim_year_id('h.person_key', 'h.registration_year') }} as victim_year_id,
    coalesce(u.politie_eenheid, 'Onbekend') as police_unit,
    h.trafficking_form
from unit_years as u
inner join headline as h
    on u.person_key = h.person_key and u.registration_year = h.registration_year
