-- One row per suspect per case (current, not withdrawn OM records, P1) registered inside the
-- reporting window, with the derived values of rules P2-P10 of contracts/prosecution.md.
with cases as (

    select * from {{ ref('stg_om__verdachten_zaken') }}
    where is_in_counted_span

),

links as (

    select
        record_key,
        count(*) as victim_key_count,
        count(*) filter (where matches_comensha_headline) as comensha_match_count,
        count(*) filter (where matches_ind) as ind_match_count
    from {{ ref('int_prosecution__brug_zaak_slachtoffer') }}
    group by record_key

)

select
    sha256('om_zaak_verdachte:' || c.record_key) as case_suspect_id,
    sha256('om_zaak:' || c.parketnummer) as case_id,
    c.suspect_key,
    -- P2: inschrijfjaar
    c.registration_year,
    c.inschrijfdatum as registration_date,
    cast(c.registration_year as varchar) || '-H' || case when month(c.inschrijfdatum) <= 6 then '1' else '2' end
        as registration_half_year,
    c.parket as prosecution_office,
    c.wetsartikel as article,
    -- P10: old articles count as human trafficking, sub-clause unknown
    c.wetsartikel in ('250a Sr', '273a Sr') as is_old_article,
    -- P7: sub-3 (never for an old article)
    c.wetsartikel = '273f lid 1 sub 3 Sr' as is_sub3,
    c.inschrijfdatum >= date '2016-05-17' as is_registered_after_hr_2016,
    c.vonnisdatum >= date '2016-05-17' as is_judged_after_hr_2016,
    c.uitbuitingsvorm as exploitation_form,
    -- P3: stand
    case
        when c.vonnis is not null then 'Berecht'
        when c.afdoening is null then 'Lopend bij OM'
        when c.afdoening = 'Dagvaarding' then 'Gedagvaard, vonnis volgt'
        else 'Afgedaan door OM'
    end as stage,
    -- P4
    c.afdoening as disposition,
    c.afdoeningsdatum as disposition_date,
    cast(extract(year from c.afdoeningsdatum) as integer) as disposition_year,
    case
        when c.afdoening is null then null
        when c.afdoening = 'Dagvaarding' then 'Dagvaarding'
        when c.afdoening in ('Technisch sepot', 'Beleidssepot') then 'Sepot'
        when c.afdoening in ('Transactie', 'Strafbeschikking') then 'OM-afdoening'
        else c.afdoening
    end as disposition_group,
    -- P5: latest judgment and its court
    c.vonnis as judgment,
    c.vonnisdatum as judgment_date,
    cast(extract(year from c.vonnisdatum) as integer) as judgment_year,
    c.instantie as court_level,
    coalesce(c.instantie in ('Gerechtshof', 'Hoge Raad'), false) as is_appeal,
    f.first_instance_judgment,
    f.first_instance_judgment_date,
    -- P6
    c.strafsoort as sentence_type,
    c.strafsoort in (
        'Onvoorwaardelijke gevangenisstraf', 'Deels voorwaardelijke gevangenisstraf',
        'Voorwaardelijke gevangenisstraf'
    ) as is_prison_sentence,
    c.strafduur_dagen as sentence_days,
    case
        when c.strafduur_dagen is null then null
        when c.strafduur_dagen < 365 then '< 365'
        when c.strafduur_dagen < 730 then '365-729'
        when c.strafduur_dagen < 1460 then '730-1459'
        else '>= 1460'
    end as sentence_band,
    -- P9: suspect attributes. The age itself stays out of the mart: with the registration year
    -- it gives the birth year exactly (README §7).
    {{ age_band('c.age_at_registration', minor_label='< 18') }} as age_band,
    c.geslacht as gender,
    c.nationaliteit as nationality,
    coalesce(n.herkomstregio, 'Onbekend') as region_of_origin,
    -- P8: victims
    c.aantal_slachtoffers as victim_count,
    coalesce(l.victim_key_count, 0) as victim_key_count,
    coalesce(l.victim_key_count, 0) > 0 as has_victim_key,
    coalesce(l.comensha_match_count, 0) > 0 as has_comensha_match,
    coalesce(l.ind_match_count, 0) > 0 as has_ind_match
from cases as c
left join {{ ref('int_prosecution__first_instance_judgments') }} as f on c.record_key = f.record_key
left join links as l on c.record_key = l.record_key
left join {{ ref('ref_nationaliteit') }} as n on c.nationaliteit = n.naam
