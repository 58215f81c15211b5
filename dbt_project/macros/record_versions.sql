{#-
    contracts/README.md §3.3: the rank of a row among the versions of its record, newest first:
    latest gewijzigd_op wins, a tie goes to the later delivery. file_name and row_number only make
    the choice deterministic (a key twice in one file is quarantined, so they cannot tie otherwise).
    Rank 1 is the current version.
    The landing suites, which run before dbt, apply the same rule from Python-side SQL:
    orchestration/ingestion/versions.py (change both together; tests/integration/
    test_steward_way_out.py checks that they pick the same rows).
-#}
{% macro version_rank(key_columns) -%}
    row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by gewijzigd_op desc, delivery_date desc, file_name desc, "row_number" desc
    )
{%- endmacro %}
