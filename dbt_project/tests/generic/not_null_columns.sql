{#- None of the given columns holds a NULL: one query for many columns instead of one test each
    (keeps `dbt build` fast). Returns the offending rows with the names of their NULL columns.
    A column the stewards must see has its Dutch sentence in the test's
    `meta.beschrijving_per_kolom` (orchestration/quality/from_dbt.py). -#}
{% test not_null_columns(model, columns) %}
select *
from (
    select
        concat_ws(', '
        {%- for column in columns %},
            case when {{ column }} is null then '{{ column }}' end
        {%- endfor %}
        ) as null_columns
    from {{ model }}
) as checked
where null_columns <> ''
{% endtest %}
