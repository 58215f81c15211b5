-- Demand for shelter against specialised places per province, per period and trafficking form (issue 4; report 004 finds 160 places
-- against 868 requests in one year). Demand: all shelter requests of victims found in the province
-- (mart `shelter`, so hidden counts stay hidden). Places: the place lines of seed
-- ref_opvang_capaciteit located in the province, as a range (the report prints "1 tot 3"), by place
-- type. Lines without a province (national or location not printed) form the row 'Landelijk of
-- onbekend'. The places are the inventory of about 2025; the requests those of the period.
with places as (

    select
        coalesce(provincie_code, 'Landelijk') as province_code,
        sum(plaatsen_min) as places_min,
        sum(plaatsen_max) as places_max,
        sum(plaatsen_max) filter (where plaatstype = 'COSM') as places_cosm,
        sum(plaatsen_max) filter (where plaatstype = 'OMM') as places_omm,
        sum(plaatsen_max) filter (where plaatstype = 'NLA') as places_nla,
        sum(plaatsen_max) filter (where plaatstype = 'Wmo') as places_wmo,
        sum(plaatsen_max) filter (where plaatstype = 'Mannenopvang') as places_men,
        count(*) as place_lines
    from {{ ref('ref_opvang_capaciteit') }}
    group by all

),

regions as (

    select
        provincie_code as province_code,
        provincie_naam as province_name,
        true as is_province
    from {{ ref('ref_provincie') }}
    union all
    select
        'Onbekend',
        'Onbekend',
        false
    union all
    select
        'Landelijk',
        'Landelijk of onbekend',
        false

),

periods as (

    select distinct
        periode,
        registration_year,
        trafficking_form
    from {{ ref('shelter') }}

),

demand as (

    select
        periode,
        trafficking_form,
        province_code,
        requests,
        requests_label,
        is_suppressed
    from {{ ref('shelter') }}
    where first_shelter = 'Alle' and province_code <> 'NL'

)

select
    t.periode,
    t.registration_year,
    t.trafficking_form,
    r.province_code,
    r.province_name,
    d.requests,
    coalesce(d.requests_label, '0') as requests_label,
    coalesce(d.is_suppressed, false) as is_suppressed,
    -- a row in `shelter` means at least one request, also when its number is hidden
    d.periode is not null as has_requests,
    cast(coalesce(pl.places_min, 0) as integer) as places_min,
    cast(coalesce(pl.places_max, 0) as integer) as places_max,
    case
        when coalesce(pl.places_min, 0) = coalesce(pl.places_max, 0) then cast(coalesce(pl.places_max, 0) as varchar)
        else pl.places_min || '-' || pl.places_max
    end as places_label,
    cast(coalesce(pl.places_cosm, 0) as integer) as places_cosm,
    cast(coalesce(pl.places_omm, 0) as integer) as places_omm,
    cast(coalesce(pl.places_nla, 0) as integer) as places_nla,
    cast(coalesce(pl.places_wmo, 0) as integer) as places_wmo,
    cast(coalesce(pl.places_men, 0) as integer) as places_men,
    -- only a province can lack places: requests of victims found nowhere known ('Onbekend') say
    -- nothing about a place that is missing (issue 15)
    r.is_province and d.periode is not null and coalesce(pl.places_max, 0) = 0 as requests_without_places
from periods as t
cross join regions as r
left join demand as d
    on t.periode = d.periode and t.trafficking_form = d.trafficking_form and r.province_code = d.province_code
left join places as pl
    on r.province_code = pl.province_code
