{% macro dutch_count(expression) -%}
    {#- A count as the dashboards write it for the analysts: thousands with a dot (1.234). -#}
    replace(format('{:,}', ({{ expression }})::bigint), ',', '.')
{%- endmacro %}


{% macro dutch_decimal(expression) -%}
    {#- A rate with one decimal and a decimal comma (1,2), as the analysts read numbers. -#}
    replace(format('{:.1f}', ({{ expression }})::double), '.', ',')
{%- endmacro %}
