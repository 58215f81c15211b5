{#
  Disclosure control for dashboard-facing aggregates (issue 4, DESIGN "Disclosure").

  The aggregates are cubes: every dimension has a total value (e.g. periode '2013-2017',
  trafficking_form 'Alle vormen', region 'NL'), and for each dimension the cells that differ only in
  it add up to its total cell. Every such sum is an equation a reader can solve: when exactly one of
  its cells is hidden, total minus the shown cells gives it back. So:

  1. primary suppression: a count of 1 .. threshold-1 is hidden (shown as "< threshold");
  2. secondary suppression: while some equation has exactly one hidden cell, the smallest shown
     cell of that equation is hidden too (the cheapest cell that protects the first one).

  Hiding a secondary cell can leave another equation with one hidden cell, so step 2 repeats
  (`passes` rounds over all dimensions). The generic test `disclosure_safe` fails the build if an
  equation with exactly one hidden cell is left, so a cube that needs more rounds is never published
  silently; tests/integration/test_disclosure.py attacks the published cells with linear programming.
  Zero cells are not rows (nothing to hide: there is nobody in them).
#}

{% macro disclosure_threshold() -%}
    {{ var('disclosure_threshold', 5) }}
{%- endmacro %}


{% macro count_cube(relation, dims, measures) -%}
{#- One row per combination of dimension values, and per total over any subset of the
    dimensions (GROUP BY CUBE); a total shows as the dimension's `total` value.
    dims: [{'column': ..., 'total': ...}], measures: {'name': 'aggregate sql'} -#}
    select
        {%- for d in dims %}
        case when grouping({{ d.column }}) = 1 then {{ d.total }} else {{ d.column }} end as {{ d.column }},
        {%- endfor %}
        {%- for name, expression in measures.items() %}
        {{ expression }} as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    group by cube({{ dims | map(attribute='column') | join(', ') }})
{%- endmacro %}


{% macro suppress_small_counts(relation, dims, measure, passes=8) -%}
{#- `relation` (a cube as made by count_cube) with `is_primary_suppressed` and `is_suppressed`. -#}
{%- set columns = dims | map(attribute='column') | list -%}
select * from (
with step_0 as (

    select
        *,
        {{ measure }} between 1 and {{ disclosure_threshold() }} - 1 as is_primary_suppressed,
        {{ measure }} between 1 and {{ disclosure_threshold() }} - 1 as is_suppressed
    from {{ relation }}

)
{%- set ns = namespace(step=0) %}
{%- for _ in range(passes) %}
{%- for d in columns %}
{%- set others = columns | reject('equalto', d) | list %}
, step_{{ ns.step + 1 }} as (

    -- equation over `{{ d }}`: the cells with the same {{ others | join(', ') }}
    select
        * exclude (is_suppressed),
        is_suppressed or (
            count(*) filter (where is_suppressed) over (partition by {{ others | join(', ') }}) = 1
            and row_number() over (
                partition by {{ others | join(', ') }}, is_suppressed
                order by {{ measure }}, {{ columns | join(', ') }}
            ) = 1
        ) as is_suppressed
    from step_{{ ns.step }}

)
{%- set ns.step = ns.step + 1 %}
{%- endfor %}
{%- endfor %}
select * from step_{{ ns.step }}
)
{%- endmacro %}


{% macro suppressed_label(measure, is_suppressed, is_primary_suppressed) -%}
{#- What the dashboards print: the number, "< 5" for a small count, "x" (CBS: geheim) for a cell
    hidden only so that a total cannot give the small one away. -#}
    case
        when {{ is_primary_suppressed }} then '< {{ disclosure_threshold() }}'
        when {{ is_suppressed }} then 'x'
        else cast({{ measure }} as varchar)
    end
{%- endmacro %}


{% macro reporting_period() -%}
{#- The label of the whole reporting window as a period: '2013-2017' by default. -#}
'{{ var("reporting_window_start")[:4] }}-{{ var("reporting_window_end")[:4] }}'
{%- endmacro %}


{% macro regional_cube_dimensions() -%}
{#- The dimensions of the regional victim cube and their totals (one list for the model and its
    disclosure test). -#}
{{ return([
    {'column': 'periode', 'total': reporting_period()},
    {'column': 'trafficking_form', 'total': "'Alle vormen'"},
    {'column': 'origin_region', 'total': "'Alle regio''s'"},
    {'column': 'nationality', 'total': "'Alle nationaliteiten'"},
    {'column': 'province_code', 'total': "'NL'"},
    {'column': 'police_unit_found', 'total': "'Nederland'"},
]) }}
{%- endmacro %}


{% macro shelter_cube_dimensions() -%}
{{ return([
    {'column': 'periode', 'total': reporting_period()},
    {'column': 'trafficking_form', 'total': "'Alle vormen'"},
    {'column': 'province_code', 'total': "'NL'"},
    {'column': 'first_shelter', 'total': "'Alle'"},
]) }}
{%- endmacro %}


{% macro police_report_cube_dimensions() -%}
{{ return([
    {'column': 'periode', 'total': reporting_period()},
    {'column': 'trafficking_form', 'total': "'Alle vormen'"},
    {'column': 'police_unit', 'total': "'Nederland'"},
]) }}
{%- endmacro %}
