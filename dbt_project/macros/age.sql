{#-
    The age bands of the three contracts (registration.md R12, residence.md V8, prosecution.md P9):
    the same bounds for victims, residence persons and suspects, written once so that the sources'
    tables stay comparable. Only the name of the under-18 band differs: prosecution.md P9 names it
    '< 18', the other two 'Minderjarig'.
-#}
{% macro age_band(age, minor_label='Minderjarig') -%}
    case
        when {{ age }} is null then 'Onbekend'
        when {{ age }} < 18 then '{{ minor_label }}'
        when {{ age }} <= 22 then '18-22'
        when {{ age }} <= 29 then '23-29'
        when {{ age }} <= 39 then '30-39'
        else '40+'
    end
{%- endmacro %}
