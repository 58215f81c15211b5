-- The dark number's observed counts (victim-years on at least one reporter's list, as the
-- estimator counts them: orchestration/estimation/capture_table.py CaptureTable.observed) per
-- registration year and stratum, disclosure-controlled as every other count (issue 18,
-- macros/disclosure.sql linked_cube_cells): three cubes (form by minor, sex, Dutch or not) that
-- share their totals, with the Onbekend categories and the cross cells as cells, although the
-- mart does not show them, so no shown cell can be solved from them. Pooled periods are sums of
-- these cells: dark_number_estimates shows one only if every year of it is shown here.
-- Raw counts: build database only.
with seen as (

    select
        cast(registration_year as varchar) as periode,
        trafficking_form,
        minor_status,
        gender,
        dutch
    from {{ ref('int_registration__dark_number_strata') }}
    -- '' = no known melder: seen, but on no list (CaptureTable.without_list)
    where reporter_set <> ''

)

{{ linked_cube_cells('seen', [
    {'name': 'dark_number_by_form_minor'},
    {'name': 'dark_number_by_gender'},
    {'name': 'dark_number_by_dutch'},
], 'observed') }}
