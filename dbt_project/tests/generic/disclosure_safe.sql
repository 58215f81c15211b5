{#- Disclosure control holds (macros/disclosure.sql): in no equation of the cube (the cells that
    differ in one dimension, with its total) is exactly one cell hidden, and no count below the
    threshold is shown. Returns the offending equations / cells. -#}
{% test disclosure_safe(model, dimensions, measure) %}
{%- for d in dimensions %}
{%- set others = dimensions | reject('equalto', d) | list %}
select '{{ d }}' as equation_over, {{ others | join(", ") }}, null as shown_small_count
from {{ model }}
group by {{ others | join(", ") }}
having count(*) filter (where is_suppressed) = 1
union all
{%- endfor %}
select 'threshold', {{ (["null"] * (dimensions | length - 1)) | join(", ") }}, {{ measure }}
from {{ model }}
where not is_suppressed and {{ measure }} between 1 and {{ disclosure_threshold() }} - 1
{% endtest %}
