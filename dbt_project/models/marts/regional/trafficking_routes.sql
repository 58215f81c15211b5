-- The route mart (issue 3): victims (headline victim-years) per period by trafficking route and
-- form, origin region and nationality, and where they were found (province and police unit of
-- gemeente_aantreffen). Every dimension has a total row ('Alle vormen', 'Alle regio''s',
-- 'Alle nationaliteiten', 'NL', 'Nederland', the whole window as periode), so a flow chart picks
-- one pair of dimensions and sets the others to their totals. Disclosure-controlled like the
-- regional marts (the same cube): hidden counts are NULL with their label.
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
