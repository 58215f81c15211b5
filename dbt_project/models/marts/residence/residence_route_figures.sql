-- The routes through the residence scheme (Figure 4.2, V5) for the dashboard Verblijf en vervolging
-- (issue 6): persons per group year (`jaar`; NULL for the whole window), start point and route
-- group, from the disclosure-controlled cube int_residence__route_cube. A hidden count is NULL with
-- label "< 5" or "x".
select
    periode,
    {{ period_year('periode') }} as jaar,
    startpunt,
    uitkomst,
    {{ disclosed_count('persons', 'personen') }}
from {{ ref('int_residence__route_cube') }}
