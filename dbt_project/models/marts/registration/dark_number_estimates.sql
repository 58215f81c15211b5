-- Issue 18: the estimated number of victims, seen or not, per period and population, from the
-- overlaps between the reporters' lists (multiple systems estimation; the method is
-- orchestration/estimation/, run by int_registration__dark_number_fits). A number is shown only
-- where the model exists and the data bound the interval: otherwise `status` says why and the
-- numbers are NULL. Per 100,000 inhabitants (SDG indicator 16.2.2) is per inhabitant-year, so a
-- pooled period gives the average yearly rate, comparable with a single year's.
{% set no_estimate = 'geen schatting' %}

with fits as (

    select
        *,
        status = 'geschat' and isfinite(upper_95) as is_estimated
    from {{ ref('int_registration__dark_number_fits') }}

),

inhabitants as (

    select
        f.period,
        string_agg(distinct i.inhabitants_year, ', ' order by i.inhabitants_year) as inhabitants_year,
        sum(i.inhabitant_years) as inhabitant_years
    from (select distinct period from fits) as f
    inner join {{ ref('int_regional__inhabitants') }} as i
        on
            i.region_type = 'land'
            and i.periode <> {{ reporting_period() }}
            and cast(i.periode as integer)
            between cast(split_part(f.period, '-', 1) as integer)
            and cast(split_part(f.period || '-' || f.period, '-', 2) as integer)
    group by f.period

),

shown as (

    select
        f.period,
        cast(f.years as integer) as years,
        f.population,
        case
            when f.is_estimated then f.status
            when f.status = 'geschat' then 'interval onbegrensd'
            else f.status
        end as status,
        cast(f.observed as integer) as observed,
        case when f.is_estimated then f.estimated end as estimated,
        case when f.is_estimated then f.lower_95 end as lower_95,
        case when f.is_estimated then f.upper_95 end as upper_95,
        case when f.is_estimated then f.share_seen end as share_seen,
        f.lists,
        f.model,
        nullif(f.merges, '') as list_merges,
        nullif(f.toelichting, '') as toelichting,
        i.inhabitants_year,
        i.inhabitant_years
    from fits as f
    left join inhabitants as i on f.period = i.period

)

select
    period,
    years,
    population,
    status,
    observed,
    estimated,
    lower_95,
    upper_95,
    share_seen,
    lists,
    model,
    list_merges,
    toelichting,
    {{ round_as_published('estimated') }} as estimated_rounded,
    {{ round_as_published('lower_95') }} as lower_95_rounded,
    {{ round_as_published('upper_95') }} as upper_95_rounded,
    round(share_seen, 2) as share_seen_rounded,
    -- What the dashboard Verborgen slachtoffers prints: the rounded estimates as the rapporteur
    -- writes them ('5.000 tot 7.500', '19%'), and in words where there is no number. The observed
    -- count is a count of persons: 1-4 is shown as '< 5' as everywhere.
    case
        when observed between 1 and {{ disclosure_threshold() }} - 1 then '< {{ disclosure_threshold() }}'
        else {{ dutch_count('observed') }}
    end as observed_label,
    coalesce({{ dutch_count(round_as_published('estimated')) }}, '{{ no_estimate }}') as estimated_label,
    coalesce(
        {{ dutch_count(round_as_published('lower_95')) }}
        || ' tot '
        || {{ dutch_count(round_as_published('upper_95')) }},
        '{{ no_estimate }}'
    ) as interval_label,
    coalesce(cast(round(100 * round(share_seen, 2)) as integer) || '%', '{{ no_estimate }}') as share_seen_label,
    100000 * estimated / inhabitant_years as estimated_per_100k,
    100000 * lower_95 / inhabitant_years as lower_95_per_100k,
    100000 * upper_95 / inhabitant_years as upper_95_per_100k,
    inhabitants_year,
    cast(inhabitant_years as bigint) as inhabitant_years
from shown
