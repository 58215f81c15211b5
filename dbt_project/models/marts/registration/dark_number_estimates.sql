-- Issue 18: the estimated number of victims, seen or not, per period and population, from the
-- overlaps between the reporters' lists (multiple systems estimation; the method is
-- orchestration/estimation/, run by int_registration__dark_number_fits). A number is shown only
-- where the model exists and the data bound the interval: otherwise `status` says why and the
-- numbers are NULL. Per 100,000 inhabitants (SDG indicator 16.2.2) is per inhabitant-year, so a
-- pooled period gives the average yearly rate, comparable with a single year's.
-- Populations counted only (macros/dark_number.sql, `estimate: false`: victims of unknown sex) get
-- a row in the pooled periods with their seen count and no estimate, so the dashboard can say who
-- is in neither 'Vrouw' nor 'Man' and how many they are.
{% set no_estimate = 'geen schatting' %}
{% set populations = dark_number_populations() %}
{% set counted_only = [] %}
{% for p in populations if not p.get('estimate', true) %}{% do counted_only.append(p) %}{% endfor %}

with estimates as (

    select
        *,
        status = 'geschat' and isfinite(upper_95) as is_estimated
    from {{ ref('int_registration__dark_number_fits') }}

),

-- What the dashboard groups and orders the populations by (its filter Soort populatie).
population_kinds as (

    {%- for p in populations %}
        select
            '{{ p.population }}' as population,
            '{{ p.kind }}' as population_kind,
            {{ loop.index }} as population_order
        {{- "\n\n    union all\n" if not loop.last }}
    {%- endfor %}

),

inhabitants as (

    select
        f.period,
        string_agg(distinct i.inhabitants_year, ', ' order by i.inhabitants_year) as inhabitants_year,
        sum(i.inhabitant_years) as inhabitant_years
    from (select distinct period from estimates) as f
    inner join {{ ref('int_regional__inhabitants') }} as i
        on
            i.region_type = 'land'
            and i.periode <> {{ counted_period() }}
            and cast(i.periode as integer)
            between cast(split_part(f.period, '-', 1) as integer)
            and cast(split_part(f.period || '-' || f.period, '-', 2) as integer)
    group by f.period

),

-- The observed count of each period and population under disclosure control as everywhere
-- (int_disclosure__dark_number_cells): a year's cell as decided there (linked cubes hold one
-- decision per cell, so any of them will do); a pooled period is the sum of its years, shown only
-- if each of them is (else a reader could subtract a shown year from it), as "x" otherwise.
year_cells as (

    {%- for p in dark_number_populations() %}
        select
            periode,
            '{{ p.population }}' as population,
            -- the same count in every cube that holds the cell
            max(observed) as observed,
            bool_or(is_primary_suppressed) as is_primary_suppressed,
            bool_or(is_suppressed) as is_suppressed
        from {{ ref('int_disclosure__dark_number_cells') }}
        where {{ dark_number_cell_condition(p.where) }}
        group by periode
        {{- "\n\n    union all\n" if not loop.last }}
    {%- endfor %}

),

pooled_periods as (

    select distinct
        period,
        years
    from estimates
    where years > 1

),

counted_only_notes as (

    {%- for p in counted_only %}
        select
            '{{ p.population }}' as population,
            '{{ p.note }}' as toelichting
        {{- "\n\n    union all\n" if not loop.last }}
    {%- endfor %}

),

-- The counted-only populations in each pooled period: the seen victim-years of its years' cells,
-- no estimate (status 'niet geschat'). Protected below as every row.
counted as (

    select
        f.period,
        f.years,
        c.population,
        'niet geschat' as status,
        sum(c.observed) as observed,
        cast(null as double) as estimated,
        cast(null as double) as lower_95,
        cast(null as double) as upper_95,
        cast(null as double) as share_seen,
        cast(null as varchar) as lists,
        cast(null as varchar) as model,
        cast(null as varchar) as list_merges,
        n.toelichting,
        false as is_estimated
    from pooled_periods as f
    inner join year_cells as c
        on
            try_cast(c.periode as integer)
            between cast(split_part(f.period, '-', 1) as integer)
            and cast(split_part(f.period, '-', 2) as integer)
    inner join counted_only_notes as n on c.population = n.population
    group by f.period, f.years, c.population, n.toelichting

),

