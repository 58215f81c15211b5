"""Dashboard Slachtoffermonitor: what each chart must show, computed independently with DuckDB.

The charts read `marts.published_figures_dashboard`: `marts.published_figures_comparison` (issue 5
part 3) with disclosure control (issue 6). The expectations are computed from the comparison mart
with the rule written out here: a warehouse count of 1-4 that differs from the published figure is
hidden (value and difference empty, afscherming "< 5"); a count equal to the published figure is
public already and shown. The filter **Doel** selects
calibration targets (column `doel`: target_id, or 'Geen doel'); `compute(con, doelen)` receives the
selected values (None = all), as the other dashboards' year filters.
"""

from __future__ import annotations

from superset_figures import Counts, DashboardSpec, Expectation

TABLE_COLUMNS = ("figure", "description", "jaar", "groep", "eenheid", "published_value", "warehouse_value", "afscherming",
                 "difference",
                 "klopt", "toelichting", "doel", "figure_id", "source_document", "source_lines")

_SELECT = """
    SELECT figure, description, COALESCE(CAST(year AS VARCHAR), '2013-2017') AS jaar,
           COALESCE(NULLIF(CONCAT_WS(' / ', group_label, group_label_2), ''), 'Alle') AS groep,
           CASE WHEN unit = 'percent' THEN '%' ELSE 'aantal' END AS eenheid,
           published_value,
           CASE WHEN small_other THEN NULL ELSE warehouse_value END AS warehouse_value,
           CASE WHEN small_other THEN '< 5' ELSE '' END AS afscherming,
           CASE WHEN small_other THEN NULL ELSE difference END AS difference,
           COALESCE(inconsistency_note, '') AS toelichting, sort_order,
           CASE WHEN matches THEN 'Ja' WHEN is_report_inconsistent THEN 'Nee, rapport inconsistent' ELSE 'Nee' END AS klopt,
           inconsistency_note, COALESCE(target_id, 'Geen doel') AS doel, figure_id, source_document, source_lines,
           CASE WHEN target_id IS NOT NULL THEN 'Kalibratiedoel' ELSE 'Ander gepubliceerd cijfer' END AS soort,
           matches
    FROM (
        SELECT *, (unit = 'count' AND warehouse_value >= 1 AND warehouse_value < 5
                   AND warehouse_value <> published_value) IS TRUE AS small_other
        FROM marts.published_figures_comparison
    )
"""


def _where(doelen) -> tuple[str, list]:
    if not doelen:
        return "", []
    return f" WHERE doel IN ({', '.join('?' * len(doelen))})", [str(d) for d in doelen]


def side_by_side(con, doelen) -> list[tuple]:
    where, params = _where(doelen)
    rows = con.execute(
        f"SELECT {', '.join(TABLE_COLUMNS)} FROM ({_SELECT}){where} ORDER BY sort_order", params
    ).fetchall()
    return [tuple(round(v, 4) if isinstance(v, float) else v for v in row) for row in rows]


def matching_and_total(con, doelen) -> Counts:
    where, params = _where(doelen)
    out: Counts = {}
    for soort, klopt, totaal in con.execute(
        f"SELECT soort, count(*) FILTER (WHERE matches), count(*) FROM ({_SELECT}){where} GROUP BY soort", params
    ).fetchall():
        if klopt:
            out[(soort, "cijfers_klopt")] = klopt
        if totaal:
            out[(soort, "cijfers_totaal")] = totaal
    return out


SLACHTOFFERMONITOR: dict[str, Expectation] = {
    "Gepubliceerde cijfers naast het warehouse": Expectation(TABLE_COLUMNS, None, side_by_side, table=True),
    "Aantal cijfers dat klopt / totaal": Expectation(("soort",), None, matching_and_total),
}

SLACHTOFFERMONITOR_SPEC = DashboardSpec(
    title="Slachtoffermonitor",
    slug="slachtoffermonitor",
    charts=SLACHTOFFERMONITOR,
    year_filter="Doel",
    year_filter_id="NATIVE_FILTER-doel",
    year_column="doel",
    filter_year_sql="SELECT 'K8'",
)
