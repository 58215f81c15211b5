{#
  Applications of one residence type (tijdelijk = TV, voortgezet = VV) handled in the counted span, by the
  decision year and outcome of their last decision (residence.md V7; ingewilligd, afgewezen,
  overig = ingetrokken / buiten behandeling / none), as a disclosure-controlled cube
  (macros/disclosure.sql). One cube per type, so that no total over TV and VV ties their cells together.
#}
{% macro residence_application_cube(residence_type, cube_name) %}
    {% set source_rows %}
    select
        cast(decision_year as varchar) as periode,
        case application_outcome when 'Ingewilligd' then 'ingewilligd' when 'Afgewezen' then 'afgewezen' else 'overig' end as outcome
    from {{ ref('residence_decisions') }}
    where is_last_decision and is_application_handled_in_span and residence_type = '{{ residence_type }}'
{% endset %}
    {{ disclosure_cube('(' ~ source_rows ~ ')', cube_name, 'decisions') }}
{% endmacro %}