fits as (

    select
        e.period,
        e.years,
        e.population,
        e.status,
        e.observed,
        e.estimated,
        e.lower_95,
        e.upper_95,
        e.share_seen,
        e.lists,
        e.model,
        nullif(e.merges, '') as list_merges,
        e.toelichting,
        e.is_estimated
    from estimates as e

    union all

    select * from counted

),

protection as (

    select
        f.period,
        f.population,
        -- no cell: nobody of the population on a list (observed 0), nothing to hide
        coalesce(bool_or(c.is_primary_suppressed) filter (where f.years = 1), false) as is_primary_suppressed,
        coalesce(bool_or(c.is_suppressed), false) as is_suppressed
    from fits as f
    left join year_cells as c
        on
            f.population = c.population
            and try_cast(c.periode as integer)
            between cast(split_part(f.period, '-', 1) as integer)
            and cast(split_part(f.period || '-' || f.period, '-', 2) as integer)
    group by f.period, f.population

),

shown as (

    select
        f.period,
        cast(f.years as integer) as years,
        f.population,
        k.population_kind,
        k.population_order,
        case
            when f.is_estimated then f.status
            when f.status = 'geschat' then 'interval onbegrensd'
            else f.status
        end as status,
        cast(f.observed as integer) as observed,
        p.is_primary_suppressed,
        p.is_suppressed,
        case when f.is_estimated then f.estimated end as estimated,
        case when f.is_estimated then f.lower_95 end as lower_95,
        case when f.is_estimated then f.upper_95 end as upper_95,
        -- observed / estimated: with the estimate it would give a hidden observed count back
        case when f.is_estimated and not p.is_suppressed then f.share_seen end as share_seen,
        f.lists,
        f.model,
        f.list_merges,
        nullif(f.toelichting, '') as toelichting,
        i.inhabitants_year,
        i.inhabitant_years
    from fits as f
    inner join protection as p on f.period = p.period and f.population = p.population
    inner join population_kinds as k on f.population = k.population
    left join inhabitants as i on f.period = i.period

)

select
    period,
    years,
    population,
    population_kind,
    population_order,
    status,
    -- The observed count under disclosure control (as macros/disclosure.sql disclosed_count, but
    -- printed with a thousands point like the estimates beside it): NULL where hidden.
    case when not is_suppressed then observed end as observed,
    case
        when is_primary_suppressed then '< {{ disclosure_threshold() }}'
        when is_suppressed then 'x'
        else {{ dutch_count('observed') }}
    end as observed_label,
    is_suppressed,
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
    -- writes them ('5.000 tot 7.500', '19%'), and in words where there is no number.
    coalesce({{ dutch_count(round_as_published('estimated')) }}, '{{ no_estimate }}') as estimated_label,
    coalesce(
        {{ dutch_count(round_as_published('lower_95')) }}
        || ' tot '
        || {{ dutch_count(round_as_published('upper_95')) }},
        '{{ no_estimate }}'
    ) as interval_label,
    case
        when share_seen is not null then cast(round(100 * round(share_seen, 2)) as integer) || '%'
        when is_suppressed and estimated is not null then 'x'
        else '{{ no_estimate }}'
    end as share_seen_label,
    -- SDG 16.2.2 divides every group (sex, age, form) by all inhabitants, not by the group's own
    -- (UNODC's metadata: victims over the resident population), so the groups' rates add up.
    100000 * estimated / inhabitant_years as estimated_per_100k,
    100000 * lower_95 / inhabitant_years as lower_95_per_100k,
    100000 * upper_95 / inhabitant_years as upper_95_per_100k,
    -- What the dashboard prints: "1,2 (0,9 tot 1,6)", the rate with its 95% interval
    case
        when estimated is not null and inhabitant_years is not null
            then
                {{ dutch_decimal('100000 * estimated / inhabitant_years') }} || ' ('
                || {{ dutch_decimal('100000 * lower_95 / inhabitant_years') }} || ' tot '
                || {{ dutch_decimal('100000 * upper_95 / inhabitant_years') }} || ')'
        else '{{ no_estimate }}'
    end as per_100k_label,
    inhabitants_year,
    cast(inhabitant_years as bigint) as inhabitant_years
from shown
