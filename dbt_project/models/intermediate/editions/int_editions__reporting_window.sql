-- The edition this build counts and its reporting window (macros/reporting_window.sql: the
-- edition of the build's as-of date or newest delivery; the window from the dbt vars, or that
-- edition's when they are null), one row, computed once per build: every model that uses the
-- span reads it from here (macro counted_span), and so do the readers outside dbt: the
-- stewards' suites take their year bounds from it (orchestration/quality/checks.py), and the
-- calibration check compares the 2013-2017 targets only when the build counts that edition
-- (tests/assert_published_calibration_targets_match.sql). span_start/span_end: the years the marts
-- count (counted_span: with the window vars null, the oldest edition's first year up to the
-- window's end), what the suites' year bounds are.
{%- set window = counted_window() %}
{%- set span = {'start': window.span_start, 'end': window.end} %}
select
    {{ "'" ~ window.edition ~ "'" if window.edition else 'cast(null as varchar)' }} as edition,
    cast('{{ window.start }}' as date) as window_start,
    cast('{{ window.end }}' as date) as window_end,
    cast('{{ span.start }}' as date) as span_start,
    cast('{{ span.end }}' as date) as span_end
