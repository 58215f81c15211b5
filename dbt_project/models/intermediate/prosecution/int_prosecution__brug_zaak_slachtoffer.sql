-- P8 bridge brug_zaak_slachtoffer: one row per current OM row x distinct victim link_hash.
-- Joined to CoMensha victim-years and IND population persons (residence.md V2, V5) with the same
-- link_hash (README §8; ambiguous keys are already blanked in int_registration__victim_years and
-- int_residence__persons). Keys without a match are kept, flags false.
with keys as (

    select distinct
        record_key,
        suspect_key,
        parketnummer,
        registration_year,
        unnest(victim_link_hashes) as link_hash
    from {{ ref('stg_om__verdachten_zaken') }}

),

comensha as (

    select
        link_hash,
        true as matches_comensha,
        bool_or(is_headline) as matches_comensha_headline
    from {{ ref('int_registration__victim_years') }}
    where link_hash is not null
    group by link_hash

),

ind as (

    select distinct
        p.link_hash,
        true as matches_ind
    from {{ ref('int_residence__persons') }} as p
    inner join {{ ref('int_residence__routes') }} as r on p.person_key = r.person_key
    where
        p.link_hash is not null
        and r.route <> 'buiten_populatie'

)

select
    keys.record_key,
    keys.suspect_key,
    keys.parketnummer,
    keys.registration_year,
    keys.link_hash,
    coalesce(comensha.matches_comensha, false) as matches_comensha,
    coalesce(comensha.matches_comensha_headline, false) as matches_comensha_headline,
    coalesce(ind.matches_ind, false) as matches_ind
from keys
left join comensha on keys.link_hash = comensha.link_hash
left join ind on keys.link_hash = ind.link_hash
