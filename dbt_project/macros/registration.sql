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

{#-
    R10: per victim-year, the first of its reported categories in the fixed hierarchy of a
    reference seed (hierarchy_rank 1 wins). One rule for both hierarchies, the prostitution sectors
    and the sectors outside the sex industry; `categories` has one row per victim-year and
    reported_category. The seed is passed in as ref() from the model, so dbt sees the dependency.
-#}
{% macro first_in_hierarchy(categories, hierarchy, category_column) -%}
    select
        c.person_key,
        c.registration_year,
        arg_min(h.{{ category_column }}, h.hierarchy_rank) as {{ category_column }}
    from {{ categories }} as c
    inner join {{ hierarchy }} as h
        on c.reported_category = h.{{ category_column }}
    group by c.person_key, c.registration_year
{%- endmacro %}

{#- R5: a victim-year's id, the victim's pseudonym and the registration year (victims,
    reports and police_unit_reports join on it). -#}
{% macro victim_year_id(person_key, registration_year) -%}
    {{ person_key }} || '-' || cast({{ registration_year }} as varchar)
{%- endmacro %}

{#- R9: the headline victim-years (sub-3 left out) whose meldingen the report tables count. -#}
{% macro headline_victim_years() -%}
    select
        person_key,
        registration_year,
        trafficking_form
    from {{ ref('int_registration__victim_years') }}
    where not is_sub3
{%- endmacro %}
