-- R9: the police melding count equals the number of police-reported victim-years, so every
-- victim-year with a Politie row in `reports` has at least one row in `police_unit_reports`
-- and the other way round.
with police_reports as (
    select victim_year_id from {{ ref('reports') }}
    where reporter_group = 'Politie'
),

unit_reports as (
    select distinct victim_year_id from {{ ref('police_unit_reports') }}
)

select coalesce(p.victim_year_id, u.victim_year_id) as victim_year_id
from police_reports as p
full outer join unit_reports as u
    on p.victim_year_id = u.victim_year_id
where p.victim_year_id is null or u.victim_year_id is null
