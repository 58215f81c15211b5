-- published_figures_comparison as the dashboard Slachtoffermonitor shows it (issue 6): a count of
-- the warehouse below the threshold (disclosure_threshold) is shown only where it equals the
-- published figure, which the rapporteur has made public already; any other small warehouse count
-- is hidden (warehouse_value and difference NULL, afscherming "< 5"), since it would be a small
-- count of the (synthetic, later real) registrations that was never published. Zero is shown (there
-- is nobody to protect); percentages are shown as they are (not counts; see README "Disclosure
-- control" for what this leaves open).
-- Issue 15: the source as an analyst reads it: the document's title (`source_title`, seed
-- ref_source_document) instead of its file name, and the line references with the document's short
-- title instead of its code (`source_references`: "000:2368-2372, 2434, 003:262-264" becomes
-- "Slachtoffermonitor 2013-2017, regels 2368-2372, 2434; Kamerbrief 13-2-2017, regels 262-264").
with documents as (
    select * from {{ ref('ref_source_document') }}
),

codes as (
    -- every document code with the words that replace it, for list_reduce below
    select list({'code': code || ':', 'words': short_title || ', regels '}) as replacements
    from documents
    where code is not null
),

referenced as (
    select
        f.*,
        d.title as source_title,
        -- another document or annex table starts a new part: "; " instead of ", "
        regexp_replace(f.source_lines, ', (\d{3}|B\d+\.\d+):', '; \1:', 'g') as parts,
        d.short_title
    from {{ ref('published_figures_comparison') }} as f
    left join documents as d using (source_document)
),

worded as (
    select
        * exclude (parts, short_title),
        -- a reference that does not start with a document code is a line of the figure's own
        -- document (or one of its annex tables): say which
        case when regexp_matches(source_lines, '^\d{3}:') then '' else short_title || ', ' end
        || case when regexp_matches(source_lines, '^(\d{3}|B\d+\.\d+):') then '' else 'regels ' end
        || list_reduce(
            (select replacements from codes),
            lambda text, r: replace(text, r.code, r.words),
            regexp_replace(parts, '(B\d+\.\d+):', 'tabel \1, regels ', 'g')
        ) as plural_references
    from referenced
),

readable as (
    -- a single line is "regel", not "regels"
    select
        * exclude (plural_references),
        regexp_replace(plural_references, 'regels (\d+)(;|$)', 'regel \1\2', 'g') as source_references
    from worded
)

select
    * exclude (is_hidden) replace (
        case when is_hidden then null else warehouse_value end as warehouse_value,
        case when is_hidden then null else difference end as difference
    ),
    case when is_hidden then '< {{ disclosure_threshold() }}' else '' end as afscherming,
    is_hidden as is_suppressed
from (
    select
        *,
        unit = 'count'
        and {{ is_hidden_small_count('warehouse_value', 'published_value') }} as is_hidden
    from readable
)
