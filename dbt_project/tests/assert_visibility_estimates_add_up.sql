-- R11: per period the estimated Meer zichtbaar + Minder zichtbaar + Onbekend add up to the
-- headline SU victims of the period (the imputation redistributes, it never adds or loses victims).
select
    period,
    sum(estimated_victims) as estimated,
    max(su_victims) as su_victims
from {{ ref('visibility_estimates') }}
group by period
having abs(sum(estimated_victims) - max(su_victims)) > 1e-6
