-- P5 secondary measure: per current record, the earliest stored version with instantie =
-- Rechtbank and a vonnis (the first-instance judgment), over all stored versions (README §3.2)
-- delivered by the as-of date, if one is set (macros/record_versions.sql).
with first_instance as (

    select
        parketnummer || '|' || suspect_key as record_key,
        vonnis as first_instance_judgment,
        vonnisdatum as first_instance_judgment_date,
        row_number() over (
            partition by parketnummer, suspect_key
            order by gewijzigd_op asc, delivery_date asc, file_name asc, "row_number" asc
        ) as version_rank
    from {{ delivered_as_of(source('om', 'landing_om')) }} as landing
    where instantie = 'Rechtbank' and vonnis is not null

)

select
    f.record_key,
    f.first_instance_judgment,
    f.first_instance_judgment_date
from first_instance as f
inner join {{ ref('stg_om__verdachten_zaken') }} as c on f.record_key = c.record_key
where f.version_rank = 1
