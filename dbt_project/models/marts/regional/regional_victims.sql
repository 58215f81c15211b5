-- Victims found per province and per police unit, per period and trafficking form, absolute and
-- per 100,000 inhabitants (issue 4; Figures 3.13/3.14 compare regions). Cut from the disclosure-
-- controlled cube int_regional__victim_cube: a hidden count and its rate are NULL, and the label
-- says why ("< 5", or "x" for a cell hidden so that a total cannot give a small one away).
with cube as (

    select *
    from {{ ref('int_regional__victim_cube') }}
    where
        origin_region = 'Alle regio''s'
        and nationality = 'Alle nationaliteiten'

),

regions as (

    select
        case when province_code = 'NL' then 'land' else 'provincie' end as region_type,
        province_code as region_code,
        *
    from cube
    where police_unit_found = 'Nederland'

    union all

    select
        'politie-eenheid',
        police_unit_found,
        *
    from cube
    where province_code = 'NL' and police_unit_found <> 'Nederland'

)

select
    r.region_type,
    r.region_code,
    case
        when r.region_type = 'land' then 'Nederland'
        when r.region_type = 'provincie' then coalesce(p.provincie_naam, 'Onbekend')
        else r.region_code
    end as region_name,
    r.periode,
    {{ period_year('r.periode') }} as registration_year,
    r.trafficking_form,
    {{ disclosed_count('victims', 'victims', cell='r') }},
    i.inhabitants,
    i.inhabitants_year,
    case
        when not r.is_suppressed and i.inhabitant_years > 0
            then round(r.victims * 100000.0 / i.inhabitant_years, 2)
    end as victims_per_100k
from regions as r
left join {{ ref('ref_provincie') }} as p
    on r.region_type = 'provincie' and r.region_code = p.provincie_code
left join {{ ref('int_regional__inhabitants') }} as i
    on r.region_type = i.region_type and r.region_code = i.region_code and r.periode = i.periode
