-- VV applications (voortgezet verblijf) handled in the window, by the decision year and outcome of their
-- last decision (residence.md V7; ingewilligd, afgewezen, overig = ingetrokken / buiten behandeling
-- / none). One cube per kind, so that no total over TV and VV ties their cells together.
-- Disclosure-controlled (macros/disclosure.sql, cube 'vv_applications'); raw counts: build
-- database only.
{% set source_rows %}
    select
        cast(decision_year as varchar) as periode,
        case application_outcome when 'Ingewilligd' then 'ingewilligd' when 'Afgewezen' then 'afgewezen' else 'overig' end as outcome
    from {{ ref('residence_decisions') }}
    where is_last_decision and is_application_handled_in_window and residence_type = 'voortgezet'
{% endset %}
{{ disclosure_cube('(' ~ source_rows ~ ')', 'vv_applications', 'decisions') }}
