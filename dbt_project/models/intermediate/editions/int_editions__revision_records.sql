-- The records that explain a revision between an edition and the edition it is compared with
-- (int_editions__editions.previous_edition), one row per record and registration year it touches:
--   Ingetrokken     current in the earlier edition, withdrawn (Vervallen) in the later one;
--   Gecorrigeerd    a later version changes a field the headline count reads (changed_fields
--                   names them; a withdrawn record made current again changes `status`);
--   Later geleverd  first delivered after the earlier edition's data date, for a registration year
--                   the earlier edition covered (a year new in the later edition has no earlier
--                   figure to revise: edition_figures calls it Nieuw jaar).
-- A correction that moves a melding to another year touches both years (a row for each).
-- Build database only: it names records (melding_id); edition_figures publishes the counts.
{%- set compared_fields = ['person_key', 'datum_melding', 'melder_type', 'emm_rol', 'sector'] %}
with editions as (

    select * from {{ ref('int_editions__editions') }}

),

pairs as (

    select
        e.edition,
        e.previous_edition,
        p.first_year as previous_first_year,
        p.last_year as previous_last_year
    from editions as e
    inner join editions as p
        on e.previous_edition = p.edition
    where e.has_data

),

versions as (

    select * from {{ ref('int_editions__record_versions') }}

),

earlier as (

    select
        p.edition,
        v.* exclude (edition)
    from pairs as p
    inner join versions as v
        on p.previous_edition = v.edition

),

later as (

    select
        v.*,
        p.previous_first_year,
        p.previous_last_year
    from pairs as p
    inner join versions as v
        on p.edition = v.edition

),

compared as (

    select
        n.edition,
        n.melding_id,
        n.registration_year between n.previous_first_year and n.previous_last_year as in_earlier_window,
        o.melding_id is null as is_new,
        o.status as earlier_status,
        n.status as later_status,
        o.registration_year as earlier_year,
        n.registration_year as later_year,
        list_filter(
            [
                {%- for field in compared_fields %}
                    case when o.{{ field }} is distinct from n.{{ field }} then '{{ field }}' end,
                {%- endfor %}
                case when o.status is distinct from n.status then 'status' end
            ],
            lambda f: f is not null
        ) as changed_fields
    from later as n
    -- every earlier delivery is also in the later edition, so each earlier version has a later one
    left join earlier as o
        on n.edition = o.edition and n.melding_id = o.melding_id

),

reasons as (

    select
        *,
        case
            when is_new and later_status = 'Actief' and in_earlier_window then 'Later geleverd'
            when earlier_status = 'Actief' and later_status = 'Vervallen' then 'Ingetrokken'
            when not is_new and later_status = 'Actief' and len(changed_fields) > 0 then 'Gecorrigeerd'
        end as reason
    from compared

),

touched as (

    select
        *,
        -- the years whose count the record moves: a withdrawn one leaves the year it was in, a late
        -- one enters its year, a correction leaves one year and enters another (or the same)
        case reason
            when 'Ingetrokken' then [earlier_year]
            when 'Later geleverd' then [later_year]
            else list_distinct(list_filter([earlier_year, later_year], lambda y: y is not null))
        end as touched_years
    from reasons
    where reason is not null

)

select
    t.edition,
    p.previous_edition,
    t.melding_id,
    unnest(t.touched_years) as registration_year,
    t.reason,
    case when t.reason = 'Gecorrigeerd' then array_to_string(t.changed_fields, ', ') end as changed_fields
from touched as t
inner join pairs as p
    on t.edition = p.edition
