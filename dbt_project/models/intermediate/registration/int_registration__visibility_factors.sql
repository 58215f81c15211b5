-- Contract R11 imputation population: the headline SU victim-years (Alleen SU, SU en UBS;
-- is_sub3 = false) of the imputation periods, with the three factors (NULL = unknown) and the
-- known visibility class.
select
    v.person_key,
    v.registration_year,
    p.period,
    -- herkomstregio_4: Nederland, EU vanaf 2004, Afrika, Overig (NULL when nationality Onbekend)
    v.origin_region_4,
    -- minderjarig: Minderjarig or Meerderjarig (NULL when the age is unknown)
    case when v.minor_status in ('Minderjarig', 'Meerderjarig') then v.minor_status end as minor_status,
    -- melder_naar_regio (NULL when no melder is known)
    v.reporter_region,
    v.visibility
from {{ ref('int_registration__victim_years') }} as v
inner join {{ ref('ref_imputation_period') }} as p
    on v.registration_year = p.registration_year
where
    v.is_headline
    and v.exploitation_form in ('Alleen SU', 'SU en UBS')
