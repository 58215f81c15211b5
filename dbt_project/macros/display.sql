{% macro dutch_count(expression) -%}
    {#- A count as the dashboards write it for the analysts: thousands with a dot (1.234). -#}
    replace(format('{:,}', ({{ expression }})::bigint), ',', '.')
{%- endmacro %}
