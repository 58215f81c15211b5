-- One row per edition (seed ref_edition) with whether the warehouse has data for it and the edition
-- it is compared with. An edition has data when a CoMensha delivery (the source of the headline
-- count) was loaded dated after the previous edition's data date and on or before its own: before
-- that, counting it would only repeat the previous edition. It is compared with the newest earlier
-- edition that has data, so a revision always spans two editions the warehouse can count.
with editions as (

    select
        edition,
        first_year,
        last_year,
        data_date,
        lag(data_date) over (order by data_date) as previous_data_date
    from {{ ref('ref_edition') }}

),

deliveries as (

    select delivery_date
    from {{ delivered_as_of(source('landing', 'load_log')) }}
    where status = 'geladen' and source = 'comensha'

),

with_data as (

    select
        e.*,
        exists(
            select 1
            from deliveries as d
            where
                d.delivery_date <= e.data_date
                and (e.previous_data_date is null or d.delivery_date > e.previous_data_date)
        ) as has_data
    from editions as e

)

select
    edition,
    first_year,
    last_year,
    data_date,
    has_data,
    -- the newest earlier edition with data (null for the first, or when none had data)
    max(case when has_data then edition end) over (
        order by data_date rows between unbounded preceding and 1 preceding
    ) as previous_edition
from with_data
