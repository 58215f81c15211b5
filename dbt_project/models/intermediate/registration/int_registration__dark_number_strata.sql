-- The headline victim-years (not sub-3, as every published victim figure) with the strata of the
-- dark number (issue 18, macros/dark_number.sql dark_number_populations) and their reporter set.
-- Labels: the form group; Minderjarig (under 18 at registration, R12) or Meerderjarig;
-- Vrouw or Man (R3); Nederlands (nationality Nederland) or Niet-Nederlands (any other, Staatloos
-- too); each 'Onbekend' where not known. No person key: one row per victim-year, nothing more.
select
    registration_year,
    reporter_set,
    trafficking_form,
    coalesce(minor_status, 'Onbekend') as minor_status,
    coalesce(gender, 'Onbekend') as gender,
    case
        when nationality is null or nationality = 'Onbekend' then 'Onbekend'
        when nationality = 'Nederland' then 'Nederlands'
        else 'Niet-Nederlands'
    end as dutch
from {{ ref('victims') }}
where is_headline
