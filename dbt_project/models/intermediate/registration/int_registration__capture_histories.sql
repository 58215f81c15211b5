-- The dark-number estimator's input (issue 18, orchestration/estimation/capture_table.py): per
-- period and population, how many headline victim-years (not sub-3, as every published victim
-- figure) each reporter set has. Counts only: no person key leaves this model.
-- Periods: every registration year with victims, and the pooled periods of var
-- dark_number_pooled_periods ('YYYY-YYYY', both ends inclusive), where single years are thin.
-- Populations: all headline victims, and each of the four forms the rapporteur estimated
-- (000:150-164); Onbekend is no population of its own but counts in 'Alle slachtoffers'.
with headline as (

    select
        registration_year,
        trafficking_form,
        reporter_set
    from {{ ref('victims') }}
    where is_headline

),

pooled as (

    select unnest({{ var('dark_number_pooled_periods') }}) as period

),

periods as (

    select distinct
        cast(registration_year as varchar) as period,
        registration_year as first_year,
        registration_year as last_year
    from headline

    union all

    select
        period,
        cast(split_part(period, '-', 1) as integer),
        cast(split_part(period, '-', 2) as integer)
    from pooled

),

populations as (

    select
        h.registration_year,
        h.reporter_set,
        'Alle slachtoffers' as population
    from headline as h

    union all

    select
        h.registration_year,
        h.reporter_set,
        h.trafficking_form
    from headline as h
    where h.trafficking_form <> 'Onbekend'

)

select
    p.period,
    p.last_year - p.first_year + 1 as years,
    v.population,
    v.reporter_set,
    count(*) as victims
from periods as p
inner join populations as v
    on v.registration_year between p.first_year and p.last_year
group by p.period, p.first_year, p.last_year, v.population, v.reporter_set
