-- Contract R9: one row per counted melding = distinct (victim, registration year, melder_type)
-- over the headline victim-years (is_sub3 = false), melder Onbekend left out. More meldingen of
-- one melder group in one person-year count once; enrichment meldingen of a victim-year count (R2).
with headline as (

    {{ headline_victim_years() }}

),

melder_years as (

    select distinct
        person_key,
        registration_year,
        melder_type
    from {{ ref('stg_comensha__meldingen') }}
    where
        is_in_counted_span
        and melder_type <> 'Onbekend'

)

select
    h.person_key as victim_id,
    cast(h.registration_year as integer) as registration_year,
    {{ victim_year_id('h.person_key', 'h.registration_year') }} as victim_year_id,
    m.melder_type as reporter_group,
    -- R13
    t.colour as reporter_colour,
    t.has_legal_basis,
    h.trafficking_form
from melder_years as m
inner join headline as h
    on m.person_key = h.person_key and m.registration_year = h.registration_year
inner join {{ ref('ref_melder_type') }} as t
    on m.melder_type = t.melder_type
