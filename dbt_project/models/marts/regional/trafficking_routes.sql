-- The route mart (issue 3): victims (headline victim-years) per period by trafficking route and
-- form, origin region and nationality, and where they were found (province and police unit of
-- gemeente_aantreffen). Every dimension has a total row ('Alle vormen', 'Alle regio''s',
-- 'Alle nationaliteiten', 'NL', 'Nederland', the whole window as periode), so a flow chart picks
-- one pair of dimensions and sets the others to their totals. Disclosure-controlled like the
-- regional marts (the same cube): hidden counts are NULL with their label.
with routes as (
    select
        c.periode,
        {{ period_year('c.periode') }} as registration_year,
        case
            when c.trafficking_form like 'BL-%' then 'Binnenlands'
            when c.trafficking_form like 'GO-%' then 'Grensoverschrijdend'
            when c.trafficking_form = 'Alle vormen' then 'Alle routes'
            else 'Onbekend'
        end as trafficking_route,
        c.trafficking_form,
        c.origin_region,
        c.nationality,
        c.province_code,
        {{ province_label('c.province_code', 'p.provincie_naam') }} as province_name,
        c.police_unit_found,
        {{ disclosed_count('victims', 'victims', cell='c') }}
    from {{ ref('int_regional__victim_cube') }} as c
    left join {{ ref('ref_provincie') }} as p
        on c.province_code = p.provincie_code
),

named as (
    select
        *,
        -- The names the flow charts give their nodes: 'Onbekend' is an origin region and a
        -- province, and a Sankey needs distinct names.
        case when origin_region = 'Onbekend' then 'Herkomst onbekend' else origin_region end as herkomstregio,
        case when province_name = 'Onbekend' then 'Provincie onbekend' else province_name end as provincie_aantreffen,
        -- A flow the route charts draw (origin region -> known province, per period and form; the
        -- victims whose province is unknown, about half, would leave no room for the provinces).
        victims is not null
        and origin_region <> 'Alle regio''s'
        and province_code not in ('NL', 'Onbekend')
        and nationality = 'Alle nationaliteiten'
        and police_unit_found = 'Nederland' as is_drawn_flow
    from routes
)

-- Superset's Sankey shows a value only in its tooltip, so a node's name carries the total of its
-- drawn flows, "Oost-Europa (123)" (issue 15). Drawn flows are shown cells: the total tells nothing
-- their own numbers do not, so no hidden cell can be differenced out of it (macros/disclosure.sql).
select
    * exclude (is_drawn_flow),
    case when is_drawn_flow then herkomstregio || ' (' || {{ dutch_count(
        "sum(case when is_drawn_flow then victims end) over (partition by periode, trafficking_form, origin_region)"
    ) }} || ')' end as herkomst_knoop,
    case when is_drawn_flow then provincie_aantreffen || ' (' || {{ dutch_count(
        "sum(case when is_drawn_flow then victims end) over (partition by periode, trafficking_form, province_code)"
    ) }} || ')' end as provincie_knoop
from named
