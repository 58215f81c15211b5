{#-
    The reporting window (contracts/README.md §10) and the edition a build counts (issue 17).

    The counted edition is the newest edition of seed ref_edition whose data date is on or before
    the build's newest loaded delivery (with an as-of date: its newest delivery dated on or before
    it; macros/record_versions.sql `build_as_of_date`); before the first data date, the first
    edition. So the sample up to the 2013-2017 edition's data date counts that edition, the whole
    sample the newest, and as of 2020-06-01 the 2014-2018 edition.

    The window is the dbt vars `reporting_window_start` / `reporting_window_end` (YYYY-MM-DD, set
    together). Set both to null and the window follows the counted edition (its five registration
    years). dbt_project.yml keeps 2013-2017 as the default for now: the dashboards' periods are
    still written for that window (superset/assets: Regionaal's period filter and several charts'
    fixed filters name '2013-2017'), so a window of 2021-2025 would leave them empty (issue 17,
    "Dashboards through 2025", open).

    Both are text in the compiled SQL (a range of years, a period label), so they are read when dbt
    compiles a model that uses them. The counted edition is computed once per build, by the model
    int_editions__reporting_window (counted_window below); every other model reads the window from
    that one-row table (run_query), hence its `ref`, which makes it a parent of every such model,
    built before it compiles. Set by the vars, the window needs no query at all. At parse time
    (execute false) nothing is read and the SQL is a placeholder dbt never runs. So a dbt run of
    some models with other vars or another as-of date than the last build selects
    int_editions__reporting_window too (tests/integration/test_reporting_window.py does), else they
    read the window that build computed.
-#}
{% macro reporting_window() -%}
    {%- set start, end = window_vars() -%}
    {#- a dbt unit test has no int_editions__reporting_window (a ref of a node it is not given
        fails to compile there): it computes the window itself, see counted_edition -#}
    {%- set in_unit_test = execute and model.resource_type == 'unit_test' -%}
    {%- if in_unit_test -%}
        {{ return({'start': start, 'end': end} if start and end else counted_window()) }}
    {%- endif -%}
    {#- called at parse time too: its ref must be seen then, outside the branches below -#}
    {%- set window_table = ref('int_editions__reporting_window') -%}
    {%- if start and end -%}
        {{ return({'start': start, 'end': end}) }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return({'start': '1900-01-01', 'end': '1900-12-31'}) }}
    {%- endif -%}
    {#- agate may read a date back as a date or as text: either way its first ten characters are the ISO date -#}
    {%- set row = run_query("select cast(window_start as varchar), cast(window_end as varchar) from " ~ window_table).rows[0] -%}
    {{ return({'start': (row[0] | string)[:10], 'end': (row[1] | string)[:10]}) }}
{%- endmacro %}

{#- The dbt vars of the window, checked: both set or both null. -#}
{% macro window_vars() -%}
    {%- set start, end = var('reporting_window_start', none), var('reporting_window_end', none) -%}
    {%- if (start or end) and not (start and end) -%}
        {{ exceptions.raise_compiler_error(
            "dbt vars reporting_window_start and reporting_window_end are set together or not at all (got "
            ~ start ~ " / " ~ end ~ ")") }}
    {%- endif -%}
    {{ return((start, end)) }}
{%- endmacro %}

{#- The counted edition and its window, {'edition', 'start', 'end'}: the one computation per build,
    by int_editions__reporting_window (and in a dbt unit test, which has no such table). -#}
{% macro counted_window() -%}
    {%- set start, end = window_vars() -%}
    {%- set counted = counted_edition() -%}
    {%- if start and end -%}
        {{ return({'edition': counted.edition, 'start': start, 'end': end}) }}
    {%- endif -%}
    {{ return({'edition': counted.edition, 'start': counted.first_year ~ '-01-01', 'end': counted.last_year ~ '-12-31'}) }}
{%- endmacro %}

{#- The edition the build counts (above): {'edition', 'first_year', 'last_year'}; at parse time
    (execute false) a placeholder dbt never runs, after the ref that makes ref_edition a parent of
    the calling model (a ref only inside a condition is not tracked). -#}
{% macro counted_edition() -%}
    {#- A dbt unit test knows only the parents it is given (a ref of another node fails to
        compile there, and its graph is empty): it reads the seed's table by its name, in the
        schema dbt_project.yml gives the seeds (macros/generate_schema_name.sql), without the ref. -#}
    {#- Nor does it read the deliveries: without an as-of date its edition is the first. -#}
    {%- set in_unit_test = execute and model.resource_type == 'unit_test' -%}
    {%- if in_unit_test -%}
        {%- set editions = api.Relation.create(
            database=target.database, schema=generate_schema_name('reference', none) | trim,
            identifier='ref_edition') -%}
    {%- else -%}
        {%- set editions = ref('ref_edition') -%}
    {%- endif -%}
    {%- if not execute -%}
        {{ return({'edition': none, 'first_year': 1900, 'last_year': 1900}) }}
    {%- endif -%}
    {#- The seed's table itself: inside a dbt unit test `ref` would name a fixture CTE, not a table. -#}
    {%- set table = adapter.get_relation(database=editions.database, schema=editions.schema,
                                         identifier=editions.identifier) -%}
    {%- if table is none -%}
        {{ exceptions.raise_compiler_error(
            "the edition a build counts is read from the seed ref_edition, which is not loaded: run `dbt seed` first") }}
    {%- endif -%}
    {%- set log_table = none -%}
    {%- if not in_unit_test -%}
        {%- set log = source('landing', 'load_log') -%}
        {%- set log_table = adapter.get_relation(database=log.database, schema=log.schema, identifier=log.identifier) -%}
    {%- endif -%}
    {%- set as_of_day = build_as_of_date() -%}
    {%- set as_of = "cast('" ~ as_of_day ~ "' as date)" if as_of_day else none -%}
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
    {{ return({'edition': row[0], 'first_year': row[1], 'last_year': row[2]}) }}
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
