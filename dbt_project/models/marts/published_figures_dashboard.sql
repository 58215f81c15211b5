-- published_figures_comparison as the dashboard Slachtoffermonitor shows it (issue 6): a count of
-- the warehouse below the threshold (disclosure_threshold) is shown only where it equals the
-- published figure, which the rapporteur has made public already; any other small warehouse count
-- is hidden (warehouse_value and difference NULL, afscherming "< 5"), since it would be a small
-- count of the (synthetic, later real) registrations that was never published. Zero is shown (there
-- is nobody to protect); percentages are shown as they are (not counts; see README "Disclosure
-- control" for what this leaves open).
select
    * exclude (is_hidden) replace (
        case when is_hidden then null else warehouse_value end as warehouse_value,
        case when is_hidden then null else difference end as difference
    ),
    case when is_hidden then '< {{ disclosure_threshold() }}' else '' end as afscherming,
    is_hidden as is_suppressed
from (
    select
        *,
        coalesce(
            unit = 'count'
            and warehouse_value >= 1 and warehouse_value < {{ disclosure_threshold() }}
            and warehouse_value is distinct from published_value,
            false
        ) as is_hidden
    from {{ ref('published_figures_comparison') }}
)
