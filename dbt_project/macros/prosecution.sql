{#- Helpers for the OM prosecution rules (contracts/prosecution.md §3). -#}

{#-
    raw.landing_om as a relation. Until the ingestion has created the table (a warehouse older
    than the OM contract) an empty relation with the landing schema of docs/tables.md, so that
    `dbt build` stays green on such a warehouse.
-#}
{% macro om_landing() -%}
    {%- set landing = source('om', 'landing_om') -%}
    {#- in a dbt unit test source() is the fixture (no schema): use it as it is -#}
    {%- set is_fixture = landing is string or landing.schema is none -%}
    {%- set exists = (not execute) or is_fixture or adapter.get_relation(
            database=landing.database, schema=landing.schema, identifier=landing.identifier) is not none -%}
    {%- if exists -%}
        {{ landing }}
    {%- else -%}
    (
        select
            null::varchar as parketnummer, null::varchar as suspect_key, null::integer as age_at_registration,
            null::varchar as geslacht, null::varchar as nationaliteit, null::varchar as parket,
            null::date as inschrijfdatum, null::varchar as wetsartikel, null::varchar as uitbuitingsvorm,
            null::varchar as afdoening, null::date as afdoeningsdatum, null::varchar as vonnis,
            null::date as vonnisdatum, null::varchar as instantie, null::varchar as strafsoort,
            null::bigint as strafduur_dagen, null::bigint as aantal_slachtoffers,
            null::varchar[] as victim_link_hashes, null::varchar as status, null::timestamp as gewijzigd_op,
            null::varchar as file_name, null::date as delivery_date, null::bigint as "row_number",
            null::timestamp as loaded_at
        where false
    )
    {%- endif -%}
{%- endmacro %}

{#- README §3.3 / P1: version order, newest first. -#}
{% macro om_version_order() -%}
    gewijzigd_op desc, delivery_date desc, file_name desc, "row_number" desc
{%- endmacro %}
