-- One row per victim-year (contract R2: a person-year with at least one qualifying melding),
-- sub-3 included and flagged, with every derivation of R4-R16.
with person_years as (

    select * from {{ ref('int_registration__person_years') }}
    where not alleen_verrijking

),

sectors as (

    select * from {{ ref('int_registration__victim_sectors') }}

),

reporters as (

    select * from {{ ref('int_registration__victim_reporters') }}

),

nationalities as (

    select
        naam,
        herkomstregio,
        eu_vanaf_2004
    from {{ ref('ref_nationaliteit') }}

),

derived as (

    select
        p.person_key,
        p.registration_year,

        -- R5: route from the R3 nationality.
        case
            when p.nationaliteit = 'Nederland' then 'BL'
            when p.nationaliteit = 'Onbekend' then 'Onbekend'
            else 'GO'
        end as route_code,
        coalesce(s.exploitation_form, 'Onbekend') as exploitation_form,
        s.prostitution_sector,
        s.visibility,
        s.non_sex_sector,
        s.non_sex_sector_type,
        coalesce(s.not_yet_worked_su, false) as not_yet_worked_su,
        coalesce(s.not_yet_worked_ubs, false) as not_yet_worked_ubs,
        coalesce(s.has_su, false) as has_su,
        coalesce(s.has_ubs, false) as has_ubs,

        coalesce(r.reporter_set, '') as reporter_set,
        coalesce(r.reporter_count, 0) as reporter_count,
        coalesce(r.is_kmar_only, false) as is_kmar_only,
        coalesce(r.is_emm_only, false) as is_emm_only,
        coalesce(r.is_emm_with_other, false) as is_emm_with_other,
        coalesce(r.reported_without_legal_basis, false) as reported_without_legal_basis,
        coalesce(r.only_without_legal_basis, false) as only_without_legal_basis,
        coalesce(r.only_care_coordinator, false) as only_care_coordinator,
        r.reporter_region,

        p.geslacht,
        coalesce(g.gender, 'Onbekend') as gender,
        p.age,
        p.nationaliteit as nationality,
        coalesce(n.herkomstregio, 'Onbekend') as origin_region,
        coalesce(n.eu_vanaf_2004 = 'ja', false) as is_eu_since_2004,
        p.doel_melding as report_purpose,
        p.is_shelter_request as needs_shelter,
        p.eerste_opvang,
        p.aangifte as police_report,
        coalesce(a.police_report_category, 'Onbekend') as police_report_category,
        a.is_possible_police_report,
        coalesce(p.uitzendbureau = 'Ja', false) as temp_agency,
        p.kmar_regio as kmar_region,
        p.gemeente_aantreffen as municipality_found,
        p.land_werving as recruitment_country,
        p.land_uitbuiting as exploitation_country,
        p.link_hash,
        coalesce(p.is_link_key_ambiguous, false) as is_link_key_ambiguous,
        p.conflict_geslacht as conflict_gender,
        p.conflict_nationaliteit as conflict_nationality,
        p.conflict_age,
        p.conflict_aangifte as conflict_police_report,
        p.conflict_link_hash as conflict_link_key,
        p.melding_count,
        p.melder_types,
        p.police_units
    from person_years as p
    left join sectors as s
        on p.person_key = s.person_key and p.registration_year = s.registration_year
    left join reporters as r
        on p.person_key = r.person_key and p.registration_year = r.registration_year
    left join nationalities as n
        on p.nationaliteit = n.naam
    left join {{ ref('ref_geslacht') }} as g
        on p.geslacht = g.geslacht
    left join {{ ref('ref_aangifte') }} as a
        on p.aangifte = a.aangifte

)

select
    person_key,
    registration_year,
    case route_code
        when 'BL' then 'Binnenlands'
        when 'GO' then 'Grensoverschrijdend'
        else 'Onbekend'
    end as trafficking_route,
    -- R6: SU (also SU en UBS: decision of the contract) or UBS, with BL or GO.
    case
        when exploitation_form = 'Onbekend' or route_code = 'Onbekend' then 'Onbekend'
        when exploitation_form in ('Alleen SU', 'SU en UBS') then route_code || '-SU'
        else route_code || '-UBS'
    end as trafficking_form,
    exploitation_form,
    -- R7: KMar-only with Alleen SU or an unknown form; KMar-only with any UBS is not sub-3.
    {{ is_sub3('is_kmar_only', 'exploitation_form') }} as is_sub3,
    {{ is_headline('is_kmar_only', 'exploitation_form') }} as is_headline,
    is_kmar_only,
    is_emm_only,
    is_emm_with_other,
    gender,
    age,
    -- R12
    {{ age_band('age') }} as age_band,
    age < 18 as is_minor,
    case
        when age is null then 'Onbekend'
        when age < 18 then 'Minderjarig'
        else 'Meerderjarig'
    end as minor_status,
    nationality,
    -- R14
    origin_region,
    is_eu_since_2004,
    -- R11 imputation factor herkomstregio_4 (NULL = unknown)
    case
        when nationality = 'Onbekend' then null
        when nationality = 'Nederland' then 'Nederland'
        when is_eu_since_2004 then 'EU vanaf 2004'
        when origin_region = 'Afrika' then 'Afrika'
        else 'Overig'
    end as origin_region_4,
    reporter_region,
    has_su,
    has_ubs,
    prostitution_sector,
    visibility,
    non_sex_sector,
    non_sex_sector_type,
    not_yet_worked_su,
    not_yet_worked_ubs,
    temp_agency,
    -- R10 temp-agency base: UBS victims whose sector is labour, Overige arbeid or Onbekend.
    has_ubs and non_sex_sector_type in ('Arbeidsuitbuiting', 'Onbekend') as is_temp_agency_base,
    -- R15
    report_purpose,
    needs_shelter,
    case when needs_shelter then coalesce(eerste_opvang, 'Onbekend') end as first_shelter,
    -- R16
    police_report,
    police_report_category,
    is_possible_police_report,
    reporter_set,
    reporter_count,
    -- R13
    reported_without_legal_basis,
    only_without_legal_basis,
    only_care_coordinator,
    kmar_region,
    municipality_found,
    recruitment_country,
    exploitation_country,
    -- README §8: an ambiguous key is not used for linking.
    case when not is_link_key_ambiguous then link_hash end as link_hash,
    link_hash is not null and not is_link_key_ambiguous as has_link_key,
    is_link_key_ambiguous,
    conflict_gender,
    conflict_nationality,
    conflict_age,
    conflict_police_report,
    conflict_link_key,
    melding_count,
    melder_types,
    police_units
from derived
