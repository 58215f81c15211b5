{#-
    The reporting window (contracts/README.md §10; issue 17: it follows the edition). Explicit dbt
    vars `reporting_window_start` / `reporting_window_end` (YYYY-MM-DD) override it; without them
    the window is the five registration years of the edition the build counts as of (seed
    ref_edition): the newest edition whose data date is on or before the build's newest loaded
    delivery (with the var `as_of_date`: its newest delivery dated on or before that date). So the
    sample up to the 2013-2017 edition's data date counts 2013-2017, the whole sample its newest
    edition, and as of 2020-06-01 the 2014-2018 edition. Before the first edition's data date (a
    first delivery alone) the window is the first edition's.

    The window is text in the compiled SQL (a range of years, a period label), so it is read when
    dbt compiles a model that uses it: from the database (run_query), hence the `ref` below, which
    makes ref_edition a parent of every such model, loaded before it compiles. At parse time
    (execute false) nothing is read and the SQL is a placeholder dbt never runs.
-#}
{% macro reporting_window() -%}
    {#- A dbt unit test knows only the parents it is given (a ref of another node fails to
        compile there, and its graph is empty): it reads the seed's table by its name, in the
        schema dbt_project.yml gives the seeds (macros/generate_schema_name.sql), without the ref. -#}
    {#- Nor does it read the deliveries: without an as-of date its window is the first edition's. -#}
    {%- set in_unit_test = execute and model.resource_type == 'unit_test' -%}
    {%- if in_unit_test -%}
        {%- set editions = api.Relation.create(
            database=target.database, schema=generate_schema_name('reference', none) | trim,
            identifier='ref_edition') -%}
    {%- else -%}
        {%- set editions = ref('ref_edition') -%}
    {%- endif -%}
    {%- set start, end = var('reporting_window_start', none), var('reporting_window_end', none) -%}
    {%- if start and end -%}
        {{ return({'edition': none, 'start': start, 'end': end}) }}
    {%- elif start or end -%}
        {{ exceptions.raise_compiler_error(
            "dbt vars reporting_window_start and reporting_window_end are set together or not at all (got "
            ~ start ~ " / " ~ end ~ ")") }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return({'edition': none, 'start': '1900-01-01', 'end': '1900-12-31'}) }}
    {%- endif -%}
    {#- The seed's table itself: inside a dbt unit test `ref` would name a fixture CTE, not a table. -#}
    {%- set table = adapter.get_relation(database=editions.database, schema=editions.schema,
                                         identifier=editions.identifier) -%}
    {%- set log_table = none -%}
    {%- if not in_unit_test -%}
        {%- set log = source('landing', 'load_log') -%}
        {%- set log_table = adapter.get_relation(database=log.database, schema=log.schema, identifier=log.identifier) -%}
    {%- endif -%}
    {%- if table is none -%}
        {{ exceptions.raise_compiler_error(
            "the reporting window follows the seed ref_edition, which is not loaded: run `dbt seed` first, "
            ~ "or set the dbt vars reporting_window_start and reporting_window_end") }}
    {%- endif -%}
    {%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" if var('as_of_date', none) else none -%}
    {%- if log_table is not none -%}
        {#- the newest delivery the build counts: an as-of build of an inbox counts as a build of
            its deliveries up to that date alone (tests/integration/test_as_of.py) -#}
        {%- set counted_as_of = "(select max(delivery_date) from " ~ log_table ~ " where status = 'geladen'"
            ~ (" and delivery_date <= " ~ as_of if as_of else "") ~ ")" -%}
    {%- else -%}
        {%- set counted_as_of = as_of or "cast(null as date)" -%}
    {%- endif -%}
    {%- set query -%}
        select edition, first_year, last_year
        from {{ table }}
        -- the newest edition on or before the date; none on or before it: the oldest edition
        order by
            coalesce(data_date <= {{ counted_as_of }}, false) desc,
            case when coalesce(data_date <= {{ counted_as_of }}, false) then data_date end desc,
            data_date
        limit 1
    {%- endset -%}
    {%- set row = run_query(query).rows[0] -%}
    {{ return({'edition': row[0], 'start': row[1] ~ '-01-01', 'end': row[2] ~ '-12-31'}) }}
{%- endmacro %}

{% macro reporting_window_start() -%}{{ reporting_window()['start'] }}{%- endmacro %}

{% macro reporting_window_end() -%}{{ reporting_window()['end'] }}{%- endmacro %}

{#- R1 / README §10: is a date inside the reporting window? -#}
{% macro in_reporting_window(date_column) -%}
    {%- set window = reporting_window() -%}
    ({{ date_column }} between cast('{{ window.start }}' as date) and cast('{{ window.end }}' as date))
{%- endmacro %}

{#- The label of the whole reporting window as a period: '2013-2017' for that edition. -#}
{% macro reporting_period() -%}
    {%- set window = reporting_window() -%}
    '{{ window.start[:4] }}-{{ window.end[:4] }}'
{%- endmacro %}
