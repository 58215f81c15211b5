-- One row per victim-year (sub-3 included) with its coordinates in the victim cubes of
-- int_disclosure__victim_cells: the labels the charts show. One place for them: the cells model
-- counts these rows, and the CTDC export (orchestration/export/published.py) finds the cell of
-- each exported record here, to leave out what the dashboards hide (issue 14).
select
    v.victim_id,
    v.registration_year,
    cast(v.registration_year as varchar) as periode,
    v.trafficking_form,
    coalesce(v.gender, 'Onbekend') as gender,
    case when v.is_minor then 'Minderjarig' when not v.is_minor then 'Meerderjarig' else 'Leeftijd onbekend' end as age_group,
    case when v.is_sub3 then 'Sub-3-personen' else 'Slachtoffers (excl. sub-3)' end as population,
    coalesce(v.nationality, 'Onbekend') as nationality,
    f.origin_region,
    f.province_code,
    f.police_unit_found
from {{ ref('victims') }} as v
-- where the headline victims were found (sub-3 persons are only in the sub-3 cube, which
-- has no regional dimension)
left join {{ ref('int_regional__victims_found') }} as f
    on v.victim_id = f.person_key and v.registration_year = f.registration_year
