-- Contract R11 imputation of the visibility class (Figure 3.4b, Bijlage B1.2): one row per
-- period and subpopulation (herkomstregio_4 x minderjarig x melder_naar_regio) of the headline
-- SU victim-years (int_registration__visibility_factors). Victim-years with an unknown factor
-- form rows with has_all_factors = false; they are never imputed and stay Onbekend.
with subpopulations as (

    select
        period,
        origin_region_4,
        minor_status,
        reporter_region,
        origin_region_4 is not null and minor_status is not null and reporter_region is not null
            as has_all_factors,
        cast(count(*) as integer) as victims,
        cast(count(*) filter (where visibility in ('Meer zichtbaar', 'Minder zichtbaar')) as integer)
            as known_victims,
        cast(count(*) filter (where visibility = 'Meer zichtbaar') as integer) as known_meer_zichtbaar,
        cast(count(*) filter (where visibility = 'Minder zichtbaar') as integer) as known_minder_zichtbaar
    from {{ ref('int_registration__visibility_factors') }}
    group by period, origin_region_4, minor_status, reporter_region

),

assessed as (

    select
        *,
        -- The exception: fewer than 20% known AND that known number below 17 -> not
        -- representative, the whole subpopulation stays Onbekend. Integer arithmetic
        -- (known * 5 < victims) avoids rounding at the 20% boundary.
        has_all_factors
        and known_victims > 0
        and not (known_victims * 5 < victims and known_victims < 17) as is_representative
    from subpopulations

)

select
    period,
    origin_region_4,
    minor_status,
    reporter_region,
    has_all_factors,
    victims,
    known_victims,
    known_meer_zichtbaar,
    known_minder_zichtbaar,
    cast(known_victims as double) / victims as known_share,
    is_representative,
    -- the known meer/minder split scaled to the subpopulation size
    case
        when is_representative
            then cast(known_meer_zichtbaar as double) * victims / known_victims
        else 0.0
    end
        as estimated_meer_zichtbaar,
    case
        when is_representative
            then cast(known_minder_zichtbaar as double) * victims / known_victims
        else 0.0
    end
        as estimated_minder_zichtbaar,
    case when is_representative then 0.0 else cast(victims as double) end as estimated_onbekend
from assessed
