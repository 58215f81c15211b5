-- Reproduction of the published figures (issue 5 part 3): every row of the seed published_figures
-- (one published figure value, typed from the contracts and the research notes) next to the value
-- the warehouse computes from the marts for the same measure, year and group.
--
-- Each measure is computed by one block below, always as rows (measure, year, group_label,
-- group_label_2, value); year NULL = 2013-2017 total, a group NULL = all groups. A count measure
-- that the warehouse computes but has no row for a cell counts 0 there (e.g. a nationality that
-- never occurs in a group); a measure no block computes stays NULL, and the data tests fail on it.
-- Percentages are rounded to one decimal, as the report prints them.
{{ config(materialized='table') }}

-- The published figures are the oldest edition's (seed ref_edition, 2013-2017): registrations,
-- IND applications and routes and OM cases count that edition's years only, also in a build whose marts count a longer
-- span (macros/reporting_window.sql counted_span), so that its totals (year NULL) stay comparable.
{#- the marts whose rows count by registration year, and the name of their CTE below -#}
{%- set by_registration_year = {
    'v': 'victims', 'rep': 'reports', 'pu': 'police_unit_reports',
    'pc': 'prosecution_cases', 'pl': 'prosecution_victim_links'} %}
with published_years as (
    select first_year, last_year from {{ ref('ref_edition') }} order by data_date limit 1
),
{% for cte, mart in by_registration_year.items() %}
{{ cte }} as (
    select t.* from {{ ref(mart) }} as t, published_years as y
    where t.registration_year between y.first_year and y.last_year
),
{% endfor %}
hv as (select * from v where not is_sub3),
s3 as (select * from v where is_sub3),
rr as (
    select r.* from {{ ref('residence_routes') }} as r, published_years as y
    where r.is_in_population and r.group_year between y.first_year and y.last_year
),
rd as (select * from {{ ref('residence_decisions') }}),
-- an application counts when it was handled inside the published years (int_residence__applications
-- is_handled_in_span: a TV application by its first decision, a VV one by its last)
app as (
    select rd.* from rd, published_years as y
    where rd.is_last_decision and rd.is_application_handled_in_span
        and case rd.residence_type when 'tijdelijk' then rd.first_decision_year else rd.last_decision_year end
            between y.first_year and y.last_year
),
tv as (select * from app where residence_type = 'tijdelijk'),
vv as (select * from app where residence_type = 'voortgezet'),

-- ---------------------------------------------------------------- registration (K1-K12)
-- per year and 2013-2017 (year NULL), no group
reg_year as (
    select
        registration_year as year,
        count(*)::double as victims_incl_sub3,
        count(*) filter (where is_sub3)::double as victims_sub3,
        count(*) filter (where not is_sub3)::double as victims_headline,
        count(*) filter (where not is_sub3 and is_emm_only)::double as victims_emm_only,
        count(*) filter (where not is_sub3 and is_emm_with_other)::double as victims_emm_with_other,
        count(*) filter (where not is_sub3 and reporter_set = '')::double as victims_melder_onbekend,
        count(*) filter (where not is_sub3 and is_kmar_only)::double as victims_kmar_only,
        count(*) filter (where not is_sub3 and reported_without_legal_basis)::double as victims_reported_without_legal_basis,
        count(*) filter (where not is_sub3 and only_without_legal_basis)::double as victims_only_without_legal_basis,
        count(*) filter (where not is_sub3 and only_care_coordinator)::double as victims_only_care_coordinator,
        count(*) filter (where is_sub3 and is_eu_since_2004)::double as sub3_eu_since_2004,
        count(*) filter (where not is_sub3 and needs_shelter)::double as shelter_need,
        count(*) filter (where not is_sub3 and gender = 'Onbekend')::double as gender_onbekend,
        count(*) filter (where not is_sub3 and trafficking_form in ('GO-SU', 'GO-UBS') and age_band <> 'Onbekend')::double
            as cross_border_known_age,
        count(distinct link_hash) filter (where not is_sub3)::double as victim_link_keys,
        count(*) filter (where not is_sub3 and exploitation_form in ('Alleen SU', 'SU en UBS')
                         and prostitution_sector <> 'Onbekend')::double as su_known_sector,
        count(*) filter (where not is_sub3 and exploitation_form in ('Alleen SU', 'SU en UBS')
                         and visibility = 'Meer zichtbaar')::double as su_more_visible,
        count(*) filter (where not is_sub3 and exploitation_form in ('Alleen SU', 'SU en UBS')
                         and not_yet_worked_su)::double as su_not_yet_worked,
        count(*) filter (where not is_sub3 and exploitation_form in ('SU en UBS', 'Alleen UBS')
                         and non_sex_sector <> 'Onbekend')::double as ubs_known_sector,
        count(*) filter (where not is_sub3 and exploitation_form in ('SU en UBS', 'Alleen UBS')
                         and not_yet_worked_ubs)::double as ubs_not_yet_worked,
        count(*) filter (where not is_sub3 and exploitation_form in ('SU en UBS', 'Alleen UBS')
                         and non_sex_sector_type = 'Arbeidsuitbuiting')::double as ubs_labour,
        count(*) filter (where not is_sub3 and exploitation_form in ('SU en UBS', 'Alleen UBS')
                         and non_sex_sector_type = 'Andersoortig' and non_sex_sector <> 'Orgaanhandel')::double as ubs_criminal,
        count(*) filter (where not is_sub3 and exploitation_form in ('SU en UBS', 'Alleen UBS')
                         and non_sex_sector = 'Orgaanhandel')::double as ubs_organ,
        count(*) filter (where not is_sub3 and exploitation_form in ('SU en UBS', 'Alleen UBS')
                         and non_sex_sector_type in ('Arbeidsuitbuiting', 'Onbekend'))::double as temp_agency_base,
        count(*) filter (where not is_sub3 and exploitation_form in ('SU en UBS', 'Alleen UBS')
                         and non_sex_sector_type in ('Arbeidsuitbuiting', 'Onbekend') and temp_agency)::double as temp_agency,
        round(100.0 * count(*) filter (where not is_sub3 and exploitation_form in ('SU en UBS', 'Alleen UBS')
                                       and non_sex_sector_type in ('Arbeidsuitbuiting', 'Onbekend') and temp_agency)
              / nullif(count(*) filter (where not is_sub3 and exploitation_form in ('SU en UBS', 'Alleen UBS')
                                        and non_sex_sector_type in ('Arbeidsuitbuiting', 'Onbekend')), 0), 1) as temp_agency_pct,
        round(100.0 * count(*) filter (where is_sub3) / count(*), 1) as sub3_share_pct,
        round(100.0 * count(*) filter (where not is_sub3 and needs_shelter)
              / count(*) filter (where not is_sub3), 1) as shelter_need_pct,
        round(100.0 * count(*) filter (where not is_sub3 and police_report <> 'Onbekend')
              / count(*) filter (where not is_sub3), 1) as police_report_known_pct,
        round(100.0 * count(*) filter (where not is_sub3 and police_report = 'Ja')
              / count(*) filter (where not is_sub3), 1) as police_report_ja_pct,
        count(*) filter (where not is_sub3 and gender = 'Man')::double as male_victims,
        round(100.0 * count(*) filter (where not is_sub3 and gender = 'Man')
              / count(*) filter (where not is_sub3), 1) as male_share_pct,
        round(100.0 * count(*) filter (where not is_sub3 and is_minor)
              / count(*) filter (where not is_sub3), 1) as minor_share_pct
    from v
    group by grouping sets ((registration_year), ())
),
reg_year_long as (
    unpivot reg_year on columns(* exclude (year)) into name measure value value
),

reg_groups as (
    select 'victims_by_form' as measure, registration_year as year, trafficking_form as g1, null as g2, count(*) as value
    from hv group by grouping sets ((registration_year, trafficking_form), (trafficking_form))
    union all
    select 'victims_by_exploitation_form', registration_year, exploitation_form, null, count(*)
    from hv group by grouping sets ((registration_year, exploitation_form), (exploitation_form))
    union all
    select 'nationality_onbekend_by_form', registration_year, g1, null, count(*)
    from (select registration_year, case when exploitation_form in ('Alleen SU', 'SU en UBS') then 'SU (alleen of met UBS)'
                 else exploitation_form end as g1 from hv where nationality = 'Onbekend')
    group by grouping sets ((registration_year, g1), (g1))
    union all
    select 'victims_by_nationality', registration_year, nationality, trafficking_form, count(*)
    from hv group by grouping sets ((nationality, registration_year), (nationality, trafficking_form), (nationality))
    union all
    select 'minors_by_nationality', registration_year, nationality, trafficking_form, count(*)
    from hv where is_minor group by grouping sets ((nationality, registration_year), (nationality, trafficking_form), (nationality))
    union all
    select 'sub3_by_gender', registration_year, gender, null, count(*) from s3 group by registration_year, gender
    union all
    select 'sub3_by_minor', registration_year, case when is_minor then 'Minderjarig' when not is_minor then 'Meerderjarig' end,
           null, count(*)
    from s3 group by all
    union all
    select 'sub3_by_nationality', null, nationality, null, count(*) from s3 group by nationality
    union all
    select 'sub3_by_kmar_region', null, kmar_region, null, count(*) from s3 group by kmar_region
    union all
    select 'sub3_by_exploitation_form', null, exploitation_form, null, count(*) from s3 group by exploitation_form
    union all
    select 'first_shelter', registration_year, first_shelter, null, count(*)
    from hv where needs_shelter group by grouping sets ((registration_year, first_shelter), (first_shelter))
    union all
    select 'first_shelter_pct', null, first_shelter, null, round(100.0 * count(*) / sum(count(*)) over (), 1)
    from hv where needs_shelter group by first_shelter
    union all
    select 'first_shelter_by_form', null, trafficking_form, first_shelter, count(*)
    from hv where needs_shelter group by trafficking_form, first_shelter
    union all
    select 'first_shelter_by_form_pct', null, trafficking_form, first_shelter,
           round(100.0 * count(*) / sum(count(*)) over (partition by trafficking_form), 1)
    from hv where needs_shelter group by trafficking_form, first_shelter
    union all
    select 'shelter_need_pct', null, trafficking_form, null, round(100.0 * count(*) filter (where needs_shelter) / count(*), 1)
    from hv group by trafficking_form
    union all
    select 'report_purpose', null, report_purpose, null, count(*) from hv group by report_purpose
    union all
    select 'police_report', registration_year, g1, null, count(*)
    from (select registration_year, police_report as g1 from hv
          union all
          select registration_year, 'Bedenktijd loopt + Intake' from hv where police_report in ('Bedenktijd loopt', 'Intake'))
    group by grouping sets ((registration_year, g1), (g1))
    union all
    select 'police_report_group_onbekend', null,
           case when police_report in ('Ja', 'Bedenktijd loopt', 'Intake') then 'Ja, bedenktijd loopt of intake'
                else police_report end, null, count(*)
    from hv where trafficking_form = 'Onbekend' group by all
    union all
    select 'male_victims', null, trafficking_form, null, count(*) filter (where gender = 'Man') from hv group by trafficking_form
    union all
    select 'male_victims', null, 'Minderjarig', null, count(*) filter (where gender = 'Man') from hv where is_minor
    union all
    select 'male_share_pct', null, trafficking_form, null, round(100.0 * count(*) filter (where gender = 'Man') / count(*), 1)
    from hv group by trafficking_form
    union all
    select 'male_share_pct', null, 'Minderjarig', null, round(100.0 * count(*) filter (where gender = 'Man') / count(*), 1)
    from hv where is_minor
    union all
    select 'age_band', null, age_band, null, count(*) from hv group by age_band
    union all
    select 'age_band_by_form', null, age_band, trafficking_form, count(*) from hv group by age_band, trafficking_form
    union all
    select 'age_band_cross_border', null, age_band, null, count(*)
    from hv where trafficking_form in ('GO-SU', 'GO-UBS') group by age_band
    union all
    select 'minor_or_adolescent_by_form', null, trafficking_form, null,
           count(*) filter (where age_band in ('Minderjarig', '18-22'))
    from hv group by trafficking_form
    union all
    select 'minor_or_adolescent_by_form_pct', null, trafficking_form, null,
           round(100.0 * count(*) filter (where age_band in ('Minderjarig', '18-22')) / count(*), 1)
    from hv group by trafficking_form
),

rep_labelled as (
    select registration_year, trafficking_form, reporter_group, reporter_group as label from rep
    union all
    select registration_year, trafficking_form, reporter_group, 'Alle melders' from rep
    union all
    select registration_year, trafficking_form, reporter_group, 'Zorgcoördinator + Overig' from rep
    where reporter_group in ('Zorgcoördinator', 'Overig')
    union all
    select registration_year, trafficking_form, reporter_group, 'Zorgcoördinator + FairWork + Overig' from rep
    where reporter_group in ('Zorgcoördinator', 'FairWork', 'Overig')
),
reg_reports as (
    select 'meldingen_by_melder' as measure, registration_year as year, label as g1, null as g2, count(*) as value
    from rep_labelled group by grouping sets ((registration_year, label), (label))
    union all
    select 'meldingen_by_melder_form', null, label, trafficking_form, count(*) from rep_labelled group by label, trafficking_form
    union all
    select 'police_share_of_meldingen_pct', null, trafficking_form, null,
           round(100.0 * count(*) filter (where reporter_group = 'Politie') / count(*), 1)
    from rep group by trafficking_form
    union all
    select 'meldingen_without_legal_basis', null, null, null, count(*) filter (where not has_legal_basis) from rep
    union all
    select 'kmar_meldingen_with_other', null, null, null, count(*)
    from rep r join v using (victim_id, registration_year) where r.reporter_group = 'KMar' and not v.is_kmar_only
    union all
    select 'police_unit_meldingen', null, police_unit, null, count(*) from pu group by grouping sets ((police_unit), ())
    union all
    select 'police_unit_meldingen', null, 'Rotterdam + Oost-Brabant + Den Haag', null,
           count(*) filter (where police_unit in ('Rotterdam', 'Oost-Brabant', 'Den Haag')) from pu
    union all
    select 'police_unit_top3_share_pct', null, null, null,
           round(100.0 * count(*) filter (where police_unit in ('Rotterdam', 'Oost-Brabant', 'Den Haag')) / count(*), 1) from pu
    union all
    select 'bl_su_police_victims_four_units', null, null, null, count(distinct (victim_id, registration_year))
    from pu where trafficking_form = 'BL-SU'
      and police_unit in ('Rotterdam', 'Oost-Brabant', 'Oost-Nederland', 'Zeeland-West-Brabant')
),

-- published percentages of chapter 3 (not calibration targets)
reg_shares as (
    select 'victims_by_form_pct' as measure, null::integer as year, trafficking_form as g1, null as g2,
           round(100.0 * count(*) / sum(count(*)) over (), 1) as value
    from hv group by trafficking_form
    union all
    select 'su_share_pct', null, null, null,
           round(100.0 * count(*) filter (where exploitation_form in ('Alleen SU', 'SU en UBS')) / count(*), 1) from hv
    union all
    select 'domestic_share_pct', registration_year, null, null,
           round(100.0 * count(*) filter (where nationality = 'Nederland') / count(*), 1)
    from hv group by grouping sets ((registration_year), ())
    union all
    select 'su_known_sector_pct', registration_year, null, null,
           round(100.0 * count(*) filter (where prostitution_sector <> 'Onbekend') / count(*), 1)
    from hv where exploitation_form in ('Alleen SU', 'SU en UBS') group by grouping sets ((registration_year), ())
    union all
    select 'ubs_known_sector_pct', registration_year, null, null,
           round(100.0 * count(*) filter (where non_sex_sector <> 'Onbekend') / count(*), 1)
    from hv where exploitation_form in ('SU en UBS', 'Alleen UBS') group by grouping sets ((registration_year), ())
    union all
    select 'ubs_criminal_pct', registration_year, null, null,
           round(100.0 * count(*) filter (where non_sex_sector_type = 'Andersoortig' and non_sex_sector <> 'Orgaanhandel')
                 / count(*) filter (where non_sex_sector <> 'Onbekend'), 1)
    from hv where exploitation_form in ('SU en UBS', 'Alleen UBS') group by registration_year
    union all
    select 'age_band_pct', null, g1, null, round(100.0 * count(*) / any_value(t.n), 1) from (
        select 'Jonger dan 23' as g1 from hv where age_band in ('Minderjarig', '18-22')
        union all select '18-22' from hv where age_band = '18-22'
        union all select '30 of ouder' from hv where age_band in ('30-39', '40+')), (select count(*) as n from hv) t group by g1
    union all
    select 'police_report_pct', null, g1, null, round(100.0 * count(*) / any_value(t.n), 1) from (
        select case when police_report in ('Bedenktijd loopt', 'Intake') then 'Bedenktijd loopt + Intake'
                    else police_report end as g1 from hv), (select count(*) as n from hv) t group by g1
    union all
    select 'police_report_pct', null, 'Onbekend', 'Onbekend',
           round(100.0 * count(*) filter (where police_report = 'Onbekend') / count(*), 1)
    from hv where trafficking_form = 'Onbekend'
    union all
    select 'legal_basis_pct', null, 'Meldingen zonder grondslag', null,
           round(100.0 * count(*) filter (where not has_legal_basis) / count(*), 1) from rep
    union all
    select 'legal_basis_pct', null, 'Slachtoffers met een melder zonder grondslag', null,
           round(100.0 * count(*) filter (where reported_without_legal_basis) / count(*), 1) from hv
    union all
    select 'legal_basis_pct', null, 'Slachtoffers alleen gemeld zonder grondslag', null,
           round(100.0 * count(*) filter (where only_without_legal_basis) / count(*), 1) from hv
    union all
    select 'legal_basis_pct', null, 'Alleen zorgcoördinator, van alleen zonder grondslag', null,
           round(100.0 * count(*) filter (where only_care_coordinator) / count(*) filter (where only_without_legal_basis), 1)
    from hv
    union all
    select 'legal_basis_pct', registration_year, 'Alleen zorgcoördinator', null,
           round(100.0 * count(*) filter (where only_care_coordinator) / count(*), 1)
    from hv group by grouping sets ((registration_year), ())
    union all
    select 'bl_su_police_four_units_pct', null, null, null, round(100.0 * a.n / b.n, 1)
    from (select count(distinct (victim_id, registration_year)) as n from pu where trafficking_form = 'BL-SU'
          and police_unit in ('Rotterdam', 'Oost-Brabant', 'Oost-Nederland', 'Zeeland-West-Brabant')) a,
         (select count(*) as n from rep where reporter_group = 'Politie' and trafficking_form = 'BL-SU') b
),
melder_counts as (
    select registration_year as year, label, count(*) as n
    from rep_labelled group by grouping sets ((registration_year, label), (label))
),
sub3_labelled as (
    select registration_year, 'Vrouw' as label from s3 where gender = 'Vrouw'
    union all select registration_year, 'Meerderjarig' from s3 where not is_minor
    union all select registration_year, 'EU (vanaf 2004)' from s3 where is_eu_since_2004
    union all select registration_year, nationality from s3
    union all select registration_year, 'KMar ' || kmar_region from s3
),
sub3_totals as (select registration_year as year, count(*) as n from s3 group by grouping sets ((registration_year), ())),
reg_profile as (
    select 'melder_share_pct' as measure, m.year, m.label as g1, null as g2,
           round(100.0 * m.n / a.n, 1) as value
    from melder_counts m join melder_counts a on a.label = 'Alle melders' and a.year is not distinct from m.year
    union all
    select 'sub3_profile_pct', l.year, l.label, null, round(100.0 * l.n / t.n, 1)
    from (select registration_year as year, label, count(*) as n from sub3_labelled
          group by grouping sets ((registration_year, label), (label))) l
    join sub3_totals t on t.year is not distinct from l.year
),

-- ---------------------------------------------------------------- residence (L1-L7)
res as (
    select 'ind_persons' as measure, null::integer as year, null as g1, null as g2, count(*) as value from rr
    union all
    select 'ind_persons_by_route', null, route, null, count(*) from rr group by route
    union all
    select 'ind_persons_by_group', group_year, route_group::varchar, null, count(*)
    from rr group by grouping sets ((route_group, group_year), (route_group))
    union all
    select 'ind_persons_flag', null, g1, null, count(*) from (
        select 'Bedenktijd (B)' as g1 from rr where has_bedenktijd
        union all select 'TV behandeld (T)' from rr where has_tv_handled
        union all select 'T met B' from rr where has_tv_handled and has_bedenktijd
        union all select 'T zonder B' from rr where has_tv_handled and not has_bedenktijd
        union all select 'VV behandeld (V)' from rr where has_vv_handled
        union all select 'V route ' || right(route, 1) from rr where has_vv_handled) group by g1
    union all
    select 'route_4a_share_pct', null, null, null,
           round(100.0 * count(*) filter (where route = '4a') / count(*) filter (where has_vv_handled and route like '%a'), 1) from rr
    union all
    select 'vv_after_tv_with_bedenktijd_pct', null, null, null,
           round(100.0 * count(*) filter (where has_vv_handled and route like '%a')
                 / count(*) filter (where has_tv_handled and has_bedenktijd), 1) from rr
    union all
    select 'ind_persons_by_gender', group_year, gender, route_group::varchar, count(*)
    from rr group by grouping sets ((gender, route_group, group_year), (gender, route_group))
    union all
    select 'ind_persons_by_age_band', group_year, age_band, route_group::varchar, count(*)
    from rr group by grouping sets ((age_band, route_group, group_year), (age_band, route_group))
    union all
    select 'ind_persons_by_region', group_year, origin_region, route_group::varchar, count(*)
    from rr group by grouping sets ((origin_region, route_group, group_year), (origin_region, route_group))
    union all
    select 'ind_persons_by_nationality', group_year, nationality, route_group::varchar, count(*)
    from rr group by grouping sets ((nationality, route_group, group_year), (nationality, route_group))
    union all
    select 'bedenktijd_events', decision_year, null, null, count(*) from rd where residence_type = 'bedenktijd' group by decision_year
    union all
    select 'tv_applications', null, null, null, count(*) from tv
    union all
    select 'tv_applications_by_first_year', first_decision_year, null, null, count(*) from tv group by first_decision_year
    union all
    select 'tv_applications_by_last_year', last_decision_year, null, null, count(*) from tv group by last_decision_year
    union all
    select 'tv_outcome', null, application_outcome, null, count(*) from tv group by application_outcome
    union all
    select 'tv_outcome', null, 'overige afdoening', null, count(*) filter (where application_outcome_category = 'overige afdoening') from tv
    union all
    select 'tv_grants_by_last_year', last_decision_year, null, null, count(*)
    from tv where application_outcome = 'Ingewilligd' group by last_decision_year
    union all
    select 'tv_grants_by_last_year', null, '2013-2015', null, count(*)
    from tv where application_outcome = 'Ingewilligd' and last_decision_year <= 2015
    union all
    select 'tv_flow', last_decision_year, first_decision_year::varchar, null, count(*) from tv group by all
    union all
    select 'tv_schrijnend', null, application_outcome, null, count(*)
    from tv where application_path = 'Schrijnend' group by grouping sets ((application_outcome), ())
    union all
    select 'ind_persons_two_tv', null, null, null, count(*) filter (where tv_application_count = 2) from rr
    union all
    select 'tv_granted_after_objection', null, null, null, count(*) filter (where is_granted_after_objection) from tv
    union all
    select 'tv_excluded_objections_2013', null, null, null, count(*) from rd
    where residence_type = 'tijdelijk' and is_last_decision and not is_first_decision_known and last_decision_year = 2013
      and not is_application_handled_in_span
    union all
    select 'vv_outcome', last_decision_year, application_outcome, null, count(*)
    from vv group by grouping sets ((application_outcome, last_decision_year), (application_outcome), (last_decision_year), ())
    union all
    select 'vv_outcome', null, 'overige afdoening', null, count(*) filter (where application_outcome_category = 'overige afdoening') from vv
    union all
    select 'vv_substantive', last_decision_year, null, null, count(*)
    from vv where application_outcome_category = 'inhoudelijke afdoening' group by last_decision_year
    union all
    select 'vv_grant_rate_pct', last_decision_year, null, null,
           round(100.0 * count(*) filter (where application_outcome = 'Ingewilligd')
                 / count(*) filter (where application_outcome_category = 'inhoudelijke afdoening'), 1)
    from vv group by last_decision_year
    union all
    select 'vv_grant_rate_pct', last_decision_year, 'zonder Filipijnen', null,
           round(100.0 * count(*) filter (where application_outcome = 'Ingewilligd')
                 / count(*) filter (where application_outcome_category = 'inhoudelijke afdoening'), 1)
    from vv where nationality <> 'Filipijnen' group by last_decision_year
    union all
    select 'vv_grants_excl_filipijnen', last_decision_year, null, null, count(*)
    from vv where nationality <> 'Filipijnen' and application_outcome = 'Ingewilligd' group by last_decision_year
    union all
    select 'vv_substantive_excl_filipijnen', last_decision_year, null, null, count(*)
    from vv where nationality <> 'Filipijnen' and application_outcome_category = 'inhoudelijke afdoening' group by last_decision_year
    union all
    select 'vv_granted_first_instance', null, null, null,
           count(*) filter (where application_outcome = 'Ingewilligd' and phase = 'Eerste aanleg') from vv
    union all
    select 'vv_granted_after_objection', null, null, null, count(*) filter (where is_granted_after_objection) from vv
    union all
    select 'vv_grant_share_pct', null, null, null,
           round(100.0 * count(*) filter (where application_outcome = 'Ingewilligd') / count(*), 1) from vv
    union all
    select 'vv_applications_by_first_year', first_decision_year, null, null, count(*) from vv group by first_decision_year
    union all
    select 'vv_first_decision_unknown', null, application_outcome, null, count(*)
    from vv where not is_first_decision_known group by grouping sets ((application_outcome), ())
    union all
    select 'vv_flow', last_decision_year, first_decision_year::varchar, null, count(*) from vv group by all
    union all
    select 'vv_persons', null, null, null, count(distinct person_key) from vv
    union all
    select 'vv_grants_by_ground', last_decision_year, coalesce(application_ground, 'leeg'), null, count(*)
    from vv where application_outcome = 'Ingewilligd' group by all
    union all
    select 'vv_grants_filipijnen', last_decision_year, null, null, count(*)
    from vv where application_outcome = 'Ingewilligd' and nationality = 'Filipijnen' group by last_decision_year
    union all
    select 'vv_grants_2015_2016', null, null, null, count(*)
    from vv where application_outcome = 'Ingewilligd' and last_decision_year in (2015, 2016)
    union all
    select 'vv_grants_2015_2016', null, 'met grond', null, count(*)
    from vv where application_outcome = 'Ingewilligd' and last_decision_year in (2015, 2016) and application_ground is not null
),
asylum as (
    select *, case when route_group in (2, 3) then '2+3' else route_group::varchar end as asylum_group
    from rr where is_asylum_cohort
),
res_asylum as (
    select 'asylum_cohort' as measure, null::integer as year, asylum_group as g1, null as g2, count(*) as value
    from asylum group by grouping sets ((asylum_group), ())
    union all
    select 'asylum_after_scheme', null, asylum_group, null, count(*) filter (where is_asylum_after_scheme)
    from asylum group by grouping sets ((asylum_group), ())
    union all
    select 'asylum_share_pct', null, asylum_group, null, round(100.0 * count(*) filter (where is_asylum_after_scheme) / count(*), 1)
    from asylum group by grouping sets ((asylum_group), ())
    union all
    select 'asylum_g23_by_nationality', null, nationality, null, count(*)
    from asylum where asylum_group = '2+3' and is_asylum_after_scheme group by nationality
    union all
    select 'asylum_g23_by_nationality_pct', null, nationality, null, round(100.0 * count(*) / sum(count(*)) over (), 1)
    from asylum where asylum_group = '2+3' and is_asylum_after_scheme group by nationality
    union all
    select 'ind_persons_with_key', null, null, null, count(*) filter (where has_link_key) from rr
    union all
    select 'ind_keys_shared_comensha', null, null, null, count(distinct link_hash)
    from rr where has_link_key and link_hash in (select link_hash from v where is_headline and link_hash is not null)
),

ind_labelled as (
    select route_group, gender as label from rr
    union all select route_group, origin_region from rr
    union all select route_group, age_band from rr
    union all select route_group, 'Jonger dan 23' from rr where age_band in ('Minderjarig', '18-22')
    union all select route_group, '30 of ouder' from rr where age_band in ('30-39', '40+')
    union all select route_group, nationality from rr where nationality not in (select origin_region from rr)
),
ind_totals as (select route_group::varchar as g2, count(*) as n from rr group by grouping sets ((route_group), ())),
application_changes as (
    select 'Bedenktijd verleend' as g1, decision_year as y, count(*) as n from rd where residence_type = 'bedenktijd' group by all
    union all select 'TV behandeld (eerste beslissing)', first_decision_year, count(*) from tv group by all
    union all select 'VV behandeld (eerste beslissing)', first_decision_year, count(*) from vv group by all
    union all select 'TV verleend', last_decision_year, count(*) from tv where application_outcome = 'Ingewilligd' group by all
    union all select 'VV verleend', last_decision_year, count(*) from vv where application_outcome = 'Ingewilligd' group by all
    union all select 'VV inhoudelijke beslissingen', last_decision_year, count(*) from vv
    where application_outcome_category = 'inhoudelijke afdoening' group by all
),
res_shares as (
    select 'ind_share_pct' as measure, null::integer as year, l.label as g1, l.g2, round(100.0 * l.n / t.n, 1) as value
    from (select label, route_group::varchar as g2, count(*) as n from ind_labelled
          where label <> 'Onbekend' group by grouping sets ((label, route_group), (label))) l
    join ind_totals t on t.g2 is not distinct from l.g2
    union all
    select 'application_outcome_pct', null, 'TV ' || application_outcome, null,
           round(100.0 * count(*) / sum(count(*)) over (), 1) from tv group by application_outcome
    union all
    select 'application_outcome_pct', null, 'VV ' || application_outcome, null,
           round(100.0 * count(*) / sum(count(*)) over (), 1) from vv group by application_outcome
    union all
    select 'application_outcome_pct', null, 'TV overige afdoening', null,
           round(100.0 * count(*) filter (where application_outcome_category = 'overige afdoening') / count(*), 1) from tv
    union all
    select 'application_outcome_pct', null, 'VV overige afdoening', null,
           round(100.0 * count(*) filter (where application_outcome_category = 'overige afdoening') / count(*), 1) from vv
    union all
    select 'change_2017_vs_2016_pct', 2017, g1, null,
           round(100.0 * (max(n) filter (where y = 2017) / max(n) filter (where y = 2016) - 1), 1)
    from application_changes group by g1
    union all
    select 'vv_grants_by_ground_pct', last_decision_year, application_ground, null,
           round(100.0 * count(*) / sum(count(*)) over (partition by last_decision_year), 1)
    from vv where application_outcome = 'Ingewilligd' and application_ground is not null
    group by last_decision_year, application_ground
    union all
    select 'vv_grants_by_ground_pct', last_decision_year, 'grond bekend', null,
           round(100.0 * count(*) filter (where application_ground is not null) / count(*), 1)
    from vv where application_outcome = 'Ingewilligd' group by last_decision_year
),

-- ---------------------------------------------------------------- prosecution (M1-M8)
pro as (
    select 'suspect_cases' as measure, registration_year as year, null as g1, null as g2, count(*) as value
    from pc group by grouping sets ((registration_year), ())
    union all
    select 'suspect_persons', registration_year, null, null, count(distinct suspect_key) from pc group by registration_year
    union all
    select 'disposition', registration_year, coalesce(disposition, 'In behandeling'), null, count(*) from pc group by all
    union all
    select 'disposition_2014_2015', null, g1, null, count(*) from (
        select 'Afgedaan' as g1 from pc where registration_year in (2014, 2015) and disposition is not null
        union all select 'Dagvaarding' from pc where registration_year in (2014, 2015) and disposition = 'Dagvaarding'
        union all select 'Sepot' from pc where registration_year in (2014, 2015) and disposition_group = 'Sepot'
        union all select 'Technisch sepot' from pc where registration_year in (2014, 2015) and disposition = 'Technisch sepot'
        union all select 'Veroordeling' from pc where registration_year in (2014, 2015) and judgment = 'Veroordeling') group by g1
    union all
    select 'disposition_2014_2015_pct', null, 'Dagvaarding', null,
           round(100.0 * count(*) filter (where disposition = 'Dagvaarding') / count(*) filter (where disposition is not null), 1)
    from pc where registration_year in (2014, 2015)
    union all
    select 'disposition_2014_2015_pct', null, 'Sepot', null,
           round(100.0 * count(*) filter (where disposition_group = 'Sepot') / count(*) filter (where disposition is not null), 1)
    from pc where registration_year in (2014, 2015)
    union all
    select 'conviction_rate_2014_2015_pct', null, null, null,
           round(100.0 * count(*) filter (where judgment = 'Veroordeling') / count(*) filter (where disposition = 'Dagvaarding'), 1)
    from pc where registration_year in (2014, 2015)
    union all
    select 'judgment', registration_year, g1, null, count(*) from (
        select registration_year, case when judgment is not null then judgment
                                       when disposition = 'Dagvaarding' then 'In behandeling' end as g1 from pc)
    where g1 is not null group by grouping sets ((registration_year, g1), (g1))
    union all
    select 'court_level', registration_year, court_level, null, count(*) from pc where court_level is not null group by all
    union all
    select 'sentence_type', null, sentence_type, null, count(*) from pc where judgment = 'Veroordeling' group by sentence_type
    union all
    select 'sub3_cases', registration_year, null, null, count(*) filter (where is_sub3) from pc group by registration_year
    union all
    select 'sub3_cases_before_hr_2016', registration_year, null, null,
           count(*) filter (where is_sub3 and not is_registered_after_hr_2016) from pc group by registration_year
    union all
    select 'article_cases', registration_year, article, null, count(*)
    from pc group by grouping sets ((article, registration_year), (article))
    union all
    select 'exploitation_form_cases', null, exploitation_form, null, count(*) from pc group by exploitation_form
    union all
    select 'office_cases', null, prosecution_office, null, count(*) from pc group by prosecution_office
    union all
    select 'suspect_gender', null, gender, null, count(*) from pc group by gender
    union all
    select 'birth_year_unknown', null, null, null, count(*) filter (where age_band = 'Onbekend') from pc
    union all
    select 'cases_with_victim_key', null, null, null, count(*) filter (where has_victim_key) from pc
    union all
    select 'victim_keys', null, null, null, count(distinct link_hash) from pl
    union all
    select 'victim_keys', null, 'CoMensha (headline)', null, count(distinct link_hash) filter (where matches_comensha_headline) from pl
    union all
    select 'victim_keys', null, 'IND', null, count(distinct link_hash) filter (where matches_ind) from pl
    union all
    select 'victim_keys', null, 'CoMensha en IND', null,
           count(distinct link_hash) filter (where matches_ind and matches_comensha_headline) from pl
),

computed as (
    select measure, year::integer as year, null::varchar as g1, null::varchar as g2, value::double as value from reg_year_long
    union all select measure, year::integer, g1::varchar, g2::varchar, value::double from reg_groups
    union all select measure, year::integer, g1::varchar, g2::varchar, value::double from reg_reports
    union all select measure, year::integer, g1::varchar, g2::varchar, value::double from res
    union all select measure, year::integer, g1::varchar, g2::varchar, value::double from res_asylum
    union all select measure, year::integer, g1::varchar, g2::varchar, value::double from pro
    union all select measure, year::integer, g1::varchar, g2::varchar, value::double from reg_shares
    union all select measure, year::integer, g1::varchar, g2::varchar, value::double from reg_profile
    union all select measure, year::integer, g1::varchar, g2::varchar, value::double from res_shares
),
known_measures as (select distinct measure from computed),

figures as (
    select
        figure_id, sort_order, nullif(target_id, '') as target_id, figure, measure, description, year,
        nullif(group_label, '') as group_label, nullif(group_label_2, '') as group_label_2,
        published_value, unit, tag, source_document, source_lines, is_report_inconsistent,
        nullif(inconsistency_note, '') as inconsistency_note
    from {{ ref('published_figures') }}
),
joined as (
    select
        f.*,
        k.measure is not null as is_measure_computed,
        case
            when c.value is not null then c.value
            when k.measure is not null and f.unit = 'count' then 0
        end as warehouse_value
    from figures f
    left join known_measures k on k.measure = f.measure
    left join computed c
        on c.measure = f.measure
        and c.year is not distinct from f.year
        and c.g1 is not distinct from f.group_label
        and c.g2 is not distinct from f.group_label_2
)

select
    figure_id::varchar as figure_id,
    sort_order::integer as sort_order,
    target_id::varchar as target_id,
    (target_id is not null)::boolean as is_calibration_target,
    figure::varchar as figure,
    measure::varchar as measure,
    description::varchar as description,
    year::integer as year,
    -- the period a figure is about: its year, or the published edition's years for a total
    coalesce(cast(year as varchar), (select first_year || '-' || last_year from published_years))::varchar as period,
    group_label::varchar as group_label,
    group_label_2::varchar as group_label_2,
    unit::varchar as unit,
    tag::varchar as tag,
    published_value::double as published_value,
    warehouse_value::double as warehouse_value,
    round(warehouse_value - published_value, 1)::double as difference,
    coalesce(case when unit = 'percent' then abs(warehouse_value - published_value) < 0.05
                  else warehouse_value = published_value end, false)::boolean as matches,
    is_measure_computed::boolean as is_measure_computed,
    is_report_inconsistent::boolean as is_report_inconsistent,
    inconsistency_note::varchar as inconsistency_note,
    source_document::varchar as source_document,
    source_lines::varchar as source_lines
from joined
