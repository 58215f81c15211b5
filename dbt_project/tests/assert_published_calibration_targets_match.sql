-- Issue 5 part 3: every calibration target of the contracts that the report does not itself
-- contradict is reproduced exactly by the warehouse (published_figures_comparison.matches).
-- A warning: other data than the default sample differs by nature and must still publish;
-- tests/integration/test_published_figures.py holds the default sample to every figure.
{{ config(severity='warn') }}
select
    figure_id,
    target_id,
    measure,
    year,
    group_label,
    group_label_2,
    published_value,
    warehouse_value,
    difference
from {{ ref('published_figures_comparison') }}
where is_calibration_target and not is_report_inconsistent and not matches
