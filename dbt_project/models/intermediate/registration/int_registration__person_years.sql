-- One row per person-year (person_key, registration_year) of the current meldingen inside the
-- reporting window (contract R2), with the person-year attributes of R3, the unions of R4 and
-- the sets behind R7-R9 and R11. Enrichment-only person-years are kept, flagged alleen_verrijking.
with meldingen as (

    select
        m.*,
        m.registration_year - m.age_at_report as implied_birth_year,
        d.priority as doel_priority,
        coalesce(d.is_shelter_request, false) as is_shelter_request_melding
    from {{ ref('stg_comensha__meldingen') }} as m
    left join {{ ref('ref_doel_melding') }} as d
        on m.doel_melding = d.doel_melding
    where m.is_in_counted_span

),

-- README §8: one key on two persons of this source makes the key ambiguous (dubbelzinnig);
-- it is then not used for linking. Checked over all current meldingen, not only the window.
ambiguous_link_keys as (

    select link_hash
    from {{ ref('stg_comensha__meldingen') }}
    where link_hash is not null
    group by link_hash
    having count(distinct person_key) > 1

),

person_years as (

    select
        person_key,
        registration_year,
        count(*) as melding_count,
        count(*) filter (where is_qualifying) as qualifying_melding_count,
        -- R2: a person-year with only enrichment meldingen is not a victim.
        count(*) filter (where is_qualifying) = 0 as alleen_verrijking,

        -- R3: latest known value (latest datum_melding, then highest melding_id).
        coalesce({{ latest_known_value('geslacht') }}, 'O') as geslacht,
        coalesce({{ latest_known_value('nationaliteit') }}, 'Onbekend') as nationaliteit,
        {{ latest_known_value('age_at_report') }} as age,
        coalesce({{ latest_known_value('aangifte') }}, 'Onbekend') as aangifte,
        {{ latest_known_value('uitzendbureau') }} as uitzendbureau,
        {{ latest_known_value('gemeente_aantreffen') }} as gemeente_aantreffen,
        coalesce({{ latest_known_value('land_werving') }}, 'Onbekend') as land_werving,
        coalesce({{ latest_known_value('land_uitbuiting') }}, 'Onbekend') as land_uitbuiting,
        {{ latest_known_value('link_hash') }} as link_hash,
        -- kmar_regio is not in the R3 list; the same rule is applied over the KMar meldingen
        -- (NULL when the person-year has no KMar melding).
        case
            when bool_or(melder_type = 'KMar')
                then coalesce({{ latest_known_value('kmar_regio', "melder_type = 'KMar'") }}, 'Onbekend')
        end as kmar_regio,

        -- R3 exceptions: doel_melding = highest value present; eerste_opvang = general rule
        -- over the meldingen with doel_melding = Verzoek opvang only.
        arg_max(doel_melding, doel_priority) as doel_melding,
        coalesce(bool_or(is_shelter_request_melding), false) as is_shelter_request,
        {{ latest_known_value('eerste_opvang', 'is_shelter_request_melding') }} as eerste_opvang,

        -- R3 conflict flags: the known values differ.
        {{ known_values_conflict('geslacht') }} as conflict_geslacht,
        {{ known_values_conflict('nationaliteit') }} as conflict_nationaliteit,
        -- age: implied birth year year(datum_melding) - age_at_report differs by more than 1.
        coalesce(max(implied_birth_year) - min(implied_birth_year) > 1, false) as conflict_age,
        {{ known_values_conflict('aangifte') }} as conflict_aangifte,
        {{ known_values_conflict('uitzendbureau') }} as conflict_uitzendbureau,
        {{ known_values_conflict('gemeente_aantreffen') }} as conflict_gemeente_aantreffen,
        {{ known_values_conflict('land_werving') }} as conflict_land_werving,
        {{ known_values_conflict('land_uitbuiting') }} as conflict_land_uitbuiting,
        -- README §8 koppelsleutel_conflict: two different keys for one person(-year).
        {{ known_values_conflict('link_hash') }} as conflict_link_hash,
        {{ known_values_conflict('eerste_opvang', 'is_shelter_request_melding') }} as conflict_eerste_opvang,

        -- R4: unions over all meldingen of the person-year (enrichment meldingen included, R2).
        {{ sector_set('sector') }} as sector_set,
        coalesce(list_sort(list_distinct(flatten(list(subsector)))), []::varchar[]) as subsector_set,

        -- R7: melder set without Onbekend; R9/R11: police units of the Politie meldingen.
        {{ melder_set('melder_type') }} as melder_types,
        coalesce(
            list_sort(list_distinct(list(politie_eenheid) filter (where melder_type = 'Politie'))),
            []::varchar[]
        ) as police_units,

        min(datum_melding) as first_datum_melding,
        max(datum_melding) as last_datum_melding
    from meldingen
    group by person_key, registration_year

)

select
    p.*,
    a.link_hash is not null as is_link_key_ambiguous
from person_years as p
left join ambiguous_link_keys as a
    on p.link_hash = a.link_hash
