-- Shelter need and first shelter (R15, Figures 3.15/3.16): headline victim-years with a request
-- for shelter per period, trafficking form, province where found and first shelter arranged by
-- CoMensha (COSM, Reguliere opvang, Kortdurende opvang; Geen opvang = none arranged). Rows with
-- first_shelter 'Alle' hold all requests; province 'NL' the whole country. Disclosure-controlled.
select
    c.periode,
    {{ period_year('c.periode') }} as registration_year,
    c.trafficking_form,
    c.province_code,
    {{ province_label('c.province_code', 'p.provincie_naam') }} as province_name,
    c.first_shelter,
    {{ disclosed_count('requests', 'requests', cell='c') }}
from {{ ref('int_shelter__request_cube') }} as c
left join {{ ref('ref_provincie') }} as p
    on c.province_code = p.provincie_code
