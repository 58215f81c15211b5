{#-
    The reporting window (contracts/README.md §10) and the edition a build counts (issue 17).

    The counted edition is the newest edition of seed ref_edition whose data date is on or before
    the build's newest loaded delivery (with an as-of date: its newest delivery dated on or before
    it; macros/record_versions.sql `build_as_of_date`); before the first data date, the first
    edition. So the sample up to the 2013-2017 edition's data date counts that edition, the whole
    sample the newest, and as of 2020-06-01 the 2014-2018 edition.

    The window is the dbt vars `reporting_window_start` / `reporting_window_end` (YYYY-MM-DD, set
    together). Both null (the default, dbt_project.yml) and the window follows the counted edition
    (its five registration years).

    What the marts count is the counted span (counted_span below): with the vars set, the window;
    with them null, every registration year from the oldest edition's first year up to the counted
    edition's last one, so that the trend marts and the dashboards run 2013-2025 on the whole
    sample (issue 17, "Dashboards through 2025") and the build of the 2013-2017 edition counts
    2013-2017 as before. The macros named for it say so: `counted_span_start` / `_end`,
    `in_counted_span` (the models' flags is_in_counted_span) and `counted_period` (its label, as
    marts.data_status.counted_period); the names with "window" are the window's: the vars and the
    edition's own five years in int_editions__reporting_window (window_start/_end), for the
    calibration check.

    Both are text in the compiled SQL (a range of years, a period label), so they are read when dbt
    compiles a model that uses them. The counted edition is computed once per build, by the model
    int_editions__reporting_window (counted_window below); every other model reads the span from
    that one-row table (run_query), hence its `ref`, which makes it a parent of every such model,
    built before it compiles (with the vars set, that table holds their window). At parse time
    (execute false) nothing is read and the SQL is a placeholder dbt never runs. So a dbt run of
    some models with other vars or another as-of date than the last build selects
    int_editions__reporting_window too (tests/integration/test_reporting_window.py does), else they
    read the span that build computed.
-#}
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

{#- The counted edition, its window and where the counted span starts, {'edition', 'start', 'end',
    'span_start'}: the one computation per build, by int_editions__reporting_window (and by
    counted_span in a dbt unit test, which has no such table); every other model reads the span
    (counted_span) from that table. -#}
{% macro counted_window() -%}
    {%- set start, end = window_vars() -%}
    {%- set counted = counted_edition() -%}
    {%- if start and end -%}
        {{ return({'edition': counted.edition, 'start': start, 'end': end, 'span_start': start}) }}
    {%- endif -%}
    {{ return({'edition': counted.edition, 'start': counted.first_year ~ '-01-01', 'end': counted.last_year ~ '-12-31',
               'span_start': counted.series_first_year ~ '-01-01'}) }}
{%- endmacro %}

{#- The span a build's marts count ({'start', 'end'}, YYYY-MM-DD): the window when the vars set it,
    else the oldest edition's first year up to the end of the counted edition's window (above).
    Read from int_editions__reporting_window, where counted_window put it once for the build. -#}
{% macro counted_span() -%}
    {%- do window_vars() -%}  {#- both set or both null, else a compile error -#}
    {#- a dbt unit test has no int_editions__reporting_window (a ref of a node it is not given
        fails to compile there): it computes the span itself, see counted_edition -#}
    {%- set in_unit_test = execute and model.resource_type == 'unit_test' -%}
    {%- if in_unit_test -%}
        {%- set window = counted_window() -%}
        {{ return({'start': window.span_start, 'end': window.end}) }}
    {%- endif -%}
    {#- called at parse time too: its ref must be seen then, outside the branches below -#}
    {%- set edition_table = ref('int_editions__reporting_window') -%}
    {%- if not execute -%}
        {{ return({'start': '1900-01-01', 'end': '1900-12-31'}) }}
    {%- endif -%}
    {#- The table itself: under `dbt build --empty` the ref renders as a subquery with no rows. -#}
    {%- set table = adapter.get_relation(database=edition_table.database, schema=edition_table.schema,
                                         identifier=edition_table.identifier) -%}
    {%- if table is none -%}
        {{ exceptions.raise_compiler_error(
            "the counted span is read from int_editions__reporting_window, which is not built: "
            ~ "build it first (dbt build --select +int_editions__reporting_window)") }}
    {%- endif -%}
    {#- agate may read a date back as a date or as text: either way its first ten characters are the ISO date -#}
    {%- set row = run_query("select cast(span_start as varchar), cast(span_end as varchar) from " ~ table).rows[0] -%}
    {{ return({'start': (row[0] | string)[:10], 'end': (row[1] | string)[:10]}) }}
{%- endmacro %}

{#- The edition the build counts (above): {'edition', 'first_year', 'last_year'} and the oldest
    edition's first year ('series_first_year', where the counted span starts); at parse time
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
        {{ return({'edition': none, 'first_year': 1900, 'last_year': 1900, 'series_first_year': 1900}) }}
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
        select edition, first_year, last_year, min(first_year) over () as series_first_year
        from {{ table }}
        -- the newest edition on or before the date; none on or before it: the oldest edition
        order by
            coalesce(data_date <= {{ counted_as_of }}, false) desc,
            case when coalesce(data_date <= {{ counted_as_of }}, false) then data_date end desc,
            data_date
        limit 1
    {%- endset -%}
    {%- set row = run_query(query).rows[0] -%}
    {{ return({'edition': row[0], 'first_year': row[1], 'last_year': row[2], 'series_first_year': row[3]}) }}
{%- endmacro %}

{#- The counted span's first and last day (counted_span). -#}
{% macro counted_span_start() -%}{{ counted_span()['start'] }}{%- endmacro %}

{% macro counted_span_end() -%}{{ counted_span()['end'] }}{%- endmacro %}

{#- R1 / README §10: is a date inside the span the marts count (counted_span)? The models keep
    it as is_in_counted_span. -#}
{% macro in_counted_span(date_column) -%}
    {%- set span = counted_span() -%}
    ({{ date_column }} between cast('{{ span.start }}' as date) and cast('{{ span.end }}' as date))
{%- endmacro %}

{#- The label of the whole counted span as a period, the cubes' period total: '2013-2017' in a
    build of that edition, '2013-2025' on the whole sample. -#}
{% macro counted_period() -%}
    {%- set span = counted_span() -%}
    '{{ span.start[:4] }}-{{ span.end[:4] }}'
{%- endmacro %}
