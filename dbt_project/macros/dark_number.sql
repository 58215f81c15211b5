{% macro round_as_published(estimate) -%}
{#- An estimate as the rapporteur publishes one (issue 18): to two significant figures, as
    'ongeveer 3.000 / 1.300 / 1.400' and '5.000 tot 7.500' in report 000 (lines 146-164). The
    estimates are model output, not counts of persons; more digits would suggest a precision the
    interval denies. NULL stays NULL. -#}
case
    when {{ estimate }} > 0
        then cast(round({{ estimate }}, 1 - cast(floor(log10({{ estimate }})) as integer)) as bigint)
    when {{ estimate }} = 0 then 0
end
{%- endmacro %}
