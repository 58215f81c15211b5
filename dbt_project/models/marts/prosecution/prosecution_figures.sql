-- The OM figures of the dashboard Verblijf en vervolging (issue 6): suspect-cases (P2) per
-- registration year (`jaar`; NULL for the whole window) by disposition (P4) and latest judgment of
-- summoned cases (P5), from the disclosure-controlled cube int_prosecution__case_cube (hidden: NULL
-- with label "< 5" or "x"). Dispositions: the rows with vonnis 'Alle vonnissen'; judgments: the rows
-- with afdoening 'Dagvaarding'.
-- unieke_verdachten, on the rows Alle afdoeningen / Alle vonnissen: distinct persons, which do not
-- add up over years or dispositions (a person can have several cases), so they are no cell of a
-- cube: a count below the threshold is hidden ("< 5"), no secondary suppression (no equation).
with cells as (

    select * from {{ ref('int_prosecution__case_cube') }}

),

persons as (

    select
        case
            when grouping(registration_year) = 1 then {{ counted_period() }}
            else cast(registration_year as varchar)
        end as periode,
        count(distinct suspect_key) as unique_suspects
    from {{ ref('prosecution_cases') }}
    group by rollup (registration_year)

)

select
    c.periode,
    {{ period_year('c.periode') }} as jaar,
    c.afdoening,
    c.vonnis,
    {{ disclosed_count('suspect_cases', 'verdachten', cell='c') }},
    case when p.unique_suspects >= {{ disclosure_threshold() }} then p.unique_suspects end as unieke_verdachten,
    case
        when p.unique_suspects is null then null
        else {{ suppressed_label('p.unique_suspects', 'p.unique_suspects < ' ~ disclosure_threshold(), 'p.unique_suspects < ' ~ disclosure_threshold()) }}
    end as unieke_verdachten_label
from cells as c
left join persons as p
    on c.periode = p.periode and c.afdoening = 'Alle afdoeningen' and c.vonnis = 'Alle vonnissen'
