-- Contract R11 output (Figure 3.4b): per period, the estimated number of headline SU victims in
-- Meer zichtbaar and Minder zichtbaar sectors (fractional), and the rest that stays Onbekend.
with periods as (

    select distinct period
    from {{ ref('ref_imputation_period') }}

),

classes as (

    select * from (
        values
        (1, 'Meer zichtbaar'),
        (2, 'Minder zichtbaar'),
        (3, 'Onbekend')
    ) as c (visibility_order, visibility)

),

totals as (

    select
        period,
        sum(estimated_meer_zichtbaar) as meer_zichtbaar,
        sum(estimated_minder_zichtbaar) as minder_zichtbaar,
        sum(estimated_onbekend) as onbekend,
        sum(victims) as su_victims,
        sum(known_victims) as known_victims,
        count(*) filter (where is_representative) as subpopulations_used,
        count(*) filter (where has_all_factors and not is_representative) as subpopulations_onbekend,
        sum(victims) filter (where has_all_factors) as victims_with_all_factors
    from {{ ref('int_registration__visibility_subpopulations') }}
    group by period

)

select
    p.period,
    c.visibility,
    cast(c.visibility_order as integer) as visibility_order,
    cast(coalesce(case c.visibility
        when 'Meer zichtbaar' then t.meer_zichtbaar
        when 'Minder zichtbaar' then t.minder_zichtbaar
        else t.onbekend
    end, 0) as double) as estimated_victims,
    -- share within the victims with a known or imputed class (Figure 3.4b shares); NULL for Onbekend
    cast(case
        when c.visibility = 'Onbekend' then null
        when coalesce(t.meer_zichtbaar + t.minder_zichtbaar, 0) = 0 then null
        when c.visibility = 'Meer zichtbaar' then t.meer_zichtbaar / (t.meer_zichtbaar + t.minder_zichtbaar)
        else t.minder_zichtbaar / (t.meer_zichtbaar + t.minder_zichtbaar)
    end as double) as share_of_estimated,
    cast(coalesce(t.su_victims, 0) as integer) as su_victims,
    cast(coalesce(t.known_victims, 0) as integer) as known_victims,
    cast(coalesce(t.victims_with_all_factors, 0) as integer) as victims_with_all_factors,
    cast(coalesce(t.subpopulations_used, 0) as integer) as subpopulations_used,
    cast(coalesce(t.subpopulations_onbekend, 0) as integer) as subpopulations_onbekend
from periods as p
cross join classes as c
left join totals as t
    on p.period = t.period
