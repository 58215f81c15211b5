{#
  Disclosure control for dashboard-facing aggregates (issue 4).

  The aggregates are cubes: every dimension has a total value (e.g. periode '2013-2017',
  trafficking_form 'Alle vormen', region 'NL'), and for each dimension the cells that differ only in
  it add up to its total cell. Every such sum is an equation a reader can solve. So:

  1. primary suppression: a count of 1 .. threshold-1 is hidden (label "< threshold");
  2. secondary suppression: while an equation could still give a hidden small count away, the
     smallest shown cell of that equation is hidden too (label "x").

  When may an equation give a cell away? A reader who knows this method knows that a "< 5" cell
  holds 1..4 and an "x" cell at least 5. If the equation's total is shown, the hidden parts add up
  to a known S, and each hidden part lies between S minus the most and S minus the least the other
  hidden parts can hold: the equation is unsafe if that range has a single value, for a small part
  or for an "x" part (once known, an "x" part gives the cells of its other equations back). One
  hidden cell alone is the extreme case. If the total is hidden, the equation is unsafe while no
  part is hidden. The cell hidden to repair an equation is its smallest shown cell, preferably one
  above the threshold (that widens the ranges at once).

  Hiding a cell can make another equation unsafe, so step 2 repeats (`passes` rounds over all
  dimensions). The generic test `disclosure_safe` applies the same rule to the result and fails the
  build if an unsafe equation is left: a cube that needs more rounds is never published silently;
  tests/integration/test_disclosure.py checks the published cells independently.

  Not protected against (README "Disclosure control"): a hidden small total split into as many
  rows as its value (each row is then 1), and a reader who solves many equations at once (linear
  programming over a sparse cube). Real data needs optimisation-based suppression (tau-argus) or
  rounding for those. Zero cells are not rows (there is nobody in them to protect).
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


{% macro equation_stats(dims, dim, measure) -%}
{#- Per cell, what its equation over `dim` (the cells sharing the other dimensions) shows:
    hidden small / "x" parts, whether the total is hidden (small or "x"), and the known sum
    eq_known = shown parts - shown total (so the hidden parts add up to -eq_known when the total is
    shown). -#}
{%- set others = dims | rejectattr('column', 'equalto', dim.column) | map(attribute='column') | list -%}
{%- set w = ('over (partition by ' ~ (others | join(', ')) ~ ')') if others else 'over ()' -%}
{%- set part = dim.column ~ ' <> ' ~ dim.total -%}
    count(*) filter (where is_primary_suppressed and {{ part }}) {{ w }} as eq_small_parts,
    count(*) filter (where is_suppressed and not is_primary_suppressed and {{ part }}) {{ w }} as eq_x_parts,
    coalesce(bool_or(is_primary_suppressed and not ({{ part }})) {{ w }}, false) as eq_small_total,
    coalesce(bool_or(is_suppressed and not is_primary_suppressed and not ({{ part }})) {{ w }}, false) as eq_x_total,
    coalesce(sum({{ measure }}) filter (where not is_suppressed and {{ part }}) {{ w }}, 0)
        - coalesce(sum({{ measure }}) filter (where not is_suppressed and not ({{ part }})) {{ w }}, 0) as eq_known
{%- endmacro %}


{% macro equation_is_unsafe() -%}
{#- TRUE when the equation described by equation_stats() gives a hidden cell away.
    Total shown: the hidden parts add up to S = total - shown parts. A reader who knows that a
    small cell holds 1..t-1 and an "x" cell t or more bounds each hidden part by S minus the most
    and the least the other hidden parts can hold; unsafe if that leaves a single value, for a
    small part or an "x" part (a known "x" part would give cells of its other equations back).
    Total hidden: unsafe if no part is hidden (the total would be the sum of the shown parts).
    Not covered (see README "Disclosure control"): a small hidden total split into as many rows
    as its value (each row is then 1), and readers who combine many equations at once. -#}
{%- set t = disclosure_threshold() -%}
{%- set s = '(-eq_known)' -%}
    case
        when eq_small_total or eq_x_total then eq_small_parts + eq_x_parts = 0
        else
            -- a small part: at most S - (the others at their least), at least S - (their most)
            (eq_small_parts > 0 and
                least({{ t }} - 1, {{ s }} - (eq_small_parts - 1) - {{ t }} * eq_x_parts)
                - case when eq_x_parts > 0 then 1
                       else greatest(1, {{ s }} - ({{ t }} - 1) * (eq_small_parts - 1)) end
                < 1)
            -- an "x" part: the same, with t or more for itself and the other "x" parts
            or (eq_x_parts > 0 and
                ({{ s }} - eq_small_parts - {{ t }} * (eq_x_parts - 1))
                - case when eq_x_parts > 1 then {{ t }}
                       else greatest({{ t }}, {{ s }} - ({{ t }} - 1) * eq_small_parts) end
                < 1)
    end
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
{%- for d in dims %}
{%- set others = columns | reject('equalto', d.column) | join(', ') %}
{%- set partition = (columns | reject('equalto', d.column) | list) + ['is_suppressed'] %}
, step_{{ ns.step + 1 }}_equations as (

    -- equations over `{{ d.column }}`: the cells with the same {{ others or 'nothing (one equation)' }}
    select *, {{ equation_stats(dims, d, measure) }}
    from step_{{ ns.step }}

), step_{{ ns.step + 1 }} as (

    select
        * exclude (is_suppressed, eq_small_parts, eq_x_parts, eq_small_total, eq_x_total, eq_known),
        -- an unsafe equation hides its smallest shown cell, one above the threshold if it has one
        -- (that widens the hidden cells' ranges at once)
        is_suppressed or (
            {{ equation_is_unsafe() }}
            and row_number() over (
                partition by {{ partition | join(', ') }}
                order by {{ measure }} <= {{ disclosure_threshold() }}, {{ measure }}, {{ columns | join(', ') }}
            ) = 1
        ) as is_suppressed
    from step_{{ ns.step + 1 }}_equations

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





{% macro cube_dimensions(cube) -%}
{#- The dimensions of each disclosure-controlled cube and their total values: one list for the
    model that builds the cube and for its `disclosure_safe` test. -#}
{%- set period = {'column': 'periode', 'total': reporting_period()} -%}
{%- set form = {'column': 'trafficking_form', 'total': "'Alle vormen'"} -%}
{%- set cubes = {
    'regional_victims': [
        period, form,
        {'column': 'origin_region', 'total': "'Alle regio''s'"},
        {'column': 'nationality', 'total': "'Alle nationaliteiten'"},
        {'column': 'province_code', 'total': "'NL'"},
        {'column': 'police_unit_found', 'total': "'Nederland'"},
    ],
    'shelter_requests': [
        period, form,
        {'column': 'province_code', 'total': "'NL'"},
        {'column': 'first_shelter', 'total': "'Alle'"},
    ],
    'police_reports': [
        period, form,
        {'column': 'police_unit', 'total': "'Nederland'"},
    ],
    'victims_by_form': [period, form],
    'victims_by_gender': [period, {'column': 'gender', 'total': "'Alle'"}],
    'victims_by_age': [period, {'column': 'age_group', 'total': "'Alle'"}],
    'victims_by_population': [period, {'column': 'population', 'total': "'Alle'"}],
    'victims_by_nationality': [period, {'column': 'nationality', 'total': "'Alle nationaliteiten'"}],
    'reports_by_group': [period, {'column': 'reporter_group', 'total': "'Alle meldergroepen'"}],
    'reflection_periods': [period],
    'tv_applications': [period, {'column': 'outcome', 'total': "'Alle uitkomsten'"}],
    'vv_applications': [period, {'column': 'outcome', 'total': "'Alle uitkomsten'"}],
    'residence_routes': [
        period,
        {'column': 'startpunt', 'total': "'Alle startpunten'"},
        {'column': 'uitkomst', 'total': "'Alle routes'"},
    ],
    'prosecution_cases': [
        period,
        {'column': 'afdoening', 'total': "'Alle afdoeningen'"},
        {'column': 'vonnis', 'total': "'Alle vonnissen'"},
    ],
} -%}
{{ return(cubes[cube]) }}
{%- endmacro %}


{% macro disclosure_cube(relation, cube, measure) -%}
{#- The cube `cube` (registry cube_dimensions) of count(*) over `relation`, disclosure-controlled:
    count_cube + suppress_small_counts, for the models that need nothing else. -#}
{%- set dims = cube_dimensions(cube) %}
with cube as (

    {{ count_cube(relation, dims, {measure: 'count(*)'}) }}

)

{{ suppress_small_counts('cube', dims, measure) }}
{%- endmacro %}


{% macro period_year(periode) -%}
{#- The registration year of a cube period; NULL for the whole window. -#}
cast(case when {{ periode }} <> {{ reporting_period() }} then {{ periode }} end as integer)
{%- endmacro %}


{% macro province_label(code, name) -%}
{#- The province name of a cube cell: 'Nederland' for the total, 'Onbekend' without a province. -#}
case when {{ code }} = 'NL' then 'Nederland' else coalesce({{ name }}, 'Onbekend') end
{%- endmacro %}
