-- Police meldingen per police unit (R9, Figure 3.13 grain) per period and trafficking form, the
-- dashboard-facing, disclosure-controlled counterpart of police_unit_reports.
select
    c.periode,
    {{ period_year('c.periode') }} as registration_year,
    c.trafficking_form,
    c.police_unit,
    case when not c.is_suppressed then c.police_reports end as police_reports,
    {{ suppressed_label('c.police_reports', 'c.is_suppressed', 'c.is_primary_suppressed') }} as police_reports_label,
    c.is_suppressed
from {{ ref('int_regional__police_report_cube') }} as c
