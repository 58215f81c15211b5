-- The trend-break register as the dashboard Trends slachtoffers shows it (issue 17,
-- contracts/later-years.md §4): the seed trend_breaks, with the first registration year each break
-- works on (the year of from_date; NULL when from_date is no year, month or day, which the
-- not_null test then names) and that year as a timestamp, the x of the break's event annotation on
-- the dashboard's time-series charts (superset/bootstrap.py).
with breaks as (

    select
        break_id,
        from_date,
        try_cast(
            nullif(regexp_extract(from_date, '^(20[0-9]{2})(-[01][0-9](-[0-3][0-9])?)?$', 1), '')
            as integer
        ) as first_year,
        what,
        affected_series,
        effect,
        source
    from {{ ref('trend_breaks') }}

)

select
    break_id,
    from_date,
    first_year,
    make_timestamp(first_year, 1, 1, 0, 0, 0) as first_year_start,
    what,
    affected_series,
    effect,
    source
from breaks
