-- Exploitation form (contract R4), reported sector (R10) and visibility (R11) per victim-year.
with victim_years as (

    select
        person_key,
        registration_year,
        sector_set,
        subsector_set,
        {{ has_su('sector_set') }} as has_su,
        {{ has_ubs('sector_set') }} as has_ubs
    from {{ ref('int_registration__person_years') }}
    where not alleen_verrijking

),

-- reported categories present: from the subsectors (contract §3 "reported as"), plus
-- Orgaanhandel when the sector Orgaanhandel is present (R10).
categories as (

    select distinct
        v.person_key,
        v.registration_year,
        s.reported_category
    from victim_years as v
    cross join unnest(v.subsector_set) as u (subsector)
    inner join {{ ref('ref_subsector') }} as s
        on u.subsector = s.subsector

    union

    select
        person_key,
        registration_year,
        'Orgaanhandel' as reported_category
    from victim_years
    where list_contains(sector_set, 'Orgaanhandel')

),

-- R10: the first category present in the fixed hierarchy (rank 1 wins).
prostitution as (

    {{ first_in_hierarchy('categories', ref('ref_prostitution_sector'), 'prostitution_sector') }}

),

non_sex as (

    {{ first_in_hierarchy('categories', ref('ref_non_sex_sector'), 'non_sex_sector') }}

)

select
    v.person_key,
    v.registration_year,
    v.sector_set,
    v.subsector_set,
    v.has_su,
    v.has_ubs,
    -- R4
    {{ exploitation_form('v.has_su', 'v.has_ubs') }} as exploitation_form,
    -- R10 / R11: only for SU victims (Alleen SU, SU en UBS); NULL otherwise.
    case when v.has_su then coalesce(p.prostitution_sector, 'Onbekend') end as prostitution_sector,
    case when v.has_su then coalesce(ps.visibility, 'Onbekend') end as visibility,
    -- R10: only for UBS victims (Alleen UBS, SU en UBS); NULL otherwise.
    case when v.has_ubs then coalesce(n.non_sex_sector, 'Onbekend') end as non_sex_sector,
    case when v.has_ubs then coalesce(ns.non_sex_sector_type, 'Onbekend') end as non_sex_sector_type,
    -- R10: subsector Nog niet gewerkt present and the SU (UBS) category is Onbekend.
    coalesce(
        v.has_su and p.prostitution_sector is null
        and list_contains(v.subsector_set, 'Nog niet gewerkt'), false
    ) as not_yet_worked_su,
    coalesce(
        v.has_ubs and n.non_sex_sector is null
        and list_contains(v.subsector_set, 'Nog niet gewerkt'), false
    ) as not_yet_worked_ubs
from victim_years as v
left join prostitution as p
    on v.person_key = p.person_key and v.registration_year = p.registration_year
left join {{ ref('ref_prostitution_sector') }} as ps
    on p.prostitution_sector = ps.prostitution_sector
left join non_sex as n
    on v.person_key = n.person_key and v.registration_year = n.registration_year
left join {{ ref('ref_non_sex_sector') }} as ns
    on n.non_sex_sector = ns.non_sex_sector
