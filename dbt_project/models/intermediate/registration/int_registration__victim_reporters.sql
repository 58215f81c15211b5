-- Melder set and the flags built on it, per victim-year: R7 (melder set, KMar-only), R8 (EMM),
-- R13 (legal basis) and the R11 imputation factor melder_naar_regio.
with victim_years as (

    select
        person_key,
        registration_year,
        melder_types,
        police_units
    from {{ ref('int_registration__person_years') }}
    where not alleen_verrijking

),

legal_basis as (

    select
        v.person_key,
        v.registration_year,
        bool_or(not t.has_legal_basis) as has_melder_without_legal_basis,
        bool_and(not t.has_legal_basis) as all_melders_without_legal_basis
    from victim_years as v
    cross join unnest(v.melder_types) as u (melder_type)
    inner join {{ ref('ref_melder_type') }} as t
        on u.melder_type = t.melder_type
    group by v.person_key, v.registration_year

),

police as (

    select
        v.person_key,
        v.registration_year,
        count(*) as police_unit_count,
        bool_and(coalesce(e.is_regional_unit, false)) as all_regional
    from victim_years as v
    cross join unnest(v.police_units) as u (police_unit)
    left join {{ ref('ref_politie_eenheid') }} as e
        on u.police_unit = e.police_unit
    group by v.person_key, v.registration_year

)

select
    v.person_key,
    v.registration_year,
    v.melder_types,
    -- sorted melder types (binary order) without Onbekend, joined by ', '; '' when none.
    array_to_string(v.melder_types, ', ') as reporter_set,
    cast(len(v.melder_types) as integer) as reporter_count,
    v.police_units,
    -- R7
    {{ is_kmar_only('v.melder_types') }} as is_kmar_only,
    -- R8
    v.melder_types = ['EMM'] as is_emm_only,
    list_contains(v.melder_types, 'EMM') and len(v.melder_types) > 1 as is_emm_with_other,
    -- R13
    coalesce(l.has_melder_without_legal_basis, false) as reported_without_legal_basis,
    coalesce(l.all_melders_without_legal_basis, false) as only_without_legal_basis,
    v.melder_types = ['Zorgcoördinator'] as only_care_coordinator,
    -- R11 factor melder_naar_regio: the unit when all Politie meldingen come from exactly one
    -- regional unit; Politie overig for Landelijke Eenheid, Onbekend or more than one unit;
    -- Overige melder when there is no Politie melding; unknown (NULL) when no melder is known.
    case
        when p.police_unit_count = 1 and p.all_regional then v.police_units[1]
        when p.police_unit_count >= 1 then 'Politie overig'
        when len(v.melder_types) > 0 then 'Overige melder'
    end as reporter_region
from victim_years as v
left join legal_basis as l
    on v.person_key = l.person_key and v.registration_year = l.registration_year
left join police as p
    on v.person_key = p.person_key and v.registration_year = p.registration_year
