-- One row per IND decision (Besluit tijdelijk/voortgezet verblijf, Verlenging tijdelijk verblijf,
-- and the grant of a reflection period, Bedenktijd verleend, as residence_type 'bedenktijd'),
-- current and not withdrawn (V1), with its application (V4) and year keys (V7).
-- Counting an application once: filter is_last_decision (and is_application_handled_in_span).
with decisions as (

    select
        *,
        case gebeurtenis
            when 'Besluit voortgezet verblijf' then 'voortgezet'
            when 'Bedenktijd verleend' then 'bedenktijd'
            else 'tijdelijk'
        end as residence_type,
        gebeurtenis = 'Verlenging tijdelijk verblijf' as is_renewal,
        case
            when gebeurtenis in ('Besluit tijdelijk verblijf', 'Besluit voortgezet verblijf')
                then
                    sum(case when fase = 'Eerste aanleg' then 1 else 0 end) over (
                        partition by person_key, gebeurtenis
                        order by event_date, event_id
                        rows between unbounded preceding and current row
                    )
        end as application_seq
    from {{ ref('stg_ind__gebeurtenissen') }}
    where is_decision or gebeurtenis = 'Bedenktijd verleend'

)

select
    d.event_id as decision_id,
    d.person_key,
    d.residence_type,
    d.is_renewal,
    d.event_date as decision_date,
    d.event_year as decision_year,
    d.is_in_counted_span,
    d.pad as path,
    d.grond as ground,
    d.fase as phase,
    -- a Bedenktijd verleend row is a granted reflection period
    case when d.gebeurtenis = 'Bedenktijd verleend' then 'Ingewilligd' else d.beslissing end as outcome,
    case
        when d.gebeurtenis = 'Bedenktijd verleend' then 'inhoudelijke afdoening'
        when d.beslissing in ('Ingewilligd', 'Afgewezen') then 'inhoudelijke afdoening'
        when d.beslissing in ('Buiten behandeling', 'Ingetrokken') then 'overige afdoening'
    end as outcome_category,
    d.bedenktijd_dagen as reflection_period_days,
    a.application_id,
    coalesce(a.first_decision_id = d.event_id, false) as is_first_decision,
    coalesce(a.last_decision_id = d.event_id, false) as is_last_decision,
    a.is_first_decision_known,
    a.first_decision_year,
    a.last_decision_year,
    a.path as application_path,
    a.outcome as application_outcome,
    a.outcome_category as application_outcome_category,
    a.ground as application_ground,
    coalesce(a.is_handled_in_span, false) as is_application_handled_in_span,
    coalesce(a.is_granted_after_objection, false) as is_granted_after_objection,
    a.lead_time_days,
    p.nationality
from decisions as d
left join {{ ref('int_residence__applications') }} as a
    on
        d.person_key = a.person_key and d.residence_type = a.residence_type
        and d.application_seq = a.application_seq
left join {{ ref('int_residence__persons') }} as p
    on d.person_key = p.person_key
