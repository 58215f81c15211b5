{#- Helpers for the CoMensha registration rules (contracts/registration.md §4). -#}

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

{#-
    The rules that decide the headline count, one macro each, so that the models of the current
    build (staging, int_registration__*) and the edition ledger (int_editions__victim_years, which
    counts every edition as of its own data date) apply the same words of the contract.
-#}

{#- R1: the registration year of a melding. -#}
{% macro registration_year(datum_melding) -%}
    cast(extract(year from {{ datum_melding }}) as integer)
{%- endmacro %}

{#- R2: an EMM melding for a witness or a person involved only enriches; every other one qualifies. -#}
{% macro is_enrichment_melding(melder_type, emm_rol) -%}
    coalesce({{ melder_type }} = 'EMM' and {{ emm_rol }} in ('getuige', 'betrokkene'), false)
{%- endmacro %}

{#- R4 (aggregate): the union of the sectors of a person-year's meldingen. -#}
{% macro sector_set(sector) -%}
    list_sort(list_distinct(flatten(list({{ sector }}))))
{%- endmacro %}

{#- R7 (aggregate): the person-year's melder set, sorted, without Onbekend. -#}
{% macro melder_set(melder_type) -%}
    coalesce(
        list_sort(list_distinct(list({{ melder_type }}) filter (where {{ melder_type }} <> 'Onbekend'))),
        []::varchar[]
    )
{%- endmacro %}

{#- R4: sexual exploitation / exploitation outside the sex industry (organ trade included) present. -#}
{% macro has_su(sector_set) -%}
    list_contains({{ sector_set }}, 'Seksuele uitbuiting')
{%- endmacro %}

{% macro has_ubs(sector_set) -%}
    (list_contains({{ sector_set }}, 'Uitbuiting buiten de seksindustrie')
        or list_contains({{ sector_set }}, 'Orgaanhandel'))
{%- endmacro %}

{#- R4: the exploitation form from the two flags. -#}
{% macro exploitation_form(has_su, has_ubs) -%}
    case
        when {{ has_su }} and {{ has_ubs }} then 'SU en UBS'
        when {{ has_su }} then 'Alleen SU'
        when {{ has_ubs }} then 'Alleen UBS'
        else 'Onbekend'
    end
{%- endmacro %}

{#- R7: reported by KMar only. -#}
{% macro is_kmar_only(melder_types) -%}
    ({{ melder_types }} = ['KMar'])
{%- endmacro %}

{#- R7: sub-3 = KMar-only with Alleen SU or an unknown form (KMar-only with any UBS is not). -#}
{% macro is_sub3(is_kmar_only, exploitation_form) -%}
    ({{ is_kmar_only }} and {{ exploitation_form }} in ('Alleen SU', 'Onbekend'))
{%- endmacro %}

{#- R7 / R9: the headline count is every victim-year that is not sub-3. -#}
{% macro is_headline(is_kmar_only, exploitation_form) -%}
    not{{ is_sub3(is_kmar_only, exploitation_form) }}
{%- endmacro %}
