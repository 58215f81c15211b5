{#- Helpers for the CoMensha registration rules (contracts/registration.md §4). -#}

{#- R1 / README §10: is a date inside the configured reporting window? -#}
{% macro in_reporting_window(date_column) -%}
    ({{ date_column }} between cast('{{ var("reporting_window_start") }}' as date)
        and cast('{{ var("reporting_window_end") }}' as date))
{%- endmacro %}

{#- R3: a value is unknown when it is empty (NULL), 'Onbekend' or 'O'. -#}
{% macro registration_is_known(column) -%}
    ({{ column }} is not null and cast({{ column }} as varchar) not in ('Onbekend', 'O'))
{%- endmacro %}

{#-
    R3: the value of the most recent melding that has a known value. Most recent = latest
    datum_melding, then the highest melding_id in plain character (binary) order.
    `extra_condition` narrows the meldingen considered (eerste_opvang: only Verzoek opvang).
-#}
{% macro latest_known_value(column, extra_condition=none) -%}
    first({{ column }} order by datum_melding desc, melding_id desc)
        filter (where {{ registration_is_known(column) }}
            {%- if extra_condition %} and {{ extra_condition }}{% endif %})
{%- endmacro %}

{#- R3: conflict_<column> = the known values differ. -#}
{% macro known_values_conflict(column, extra_condition=none) -%}
    (count(distinct {{ column }})
        filter (where {{ registration_is_known(column) }}
            {%- if extra_condition %} and {{ extra_condition }}{% endif %}) > 1)
{%- endmacro %}
