-- One row per IND person (person_key): the Figure 4.2 route (V5), group year (V6), attributes
-- (V2, V8, V10), asylum after the scheme (V9) and the link key (V11). No v_nummer, birth date or name.
select
    r.person_key,
    p.link_hash,
    r.is_in_population,
    r.route_group,
    r.route_group_label,
    r.route,
    r.start_point,
    r.group_year,
    r.has_bedenktijd,
    r.has_tv_handled,
    r.has_vv_handled,
    r.is_vv_granted,
    r.bedenktijd_count,
    r.tv_application_count,
    r.vv_application_count,
    r.has_pending_application,
    p.gender,
    p.age_at_last_event,
    p.age_band,
    p.nationality,
    p.origin_region,
    p.exploitation_form,
    r.is_in_population and r.group_year between 2013 and 2016 as is_asylum_cohort,
    r.is_asylum_after_scheme,
    r.asylum_gap_days,
    p.has_link_key,
    p.is_link_key_ambiguous,
    p.conflict_gender,
    p.conflict_nationality,
    p.conflict_exploitation_form,
    p.conflict_link_key,
    p.conflict_age
from {{ ref('int_residence__routes') }} as r
inner join {{ ref('int_residence__persons') }} as p
    on r.person_key = p.person_key
