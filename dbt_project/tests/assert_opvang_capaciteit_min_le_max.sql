-- Shelter capacity (report 004, Bijlage 2 and chapter 5): a printed range "a tot b" is stored as
-- min = a, max = b, one number as min = max. Every row must have 0 <= min <= max, in the place
-- lines and in the published totals.
-- Reads only seeds: runs beside the unit tests, not in every build (orchestration/assets/dbt.py).
{{ config(tags=['reference_data']) }}
select
    'ref_opvang_capaciteit' as seed,
    regel_id as sleutel,
    plaatsen_min as waarde_min,
    plaatsen_max as waarde_max
from {{ ref('ref_opvang_capaciteit') }}
where plaatsen_min < 0 or plaatsen_min > plaatsen_max
union all
select
    'ref_opvang_capaciteit_totaal',
    kengetal,
    waarde_min,
    waarde_max
from {{ ref('ref_opvang_capaciteit_totaal') }}
where waarde_min < 0 or waarde_min > waarde_max
