-- The IND figures of the dashboard Verblijf en vervolging (issue 6), from two disclosure-controlled
-- cubes (macros/disclosure.sql): bedenktijd granted per decision year (int_residence__reflection_
-- period_cube; residence_type Bedenktijd, outcome verleend) and TV and VV applications by outcome
-- per decision year of their last decision (int_residence__tv/vv_application_cube, a cube each). `jaar` is NULL for the
-- whole window. A hidden count is NULL with label "< 5" or "x".
-- grant_rate (Figure 4.7, V7: VV ingewilligd / (ingewilligd + afgewezen)), on the row Voortgezet /
-- Alle uitkomsten: shown only when both of its parts are shown cells (a part that is zero has no
-- cell and gives nobody away), neither is folded with another outcome, and its denominator is at
-- least the threshold. A rate next to a shown
-- total would otherwise give a hidden part back (part = rate x the sum of the two parts).
with cells as (

    select
        periode,
        'Bedenktijd' as residence_type,
        'verleend' as outcome,
        decisions,
        is_suppressed,
        is_primary_suppressed
    from {{ ref('int_residence__reflection_period_cube') }}

    union all

    select
        periode,
        'Tijdelijk',
        outcome,
        decisions,
        is_suppressed,
        is_primary_suppressed
    from {{ ref('int_residence__tv_application_cube') }}

    union all

    select
        periode,
        'Voortgezet',
        outcome,
        decisions,
        is_suppressed,
        is_primary_suppressed
    from {{ ref('int_residence__vv_application_cube') }}

),

vv as (

    select
        periode,
        coalesce(sum(decisions) filter (where outcome = 'ingewilligd'), 0) as granted,
        coalesce(sum(decisions) filter (where outcome in ('ingewilligd', 'afgewezen')), 0) as substantive,
        coalesce(bool_or(is_suppressed) filter (where outcome in ('ingewilligd', 'afgewezen')), false)
        -- a folded outcome (macros/disclosure.sql fold_small_categories) may hold a part
        or coalesce(bool_or(contains(outcome, '{{ fold_separator() }}')), false) as part_hidden
    from cells
    where residence_type = 'Voortgezet'
    group by periode

)

select
    c.periode,
    {{ period_year('c.periode') }} as jaar,
    c.residence_type,
    c.outcome,
    case
        when c.residence_type = 'Bedenktijd' then 'Bedenktijd verleend'
        else c.residence_type || ' – ' || c.outcome
    end as reeks,
    {{ disclosed_count('decisions', 'aantal', cell='c') }},
    case
        when
            c.residence_type = 'Voortgezet' and c.outcome = 'Alle uitkomsten'
            and not vv.part_hidden and vv.substantive >= {{ disclosure_threshold() }}
            then round(vv.granted / vv.substantive, 6)
    end as grant_rate
from cells as c
left join vv
    on c.periode = vv.periode
