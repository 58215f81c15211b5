-- V1: the current, not withdrawn version of every IND event (README §3), with the event kind
-- (V3/V4) and the window flag. Rows dated before the window stay: they only link later
-- decisions (V4). The versioning rule itself: macros/record_versions.sql.
with current_records as (

    {{ current_records(source('ind', 'landing_ind'), ['gebeurtenis_id']) }}

)

select
    gebeurtenis_id as event_id,
    person_key,
    age_at_event,
    geslacht,
    nationaliteit,
    gebeurtenis,
    datum as event_date,
    cast(extract(year from datum) as integer) as event_year,
    {{ in_counted_span('datum') }} as is_in_counted_span,
    case
        when gebeurtenis in (
            'Aanvraag tijdelijk verblijf', 'Besluit tijdelijk verblijf',
            'Verlenging tijdelijk verblijf'
        ) then 'tijdelijk'
        when gebeurtenis in ('Aanvraag voortgezet verblijf', 'Besluit voortgezet verblijf') then 'voortgezet'
        when gebeurtenis = 'Bedenktijd verleend' then 'bedenktijd'
        else 'asiel'
    end as event_kind,
    -- V3: every event except Asielaanvraag is a scheme event
    gebeurtenis <> 'Asielaanvraag' as is_scheme_event,
    gebeurtenis in (
        'Besluit tijdelijk verblijf', 'Besluit voortgezet verblijf',
        'Verlenging tijdelijk verblijf'
    ) as is_decision,
    pad,
    grond,
    beslissing,
    fase,
    try_cast(bedenktijd_dagen as integer) as bedenktijd_dagen,
    uitbuitingsvorm,
    link_hash,
    gewijzigd_op,
    file_name,
    delivery_date,
    "row_number" as source_row_number
from current_records
