"""Issue 18, the dashboard Verborgen slachtoffers as an analyst reads it in Chromium: the table
shows, row by row, the figures of marts.dark_number_estimates as the rapporteur rounds them and
"geen schatting" where the mart has no number (figures_verborgen_slachtoffers.estimate_rows, from
the mart's unrounded numbers), and the page says in words that these are model estimates, not
counts of persons, with the rapporteur's published range beside them and who is in neither
'Vrouw' nor 'Man'. The filters Soort populatie and Populatie narrow the table to the mart's rows of
the chosen kind or population, through the chart-data API for every value and in the browser for
one kind, whose Populatie options are then that kind's populations only. That the chart-data API
and the page receive the same rows is checked for every dashboard (test_superset_api.py,
test_superset_browser.py)."""

from __future__ import annotations

import json
import time

from figures_verborgen_slachtoffers import KIND_FILTER, POPULATION_FILTER, TABLE_CHART, TITLE, estimate_rows
from superset_figures import DASHBOARD_BY_TITLE, normalise
from superset_harness import post_query_context
from test_superset_browser import (  # noqa: F401 - browser: the fixture
    RENDER_TIMEOUT_MS,
    ChartResponses,
    browser,
    login,
    request_filters,
    settled_table,
)

# The columns the table draws as text, by their position in the chart's columns: the figures and
# the status (lists, model and toelichting are compared through the chart data).
SHOWN = (0, 1, 2, 3, 4, 5, 6, 7, 10)
HEADERS = [
    "Periode",
    "Soort",
    "Populatie",
    "Gezien",
    "Schatting",
    "95%-interval",
    "Aandeel gezien",
    "Per 100.000 inwoners",
    "Status",
]
MUST_SAY = (
    "Modelschattingen, geen tellingen van personen",
    "5.000 tot 7.500 slachtoffers per jaar",
    "Groepen overlappen",
    "alleen bij de samengevoegde periode 2014-2015",
    "tellen niet bij Vrouw en niet bij Man",
)
# The kind the browser test picks: the sexes, with the victims of unknown sex beside them.
SEXES = "Kenmerk: geslacht"


def _table_chart(charts_by_dashboard) -> dict:
    (chart,) = [c for c in charts_by_dashboard[TITLE] if c["slice_name"] == TABLE_CHART]
    return chart


def _kind_problems(rows: list[tuple]) -> list[str]:
    """Each period lists its populations kind by kind: a kind's rows are never split by another's."""
    problems, seen = [], {}
    for i, (period, kind, *_) in enumerate(rows):
        last = seen.get((period, kind))
        if last is not None and last != i - 1:
            problems.append(f"row {i}: {period} {kind} apart from its kind's other rows")
        seen[(period, kind)] = i
    return problems


def _pick(page, filter_id: str, value: str) -> None:
    """Choose `value` in a native filter of the filter bar, as an analyst does."""
    picker = page.locator(f"[data-test='{filter_id}']")
    picker.locator(".ant-select-selector").click()
    page.keyboard.type(value)
    page.locator(f".ant-select-item-option[title='{value}']").first.click()
    page.keyboard.press("Escape")


def _options(page, filter_id: str) -> list[str]:
    """The values a native filter offers (a short list: every option drawn)."""
    page.locator(f"[data-test='{filter_id}'] .ant-select-selector").click()
    options = page.locator(".ant-select-dropdown:visible .ant-select-item-option")
    options.first.wait_for(state="visible", timeout=RENDER_TIMEOUT_MS)
    titles = options.evaluate_all("os => os.map(o => o.getAttribute('title'))")
    page.keyboard.press("Escape")
    return titles


def _options_once_loaded(page, filter_id: str, expected: list[str]) -> list[str]:
    """The values a dependent filter offers once it has reloaded them after its parent changed
    (Superset asks for them anew, so a first look may still show the old list); the last look
    when they never become `expected`."""
    deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
    while True:
        offered = _options(page, filter_id)
        if sorted(offered) == sorted(expected) or time.monotonic() > deadline:
            return offered
        page.wait_for_timeout(500)


