-- Per edition, the victim-years of its five registration years as of its data date, with the
-- headline flag: the count of int_registration__victim_years (contract R1, R2, R4, R7), with the
-- same rule macros (macros/registration.sql), over each edition's own versions of the records
-- instead of the current ones and over the edition's years instead of the reporting window var.
with meldingen as (

    select
        v.edition,
        v.person_key,
        v.registration_year,
        v.melder_type,
        v.sector,
        not {{ is_enrichment_melding('v.melder_type', 'v.emm_rol') }} as is_qualifying
    from {{ ref('int_editions__record_versions') }} as v
    inner join {{ ref('ref_edition') }} as e
        on v.edition = e.edition
    where
        v.status = 'Actief'
        and v.registration_year between e.first_year and e.last_year

),

person_years as (

    select
        edition,
        person_key,
        registration_year,
        -- R2: a person-year with only enrichment meldingen is not a victim.
        bool_or(is_qualifying) as is_victim,
        {{ sector_set('sector') }} as sector_set,
        {{ melder_set('melder_type') }} as melder_types
    from meldingen
    group by edition, person_key, registration_year

),

forms as (

    select
        edition,
        person_key,
        registration_year,
        {{ exploitation_form(has_su('sector_set'), has_ubs('sector_set')) }} as exploitation_form,
        {{ is_kmar_only('melder_types') }} as is_kmar_only
    from person_years
    where is_victim

)

select
    edition,
    person_key,
    registration_year,
    exploitation_form,
    {{ is_headline('is_kmar_only', 'exploitation_form') }} as is_headline
from forms
