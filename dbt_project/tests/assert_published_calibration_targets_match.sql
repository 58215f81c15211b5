-- Issue 5 part 3: every calibration target of the contracts that the report does not itself
-- contradict is reproduced exactly by the warehouse (published_figures_comparison.matches).
select figure_id, target_id, measure, year, group_label, group_label_2, published_value, warehouse_value, difference
from {{ ref('published_figures_comparison') }}
where is_calibration_target and not is_report_inconsistent and not matches
