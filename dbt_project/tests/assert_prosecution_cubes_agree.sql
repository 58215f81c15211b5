-- The Dagvaarding cell of the disposition cube and the total of the judgment cube are the same
-- cell (summoned suspect-cases of a period): equal, and hidden in both or in neither, or a reader
-- could take its value from one cube to solve the other (issue 6, macros/disclosure.sql).
with d as (

    select * from {{ ref('int_prosecution__disposition_cube') }} where afdoening = 'Dagvaarding'

),

j as (

    select * from {{ ref('int_prosecution__judgment_cube') }} where vonnis = 'Alle vonnissen'

)

select coalesce(d.periode, j.periode) as periode, d.suspect_cases, j.suspect_cases as judged,
    d.is_suppressed, j.is_suppressed as judged_is_suppressed
from d
full join j on d.periode = j.periode
where d.suspect_cases is distinct from j.suspect_cases or d.is_suppressed is distinct from j.is_suppressed
