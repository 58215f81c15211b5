-- The share of CoMensha headline victims that can be linked at all (README §8, residence.md V11,
-- prosecution.md P8): one row per registration year. Denominator = headline victim-years
-- (is_sub3 false; one victim counts once per year). A victim-year is linked when its own
-- link_hash is on victim_journeys with the link flag set; without a usable key (empty or
-- ambiguous) it cannot be linked.
with victim_years as (

    select
        v.registration_year,
        v.has_link_key,
        v.is_link_key_ambiguous,
        coalesce(j.is_linked_to_residence, false) as is_linked_to_residence,
        coalesce(j.is_linked_to_prosecution, false) as is_linked_to_prosecution
    from {{ ref('victims') }} as v
    left join {{ ref('victim_journeys') }} as j on v.link_hash = j.link_hash
    where v.is_headline

),

counts as (

    select
        registration_year,
        count(*) as headline_victims,
        count(*) filter (where has_link_key) as victims_with_link_key,
        count(*) filter (where is_link_key_ambiguous) as victims_with_ambiguous_link_key,
        count(*) filter (where is_linked_to_residence) as victims_linked_to_residence,
        count(*) filter (where is_linked_to_prosecution) as victims_linked_to_prosecution,
        count(*) filter (where is_linked_to_residence and is_linked_to_prosecution) as victims_linked_to_both
    from victim_years
    group by registration_year

)

select
    cast(registration_year as integer) as registration_year,
    cast(headline_victims as integer) as headline_victims,
    cast(victims_with_link_key as integer) as victims_with_link_key,
    cast(victims_with_ambiguous_link_key as integer) as victims_with_ambiguous_link_key,
    cast(victims_linked_to_residence as integer) as victims_linked_to_residence,
    cast(victims_linked_to_prosecution as integer) as victims_linked_to_prosecution,
    cast(victims_linked_to_both as integer) as victims_linked_to_both,
    cast(round(victims_with_link_key / headline_victims, 4) as double) as share_with_link_key,
    cast(round(victims_linked_to_residence / headline_victims, 4) as double) as share_linked_to_residence,
    cast(round(victims_linked_to_prosecution / headline_victims, 4) as double) as share_linked_to_prosecution,
    cast(round(victims_linked_to_both / headline_victims, 4) as double) as share_linked_to_both
from counts
