-- The edition this build counts and its reporting window (macros/reporting_window.sql: the
-- edition of the build's as-of date or newest delivery; the window from the dbt vars, or that
-- edition's when they are null), one row, computed once per build: every model that uses the
-- window reads it from here (macro reporting_window), and so do the readers outside dbt: the
-- stewards' suites take their year bounds from it (orchestration/quality/checks.py), and the
-- calibration check compares the 2013-2017 targets only when the build counts that edition
-- (tests/assert_published_calibration_targets_match.sql).
{%- set window = counted_window() %}
select
    {{ "'" ~ window.edition ~ "'" if window.edition else 'cast(null as varchar)' }} as edition,
    cast('{{ window.start }}' as date) as window_start,
    cast('{{ window.end }}' as date) as window_end
