-- V5 route and group, V6 group year, V9 asylum after the scheme; one row per person.
with events as (

    select * from {{ ref('stg_ind__gebeurtenissen') }}

),

applications as (

    select * from {{ ref('int_residence__applications') }}
    where is_handled_in_span

),

bedenktijd as (

    select
        person_key,
        count(*) as bedenktijd_count,
        max(event_year) as latest_bedenktijd_year
    from events
    where gebeurtenis = 'Bedenktijd verleend' and is_in_counted_span
    group by person_key

),

tv as (

    select
        person_key,
        count(*) as tv_application_count,
        max(last_decision_date) as latest_tv_last_decision_date,
        max(last_decision_year) filter (where outcome = 'Ingewilligd') as latest_tv_grant_year,
        last(last_decision_year order by last_decision_date, last_decision_id) as latest_tv_application_year
    from applications
    where residence_type = 'tijdelijk'
    group by person_key

),

renewals as (

    select
        person_key,
        max(event_year) as latest_renewal_grant_year
    from events
    where gebeurtenis = 'Verlenging tijdelijk verblijf' and beslissing = 'Ingewilligd' and is_in_counted_span
    group by person_key

),

vv as (

    select
        person_key,
        count(*) as vv_application_count,
        bool_or(outcome = 'Ingewilligd') as is_vv_granted,
        max(last_decision_year) filter (where outcome = 'Ingewilligd') as latest_vv_grant_year,
        max(last_decision_year) as latest_vv_decision_year
    from applications
    where residence_type = 'voortgezet'
    group by person_key

),

pending as (

    -- lopende_aanvraag: an Aanvraag with no later decision of that kind
    select distinct r.person_key
    from events as r
    where
        r.gebeurtenis in ('Aanvraag tijdelijk verblijf', 'Aanvraag voortgezet verblijf')
        and not exists (
            select 1 from events as d
            where
                d.person_key = r.person_key and d.is_decision and d.event_kind = r.event_kind
                and (d.event_date, d.event_id) > (r.event_date, r.event_id)
        )

),

scheme as (

    select
        person_key,
        min(event_date) filter (where is_scheme_event and is_in_counted_span) as first_scheme_event_date,
        max(event_date) filter (where is_decision and is_in_counted_span) as latest_decision_date
    from events
    group by person_key

),

asylum as (

    select
        s.person_key,
        min(e.event_date) as asylum_date
    from scheme as s
    inner join events as e
        on
            s.person_key = e.person_key and e.gebeurtenis = 'Asielaanvraag'
            and s.first_scheme_event_date <= e.event_date
    group by s.person_key

),

flags as (

    select
        s.person_key,
        b.person_key is not null as has_bedenktijd,
        t.person_key is not null as has_tv_handled,
        v.person_key is not null as has_vv_handled,
        coalesce(v.is_vv_granted, false) as is_vv_granted,
        coalesce(b.bedenktijd_count, 0) as bedenktijd_count,
        coalesce(t.tv_application_count, 0) as tv_application_count,
        coalesce(v.vv_application_count, 0) as vv_application_count,
        b.latest_bedenktijd_year,
        t.latest_tv_grant_year,
        t.latest_tv_application_year,
        r.latest_renewal_grant_year,
        v.latest_vv_grant_year,
        v.latest_vv_decision_year,
        p.person_key is not null as has_pending_application,
        s.first_scheme_event_date,
        s.latest_decision_date,
        a.asylum_date
    from scheme as s
    left join bedenktijd as b on s.person_key = b.person_key
    left join tv as t on s.person_key = t.person_key
    left join renewals as r on s.person_key = r.person_key
    left join vv as v on s.person_key = v.person_key
    left join pending as p on s.person_key = p.person_key
    left join asylum as a on s.person_key = a.person_key

),

grouped as (

    select
        *,
        case
            when has_vv_handled and is_vv_granted then 4
            when has_vv_handled then 5
            when has_tv_handled and has_bedenktijd then 2
            when has_tv_handled then 3
            when has_bedenktijd then 1
        end as route_group
    from flags

)

select
    person_key,
    route_group,
    route_group is not null as is_in_population,
    case
        when route_group in (4, 5)
            then
                cast(route_group as varchar)
                || case when has_tv_handled and has_bedenktijd then 'a' when has_tv_handled then 'b' else 'c' end
        when route_group is not null then cast(route_group as varchar)
        else 'buiten_populatie'
    end as route,
    case route_group
        when 1 then 'Uitsluitend bedenktijd'
        when 2 then 'Bedenktijd – uitsluitend tijdelijk verblijf'
        when 3 then 'Uitsluitend tijdelijk verblijf'
        when 4 then 'Voortgezet verblijf verleend'
        when 5 then 'Voortgezet verblijf niet verleend'
    end as route_group_label,
    case
        when route_group is null then null
        when not has_tv_handled and route_group in (4, 5) then 'onbekend: tijdelijk verblijf vóór 2013'
        when has_bedenktijd then 'bedenktijd'
        else 'direct tijdelijk verblijf'
    end as start_point,
    -- V6 group year
    case route_group
        when 1 then latest_bedenktijd_year
        when 2 then coalesce(greatest(latest_tv_grant_year, latest_renewal_grant_year), latest_tv_application_year)
        when 3 then coalesce(greatest(latest_tv_grant_year, latest_renewal_grant_year), latest_tv_application_year)
        when 4 then latest_vv_grant_year
        when 5 then latest_vv_decision_year
    end as group_year,
    has_bedenktijd,
    has_tv_handled,
    has_vv_handled,
    is_vv_granted,
    bedenktijd_count,
    tv_application_count,
    vv_application_count,
    has_pending_application,
    -- V9: asylum on or after the first scheme event in W (may be after W); gap to the latest decision in W
    asylum_date is not null and route_group is not null as is_asylum_after_scheme,
    case when route_group is not null then asylum_date - latest_decision_date end as asylum_gap_days
from grouped
