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
    {{ latest_versions(delivered_as_of(landing_relation), key_columns) }}
        and versions.status = 'Actief'
{%- endmacro %}

{#-
    The newest version of every record among the rows of `delivered`, whatever its status (a
    withdrawn record keeps its Vervallen version here): current_records adds the Actief condition;
    the edition ledger (models/intermediate/editions/) compares these versions between editions to
    say which records were withdrawn, corrected or delivered late. `key_columns` may start with a
    column that `delivered` adds (the edition), so one row set holds the versions of every edition.
-#}
{% macro latest_versions(delivered, key_columns) -%}
    select versions.* exclude (version_rank)
    from (
        select
            *,
            {{ version_rank(key_columns) }} as version_rank
        from {{ delivered }}
    ) as versions
    where versions.version_rank = 1
{%- endmacro %}

{#-
    Issue 17, counting as of a date (YYYY-MM-DD; none: every delivery) keeps only the rows of
    deliveries dated on or before it, so the version rule above then picks the version that was
    current on that date, and every mart counts as the warehouse did then. Every read of a landing
    or control table goes through here (current_records, the OM first-instance judgments over all
    versions, data_status over load_log): one place per source. Without a date the relation is
    returned as it is, so the compiled SQL is that of before.
-#}
{% macro delivered_as_of(relation) -%}
    {%- set as_of = build_as_of_date() -%}
    {%- if as_of -%}
        (select * from {{ relation }} where delivery_date <= cast('{{ as_of }}' as date))
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}

{#- The as-of date as a DuckDB date, null when the build counts every delivery (data_status shows it). -#}
{% macro as_of_date() -%}
    {%- set as_of = build_as_of_date() -%}
    {%- if as_of -%}
        cast('{{ as_of }}' as date)
    {%- else -%}
        cast(null as date)
    {%- endif -%}
{%- endmacro %}

{#-
    The build's as-of date, 'YYYY-MM-DD' or none. A Dagster build gives it outside dbt's vars (a
    change of --vars re-parses the whole project: orchestration/dbt_build_target.py), through the
    profile's plugin as the DuckDB variable mh_as_of_date (orchestration/dbt_duckdb_plugin.py),
    read when the model is compiled and written into its SQL as a literal: a staging view must not
    depend on a variable of the connection that reads it. The var `as_of_date` (dbt_project.yml,
    default none) is for dbt by hand and the unit tests; it wins over the variable. Parsing
    connects to no database and needs no date (`execute` is false).
-#}
{% macro build_as_of_date() -%}
    {%- if var('as_of_date', none) -%}
        {{ return(var('as_of_date')) }}
    {%- elif execute -%}
        {#- agate may read the text back as a date: either way its first ten characters are the ISO date -#}
        {%- set as_of = run_query("select cast(getvariable('mh_as_of_date') as varchar)").columns[0].values()[0] -%}
        {{ return((as_of | string)[:10] if as_of is not none else none) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#-
    Issue 17, the edition ledger: the rows of every delivery dated on or before an edition's data
    date, once per edition (column `edition`), so the version rule counts each edition as of its
    own date inside one model; delivered_as_of above is the same filter for the build's one as-of date.
    `editions` holds (edition, data_date): ref_edition's editions that have data (int_editions__editions).
-#}
{% macro delivered_by_edition(relation, editions) -%}
    (
        select
            delivered.*,
            editions.edition
        from {{ relation }} as delivered
        inner join {{ editions }} as editions
            on delivered.delivery_date <= editions.data_date
    )
{%- endmacro %}