def test_table_shows_the_marts_estimates_rounded_and_says_they_are_model_output(
    browser,  # noqa: F811
    superset_server,
    charts_by_dashboard,
    serving_db,
):
    chart = _table_chart(charts_by_dashboard)
    page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
    responses = ChartResponses(page)
    login(page, superset_server)
    page.goto(f"{superset_server.base_url}/superset/dashboard/{DASHBOARD_BY_TITLE[TITLE].slug}/")
    holder = page.locator(f"[data-test='chart-grid-component'][data-test-chart-id='{chart['id']}']")
    holder.scroll_into_view_if_needed(timeout=RENDER_TIMEOUT_MS)
    headers, rows = settled_table(holder.locator("table"))
    expected = [[row[i] for i in SHOWN] for row in estimate_rows(serving_db, None)]
    body = page.locator("body").inner_text()
    problems = [f"page does not say {text!r}" for text in MUST_SAY if text not in body]
    if [headers[i] for i in SHOWN] != HEADERS:
        problems.append(f"headers {headers}")
    problems += _shown_problems([[row[i] for i in SHOWN] for row in rows], expected)
    if not any(e[4] == "geen schatting" for e in expected) or all(e[4] == "geen schatting" for e in expected):
        problems.append("the sample should have rows with and without an estimate")
    problems += _kind_problems(estimate_rows(serving_db, None))

    # Soort populatie: the sexes. Populatie then offers the sexes only; the table shows their rows.
    sexes = estimate_rows(serving_db, None, {"population_kind": [SEXES]})
    _pick(page, KIND_FILTER[1], SEXES)
    offered = _options_once_loaded(page, POPULATION_FILTER[1], sorted({row[2] for row in sexes}))
    if sorted(offered) != sorted({row[2] for row in sexes}):
        problems.append(
            f"Populatie offers {offered} with {SEXES} chosen, not {sorted({r[2] for r in sexes})}"
        )
    before = responses.mark()
    page.locator("[data-test='filter-bar__apply-button']").click()
    filtered = responses.wait_for(page, {chart["id"]}, before)[chart["id"]]
    if {"col": KIND_FILTER[2], "op": "IN", "val": [SEXES]} not in request_filters(filtered):
        problems.append(f"the table's query after the choice: {request_filters(filtered)}")
    _, rows = settled_table(holder.locator("table"))
    problems += _shown_problems(
        [[row[i] for i in SHOWN] for row in rows], [[r[i] for i in SHOWN] for r in sexes]
    )
    page.close()
    assert problems == [], "\n".join(problems)


def _shown_problems(shown: list[list], expected: list[list]) -> list[str]:
    problems = [f"row {i}: shown {s}, mart {e}" for i, (s, e) in enumerate(zip(shown, expected)) if s != e]
    if len(shown) != len(expected):
        problems.append(f"{len(shown)} rows shown, {len(expected)} in the mart")
    return problems


def test_population_filters_give_the_marts_rows_of_the_choice(api, charts_by_dashboard, serving_db):
    """Every kind and every population alone, and one of each with the Periode filter, through the
    chart-data API as the dashboard sends a choice (a filter on the column): the table's rows are
    the mart's of that choice, computed from serving.duckdb."""
    chart = _table_chart(charts_by_dashboard)
    expectation = DASHBOARD_BY_TITLE[TITLE].charts[TABLE_CHART]
    (pooled,) = serving_db.execute(
        "SELECT max(period) FROM marts.dark_number_estimates WHERE years > 1"
    ).fetchone()
    choices = [
        {column: [value]}
        for column in (KIND_FILTER[2], POPULATION_FILTER[2])
        for (value,) in serving_db.execute(
            f"SELECT DISTINCT {column} FROM marts.dark_number_estimates"
        ).fetchall()
    ]
    choices += [
        {"period": [pooled], KIND_FILTER[2]: [SEXES]},
        {"period": [pooled], POPULATION_FILTER[2]: ["Vrouw"]},
    ]
    problems = []
    for choice in choices:
        query_context = json.loads(chart["query_context"])
        for query in query_context["queries"]:
            query["filters"] = [
                *query["filters"],
                *({"col": c, "op": "IN", "val": v} for c, v in choice.items()),
            ]
        shown = normalise(expectation, post_query_context(api, query_context, f"{TABLE_CHART} {choice}"))
        periods = choice.get("period")
        expected = estimate_rows(serving_db, periods, {c: v for c, v in choice.items() if c != "period"})
        if not expected:
            problems.append(f"{choice}: the mart has no rows")
        if shown != expected:
            problems.append(f"{choice}: shown {shown}, mart {expected}")
    assert len(choices) > 10 and problems == [], "\n".join(problems)
