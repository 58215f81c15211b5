-- V2 person attributes, V8 age at the last scheme event, V10 region, V11 link key.
-- Most recent = latest datum, then the highest gebeurtenis_id (plain character order).
-- Unknown values (NULL, Onbekend) never win; conflict_<column> when the known values differ.
with events as (

    select * from {{ ref('stg_ind__gebeurtenissen') }}

),

attributes as (

    select
        person_key,
        {%- for column in ['geslacht', 'nationaliteit', 'uitbuitingsvorm'] %}
            first({{ column }} order by event_date desc, event_id desc)
            filter (where {{ column }} is not null and {{ column }} <> 'Onbekend') as {{ column }},
            count(distinct {{ column }})
            filter (where {{ column }} is not null and {{ column }} <> 'Onbekend') > 1 as conflict_{{ column }},
        {%- endfor %}
        first(link_hash order by event_date desc, event_id desc) filter (where link_hash is not null) as link_hash,
        count(distinct link_hash) > 1 as conflict_koppelsleutel,
        -- V8: age on the latest scheme event in W that has an age
        first(age_at_event order by event_date desc, event_id desc)
        filter (where is_scheme_event and is_in_counted_span and age_at_event is not null) as age_at_last_event,
        max(event_year - age_at_event) filter (where age_at_event is not null)
        - min(event_year - age_at_event) filter (where age_at_event is not null) > 1 as conflict_leeftijd
    from events
    group by person_key

),

-- README §8: one key on two persons is ambiguous and is not used for linking. Counted over
-- every event that carries the key, as CoMensha does (int_registration__person_years): a key on
-- an older event of one person and the latest event of another is on two persons, even though
-- only the second resolves to it (found by tests/integration/test_generated_deliveries.py).
key_use as (

    select
        link_hash,
        count(distinct person_key) as person_count
    from events
    where link_hash is not null
    group by link_hash

)

select
    a.person_key,
    coalesce(a.geslacht, 'Onbekend') as gender,
    coalesce(a.nationaliteit, 'Onbekend') as nationality,
    -- V10: IND has no region Nederland; Nederland -> EU
    case
        when coalesce(a.nationaliteit, 'Onbekend') = 'Nederland' then 'EU'
        else coalesce(n.herkomstregio, 'Onbekend')
    end as origin_region,
    coalesce(a.uitbuitingsvorm, 'Onbekend') as exploitation_form,
    a.age_at_last_event,
    {{ age_band('a.age_at_last_event') }} as age_band,
    case when coalesce(k.person_count, 0) > 1 then null else a.link_hash end as link_hash,
    a.link_hash is not null and coalesce(k.person_count, 0) <= 1 as has_link_key,
    coalesce(k.person_count, 0) > 1 as is_link_key_ambiguous,
    coalesce(a.conflict_geslacht, false) as conflict_gender,
    coalesce(a.conflict_nationaliteit, false) as conflict_nationality,
    coalesce(a.conflict_uitbuitingsvorm, false) as conflict_exploitation_form,
    coalesce(a.conflict_koppelsleutel, false) as conflict_link_key,
    coalesce(a.conflict_leeftijd, false) as conflict_age
from attributes as a
left join {{ ref('ref_nationaliteit') }} as n
    on a.nationaliteit = n.naam
left join key_use as k
    on a.link_hash = k.link_hash
