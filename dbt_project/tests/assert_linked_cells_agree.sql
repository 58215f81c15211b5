-- Every cell that several cubes of int_disclosure__victim_cells share (equal coordinates: the same
-- victim-years) has one count and one decision in all of them (issue 13, macros/disclosure.sql
-- protect_linked_cells). Fails the build when a shared cell is shown in one chart and hidden in another.
select
    link_key,
    count(*) as cubes,
    min(victims) as least,
    max(victims) as most
from {{ ref('int_disclosure__victim_cells') }}
group by link_key
having
    count(*) > 1
    and (
        min(victims) <> max(victims)
        or bool_or(is_suppressed) <> bool_and(is_suppressed)
        or bool_or(is_primary_suppressed) <> bool_and(is_primary_suppressed)
    )
