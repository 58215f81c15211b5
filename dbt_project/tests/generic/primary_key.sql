{#- The given columns are the model's key: none of them is NULL, and no two rows share their values.
    One query instead of a not_null_columns and a unique_combination_of_columns test over the same
    columns (issue 19: each test is a dbt node, with its own query and Dagster check result).
    Returns one row per key that breaks it: the key's values, the names of its NULL columns (empty
    when none) and how many rows hold that key (more than 1: repeated). -#}
{% test primary_key(model, columns) %}
select *
from (
    select
        {{ columns | join(', ') }},
        concat_ws(', ', {% for column in columns %}case when {{ column }} is null then '{{ column }}' end{{ ", " if not loop.last }}{% endfor %}) as null_columns,
        count(*) as n_rows
    from {{ model }}
    group by {{ columns | join(', ') }}
) as keys
where null_columns <> '' or n_rows > 1
{% endtest %}
