{#- Each given column is unique on its own (NULLs aside, as dbt's `unique`): one query for many
    columns instead of one unique test each (keeps `dbt build` fast). Returns one row per column and
    repeated value: the column, the value and how often it occurs. -#}
{% test unique_columns(model, columns) %}
    {%- for column in columns %}
select
    '{{ column }}' as column_name,
    cast({{ column }} as varchar) as repeated_value,
    count(*) as n_rows
from {{ model }}
where {{ column }} is not null
group by {{ column }}
having count(*) > 1
{{ "union all" if not loop.last }}
{%- endfor %}
{% endtest %}
