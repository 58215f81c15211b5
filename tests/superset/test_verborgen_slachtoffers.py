"""Issue 18, the dashboard Verborgen slachtoffers as an analyst reads it in Chromium: the table
shows, row by row, the figures of marts.dark_number_estimates as the rapporteur rounds them and
"geen schatting" where the mart has no number (figures_verborgen_slachtoffers.estimate_rows, from
the mart's unrounded numbers), and the page says in words that these are model estimates, not
counts of persons, with the rapporteur's published range beside them. That the chart-data API and
the page receive the same rows is checked for every dashboard (test_superset_api.py,
test_superset_browser.py)."""

from __future__ import annotations

from figures_verborgen_slachtoffers import TABLE_CHART, TITLE, estimate_rows
from superset_figures import DASHBOARD_BY_TITLE
from test_superset_browser import RENDER_TIMEOUT_MS, browser, login, settled_table  # noqa: F401 - the fixture

# The columns the table draws as text, by their position in the chart's columns: the figures and
# the status (lists, model and toelichting are compared through the chart data).
SHOWN = (0, 1, 2, 3, 4, 5, 6, 9)
HEADERS = [
    "Periode",
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
)


def test_table_shows_the_marts_estimates_rounded_and_says_they_are_model_output(
    browser,  # noqa: F811
    superset_server,
    charts_by_dashboard,
    serving_db,
):
    (chart,) = [c for c in charts_by_dashboard[TITLE] if c["slice_name"] == TABLE_CHART]
    page = browser.new_page(viewport={"width": 1600, "height": 1900}, locale="nl-NL")
    login(page, superset_server)
    page.goto(f"{superset_server.base_url}/superset/dashboard/{DASHBOARD_BY_TITLE[TITLE].slug}/")
    holder = page.locator(f"[data-test='chart-grid-component'][data-test-chart-id='{chart['id']}']")
    holder.scroll_into_view_if_needed(timeout=RENDER_TIMEOUT_MS)
    headers, rows = settled_table(holder.locator("table"))
    expected = [[row[i] for i in SHOWN] for row in estimate_rows(serving_db, None)]
    body = page.locator("body").inner_text()
    page.close()
    problems = [f"page does not say {text!r}" for text in MUST_SAY if text not in body]
    if [headers[i] for i in SHOWN] != HEADERS:
        problems.append(f"headers {headers}")
    shown = [[row[i] for i in SHOWN] for row in rows]
    problems += [f"row {i}: shown {s}, mart {e}" for i, (s, e) in enumerate(zip(shown, expected)) if s != e]
    if len(shown) != len(expected):
        problems.append(f"{len(shown)} rows shown, {len(expected)} in the mart")
    if not any(e[3] == "geen schatting" for e in expected) or all(e[3] == "geen schatting" for e in expected):
        problems.append("the sample should have rows with and without an estimate")
    assert problems == [], "\n".join(problems)
