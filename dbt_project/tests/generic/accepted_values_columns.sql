{#- Each given column holds only its accepted values: one query for many columns instead of one
    accepted_values test each (keeps `dbt build` fast). `columns` maps a column to the name of a
    value set in dbt_project.yml (vars.value_sets, the one copy) or to a list of values. Values
    are compared as text (as DuckDB writes them), so a list of numbers needs no quoting rule.
    Returns one row per column and unexpected value: the column, the value and its rows. -#}
{% test accepted_values_columns(model, columns) %}
    {%- set value_sets = var('value_sets') %}
    {%- for column, accepted in columns.items() %}
    {%- set values = value_sets[accepted] if accepted is string else accepted %}
select
    '{{ column }}' as column_name,
    cast({{ column }} as varchar) as unexpected_value,
    count(*) as n_rows
from {{ model }}
where {{ column }} is not null
    and cast({{ column }} as varchar) not in (
        {%- for value in values %}
            {#- as DuckDB writes the value as text: true, not Jinja's True #}
            {%- set text = (value | string | lower) if value is sameas true or value is sameas false else value | string %}
            '{{ text | replace("'", "''") }}'{{ ", " if not loop.last }}
        {%- endfor %}
    )
group by {{ column }}
{{ "union all" if not loop.last }}
{%- endfor %}
{% endtest %}
