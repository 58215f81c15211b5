-- P8 cross-source checks (contracts/prosecution.md P8): one row per linked pair of an IND person
-- and an OM suspect-case, i.e. an IND person (int_residence__persons, ambiguous keys already
-- blanked, README §8) whose link_hash is named in a current OM row (bridge
-- int_prosecution__brug_zaak_slachtoffer, all registration years). Every IND person with a key
-- counts, also outside the Figure 4.2 population, and every current OM row, also outside the
-- counted span (macros/reporting_window.sql): a check on a linked pair must not depend on it.
-- The two expectations are warnings for the data stewards (Great Expectations suite
-- `cross_source_links`), never quarantine:
--   (a) an IND VV grant on `a-grond veroordeling` has a linked OM Veroordeling dated before it;
--   (b) an IND person linked to an OM Technisch sepot or Beleidssepot has no TV renewal after
--       the afdoeningsdatum (TV is withdrawn after a dismissal).
-- Keyed hashes only: no parketnummer, v_nummer or verdachte_id (README §7).
with persons as (

    select
        person_key,
        link_hash
    from {{ ref('int_residence__persons') }}
    where link_hash is not null

),

pairs as (

    select
        p.person_key,
        p.link_hash,
        b.record_key
    from persons as p
    inner join {{ ref('int_prosecution__brug_zaak_slachtoffer') }} as b
        on p.link_hash = b.link_hash

),

events as (

    select * from {{ ref('stg_ind__gebeurtenissen') }}
    where person_key in (select person_key from persons)

),

-- (a) the person's VV grants on the conviction ground: Besluit voortgezet verblijf, Ingewilligd,
-- grond a-grond veroordeling (current, not withdrawn events, V1). The first one is the one that
-- needs the earliest conviction; a conviction before it precedes every later grant too.
conviction_grants as (

    select
        person_key,
        min(event_date) as first_vv_grant_on_conviction_date,
        count(*) as vv_grant_on_conviction_count
    from events
    where
        gebeurtenis = 'Besluit voortgezet verblijf'
        and beslissing = 'Ingewilligd'
        and grond = 'a-grond veroordeling'
    group by person_key

),

-- (b) the person's granted TV renewals (Verlenging tijdelijk verblijf, Ingewilligd). A refused
-- renewal after a dismissal is the withdrawal the rule expects, not a breach of it.
renewals as (

    select
        person_key,
        max(event_date) as last_tv_renewal_date
    from events
    where
        gebeurtenis = 'Verlenging tijdelijk verblijf'
        and beslissing = 'Ingewilligd'
    group by person_key

),

cases as (

    select
        pairs.person_key,
        pairs.link_hash,
        sha256('om_zaak_verdachte:' || c.record_key) as case_suspect_id,
        c.registration_year,
        c.is_in_counted_span as is_case_in_counted_span,
        c.afdoening as disposition,
        c.afdoeningsdatum as disposition_date,
        c.vonnis as judgment,
        c.vonnisdatum as judgment_date,
        coalesce(c.afdoening in ('Technisch sepot', 'Beleidssepot'), false) as is_dismissal
    from pairs
    inner join {{ ref('stg_om__verdachten_zaken') }} as c on pairs.record_key = c.record_key

),

person_convictions as (

    select
        person_key,
        min(judgment_date) filter (where judgment = 'Veroordeling') as first_linked_conviction_date
    from cases
    group by person_key

)

select
    c.person_key,
    c.link_hash,
    c.case_suspect_id,
    r.is_in_population,
    c.registration_year,
    c.is_case_in_counted_span,
    c.disposition,
    c.disposition_date,
    c.judgment,
    c.judgment_date,
    g.first_vv_grant_on_conviction_date,
    coalesce(g.vv_grant_on_conviction_count, 0) as vv_grant_on_conviction_count,
    pc.first_linked_conviction_date,
    -- (a) NULL when the person has no VV grant on a-grond veroordeling; else whether one of the
    -- person's linked OM cases has a Veroordeling dated before the first such grant.
    case
        when g.person_key is null then null
        else coalesce(pc.first_linked_conviction_date < g.first_vv_grant_on_conviction_date, false)
    end as has_conviction_before_vv_grant,
    c.is_dismissal,
    rn.last_tv_renewal_date,
    -- (b) NULL when this OM case is not a dismissal (sepot); else whether the person has no
    -- granted TV renewal dated after the afdoeningsdatum.
    case
        when not c.is_dismissal then null
        else coalesce(rn.last_tv_renewal_date <= c.disposition_date, true)
    end as has_no_tv_renewal_after_dismissal
from cases as c
inner join {{ ref('int_residence__routes') }} as r on c.person_key = r.person_key
left join conviction_grants as g on c.person_key = g.person_key
left join person_convictions as pc on c.person_key = pc.person_key
left join renewals as rn on c.person_key = rn.person_key
