-- The edition ledger (issue 17): per edition and registration year the published headline figure,
-- the warehouse's headline count as of the edition's data date (int_editions__victim_years), and,
-- against the edition it is compared with, the revision and the records that explain it, counted by
-- reason (int_editions__revision_records). A revision no record explains is flagged.
with editions as (

    select * from {{ ref('int_editions__editions') }}

),

years as (

    select
        *,
        cast(unnest(range(first_year, last_year + 1)) as integer) as registration_year
    from editions

),

-- 2013-2017: the K1 headline targets of the contracts (seed published_figures, one place);
-- later editions: contracts later-years.md §1-§2 (seed published_edition_figures).
published as (

    select
        '2013-2017' as edition,
        year as registration_year,
        cast(published_value as integer) as published_victims,
        tag as published_tag
    from {{ ref('published_figures') }}
    where measure = 'victims_headline' and year is not null

    union all

    select
        edition,
        registration_year,
        published_victims,
        tag as published_tag
    from {{ ref('published_edition_figures') }}

),

counted as (

    select
        edition,
        registration_year,
        count(*) filter (where is_headline) as warehouse_victims
    from {{ ref('int_editions__victim_years') }}
    group by edition, registration_year

),

explained as (

    select
        edition,
        registration_year,
        count(*) filter (where reason = 'Ingetrokken') as withdrawn_records,
        count(*) filter (where reason = 'Gecorrigeerd') as corrected_records,
        count(*) filter (where reason = 'Later geleverd') as late_records,
        string_agg(distinct changed_fields, ', ' order by changed_fields) as corrected_fields
    from {{ ref('int_editions__revision_records') }}
    group by edition, registration_year

),

figures as (

    select
        y.edition,
        y.registration_year,
        y.data_date,
        y.has_data,
        y.previous_edition,
        p.published_victims,
        p.published_tag,
        case when y.has_data then coalesce(c.warehouse_victims, 0) end as warehouse_victims
    from years as y
    left join published as p
        on y.edition = p.edition and y.registration_year = p.registration_year
    left join counted as c
        on y.edition = c.edition and y.registration_year = c.registration_year

),

ledger as (

    select
        f.edition,
        f.registration_year,
        f.data_date,
        f.has_data,
        -- the filter Editie of the Slachtoffermonitor starts on this edition
        f.has_data and f.data_date = max(f.data_date) filter (where f.has_data) over () as is_newest_with_data,
        f.published_victims,
        f.published_tag,
        f.warehouse_victims,
        f.warehouse_victims - f.published_victims as difference,
        f.previous_edition,
        prev.published_victims as previous_published_victims,
        case when f.has_data then prev.warehouse_victims end as previous_warehouse_victims,
        f.warehouse_victims - prev.warehouse_victims as warehouse_revision,
        coalesce(x.withdrawn_records, 0) as withdrawn_records,
        coalesce(x.corrected_records, 0) as corrected_records,
        coalesce(x.late_records, 0) as late_records,
        x.corrected_fields,
        -- the figure (published or counted) changed from the previous edition, and no record explains it
        -- (only an edition the warehouse counts can say whether a record explains its figure)
        f.has_data
        and f.previous_edition is not null
        and prev.registration_year is not null
        and (
            f.published_victims <> prev.published_victims
            or f.warehouse_victims <> prev.warehouse_victims
        ) is true
        and coalesce(x.withdrawn_records + x.corrected_records + x.late_records, 0) = 0
            as is_unexplained_revision
    from figures as f
    left join figures as prev
        on f.previous_edition = prev.edition and f.registration_year = prev.registration_year
    left join explained as x
        on f.edition = x.edition and f.registration_year = x.registration_year

),

statused as (

    select
        *,
        -- what the dashboard says of the revision, in words (Herzieningen tussen edities)
        case
            when not has_data then 'Geen gegevens'
            when previous_edition is null then 'Eerste editie'
            when previous_warehouse_victims is null then 'Nieuw jaar'
            when is_unexplained_revision then 'Onverklaard'
            when withdrawn_records + corrected_records + late_records > 0 then 'Verklaard'
            else 'Ongewijzigd'
        end as revision_status
    from ledger

),

-- Disclosure control, the rule of the published marts (macros/disclosure.sql
-- is_hidden_small_count, as in published_figures_dashboard): a headline count of the warehouse
-- from 1 to below the threshold is hidden unless it equals the edition's published figure, and so
-- are the difference and the revision that would give it back; the record counts, which no report
-- publishes, are hidden from 1 to below the threshold. The status and the flag are words, no count.
-- Each count has its label (<count>_label), which the dashboard shows: "< 5" where it is hidden.
hidden as (

    select
        *,
        {{ is_hidden_small_count('warehouse_victims', 'published_victims') }} as is_headline_hidden,
        {{ is_hidden_small_count('previous_warehouse_victims', 'previous_published_victims') }}
            as is_previous_headline_hidden,
        {{ is_hidden_small_count('withdrawn_records') }} as is_withdrawn_hidden,
        {{ is_hidden_small_count('corrected_records') }} as is_corrected_hidden,
        {{ is_hidden_small_count('late_records') }} as is_late_hidden
    from statused

)

select
    * exclude (
        is_headline_hidden, is_previous_headline_hidden, is_withdrawn_hidden, is_corrected_hidden, is_late_hidden
    ) replace (
        case when not is_headline_hidden then warehouse_victims end as warehouse_victims,
        case when not is_headline_hidden then difference end as difference,
        case when not is_previous_headline_hidden then previous_warehouse_victims end as previous_warehouse_victims,
        case
            when not (is_headline_hidden or is_previous_headline_hidden) then warehouse_revision
        end as warehouse_revision,
        case when not is_withdrawn_hidden then withdrawn_records end as withdrawn_records,
        case when not is_corrected_hidden then corrected_records end as corrected_records,
        case when not is_late_hidden then late_records end as late_records
    ),
    -- what the dashboard prints of each count, as every disclosure-controlled mart does
    -- (macros/disclosure.sql suppressed_label): the count, or "< 5" where it is hidden
    {{ suppressed_label('warehouse_victims', 'is_headline_hidden', 'is_headline_hidden') }} as warehouse_victims_label,
    {{ suppressed_label('previous_warehouse_victims', 'is_previous_headline_hidden', 'is_previous_headline_hidden') }} as previous_warehouse_victims_label,
    {{ suppressed_label('withdrawn_records', 'is_withdrawn_hidden', 'is_withdrawn_hidden') }} as withdrawn_records_label,
    {{ suppressed_label('corrected_records', 'is_corrected_hidden', 'is_corrected_hidden') }} as corrected_records_label,
    {{ suppressed_label('late_records', 'is_late_hidden', 'is_late_hidden') }} as late_records_label,
    is_headline_hidden
    or is_previous_headline_hidden
    or is_withdrawn_hidden
    or is_corrected_hidden
    or is_late_hidden as is_suppressed
from hidden
