-- The current, not withdrawn version of every CoMensha melding (contract R1, README §3),
-- with the staging defaults of contract §2 and the R2 melding attributes. The versioning and
-- withdrawal rule itself: macros/record_versions.sql. `melder_type` is the reporter group in
-- series (seed ref_melder_type): NLA, the code of the labour inspectorate from 2022 on, counts as
-- ISZW-DO in every rule and series (contract addendum later-years.md §3); the code as delivered
-- stays in `delivered_melder_type`.
with current_records as (

    {{ current_records(source('landing', 'landing_comensha'), ['melding_id']) }}

),

in_series as (

    select
        r.*,
        t.series_melder_type
    from current_records as r
    left join {{ ref('ref_melder_type') }} as t
        on r.melder_type = t.melder_type

)

select
    melding_id,
    person_key,
    datum_melding,
    {{ registration_year('datum_melding') }} as registration_year,
    {{ in_counted_span('datum_melding') }} as is_in_counted_span,
    age_at_report,
    geslacht,
    nationaliteit,
    series_melder_type as melder_type,
    melder_type as delivered_melder_type,
    melder_organisatie,
    case when melder_type = 'Politie' then coalesce(politie_eenheid, 'Onbekend') end as politie_eenheid,
    case when melder_type = 'KMar' then coalesce(kmar_regio, 'Onbekend') end as kmar_regio,
    emm_rol,
    -- R2: an EMM melding for a witness or a person involved only enriches.
    {{ is_enrichment_melding('melder_type', 'emm_rol') }} as is_enrichment,
    not {{ is_enrichment_melding('melder_type', 'emm_rol') }} as is_qualifying,
    gemeente_aantreffen,
    sector,
    coalesce(subsector, cast([] as varchar[])) as subsector,
    land_werving,
    land_uitbuiting,
    uitzendbureau,
    doel_melding,
    eerste_opvang,
    coalesce(aangifte, 'Onbekend') as aangifte,
    link_hash,
    gewijzigd_op,
    file_name,
    delivery_date,
    "row_number" as source_row_number
from in_series
