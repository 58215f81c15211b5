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

{% macro fold_separator() -%}
{#- Between the parts of a folded category's label (fold_small_categories): 'Man + Onbekend'.
    The stewards' suites read it as FOLD_SEPARATOR (orchestration/quality/references.py). -#}
{{ ' + ' }}
{%- endmacro %}


{#- The threshold of disclosure control: dbt var disclosure_threshold (dbt_project.yml). -#}
{% macro disclosure_threshold() -%}
    {{ var('disclosure_threshold') }}
{%- endmacro %}


{% macro is_hidden_small_count(count, published=none) -%}
{#- A count of the warehouse outside a cube that disclosure control hides: 1 to below the
    threshold, unless it equals `published`, the published figure it is compared with (public
    already; the marts published_figures_dashboard and edition_figures). Zero is shown (there is
    nobody in it to protect). Never NULL. -#}
    coalesce(
        {{ count }} between 1 and {{ disclosure_threshold() }} - 1
        {%- if published %} and {{ count }} is distinct from {{ published }}{% endif %},
        false
    )
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
{#- equation_stats_over for one cube: the equation over `dim` is the cells sharing the other dimensions. -#}
{{ equation_stats_over(dims | rejectattr('column', 'equalto', dim.column) | map(attribute='column') | list, dim, measure) }}
{%- endmacro %}


{% macro equation_stats_over(others, dim, measure) -%}
{#- Per cell, what its equation over `dim` (the cells with the same `others` columns) shows:
    equation_aggregates over the window of those cells. -#}
{%- set w = ('over (partition by ' ~ (others | join(', ')) ~ ')') if others else 'over ()' -%}
{{ equation_aggregates(dim, measure, w) }}
{%- endmacro %}


{% macro equation_aggregates(dim, measure, over='') -%}
{#- What an equation over `dim` shows: hidden small / "x" parts, whether the total is hidden (small
    or "x"), and the known sum eq_known = shown parts - shown total (so the hidden parts add up to
    -eq_known when the total is shown). `over`: a window clause (one value per cell,
    equation_stats_over), or empty for one row per equation (GROUP BY its other columns). -#}
{%- set part = dim.column ~ ' <> ' ~ dim.total -%}
    count(*) filter (where is_primary_suppressed and {{ part }}) {{ over }} as eq_small_parts,
    count(*) filter (where is_suppressed and not is_primary_suppressed and {{ part }}) {{ over }} as eq_x_parts,
    coalesce(bool_or(is_primary_suppressed and not ({{ part }})) {{ over }}, false) as eq_small_total,
    coalesce(bool_or(is_suppressed and not is_primary_suppressed and not ({{ part }})) {{ over }}, false) as eq_x_total,
    coalesce(sum({{ measure }}) filter (where not is_suppressed and {{ part }}) {{ over }}, 0)
        - coalesce(sum({{ measure }}) filter (where not is_suppressed and not ({{ part }})) {{ over }}, 0) as eq_known
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
{#- One cube (made by count_cube) with `is_primary_suppressed` and `is_suppressed`: the linked set
    of one cube (protect_linked_cells), for a cube that shares no cell with another. -#}
select * exclude (cube, link_key, link_cubes) from (
    {{ protect_linked_cells("(select '_single' as cube, * from " ~ relation ~ ")", [{'name': '_single', 'dims': dims}], measure, passes) }}
)
{%- endmacro %}


{% macro protect_linked_cells(stack, cubes, measure, passes=8) -%}
{#- Primary and secondary suppression over a set of cubes together (issue 13).

    `stack`: the cells of every cube of the set, one row per cell, with a column `cube` (the cube's
    name) and one column per dimension of the set (a cube's own dimensions, the other dimensions
    at their total or a fixed value), as made by linked_count_cubes. Cells of two cubes with equal
    coordinates hold the same persons: they are one cell that several charts show, so they get one
    decision (`link_key`). Each pass judges every equation of every cube (macros below), one
    dimension at a time and only in the cubes that have it, and then hides a linked cell
    everywhere once any cube hid it. An unsafe equation hides its
    smallest shown cell, preferring cells above the threshold (that widens the ranges at once) and
    cells shown in fewer cubes (hiding a shared cell costs every chart that shows it).

    `cubes`: [{'name': ..., 'dims': cube_dimensions(...)}]; `measure`: the count column. -#}
{%- set ns = namespace(columns=[]) -%}
{%- for c in cubes %}{% for d in c.dims %}{% if d.column not in ns.columns %}{% do ns.columns.append(d.column) %}{% endif %}{% endfor %}{% endfor -%}
{%- set columns = ns.columns -%}
{%- set t = disclosure_threshold() -%}
select * from (
{#- Every step is a CTE AS MATERIALIZED: each reads the one before twice (its equations and its
    cells), and DuckDB would otherwise inline the chain of 8 passes into one plan that repeats the
    earlier steps. The equations are GROUP BY (one row per equation) and the cells to hide a lookup
    by cell_order, not window functions over every cell: for the 39,000 cells of
    int_disclosure__victim_cells (72 steps) that took the model from 19 to 4 s of CPU.
    The cells with their coordinates are materialised once (`cells`); a step holds only what
    changes, (cell_order, is_suppressed), and its equations join it to the cells. DuckDB keeps
    every materialised CTE until the query ends: with the coordinates in each of the 153 steps,
    int_disclosure__victim_cells (79,000 cells of the sample) peaked at 2.3 GB more in dbt's
    process (issue 19, README "Scale and speed"). -#}
with cells as materialized (

    -- cell_order: the order in which an unsafe equation hides its cells, the first shown one being
    -- hidden: above the threshold first, then shown in fewer cubes, then smallest. Fixed for the
    -- whole protection (the counts and the linked sets do not change), and the cells of one cube
    -- all differ in their coordinates, so that within an equation it names one cell.
    select
        *,
        row_number() over (
            order by {{ measure }} <= {{ t }}, link_cubes, {{ measure }}, {{ columns | join(', ') }}
        ) as cell_order
    from (
        select
            *,
            {{ measure }} between 1 and {{ t }} - 1 as is_primary_suppressed,
            {{ measure }} between 1 and {{ t }} - 1 as is_suppressed,
            count(*) over (partition by link_key) as link_cubes
        from (
            select *, concat_ws('|', {% for c in columns %}coalesce(cast({{ c }} as varchar), '<leeg>'){{ ", " if not loop.last }}{% endfor %}) as link_key
            from {{ stack }}
        )
    )

), step_0 as materialized (

    select cell_order, is_suppressed from cells

)
{%- set step = namespace(n=0) %}
{%- for _ in range(passes) %}
{%- for column in columns %}
{#- the cubes that have this dimension, and its total there (the same in every cube of a set) -#}
{%- set having = [] -%}
{%- set dim = namespace(d=none) -%}
{%- for c in cubes %}{% for d in c.dims %}{% if d.column == column %}{% do having.append(c.name) %}{% set dim.d = d %}{% endif %}{% endfor %}{% endfor -%}
{%- set others = columns | reject('equalto', column) | list %}
, step_{{ step.n + 1 }}_equations as materialized (

    -- equations over `{{ column }}` in {{ having | join(', ') }}: the cells with the same cube and {{ others | join(', ') or 'nothing else' }}
    select
        min(cell_order) filter (where not is_suppressed) as first_shown_cell,
        {{ equation_aggregates(dim.d, measure) }}
    from {{ cells_at_step('step_' ~ step.n) }}
    where cube in ('{{ having | join("', '") }}')
    group by {{ (['cube'] + others) | join(', ') }}

), step_{{ step.n + 1 }} as materialized (

    -- an unsafe equation hides its first shown cell (none left: nothing to hide)
    select
        cell_order,
        is_suppressed or cell_order in (
            select first_shown_cell from step_{{ step.n + 1 }}_equations
            where first_shown_cell is not null and {{ equation_is_unsafe() }}
        ) as is_suppressed
    from step_{{ step.n }}

)
{%- set step.n = step.n + 1 %}
{%- endfor %}
{%- if cubes | length > 1 %}
, step_{{ step.n + 1 }} as materialized (

    -- one decision per shared cell: hidden in one cube, hidden in all
    select
        cell_order,
        is_suppressed or link_key in (
            select link_key from {{ cells_at_step('step_' ~ step.n) }} where is_suppressed
        ) as is_suppressed
    from {{ cells_at_step('step_' ~ step.n) }}

)
{%- set step.n = step.n + 1 %}
{%- endif %}
{%- endfor %}
-- is_suppressed last, where the callers have always found it
select * exclude (cell_order, is_suppressed), is_suppressed from {{ cells_at_step('step_' ~ step.n) }}
)
{%- endmacro %}


{% macro cells_at_step(step) -%}
{#- protect_linked_cells' cells with is_suppressed as `step` (cell_order, is_suppressed) has it. -#}
(select cells.* replace ({{ step }}.is_suppressed as is_suppressed) from cells join {{ step }} using (cell_order))
{%- endmacro %}


{% macro linked_count_cubes(relation, cubes, measure) -%}
{#- The cells of several count cubes over one relation, stacked for protect_linked_cells: per
    cube, count(*) over every combination of its dimensions with a total per dimension (as
    count_cube), the set's other dimensions at their total, and `cube` = its name. A cube may count
    a part of the relation: `fixed` {column: value} keeps the rows with that value and puts the
    value in that column's coordinate (e.g. the headline victims of the sub-3 cube's population).
    cubes: [{'name': ..., 'dims': [...], 'fixed': {...}}] -#}
{%- set ns = namespace(columns=[], totals={}) -%}
{%- for c in cubes %}{% for d in c.dims %}{% if d.column not in ns.columns %}{% do ns.columns.append(d.column) %}{% do ns.totals.update({d.column: d.total}) %}{% endif %}{% endfor %}{% endfor -%}
{%- for c in cubes %}
{%- set own = c.dims | map(attribute='column') | list %}
{%- set fixed = c.get('fixed', {}) %}
    select
        '{{ c.name }}' as cube,
        {%- for column in ns.columns %}
        {%- if column in own %}
        case when grouping({{ column }}) = 1 then {{ ns.totals[column] }} else {{ column }} end as {{ column }},
        {%- elif column in fixed %}
        {{ fixed[column] }} as {{ column }},
        {%- else %}
        {{ ns.totals[column] }} as {{ column }},
        {%- endif %}
        {%- endfor %}
        count(*) as {{ measure }}
    from {{ relation }}
    {%- if fixed %}
    where {% for column, value in fixed.items() %}{{ column }} = {{ value }}{{ " and " if not loop.last }}{% endfor %}
    {%- endif %}
    group by cube({{ own | join(', ') }})
    {{- "\n    union all\n" if not loop.last }}
{%- endfor %}
{%- endmacro %}


{% macro fold_small_categories(relation, dims, fold_column, count_where='true') -%}
{#- `relation` with the categories of `fold_column` folded where protecting them would hide large
    cells (issue 13). A category with a count of 1 .. threshold-1 in any cell of the cube over
    `dims` can only be protected by hiding another cell of each of its equations; with few
    categories that is a large one (about 250 men a year were hidden for 3 or 4 victims of unknown
    gender). Instead the small categories are put together, in every period (folding one year only
    would give it back from the window total), and where that group is a single category or is
    still small somewhere, the smallest other category (by its total) joins it. The folded
    category's label names its parts ('Man + Onbekend'), so the chart says what it holds.
    Categories in the dimension's `fold.keep` list (structural ones such as 'Niet gedagvaard') are
    never folded. No folding when no category is small, or no other category can join.
    `count_where`: the rows the cube counts, when the folded relation holds more (the folding
    applies to all of it, so that every cube of a linked set sees the same categories). -#}
{%- set t = disclosure_threshold() -%}
{%- set dim = (dims | selectattr('column', 'equalto', fold_column) | list)[0] -%}
{%- set other_dims = dims | rejectattr('column', 'equalto', fold_column) | list -%}
{%- set others = other_dims | map(attribute='column') | list -%}
{%- set keep = dim.fold.get('keep', []) if dim.fold is mapping else [] -%}
{%- set grain = others | join(', ') if others else "'all'" -%}
(
    with cells as (

        {{ count_cube('(select * from ' ~ relation ~ ' where ' ~ count_where ~ ')', dims, {'n': 'count(*)'}) }}

    ), categories as (

        select
            {{ fold_column }} as category,
            bool_or(n between 1 and {{ t }} - 1) as is_small,
            max(n) filter (where {% for o in other_dims %}{{ o.column }} = {{ o.total }} and {% endfor %}true) as total_count,
            {{ fold_column }} not in ({% for k in keep %}'{{ k }}', {% endfor %}'') as is_foldable
        from cells
        where {{ fold_column }} <> {{ dim.total }}
        group by {{ fold_column }}

    ), small_group as (

        select category from categories where is_small and is_foldable

    ), small_group_cells as (

        select {{ grain }}, sum(n) as n
        from cells
        where {{ fold_column }} in (select category from small_group)
        group by {{ grain }}

    ), needs_partner as (

        select
            (select count(*) from small_group) = 1
            or coalesce((select bool_or(n between 1 and {{ t }} - 1) from small_group_cells), false) as value

    ), fold_group as (

        select category from small_group
        union all
        (
            select category from categories
            where not is_small and is_foldable and (select value from needs_partner)
                and (select count(*) from small_group) > 0
            order by total_count, category
            limit 1
        )

    ), folds as (

        select
            f.category,
            (select string_agg(g.category, '{{ fold_separator() }}' order by c.total_count desc, g.category)
             from fold_group as g join categories as c on c.category = g.category) as label
        from fold_group as f
        where (select count(*) from fold_group) > 1

    )

    select r.* replace (coalesce(folds.label, r.{{ fold_column }}) as {{ fold_column }})
    from {{ relation }} as r
    left join folds
        on r.{{ fold_column }} = folds.category
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


{% macro disclosed_count(measure, name, cell=none) -%}
{#- The three columns every disclosure-controlled mart publishes for one count of a cube cell, in
    this order: the count where it may be shown (NULL where hidden), what the dashboards print
    (suppressed_label) as <name>_label, and is_suppressed. Written once so that no mart can show a
    hidden count or label it differently. `cell` is the alias of the cube in the model, if any. -#}
{%- set prefix = cell ~ '.' if cell else '' -%}
    case when not {{ prefix }}is_suppressed then {{ prefix }}{{ measure }} end as {{ name }},
    {{ suppressed_label(prefix ~ measure, prefix ~ 'is_suppressed', prefix ~ 'is_primary_suppressed') }} as {{ name }}_label,
    {{ prefix }}is_suppressed
{%- endmacro %}


{% macro cube_dimensions(cube) -%}
{#- The dimensions of each disclosure-controlled cube and their total values: one list for the
    model that builds the cube and for its `disclosure_safe` test. `fold`: the dimension's small
    categories are folded (fold_small_categories), for a closed list of few categories where
    suppression would hide a large neighbour; `keep` lists categories that are never folded
    ('Dagvaarding' carries the judgments; 'Niet gedagvaard' marks the cases without one). -#}
{%- set period = {'column': 'periode', 'total': counted_period()} -%}
{%- set form = {'column': 'trafficking_form', 'total': "'Alle vormen'"} -%}
{#- The dark number's observed counts (int_disclosure__dark_number_cells) cover every registration
    year, not the reporting window: their period total is all years (no mart shows it). -#}
{%- set dark_number_period = {'column': 'periode', 'total': "'Alle jaren'"} -%}
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
    'victims_by_form': [period, {'column': 'trafficking_form', 'total': "'Alle vormen'", 'fold': true}],
    'victims_by_gender': [period, {'column': 'gender', 'total': "'Alle'", 'fold': true}],
    'victims_by_age': [period, {'column': 'age_group', 'total': "'Alle'", 'fold': true}],
    'victims_by_population': [period, {'column': 'population', 'total': "'Alle'"}],
    'victims_by_nationality': [period, {'column': 'nationality', 'total': "'Alle nationaliteiten'"}],
    'reports_by_group': [period, {'column': 'reporter_group', 'total': "'Alle meldergroepen'"}],
    'reflection_periods': [period],
    'tv_applications': [period, {'column': 'outcome', 'total': "'Alle uitkomsten'", 'fold': true}],
    'vv_applications': [period, {'column': 'outcome', 'total': "'Alle uitkomsten'", 'fold': true}],
    'residence_routes': [
        period,
        {'column': 'startpunt', 'total': "'Alle startpunten'"},
        {'column': 'uitkomst', 'total': "'Alle routes'"},
    ],
    'dark_number_by_form_minor': [
        dark_number_period,
        {'column': 'trafficking_form', 'total': "'Alle slachtoffers'"},
        {'column': 'minor_status', 'total': "'Alle'"},
    ],
    'dark_number_by_gender': [dark_number_period, {'column': 'gender', 'total': "'Alle'"}],
    'dark_number_by_dutch': [dark_number_period, {'column': 'dutch', 'total': "'Alle'"}],
    'prosecution_cases': [
        period,
        {'column': 'afdoening', 'total': "'Alle afdoeningen'", 'fold': {'keep': ['Dagvaarding']}},
        {'column': 'vonnis', 'total': "'Alle vonnissen'", 'fold': {'keep': ['Niet gedagvaard']}},
    ],
} -%}
{{ return(cubes[cube]) }}
{%- endmacro %}


{% macro disclosure_cube(relation, cube, measure) -%}
{#- The cube `cube` (registry cube_dimensions) of count(*) over `relation`, disclosure-controlled:
    its small categories folded where the registry allows (fold_small_categories), then
    count_cube + suppress_small_counts, for a cube that shares no cell with another. -#}
{%- set dims = cube_dimensions(cube) %}
with {{ folding_steps(relation, dims) }},

cube as (

    {{ count_cube('folded', dims, {measure: 'count(*)'}) }}

)

{{ suppress_small_counts('cube', dims, measure) }}
{%- endmacro %}


{% macro folding_steps(relation, dims, count_where='true', name='folded') -%}
{#- CTEs that apply fold_small_categories to `relation` for every dimension whose registry entry
    has `fold`, one after the other; the last is called `name`. One CTE per fold, so that the
    relation is read by name and not copied into every step. -#}
{%- set folds = dims | selectattr('fold') | list -%}
{{ name }}_0 as (select * from {{ relation }})
{%- for d in folds %},
{{ name }}_{{ loop.index }} as {{ fold_small_categories(name ~ '_' ~ (loop.index - 1), dims, d.column, count_where) }}
{%- endfor %},
{{ name }} as (select * from {{ name }}_{{ folds | length }})
{%- endmacro %}


{% macro linked_cube_cells(relation, cubes, measure) -%}
{#- The cells of a set of cubes that share cells (the same persons counted by several charts),
    disclosure-controlled together (protect_linked_cells). `relation`: one row per counted unit
    with every dimension of the set; cubes: [{'name': registry name, 'fixed': {column: value}}];
    a dimension folded in one cube is folded in the whole set (as counted by that cube), so that
    no two cubes show different cuts of one category. -#}
{%- set ns = namespace(relation=relation, cubes=[]) -%}
select * from (
    with
    {%- for c in cubes %}
    {%- set dims = cube_dimensions(c.name) -%}
    {%- set fixed = c.get('fixed', {}) -%}
    {%- set where -%}{% for column, value in fixed.items() %}{{ column }} = {{ value }} and {% endfor %}true{%- endset -%}
    {%- do ns.cubes.append({'name': c.name, 'dims': dims, 'fixed': fixed}) %}
    {{ folding_steps(ns.relation, dims, where, 'folded_' ~ loop.index) }},
    {%- set ns.relation = 'folded_' ~ loop.index -%}
    {%- endfor %}

    stack as (

        {{ linked_count_cubes(ns.relation, ns.cubes, measure) }}

    )

    {{ protect_linked_cells('stack', ns.cubes, measure) }}
)
{%- endmacro %}


{% macro linked_cube(set_model, cube, measure) -%}
{#- One cube of a linked set (linked_cube_cells), with its own dimensions only. -#}
select
    {%- for d in cube_dimensions(cube) %}
    {{ d.column }},
    {%- endfor %}
    {{ measure }},
    is_primary_suppressed,
    is_suppressed
from {{ ref(set_model) }}
where cube = '{{ cube }}'
{%- endmacro %}


{% macro period_year(periode) -%}
{#- The registration year of a cube period; NULL for the whole window. -#}
cast(case when {{ periode }} <> {{ counted_period() }} then {{ periode }} end as integer)
{%- endmacro %}


{% macro province_label(code, name) -%}
{#- The province name of a cube cell: 'Nederland' for the total, 'Onbekend' without a province. -#}
case when {{ code }} = 'NL' then 'Nederland' else coalesce({{ name }}, 'Onbekend') end
{%- endmacro %}
