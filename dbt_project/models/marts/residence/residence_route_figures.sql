-- The routes through the residence scheme (Figure 4.2, V5) for the dashboard Verblijf en vervolging
-- (issue 6): persons per group year (`jaar`; NULL for the whole window), start point and route
-- group, from the disclosure-controlled cube int_residence__route_cube. A hidden count is NULL with
-- label "< 5" or "x".
with routes as (
    select
        periode,
        {{ period_year('periode') }} as jaar,
        startpunt,
        uitkomst,
        {{ disclosed_count('persons', 'personen') }}
    from {{ ref('int_residence__route_cube') }}
),

drawn as (
    select
        *,
        -- A flow the route Sankey draws: start point -> route group over the whole window, shown.
        jaar is null
        and startpunt <> 'Alle startpunten'
        and uitkomst <> 'Alle routes'
        and personen is not null as is_drawn_flow
    from routes
)

-- Superset's Sankey shows a value only in its tooltip, so a node's name carries the total of its
-- drawn flows, as on the origin-to-province Sankeys (trafficking_routes), on a line of its own
-- ("Start: bedenktijd", "(790)"): the route groups' long names with the total on the same line
-- run out of the chart on the right.
-- Only for the whole window: the dashboard's year filter may pick several group years, and a total
-- per selection would need Superset's template processing (off, superset_config.py). The chart is
-- therefore outside the year filter (superset/assets/dashboards/verblijf_en_vervolging.yaml). Drawn
-- flows are shown cells, so no hidden cell can be differenced out of a total (macros/disclosure.sql).
select
    * exclude (is_drawn_flow),
    case when is_drawn_flow then startpunt || chr(10) || '(' || {{ dutch_count(
        "sum(case when is_drawn_flow then personen end) over (partition by periode, startpunt)"
    ) }} || ')' end as startpunt_knoop,
    case when is_drawn_flow then uitkomst || chr(10) || '(' || {{ dutch_count(
        "sum(case when is_drawn_flow then personen end) over (partition by periode, uitkomst)"
    ) }} || ')' end as uitkomst_knoop
from drawn
