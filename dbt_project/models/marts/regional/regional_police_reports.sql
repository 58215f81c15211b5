-- Police meldingen per police unit (R9, Figure 3.13 grain) per period and trafficking form, the
-- dashboard-facing, disclosure-controlled counterpart of police_unit_reports.
select
    c.periode,
    {{ period_year('c.periode') }} as registration_year,
    c.trafficking_form,
    c.police_unit,
    {{ disclosed_count('police_reports', 'police_reports', cell='c') }}
from {{ ref('int_regional__police_report_cube') }} as c
