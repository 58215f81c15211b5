"""Dashboard Slachtoffermonitor: what each chart must show, computed independently with DuckDB.

The charts read `marts.published_figures_dashboard`: `marts.published_figures_comparison` (issue 5
part 3) with disclosure control (issue 6). The expectations are computed from the comparison mart
with the rule written out here: a warehouse count of 1-4 that differs from the published figure is
hidden (value and difference empty, afscherming "< 5"); a count equal to the published figure is
public already and shown. The filter **Doel** selects
calibration targets (column `doel`: target_id, or 'Geen doel'); `compute(con, doelen)` receives the
selected values (None = all), as the other dashboards' year filters.

Issue 15: the figures in which the report contradicts itself come first and are counted apart in
the summary; *Bron* is the cited document's title and *Regels* its line references with the
document's short title instead of its code ("000:2368" -> "Slachtoffermonitor 2013-2017, regel
2368"), worked out here from the raw references of the comparison mart and the seed of titles.
"""

from __future__ import annotations

import csv
import re

from figures_editions import LEDGER_COLUMNS, REVISION_COLUMNS, ledger_rows, revision_rows
from superset_figures import Counts, Expectation, analyst_dashboard

from orchestration.seeds import editions
from orchestration.settings import DBT_PROJECT_DIR
from tests.integration.disclosure_rule import THRESHOLD

TABLE_COLUMNS = (
    "figure",
    "description",
    "jaar",
    "groep",
    "eenheid",
    "published_value",
    "warehouse_value",
    "afscherming",
    "difference",
    "klopt",
    "toelichting",
    "doel",
    "figure_id",
    "source_title",
    "source_references",
)
# the comparison mart's raw columns the two readable ones are made of
_RAW_SOURCE = ("source_document", "source_lines")


def _documents() -> dict[str, dict]:
    with open(DBT_PROJECT_DIR / "seeds" / "ref_source_document.csv", encoding="utf-8") as f:
        return {row["source_document"]: row for row in csv.DictReader(f)}


def readable_references(document: str, lines: str, documents: dict[str, dict]) -> str:
    """'000:2368-2372, 2434, 003:262-264' -> 'Slachtoffermonitor 2013-2017, regels 2368-2372,
    2434; Kamerbrief 13-2-2017, regels 262-264'; a part without a document code is a line of the
    figure's own document, 'B2.3:5963' a line of its annex table B2.3."""
    short = {d["code"]: d["short_title"] for d in documents.values() if d["code"]}
    parts = re.split(r", (?=\d{3}:|B\d+\.\d+:)", lines)
    out = []
    for i, part in enumerate(parts):
        m = re.match(r"(\d{3}):(.*)$", part)
        t = re.match(r"(B\d+\.\d+):(.*)$", part)
        if m:
            where, numbers = short[m[1]], m[2]
        elif t:
            where, numbers = f"tabel {t[1]}", t[2]
            if i == 0:
                where = f"{documents[document]['short_title']}, {where}"
        else:
            where, numbers = documents[document]["short_title"], part
        word = "regel" if re.fullmatch(r"\d+", numbers) else "regels"
        out.append(f"{where}, {word} {numbers}")
    return "; ".join(out)


# The published figures' whole period (seed ref_edition, the oldest edition) and the threshold
# (dbt var disclosure_threshold), from the one place each is stated.
_PUBLISHED = editions()[0]
_SELECT = f"""
    SELECT figure, description, COALESCE(CAST(year AS VARCHAR), '{_PUBLISHED.first_year}-{_PUBLISHED.last_year}') AS jaar,
           COALESCE(NULLIF(CONCAT_WS(' / ', group_label, group_label_2), ''), 'Alle') AS groep,
           CASE WHEN unit = 'percent' THEN '%' ELSE 'aantal' END AS eenheid,
           published_value,
           CASE WHEN small_other THEN NULL ELSE warehouse_value END AS warehouse_value,
           CASE WHEN small_other THEN '< {THRESHOLD}' ELSE '' END AS afscherming,
           CASE WHEN small_other THEN NULL ELSE difference END AS difference,
           COALESCE(inconsistency_note, '') AS toelichting, sort_order,
           CASE WHEN matches THEN 'Ja' WHEN is_report_inconsistent THEN 'Nee, rapport inconsistent' ELSE 'Nee' END AS klopt,
           inconsistency_note, COALESCE(target_id, 'Geen doel') AS doel, figure_id, source_document, source_lines,
           is_report_inconsistent,
           CASE WHEN target_id IS NOT NULL THEN 'Kalibratiedoel' ELSE 'Ander gepubliceerd cijfer' END AS soort,
           matches
    FROM (
        SELECT *, (unit = 'count' AND warehouse_value >= 1 AND warehouse_value < {THRESHOLD}
                   AND warehouse_value <> published_value) IS TRUE AS small_other
        FROM marts.published_figures_comparison
    )
"""


def _where(doelen) -> tuple[str, list]:
    if not doelen:
        return "", []
    return f" WHERE doel IN ({', '.join('?' * len(doelen))})", [str(d) for d in doelen]


def side_by_side(con, doelen) -> list[tuple]:
    """Every figure, those in which the report contradicts itself first, then in report order."""
    where, params = _where(doelen)
    shown = TABLE_COLUMNS[:-2]
    rows = con.execute(
        f"SELECT {', '.join(shown + _RAW_SOURCE)} FROM ({_SELECT}){where} "
        "ORDER BY is_report_inconsistent DESC, sort_order",
        params,
    ).fetchall()
    documents = _documents()
    return [
        tuple(round(v, 4) if isinstance(v, float) else v for v in row[:-2])
        + (documents[row[-2]]["title"], readable_references(row[-2], row[-1], documents))
        for row in rows
    ]


def matching_and_total(con, doelen) -> Counts:
    where, params = _where(doelen)
    out: Counts = {}
    for soort, klopt, inconsistent, totaal in con.execute(
        f"SELECT soort, count(*) FILTER (WHERE matches), count(*) FILTER (WHERE is_report_inconsistent), count(*) "
        f"FROM ({_SELECT}){where} GROUP BY soort",
        params,
    ).fetchall():
        if klopt:
            out[(soort, "cijfers_klopt")] = klopt
        if inconsistent:
            out[(soort, "cijfers_rapport_inconsistent")] = inconsistent
        if totaal:
            out[(soort, "cijfers_totaal")] = totaal
    return out


# Issue 17: the edition ledger's charts, filtered by Editie, not by Doel (figures_editions.py):
# outside the Doel filter, so the tests call them with None; test_edition_filter.py with editions.
LEDGER_CHARTS = {
    "Kerncijfer per editie": Expectation(LEDGER_COLUMNS, None, ledger_rows, table=True),
    "Herzieningen tussen edities": Expectation(REVISION_COLUMNS, None, revision_rows, table=True),
}

SLACHTOFFERMONITOR: dict[str, Expectation] = {
    "Gepubliceerde cijfers naast het warehouse": Expectation(TABLE_COLUMNS, None, side_by_side, table=True),
    "Aantal cijfers dat klopt / totaal": Expectation(("soort",), None, matching_and_total),
    **LEDGER_CHARTS,
}

SLACHTOFFERMONITOR_SPEC = analyst_dashboard(
    title="Slachtoffermonitor",
    slug="slachtoffermonitor",
    charts=SLACHTOFFERMONITOR,
    year_filter="Doel",
    year_filter_id="NATIVE_FILTER-doel",
    year_column="doel",
    filter_year_sql="SELECT 'K8'",
    outside_year_filter=tuple(LEDGER_CHARTS),
)
