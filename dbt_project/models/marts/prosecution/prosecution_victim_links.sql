-- P8 bridge brug_zaak_slachtoffer as a mart: one row per suspect-case (inside the reporting
-- window) x distinct victim link_hash, with the CoMensha and IND match flags. Keyed hashes only.
select
    sha256('om_zaak_verdachte:' || b.record_key) as case_suspect_id,
    b.suspect_key,
    b.registration_year,
    b.link_hash,
    b.matches_comensha,
    b.matches_comensha_headline,
    b.matches_ind
from {{ ref('int_prosecution__brug_zaak_slachtoffer') }} as b
inner join {{ ref('stg_om__verdachten_zaken') }} as c on b.record_key = c.record_key
where c.is_in_counted_span
