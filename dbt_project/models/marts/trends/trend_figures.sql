-- The figures of the dashboard Trends slachtoffers (issue 6), one row per cell of a disclosure-
-- controlled cube (macros/disclosure.sql): `figure` names the cube, `category` its second dimension
-- (the total: 'Alle vormen', 'Alle', 'Alle nationaliteiten', 'Alle meldergroepen'). A hidden count is
-- NULL with label "< 5" or "x". `rang`: the rank of a shown nationality within its year (Table 3.1;
-- 'Onbekend' is not ranked, shared ranks are kept), for the top-5 chart.
-- Issue 15, what the report gives beside its counts: `aandeel`, the cell's share of its year's (or
-- the window's) total of the same figure, and `verandering`, its relative change on the year before
-- (the same figure and category). Both only from shown cells: a hidden part, total or previous year
-- leaves them empty, so they give no hidden count back.
{%- set cubes = [
    ('mensenhandelvorm', 'int_trends__victim_form_cube', 'trafficking_form', 'victims'),
    ('geslacht', 'int_trends__victim_gender_cube', 'gender', 'victims'),
    ('leeftijd', 'int_trends__victim_age_cube', 'age_group', 'victims'),
    ('sub3', 'int_trends__victim_population_cube', 'population', 'victims'),
    ('nationaliteit', 'int_trends__victim_nationality_cube', 'nationality', 'victims'),
    ('meldergroep', 'int_trends__report_group_cube', 'reporter_group', 'reports'),
] %}
{%- set totals = {
    'mensenhandelvorm': 'Alle vormen', 'geslacht': 'Alle', 'leeftijd': 'Alle', 'sub3': 'Alle',
    'nationaliteit': 'Alle nationaliteiten', 'meldergroep': 'Alle meldergroepen',
} %}
with group_labels as (

    -- The reporter groups by their name on the dashboards (seed ref_melder_type, series_label):
    -- ISZW-DO and, from 2022, NLA are one group in series (contract later-years.md §3), named
    -- ISZW-DO/NLA so that 2022-2025 do not show NLA's meldingen under ISZW-DO alone. Only the name
    -- changes: the cube counts the group (series_melder_type).
    select distinct
        'meldergroep' as figure,
        series_melder_type as category,
        series_label as label
    from {{ ref('ref_melder_type') }}

),

cube_cells as (
    {%- for figure, model, category, measure in cubes %}

        select
            '{{ figure }}' as figure,
            periode,
            {{ category }} as category,
            {{ measure }} as n,
            is_suppressed,
            is_primary_suppressed
        from {{ ref(model) }}
        {{- "\n    union all" if not loop.last }}
    {%- endfor %}

),

cells as (

    select
        c.* exclude (category),
        coalesce(l.label, c.category) as category
    from cube_cells as c
    left join group_labels as l
        on c.figure = l.figure and c.category = l.category

),

figures as (

    select
        figure,
        periode,
        {{ period_year('periode') }} as registration_year,
        category,
        {{ disclosed_count('n', 'aantal') }},
        case
            when
                figure = 'nationaliteit' and not is_suppressed
                and category not in ('Onbekend', 'Alle nationaliteiten')
                then rank() over (
                    partition by
                        figure, periode,
                        not is_suppressed and category not in ('Onbekend', 'Alle nationaliteiten')
                    order by n desc
                )
        end as rang,
        case figure
            {%- for figure, total in totals.items() %}
                when '{{ figure }}' then '{{ total }}'
            {%- endfor %}
        end as total_category
    from cells

)

select
    f.* exclude (total_category),
    round(f.aantal / nullif(t.aantal, 0), 4) as aandeel,
    round(f.aantal / nullif(p.aantal, 0) - 1, 4) as verandering
from figures as f
left join figures as t
    on f.figure = t.figure and f.periode = t.periode and f.total_category = t.category
left join figures as p
    on f.figure = p.figure and f.category = p.category and p.registration_year = f.registration_year - 1
