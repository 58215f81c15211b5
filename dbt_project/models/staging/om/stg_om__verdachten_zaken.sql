-- The current, not withdrawn version of every OM record (one suspect in one case), rule P1 of
-- contracts/prosecution.md (README §3): latest gewijzigd_op wins, a tie goes to the later delivery
-- (macros/record_versions.sql).
with current_records as (

    {{ current_records(source('om', 'landing_om'), ['parketnummer', 'suspect_key']) }}

)

select
    parketnummer,
    suspect_key,
    parketnummer || '|' || suspect_key as record_key,
    inschrijfdatum,
    cast(extract(year from inschrijfdatum) as integer) as registration_year,
    {{ in_counted_span('inschrijfdatum') }} as is_in_counted_span,
    age_at_registration,
    geslacht,
    nationaliteit,
    parket,
    wetsartikel,
    uitbuitingsvorm,
    afdoening,
    afdoeningsdatum,
    vonnis,
    vonnisdatum,
    instantie,
    strafsoort,
    strafduur_dagen,
    aantal_slachtoffers,
    coalesce(list_distinct(victim_link_hashes), cast([] as varchar[])) as victim_link_hashes,
    gewijzigd_op,
    file_name,
    delivery_date,
    "row_number" as source_row_number
from current_records
