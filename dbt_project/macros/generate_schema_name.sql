{#-
    Models and seeds land in the schema named by their `+schema` config exactly (staging,
    intermediate, marts, reference), not in dbt's default `<target_schema>_<custom>`.
    Without a custom schema the target schema is used.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
