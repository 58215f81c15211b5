-- The headline victims of a period are one cell in every victim cube of Trends slachtoffers (the
-- total of the forms, genders, age groups and nationalities; 'Slachtoffers (excl. sub-3)' of the
-- sub-3 cube): equal, and hidden in all of them or in none, or a reader could take its value from
-- one cube to solve another (issue 6, macros/disclosure.sql). Fails the build instead.
-- A cube without the cell counts nobody there (zero cells are not rows): then no cube may count
-- anybody there either. Holds for any input, with one source or none (issue 13).
with totals as (

    select
        'form' as cube,
        periode,
        victims,
        is_suppressed
    from {{ ref('int_trends__victim_form_cube') }}
    where trafficking_form = 'Alle vormen'
    union all
    select
        'gender',
        periode,
        victims,
        is_suppressed
    from {{ ref('int_trends__victim_gender_cube') }}
    where gender = 'Alle'
    union all
    select
        'age',
        periode,
        victims,
        is_suppressed
    from {{ ref('int_trends__victim_age_cube') }}
    where age_group = 'Alle'
    union all
    select
        'nationality',
        periode,
        victims,
        is_suppressed
    from {{ ref('int_trends__victim_nationality_cube') }}
    where nationality = 'Alle nationaliteiten'
    union all
    select
        'population',
        periode,
        victims,
        is_suppressed
    from {{ ref('int_trends__victim_population_cube') }}
    where population = 'Slachtoffers (excl. sub-3)'

)

select
    periode,
    count(*) as cubes,
    min(victims) as least,
    max(victims) as most,
    bool_or(is_suppressed) as hidden_somewhere,
    bool_and(is_suppressed) as hidden_everywhere
from totals
group by periode
having
    (count(*) <> 5 and max(victims) > 0)
    or min(victims) <> max(victims)
    or bool_or(is_suppressed) <> bool_and(is_suppressed)
