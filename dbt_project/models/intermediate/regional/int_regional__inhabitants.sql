-- Inhabitants per region and period, for rates per 100,000. Provinces: seed
-- ref_bevolking_provincie (CBS, 1 January); the national figure is the sum of the provinces. The
-- seed holds only the years a public copy was found for, so each year of the reporting window
-- takes the nearest year the seed has (ties: the later one) and `inhabitants_year` says which.
-- For the whole window `inhabitant_years` adds the yearly figures, so victims / inhabitant_years is
-- the average yearly rate.
with sourced as (

    select
        'provincie' as region_type,
        provincie_code as region_code,
        jaar,
        inwoners
    from {{ ref('ref_bevolking_provincie') }}

    union all

    select
        'land',
        'NL',
        jaar,
        sum(inwoners)
    from {{ ref('ref_bevolking_provincie') }}
    group by jaar

),

window_years as (

    select unnest(range(
        {{ counted_span_start()[:4] }}, {{ counted_span_end()[:4] }} + 1
    )) as year

),

yearly as (

    select
        s.region_type,
        s.region_code,
        w.year,
        s.jaar as inhabitants_year,
        cast(s.inwoners as bigint) as inhabitants
    from window_years as w
    cross join sourced as s
    qualify row_number() over (
        partition by s.region_type, s.region_code, w.year
        order by abs(s.jaar - w.year), s.jaar desc
    ) = 1

)

select
    region_type,
    region_code,
    cast(year as varchar) as periode,
    cast(inhabitants_year as varchar) as inhabitants_year,
    inhabitants,
    inhabitants as inhabitant_years
from yearly

union all

select
    region_type,
    region_code,
    {{ counted_period() }},
    string_agg(distinct cast(inhabitants_year as varchar), ', ' order by cast(inhabitants_year as varchar)),
    cast(round(avg(inhabitants)) as bigint),
    cast(sum(inhabitants) as bigint)
from yearly
group by region_type, region_code
