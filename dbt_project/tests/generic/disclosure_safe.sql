{#- Disclosure control holds (macros/disclosure.sql): no equation of the cube (the cells that
    differ in one dimension, with its total) leaves a hidden cell one possible value, and no count
    below the threshold is shown. `cube` names the cube in macro cube_dimensions; the model must
    still hold the raw counts (the intermediate cube), which the rule needs. -#}
{% test disclosure_safe(model, cube, measure) %}
    {%- set dims = cube_dimensions(cube) %}
{%- for d in dims %}
select '{{ d.column }}' as equation_over, {{ dims | map(attribute='column') | join(', ') }}
from (select *, {{ equation_stats(dims, d, measure) }} from {{ model }}) as cells
where {{ equation_is_unsafe() }}
union all
{%- endfor %}
select 'threshold', {{ dims | map(attribute='column') | join(', ') }}
from {{ model }}
where not is_suppressed and {{ measure }} between 1 and {{ disclosure_threshold() }} - 1
{% endtest %}
