-- V4: TV and VV applications built from the decisions, per person and kind. Every Besluit with
-- fase Eerste aanleg starts an application (its first decision); later Bezwaar/Beroep decisions
-- of the same kind belong to it up to the next Eerste-aanleg decision. Bezwaar/Beroep decisions
-- before the first Eerste-aanleg decision form one application with an unknown first decision.
with decisions as (

    select
        *,
        case gebeurtenis when 'Besluit tijdelijk verblijf' then 'tijdelijk' else 'voortgezet' end as residence_type,
        sum(case when fase = 'Eerste aanleg' then 1 else 0 end) over (
            partition by person_key, gebeurtenis
            order by event_date, event_id
            rows between unbounded preceding and current row
        ) as application_seq
    from {{ ref('stg_ind__gebeurtenissen') }}
    where gebeurtenis in ('Besluit tijdelijk verblijf', 'Besluit voortgezet verblijf')

),

requests as (

    select
        person_key,
        event_kind as residence_type,
        event_date,
        event_id
    from {{ ref('stg_ind__gebeurtenissen') }}
    where
        gebeurtenis in ('Aanvraag tijdelijk verblijf', 'Aanvraag voortgezet verblijf')
        and fase = 'Eerste aanleg'

),

applications as (

    select
        person_key,
        residence_type,
        application_seq,
        person_key || '|' || residence_type || '|' || application_seq as application_id,
        application_seq > 0 as is_first_decision_known,
        first(event_id order by event_date, event_id) filter (where application_seq > 0) as first_decision_id,
        min(event_date) filter (where application_seq > 0) as first_decision_date,
        first(beslissing order by event_date, event_id) filter (where application_seq > 0) as first_outcome,
        first(pad order by event_date, event_id) as path,
        -- last decision: the latest decision dated no later than the end of the counted span
        last(event_id order by event_date, event_id)
        filter (where event_date <= cast('{{ counted_span_end() }}' as date)) as last_decision_id,
        max(event_date)
        filter (where event_date <= cast('{{ counted_span_end() }}' as date)) as last_decision_date,
        last(beslissing order by event_date, event_id)
        filter (where event_date <= cast('{{ counted_span_end() }}' as date)) as outcome,
        last(fase order by event_date, event_id)
        filter (where event_date <= cast('{{ counted_span_end() }}' as date)) as last_phase,
        last(grond order by event_date, event_id)
        filter (where event_date <= cast('{{ counted_span_end() }}' as date)) as ground,
        count(*) as decision_count
    from decisions
    group by all

)

select
    a.*,
    cast(extract(year from a.first_decision_date) as integer) as first_decision_year,
    cast(extract(year from a.last_decision_date) as integer) as last_decision_year,
    coalesce(
        a.outcome = 'Ingewilligd' and a.last_phase in ('Bezwaar', 'Beroep')
        and (a.first_outcome is distinct from 'Ingewilligd' or not a.is_first_decision_known), false)
        as is_granted_after_objection,
    case
        when a.outcome in ('Ingewilligd', 'Afgewezen') then 'inhoudelijke afdoening'
        when a.outcome in ('Buiten behandeling', 'Ingetrokken') then 'overige afdoening'
    end as outcome_category,
    -- TV handled in W: first decision known and in W (BR-21); VV: last decision in W (BR-22)
    coalesce(case a.residence_type
        when 'tijdelijk' then a.is_first_decision_known and {{ in_counted_span('a.first_decision_date') }}
        else {{ in_counted_span('a.last_decision_date') }}
    end, false) as is_handled_in_span,
    -- lead time: first decision - latest Eerste-aanleg Aanvraag of the same kind on or before it
    a.first_decision_date - (
        select max(r.event_date) from requests as r
        where
            r.person_key = a.person_key and r.residence_type = a.residence_type
            and r.event_date <= a.first_decision_date
    ) as lead_time_days
from applications as a
