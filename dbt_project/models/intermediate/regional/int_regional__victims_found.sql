-- One row per headline victim-year (R7) with where the victim was found: the municipality of
-- gemeente_aantreffen (R3 value of the person-year) and, through seed ref_gemeente, its province
-- and police unit. No municipality, or a code the seed does not know: 'Onbekend' (a region of its
-- own, so the regions still add up to the national total).
select
    v.person_key,
    v.registration_year,
    cast(v.registration_year as varchar) as periode,
    v.trafficking_form,
    v.origin_region,
    v.nationality,
    v.needs_shelter,
    v.first_shelter,
    v.municipality_found,
    g.gemeente_code is not null as is_municipality_known,
    coalesce(g.provincie_code, 'Onbekend') as province_code,
    coalesce(g.politie_eenheid, 'Onbekend') as police_unit_found
from {{ ref('int_registration__victim_years') }} as v
left join {{ ref('ref_gemeente') }} as g
    on v.municipality_found = g.gemeente_code
where v.is_headline
