-- The change-point check over the yearly series of Trends slachtoffers (issue 17): per series
-- (figure and category of trend_figures) and registration year, the change on the year before,
-- whether it is a jump, and which entries of the trend-break register explain it.
--
-- The rule is a robust one, not a change-point library: with 5 to 13 yearly points a fitted model
-- (ruptures' PELT or binary segmentation) needs a penalty that nothing in so short a series can
-- tune, and its verdict cannot be told to a steward in a sentence. A change is a jump when it is
-- larger than `factor` times the median absolute change of its own series (so a large and a small
-- series are judged on their own scale, and one jump cannot hide itself by inflating the scale, as
-- it would a mean or a standard deviation) and at least `min_jump` (a series that hardly moves has
-- a median near 0, and a change of a handful is noise). A one-year spike makes two large changes;
-- with 5 points the median may then be large too, so a short series flags a level shift more
-- surely than a spike.
--
-- Only shown cells are compared (a hidden cell has no count), so nothing here gives a hidden count
-- away: a change is the difference of two counts the dashboard shows.
--
-- A register entry explains a jump of a series it names (affected_series: the figure, or
-- figure=category) into its first year or into the year after: a break that starts in the course
-- of a year splits its effect over two registration years, and a dip of one year (2018) comes back
-- the year after.
{%- set factor = 3 %}
{%- set min_jump = 20 %}
with cells as (

    select
        figure,
        category,
        registration_year,
        aantal
    from {{ ref('trend_figures') }}
    where registration_year is not null

),

changes as (

    select
        cur.figure,
        cur.category,
        cur.registration_year,
        prev.aantal as previous_count,
        cur.aantal as current_count,
        cur.aantal - prev.aantal as change
    from cells as cur
    inner join cells as prev
        on
            cur.figure = prev.figure
            and cur.category = prev.category
            and prev.registration_year = cur.registration_year - 1

),

scales as (

    select
        figure,
        category,
        median(abs(change)) as median_abs_change
    from changes
    group by figure, category

),

judged as (

    select
        c.*,
        s.median_abs_change,
        coalesce(
            abs(c.change) >= {{ min_jump }}
            and abs(c.change) > {{ factor }} * s.median_abs_change,
            false
        ) as is_jump
    from changes as c
    inner join scales as s
        on c.figure = s.figure and c.category = s.category

),

break_series as (

    select
        break_id,
        first_year,
        unnest(string_split(affected_series, ';')) as series
    from {{ ref('trend_break_register') }}

),

explanations as (

    select
        j.figure,
        j.category,
        j.registration_year,
        string_agg(b.break_id, ', ' order by b.break_id) as explained_by
    from judged as j
    inner join break_series as b
        on
            (j.figure = b.series or j.figure || '=' || j.category = b.series)
            and j.registration_year between b.first_year and b.first_year + 1
    where j.is_jump
    group by j.figure, j.category, j.registration_year

)

select
    j.figure,
    j.category,
    j.registration_year,
    j.previous_count,
    j.current_count,
    j.change,
    j.median_abs_change,
    {{ factor }} as jump_factor,
    {{ min_jump }} as min_jump,
    j.is_jump,
    e.explained_by,
    j.is_jump and e.explained_by is null as is_unexplained_jump
from judged as j
left join explanations as e
    on
        j.figure = e.figure
        and j.category = e.category
        and j.registration_year = e.registration_year
