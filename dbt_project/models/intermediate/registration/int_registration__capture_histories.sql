-- The dark-number estimator's input (issue 18, orchestration/estimation/capture_table.py): per
-- period and population, how many headline victim-years each reporter set has. Counts only: no
-- person key leaves this model.
-- Periods: every registration year with victims, and the pooled periods of var
-- dark_number_pooled_periods ('YYYY-YYYY', both ends inclusive), where single years are thin.
-- Populations: macros/dark_number.sql dark_number_populations (all headline victims, the four
-- forms the rapporteur estimated, 000:150-164, in every period; the strata minor, sex and Dutch
-- or not in the pooled periods only; not those counted only, `estimate: false`).
with strata as (

    select * from {{ ref('int_registration__dark_number_strata') }}

),

pooled as (

    select unnest({{ var('dark_number_pooled_periods') }}) as period

),

periods as (

    select distinct
        cast(registration_year as varchar) as period,
        registration_year as first_year,
        registration_year as last_year
    from strata

    union all

    select
        period,
        cast(split_part(period, '-', 1) as integer),
        cast(split_part(period, '-', 2) as integer)
    from pooled

),

populations as (

    {%- for p in dark_number_populations() if p.get('estimate', true) %}
        select
            registration_year,
            reporter_set,
            '{{ p.population }}' as population,
            {{ p.every_year }} as every_year
        from strata
        where {{ dark_number_stratum_condition(p.where) }}
        {{- "\n\n    union all\n" if not loop.last }}
    {%- endfor %}

)

select
    p.period,
    p.last_year - p.first_year + 1 as years,
    v.population,
    v.reporter_set,
    count(*) as victims
from periods as p
inner join populations as v
    on
        v.registration_year between p.first_year and p.last_year
        and (v.every_year or p.last_year > p.first_year)
group by p.period, p.first_year, p.last_year, v.population, v.reporter_set
