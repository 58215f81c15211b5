-- One row per linked victim: each distinct link_hash on a CoMensha headline victim-year (R7:
-- is_sub3 false) inside the reporting window, with the IND residence route (residence.md V11)
-- and the OM cases that name the victim (prosecution.md P8). Cross-source links join on
-- link_hash only (README §8); ambiguous keys are already blanked (link_hash NULL) in victims and
-- residence_routes, so they never link. No names, person keys, case ids or birth dates.
with registration as (

    select
        link_hash,
        min(registration_year) as first_registration_year,
        max(registration_year) as last_registration_year,
        count(distinct registration_year) as registration_year_count,
        arg_min(trafficking_form, registration_year) as first_trafficking_form
    from {{ ref('victims') }}
    where
        is_headline
        and link_hash is not null
    group by link_hash

),

-- V11 / V5: a victim links to an IND population person (the same persons as matches_ind of the
-- P8 bridge). One link_hash is on at most one IND person: ambiguous keys are NULL.
residence as (

    select
        link_hash,
        route_group,
        route,
        is_vv_granted
    from {{ ref('residence_routes') }}
    where
        link_hash is not null
        and is_in_population

),

-- P8: the suspect-cases that name the victim's key, with their outcome.
cases as (

    select
        l.link_hash,
        c.case_id,
        c.case_suspect_id,
        c.registration_date,
        c.stage,
        -- best outcome per suspect-case: the latest judgment, else the disposition (Dagvaarding
        -- without judgment = Gedagvaard, vonnis volgt), else pending
        coalesce(c.judgment = 'Veroordeling', false) as is_conviction,
        coalesce(
            c.judgment,
            case when c.disposition = 'Dagvaarding' then 'Gedagvaard, vonnis volgt' else c.disposition_group end,
            'Lopend bij OM'
        ) as outcome
    from {{ ref('prosecution_victim_links') }} as l
    inner join {{ ref('prosecution_cases') }} as c
        on l.case_suspect_id = c.case_suspect_id

),

ranked_cases as (

    select
        *,
        case outcome
            when 'Veroordeling' then 1
            when 'OM-afdoening' then 2
            when 'Gedagvaard, vonnis volgt' then 3
            when 'Lopend bij OM' then 4
            when 'Voeging ad informandum' then 5
            when 'Overdracht' then 6
            when 'Ontslag van alle rechtsvervolging' then 7
            when 'Vrijspraak' then 8
            when 'Niet-ontvankelijk' then 9
            when 'Sepot' then 10
        end as outcome_rank
    from cases

),

prosecution as (

    select
        link_hash,
        count(distinct case_id) as prosecution_case_count,
        count(distinct case_suspect_id) as prosecution_suspect_case_count,
        bool_or(is_conviction) as has_conviction,
        arg_min(outcome, outcome_rank) as best_prosecution_outcome,
        arg_max(stage, [strftime(registration_date, '%Y-%m-%d'), case_suspect_id]) as latest_case_stage,
        cast(max(extract(year from registration_date)) as integer) as latest_case_registration_year
    from ranked_cases
    group by link_hash

)

select
    r.link_hash,
    cast(r.first_registration_year as integer) as first_registration_year,
    cast(r.last_registration_year as integer) as last_registration_year,
    cast(r.registration_year_count as integer) as registration_year_count,
    r.first_trafficking_form,
    -- V11: residence route, NULL when not linked
    res.link_hash is not null as is_linked_to_residence,
    res.route_group,
    res.route,
    res.is_vv_granted,
    -- P8: prosecution, NULL / 0 when not linked
    p.link_hash is not null as is_linked_to_prosecution,
    cast(coalesce(p.prosecution_case_count, 0) as integer) as prosecution_case_count,
    cast(coalesce(p.prosecution_suspect_case_count, 0) as integer) as prosecution_suspect_case_count,
    p.has_conviction,
    p.best_prosecution_outcome,
    p.latest_case_stage,
    p.latest_case_registration_year
from registration as r
left join residence as res on r.link_hash = res.link_hash
left join prosecution as p on r.link_hash = p.link_hash
