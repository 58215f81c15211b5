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

{#-
    contracts/README.md §3.3 and §3.5: the current version of every record, and only where that
    version is Actief: a record whose current version is Vervallen is withdrawn and left out of
    everything downstream (a later Actief version brings it back). Each staging model reads its
    landing table through this, so the versioning and withdrawal rule is written once for the three
    sources. The landing relation is passed in (not looked up here) so that the model itself calls
    source(): dbt sees the dependency and a unit test can stand in for the landing rows.
-#}
{% macro current_records(landing_relation, key_columns) -%}
    select versions.* exclude (version_rank)
    from (
        select
            *,
            {{ version_rank(key_columns) }} as version_rank
        from {{ landing_relation }}
    ) as versions
    where versions.version_rank = 1
        and versions.status = 'Actief'
{%- endmacro %}
