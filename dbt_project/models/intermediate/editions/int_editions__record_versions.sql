-- Per edition, the newest version of every CoMensha melding delivered on or before the edition's
-- data date, withdrawn ones included (status Vervallen): the records as each edition counted them
-- (contracts/README.md §3; macros/record_versions.sql, delivered_by_edition and latest_versions).
-- Only the columns the headline count reads (contract R1, R2, R4, R7), so a correction of another
-- field, which cannot move the headline, does not show as a reason for a revision. Editions
-- without data (int_editions__editions) are left out: they would only repeat the previous one.
with editions as (

    select
        edition,
        data_date
    from {{ ref('int_editions__editions') }}
    where has_data

),

versions as (

    {{ latest_versions(
        delivered_by_edition(delivered_as_of(source('landing', 'landing_comensha')), 'editions'),
        ['edition', 'melding_id']
    ) }}

)

select
    edition,
    melding_id,
    status,
    person_key,
    datum_melding,
    {{ registration_year('datum_melding') }} as registration_year,
    melder_type,
    emm_rol,
    sector
from versions
