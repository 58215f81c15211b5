"""What every chart of every dashboard must show, computed independently with DuckDB.

Each expectation is written from the contracts' definitions (Trends slachtoffers: headline figures =
victim-years with is_sub3 = false; Verblijf en vervolging: residence.md V5/V7 and prosecution.md
P2-P5), not copied from the chart: the charts use saved metrics, calculated columns, adhoc filters, a
virtual dataset and Superset's pivot post-processing; these are plain GROUP BYs on serving.duckdb (and
the top-5 ranking is done in Python).

Issue 6: every chart of Trends slachtoffers and Verblijf en vervolging reads a disclosure-controlled
mart. Its expectation is still the plain record-level count; the cells the mart hides are listed by
`hidden` and left out of the comparison, each checked against its independent count.

A chart result is normalised to {key: value}. The key is the tuple of the chart's dimension values
(e.g. registration year, nationality) followed, for charts whose series are columns, by the series
name (e.g. 'BL-SU', a metric label). Values are counts, or rates rounded to 4 decimals for
expectations with `rate=True`. Zero and empty cells are left out on both sides.

Regionaal reads disclosure-controlled cubes (one row per periode x vorm x region, totals as values:
'2013-2017', 'Alle vormen'); its selection is a list of periodes (the dashboard's Periode filter,
default 2013-2017) with Vorm 'Alle vormen'. Its tables are compared row by row, in order, labels
("< 5", "x") included (`table=True`); the country map is a legacy chart whose data comes from
/superset/explore_json/ (`legacy=True`).
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from orchestration.quality.references import FOLD_SEPARATOR
from orchestration.seeds import seed_rows
from tests.folding import fold_keys, fold_map
from tests.integration.disclosure_rule import THRESHOLD

Counts = dict[tuple, int | float]
RATE_DIGITS = 4


@dataclass(frozen=True)
class Expectation:
    dims: tuple[str, ...]  # columns of the result that identify a cell
    value: str | None  # the value column; None = every other column is a series
    # (connection, years or Regionaal's periodes or None) -> counts, or a table's rows in order
    compute: Callable[[duckdb.DuckDBPyConnection, list | None], Counts | list[tuple]]
    rate: bool = False  # values are fractions (compared rounded to RATE_DIGITS), not counts
    table: bool = False  # a table: the rows of `dims` in order, cells as shown (labels included)
    legacy: bool = False  # a legacy chart: data from /superset/explore_json/, not /api/v1/chart/data
    # (connection, years) -> {key: label} of the cells the chart leaves out because the mart hides
    # them ("< 5", "x"; "rate" for a rate hidden with a part). Read from the mart (the code under
    # test); the tests check each against the independent count of `compute`: "< 5" only where it
    # is 1-4, "x" only where it is at least 5 (a secondary cell, whose need test_disclosure.py checks).
    hidden: Callable[[duckdb.DuckDBPyConnection, list | None], dict] | None = None
    # connection -> {category as the independent count names it: the folded category the chart
    # shows} (issue 13: a small category is folded with a neighbour, 'Man + Onbekend'). Read from
    # the mart; expected_shown checks that the label names exactly its parts and adds their
    # independent counts, so the chart's folded value is checked against them.
    folds: Callable[[duckdb.DuckDBPyConnection], dict] | None = None


def _years(years: list[int] | None, prefix: str = "AND", column: str = "registration_year") -> str:
    if not years:
        return ""
    return f" {prefix} {column} IN ({', '.join(str(int(y)) for y in years)})"


def _rows(con, sql: str) -> Counts:
    return {tuple(r[:-1]): int(r[-1]) for r in con.execute(sql).fetchall() if r[-1]}


def _per_year(con, years, column: str, table: str = "victims", where: str = "is_sub3 = false") -> Counts:
    """{(registration year, value of `column`): rows} of marts.`table` where `where` holds (by
    default the headline victim-years)."""
    return _rows(
        con,
        f"SELECT registration_year, {column}, count(*) FROM marts.{table} WHERE {where}"
        + _years(years)
        + " GROUP BY ALL",
    )


def headline_total(con, years) -> Counts:
    """The big number: victim-years (one row of marts.victims each, R2), not distinct persons; its
    label says so (issue 15: it said "unieke slachtoffers")."""
    n = con.execute("SELECT count(*) FROM marts.victims WHERE is_sub3 = false" + _years(years)).fetchone()[0]
    return {("slachtofferjaren",): n} if n else {}


def headline_by_form(con, years) -> Counts:
    return _per_year(con, years, "trafficking_form")


def with_and_without_sub3(con, years) -> Counts:
    label = {False: "Slachtoffers (excl. sub-3)", True: "Sub-3-personen"}
    raw = _per_year(con, years, "is_sub3", where="true")
    return {(year, label[sub3]): n for (year, sub3), n in raw.items()}


def reports_by_group(con, years) -> Counts:
    """Meldingen per reporter group, each group under its name on the dashboards (seed
    ref_melder_type, series_label: ISZW-DO and NLA are one group, ISZW-DO/NLA; later-years.md §3)."""
    label = {r["series_melder_type"]: r["series_label"] for r in seed_rows("ref_melder_type")}
    raw = _per_year(con, years, "reporter_group", table="reports", where="true")
    return {(year, label[group]): n for (year, group), n in raw.items()}


def top5_nationalities(con, years) -> Counts:
    """Per year the nationalities ranked 1..5 by headline victims (shared ranks kept, like
    Table 3.1; 'Onbekend' is not a nationality to rank)."""
    counts = con.execute(
        "SELECT registration_year, nationality, count(*) FROM marts.victims "
        "WHERE is_sub3 = false AND nationality IS NOT NULL AND nationality <> 'Onbekend'"
        + _years(years)
        + " GROUP BY ALL"
    ).fetchall()
    per_year: dict[int, dict[str, int]] = {}
    for year, nat, n in counts:
        per_year.setdefault(year, {})[nat] = n
    out: Counts = {}
    for year, nats in per_year.items():
        for nat, n in nats.items():
            rank = 1 + sum(1 for m in nats.values() if m > n)
            if rank <= 5:
                out[(year, nat)] = n
    return out


def _headline_per_year(con) -> dict[int, int]:
    return {
        year: n
        for (year,), n in _rows(
            con, "SELECT registration_year, count(*) FROM marts.victims WHERE is_sub3 = false GROUP BY ALL"
        ).items()
    }


def _shares_and_changes(
    con, years, figure: str, total: str, counts: Counts, listed, order=None
) -> list[tuple]:
    """A table of shares and changes on Trends slachtoffers (issue 15: the report gives shares beside
    its counts): per (year, category) that `listed` keeps, the shown label, the share of the year's
    headline victims and the change on the year before, from the independent `counts` (folded as
    the mart folds); empty where a count it needs is hidden in the mart (each hidden cell of the
    figure among `counts` checked against its independent count). `order`: the rows' sort key."""
    counts = fold_keys(counts, {-1: _trend_folds(figure)(con)})
    for year, n in _headline_per_year(con).items():
        counts[(year, total)] = n
    hidden = {
        key: label
        for key, label in _hidden(
            con,
            "SELECT registration_year, category, aantal_label FROM marts.trend_figures "
            f"WHERE is_suppressed AND registration_year IS NOT NULL AND figure = '{figure}'",
            None,
            "registration_year",
        ).items()
        if key in counts or key[1] in {c for _, c in counts}
    }
    for key, label in hidden.items():
        check_hidden(key, label, counts.get(key, 0))

    def shown(key):
        return None if key in hidden or key not in counts else counts[key]

    rows = []
    for year, category in sorted((k for k in counts if listed(k)), key=order):
        if years and year not in years:
            continue
        n, all_, before = shown((year, category)), shown((year, total)), shown((year - 1, category))
        rows.append(
            (
                year,
                category,
                hidden.get((year, category), str(counts[(year, category)])),
                None if n is None or not all_ else round(n / all_, RATE_DIGITS),
                None if n is None or not before else round(n / before - 1, RATE_DIGITS),
            )
        )
    return rows


def form_shares_and_changes(con, years) -> list[tuple]:
    """The table beside the forms (Figure 3.7 gives the shares), the year's total included."""
    return _shares_and_changes(
        con, years, "mensenhandelvorm", ALL_FORMS, headline_by_form(con, None), lambda k: True
    )


def gender_shares_and_changes(con, years) -> list[tuple]:
    """Figure 3.8 gives the male share per year (registration.md §3.G)."""
    return _shares_and_changes(
        con, years, "geslacht", "Alle", headline_by_gender(con, None), lambda k: k[1] != "Alle"
    )


def minor_shares_and_changes(con, years) -> list[tuple]:
    """Figure 3.9 and §3.4.1 give the minors' share of all victims, age unknown included in the
    total (registration.md §3.H)."""
    counts = {(year, "Minderjarig"): n for (year, _), n in minors(con, None).items()}
    return _shares_and_changes(con, years, "leeftijd", "Alle", counts, lambda k: k[1] == "Minderjarig")


def nationality_shares_and_changes(con, years) -> list[tuple]:
    """Table 3.1's top-5 nationalities per year (ranked as top5_nationalities), with their share and
    change; the change compares with the same nationality's count the year before, ranked or not."""
    counts = _rows(
        con,
        "SELECT registration_year, nationality, count(*) FROM marts.victims "
        "WHERE is_sub3 = false AND nationality IS NOT NULL GROUP BY ALL",
    )
    top5 = top5_nationalities(con, None)
    return _shares_and_changes(
        con,
        years,
        "nationaliteit",
        "Alle nationaliteiten",
        counts,
        lambda k: k in top5,
        order=lambda k: (k[0], -counts[k], k[1]),
    )


def minors(con, years) -> Counts:
    raw = _rows(
        con,
        "SELECT registration_year, count(*) FROM marts.victims "
        "WHERE is_sub3 = false AND is_minor" + _years(years) + " GROUP BY ALL",
    )
    return {(year, "Minderjarige slachtoffers"): n for (year,), n in raw.items()}


def headline_by_gender(con, years) -> Counts:
    return _per_year(con, years, "gender")


# --- Verblijf en vervolging: IND residence scheme (residence.md) and OM prosecution (prosecution.md).
# The dashboard's year filter ("Jaar") is the decision year of IND decisions, the group year of the
# routes (V6) and the registration year of OM suspect-cases (P2).

# One application = its last decision, for applications handled in the window (V4, V7).
_APPLICATIONS = (
    "FROM marts.residence_decisions WHERE is_last_decision AND is_application_handled_in_span "
    "AND residence_type IN ('tijdelijk', 'voortgezet')"
)


def bedenktijd_per_year(con, years) -> Counts:
    raw = _rows(
        con,
        "SELECT decision_year, count(*) FROM marts.residence_decisions "
        "WHERE residence_type = 'bedenktijd' AND is_in_counted_span"
        + _years(years, column="decision_year")
        + " GROUP BY ALL",
    )
    return {(year, "Bedenktijd verleend"): n for (year,), n in raw.items()}


def applications_by_kind_and_outcome(con, years) -> Counts:
    kind = {"tijdelijk": "Tijdelijk", "voortgezet": "Voortgezet"}
    outcome = {"Ingewilligd": "ingewilligd", "Afgewezen": "afgewezen"}
    out: Counts = {}
    for year, res_type, result, n in con.execute(
        "SELECT decision_year, residence_type, application_outcome, count(*) "
        + _APPLICATIONS
        + _years(years, column="decision_year")
        + " GROUP BY ALL"
    ).fetchall():
        key = (year, f"{kind[res_type]} – {outcome.get(result, 'overig')}")
        out[key] = out.get(key, 0) + n
    return out


def vv_grant_rate(con, years) -> Counts:
    """Figure 4.7 (V7, BR-31): VV Ingewilligd / (Ingewilligd + Afgewezen) per last-decision year."""
    rows = con.execute(
        "SELECT last_decision_year, count(*) FILTER (WHERE application_outcome = 'Ingewilligd'), "
        "count(*) FILTER (WHERE application_outcome IN ('Ingewilligd', 'Afgewezen')) "
        "FROM marts.residence_decisions WHERE residence_type = 'voortgezet' AND is_last_decision "
        "AND is_application_handled_in_span" + _years(years, column="last_decision_year") + " GROUP BY ALL"
    ).fetchall()
    return {
        (year, "Inwilligingspercentage"): round(granted / substantive, RATE_DIGITS)
        for year, granted, substantive in rows
        if substantive and granted
    }


def residence_routes_by_year(con, years) -> Counts:
    """Figure 4.2 (V5) per group year: {(start point, group, year): persons}."""
    start = {
        "bedenktijd": "Start: bedenktijd",
        "direct tijdelijk verblijf": "Start: direct tijdelijk verblijf",
        "onbekend: tijdelijk verblijf vóór 2013": "Start: tijdelijk verblijf vóór 2013",
    }
    group = {
        1: "Uitsluitend bedenktijd",
        2: "Bedenktijd – uitsluitend tijdelijk verblijf",
        3: "Uitsluitend tijdelijk verblijf",
        4: "Voortgezet verblijf verleend",
        5: "Voortgezet verblijf niet verleend",
    }
    raw = _rows(
        con,
        "SELECT start_point, route_group, group_year, count(*) FROM marts.residence_routes "
        "WHERE is_in_population" + _years(years, column="group_year") + " GROUP BY ALL",
    )
    return {(start[s], f"{g}. {group[g]}", y): n for (s, g, y), n in raw.items()}


def suspects_per_year(con, years) -> Counts:
    """P2: suspect-cases (distinct suspect × parketnummer = rows) and distinct persons."""
    out: Counts = {}
    for year, cases, persons in con.execute(
        "SELECT registration_year, count(DISTINCT (suspect_key, case_id)), "
        "count(DISTINCT suspect_key) FROM marts.prosecution_cases WHERE true"
        + _years(years)
        + " GROUP BY ALL"
    ).fetchall():
        out[(year, "Verdachten (verdachte × zaak)")] = cases
        out[(year, "Unieke verdachten")] = persons
    return out


def dispositions_per_year(con, years) -> Counts:
    """P4, cohort view: the OM's disposition by registration year (Sepot = technical + policy,
    OM-afdoening = Transactie + Strafbeschikking)."""
    group = {
        "Technisch sepot": "Sepot",
        "Beleidssepot": "Sepot",
        "Transactie": "OM-afdoening",
        "Strafbeschikking": "OM-afdoening",
        None: "Nog niet afgedaan",
    }
    out: Counts = {}
    for year, disposition, n in con.execute(
        "SELECT registration_year, disposition, count(*) FROM marts.prosecution_cases WHERE true"
        + _years(years)
        + " GROUP BY ALL"
    ).fetchall():
        key = (year, group.get(disposition, disposition))
        out[key] = out.get(key, 0) + n
    return out


def judgments_per_year(con, years) -> Counts:
    """P5: the latest judgment of summoned suspect-cases by registration year."""
    raw = _rows(
        con,
        "SELECT registration_year, coalesce(judgment, 'Vonnis volgt'), count(*) "
        "FROM marts.prosecution_cases WHERE disposition = 'Dagvaarding'" + _years(years) + " GROUP BY ALL",
    )
    return {key: n for key, n in raw.items()}


# --- Regionaal: the disclosure-controlled regional cubes
# (dbt_project/models/marts/regional/_regional__models.yml). Every chart is one periode and Vorm 'Alle vormen' (the dashboard's defaults), written as plain selections of the
# cube rows; the ordering of the tables is done in Python.
ALL_PERIODS = "2013-2017"
ALL_FORMS = "Alle vormen"


def _periode(periodes: list | None) -> str:
    (p,) = periodes or [ALL_PERIODS]
    return str(p)


def _cube(con, sql: str, periodes) -> list[tuple]:
    return con.execute(sql, [_periode(periodes), ALL_FORMS]).fetchall()


def _r(v):
    return None if v is None else round(float(v), RATE_DIGITS)


def _ranked(rows: list[tuple], by: int) -> list[tuple]:
    """Rows as the Regionaal tables order them: by the number in column `by`, largest first, rows
    without one (suppressed) last, then by name (the first column)."""
    return sorted(rows, key=lambda r: (r[by] is None, -(r[by] or 0), r[0]))


def map_rates(con, periodes) -> Counts:
    """Victims per 100,000 inhabitants by ISO code of the province found in."""
    rows = _cube(
        con,
        "SELECT region_code, victims_per_100k FROM marts.regional_victims "
        "WHERE region_type = 'provincie' AND periode = ? AND trafficking_form = ?",
        periodes,
    )
    return {(code,): _r(rate) for code, rate in rows if rate}


# The legend beside the map (issue 15): the legacy country map draws no legend of its own. It
# colours linearly from the lowest to the highest rate it shows, in its linear_color_scheme
# (superset/assets/charts/kaart_slachtoffers_per_100k.yaml: 'oranges'); the legend names those two ends.
MAP_LEGEND = "Kleuren van de kaart (per 100.000 inwoners)"
LIGHTEST = "Lichtste kleur (lichtoranje)"
DARKEST = "Donkerste kleur (donkerrood)"
# The ends of Superset's sequential scheme 'oranges', as Chromium reports a fill (#fef0d9, #b30000).
MAP_SCHEME = "oranges"
MAP_SCHEME_ENDS = {LIGHTEST: "rgb(254, 240, 217)", DARKEST: "rgb(179, 0, 0)"}


def map_legend_bounds(con, periodes) -> list[tuple]:
    """[(lowest, highest)] of the rates the map shows: the ends of its colour scale."""
    rates = map_rates(con, periodes).values()
    return [(min(rates), max(rates)) if rates else (None, None)]


def province_ranking(con, periodes) -> list[tuple]:
    rows = _cube(
        con,
        "SELECT region_name, victims_label, victims_per_100k, inhabitants, inhabitants_year "
        "FROM marts.regional_victims WHERE region_type = 'provincie' AND periode = ? "
        "AND trafficking_form = ? AND region_code LIKE 'NL-%'",  # a ranking of provinces: no 'Onbekend'
        periodes,
    )
    return [(name, label, _r(rate), inh, year) for name, label, rate, inh, year in _ranked(rows, by=2)]


def _labels_ranked_by_count(sql: str):
    """A table's compute: [(name, shown label)] of the cube rows (name, label, count) `sql` selects,
    ranked by count."""

    def labels(con, periodes) -> list[tuple]:
        return [(name, label) for name, label, _ in _ranked(_cube(con, sql, periodes), by=2)]

    return labels


victims_per_police_unit = _labels_ranked_by_count(
    "SELECT region_name, victims_label, victims FROM marts.regional_victims "
    "WHERE region_type = 'politie-eenheid' AND periode = ? AND trafficking_form = ?"
)
police_reports_per_unit = _labels_ranked_by_count(
    "SELECT police_unit, police_reports_label, police_reports FROM marts.regional_police_reports "
    "WHERE police_unit <> 'Nederland' AND periode = ? AND trafficking_form = ?"
)


def shelter_demand_and_places(con, periodes) -> list[tuple]:
    """Provinces with requests for shelter but no specialised place first, then by requests. Only a
    province (ISO code) can lack places: not 'Onbekend' (no municipality found) nor 'Landelijk'."""
    rows = _cube(
        con,
        "SELECT province_name, requests_label, places_label, "
        "has_requests AND places_max = 0 AND province_code LIKE 'NL-%', requests "
        "FROM marts.shelter_capacity WHERE periode = ? AND trafficking_form = ?",
        periodes,
    )
    rows.sort(key=lambda r: (not r[3], r[4] is None, -(r[4] or 0), r[0]))
    return [(name, req, places, "Ja" if without else "Nee") for name, req, places, without, _ in rows]


def unknown_province_share(con, periodes) -> Counts:
    """The share of headline victim-years without a municipality found (so on no province of the
    map), from the victims themselves (R3 gemeente_aantreffen)."""
    (p,) = periodes or [ALL_PERIODS]
    years = [] if p == ALL_PERIODS else [int(p)]
    unknown, total = con.execute(
        "SELECT count(*) FILTER (WHERE municipality_found IS NULL), count(*) FROM marts.victims "
        "WHERE is_sub3 = false" + _years(years)
    ).fetchone()
    return {("aandeel_provincie_onbekend",): round(unknown / total, RATE_DIGITS)} if unknown else {}


SANKEY_ORIGIN = {"Onbekend": "Herkomst onbekend"}
SANKEY_PROVINCE = {"Onbekend": "Provincie onbekend"}


def origin_to_province(con, periodes) -> Counts:
    """Flows origin region -> province found in, every other dimension at its total; not to an
    unknown province (half of the victims: their flows left no room for the provinces' labels)."""
    rows = _cube(
        con,
        "SELECT origin_region, province_name, victims FROM marts.trafficking_routes "
        "WHERE nationality = 'Alle nationaliteiten' AND police_unit_found = 'Nederland' "
        "AND origin_region <> 'Alle regio''s' AND province_code NOT IN ('NL', 'Onbekend') "
        "AND periode = ? AND trafficking_form = ?",
        periodes,
    )
    # Sankey nodes need distinct names: 'Onbekend' is an origin region and a province.
    return {
        (SANKEY_ORIGIN.get(origin, origin), SANKEY_PROVINCE.get(province, province)): n
        for origin, province, n in rows
        if n
    }


def origin_to_province_whole_window(con, years) -> Counts:
    """The copy on Verblijf en vervolging: always 2013-2017 (the year filter does not apply)."""
    return origin_to_province(con, None)


def dutch_count(n: int) -> str:
    """A count as the dashboards write it: thousands with a dot (1.234)."""
    return f"{n:,}".replace(",", ".")


def with_node_totals(flows: Counts, separator: str = " ") -> Counts:
    """The flows keyed by the Sankey's node names (issue 15): each node named with the total of
    its drawn flows, 'Oost-Europa (123)', added up here from the flows themselves; `separator`
    stands between name and total (a line break where the names are long)."""
    out_of, into = Counter(), Counter()
    for (origin, province), n in flows.items():
        out_of[origin] += n
        into[province] += n
    return {
        (
            f"{origin}{separator}({dutch_count(out_of[origin])})",
            f"{province}{separator}({dutch_count(into[province])})",
        ): n
        for (origin, province), n in flows.items()
    }


# A Sankey node's name without its total: 'Oost-Europa (1.234)' -> 'Oost-Europa' (the total may
# stand on a line of its own).
NODE_TOTAL = re.compile(r"\s\(\d[\d.]*\)$")


def node_name(shown: str) -> str:
    return NODE_TOTAL.sub("", shown)


def origin_to_province_nodes(con, periodes) -> Counts:
    return with_node_totals(origin_to_province(con, periodes))


def origin_to_province_nodes_whole_window(con, years) -> Counts:
    return with_node_totals(origin_to_province_whole_window(con, years))


def _hidden(con, sql: str, years, column: str) -> dict:
    """{key: label} of the suppressed cells a mart query selects (key columns, then the label)."""
    return {tuple(r[:-1]): r[-1] for r in con.execute(sql + _years(years, column=column)).fetchall()}


def _checked_hidden(con, sql: str, years, column: str, counts: dict) -> dict:
    """`_hidden`, each cell checked against its independent count (for a chart with no row for it)."""
    hidden = _hidden(con, sql, years, column)
    for key, label in hidden.items():
        check_hidden(key, label, counts.get(key, 0))
    return hidden


def _trend_hidden(figure: str, exclude: str, series: str | None = None):
    def hidden(con, years) -> dict:
        out = _hidden(
            con,
            "SELECT registration_year, category, aantal_label FROM marts.trend_figures "
            f"WHERE is_suppressed AND registration_year IS NOT NULL AND figure = '{figure}' "
            f"AND category <> '{exclude}'",
            years,
            "registration_year",
        )
        if series:  # one series (a metric label) for one category
            return {(year, series): label for (year, category), label in out.items() if category == exclude}
        return out

    return hidden


def _minors_hidden(con, years) -> dict:
    return _hidden(
        con,
        "SELECT registration_year, 'Minderjarige slachtoffers', aantal_label FROM marts.trend_figures "
        "WHERE is_suppressed AND registration_year IS NOT NULL AND figure = 'leeftijd' AND category = 'Minderjarig'",
        years,
        "registration_year",
    )


def _headline_total_hidden(con, years) -> dict:
    """The big number adds the yearly totals: none of them may be hidden (else it would be short)."""
    hidden = _hidden(
        con,
        "SELECT registration_year, aantal_label FROM marts.trend_figures WHERE is_suppressed "
        "AND figure = 'mensenhandelvorm' AND category = 'Alle vormen' AND registration_year IS NOT NULL",
        years,
        "registration_year",
    )
    assert hidden == {}, f"a yearly total is hidden: {hidden}"
    return {}


def _residence_hidden(where: str, series: str | None = None):
    def hidden(con, years) -> dict:
        out = _hidden(
            con,
            f"SELECT jaar, reeks, aantal_label FROM marts.residence_figures WHERE is_suppressed "
            f"AND jaar IS NOT NULL AND {where}",
            years,
            "jaar",
        )
        return {(year, series or reeks): label for (year, reeks), label in out.items()}

    return hidden


def _grant_rate_hidden(con, years) -> dict:
    return _hidden(
        con,
        "SELECT jaar, 'Inwilligingspercentage', 'rate' FROM marts.residence_figures "
        "WHERE residence_type = 'Voortgezet' AND outcome = 'Alle uitkomsten' AND grant_rate IS NULL "
        "AND jaar IS NOT NULL",
        years,
        "jaar",
    )


def _prosecution_hidden(where: str, series_column: str):
    def hidden(con, years) -> dict:
        return _hidden(
            con,
            f"SELECT jaar, {series_column}, verdachten_label FROM marts.prosecution_figures "
            f"WHERE is_suppressed AND jaar IS NOT NULL AND {where}",
            years,
            "jaar",
        )

    return hidden


def _suspects_hidden(con, years) -> dict:
    cases = _hidden(
        con,
        "SELECT jaar, 'Verdachten (verdachte × zaak)', verdachten_label FROM marts.prosecution_figures "
        "WHERE is_suppressed AND jaar IS NOT NULL AND afdoening = 'Alle afdoeningen' AND vonnis = 'Alle vonnissen'",
        years,
        "jaar",
    )
    persons = _hidden(
        con,
        "SELECT jaar, 'Unieke verdachten', unieke_verdachten_label FROM marts.prosecution_figures "
        "WHERE unieke_verdachten IS NULL AND jaar IS NOT NULL AND afdoening = 'Alle afdoeningen' "
        "AND vonnis = 'Alle vonnissen'",
        years,
        "jaar",
    )
    return {**cases, **persons}


def _folded_categories(con, sql: str, params: list) -> dict:
    """{part: folded category} of the folded categories (those holding FOLD_SEPARATOR) `sql` selects;
    its last parameter is the separator."""
    return fold_map(r[0] for r in con.execute(sql, [*params, FOLD_SEPARATOR]).fetchall())


def _trend_folds(figure: str):
    def folds(con) -> dict:
        return _folded_categories(
            con,
            "SELECT DISTINCT category FROM marts.trend_figures WHERE figure = ? AND contains(category, ?)",
            [figure],
        )

    return folds


def _residence_folds(con) -> dict:
    out: dict = {}
    for kind, outcome in con.execute(
        "SELECT DISTINCT residence_type, outcome FROM marts.residence_figures WHERE contains(outcome, ?)",
        [FOLD_SEPARATOR],
    ).fetchall():
        out.update(fold_map([outcome], prefix=f"{kind} – "))
    return out


def _prosecution_folds(column: str):
    def folds(con) -> dict:
        return _folded_categories(
            con, f"SELECT DISTINCT {column} FROM marts.prosecution_figures WHERE contains({column}, ?)", []
        )

    return folds


def check_hidden(key, label: str, n: int | float) -> None:
    """A cell a chart leaves out: "< 5" only for an independent count of 1-4, "x" (secondary) only
    for one of at least 5 (a cell hidden so that a total does not give a small one away)."""
    if label == "rate":
        return  # a rate, hidden with a part: test_disclosure.py checks the parts
    assert label in (f"< {THRESHOLD}", "x"), f"{key}: label {label!r}"
    if label == f"< {THRESHOLD}":
        assert 1 <= n < THRESHOLD, f"{key}: '< {THRESHOLD}' on an independent count of {n}"
    else:
        assert n >= THRESHOLD, f"{key}: 'x' on an independent count of {n}"


YEAR = ("registration_year",)
PERIODE = ("periode",)  # the x axis of the Trends time-series charts: the year as text
# The columns of the share-and-change tables of Trends slachtoffers (issue 15).
SHARE_COLUMNS = ("registration_year", "category", "aantal_label", "aandeel", "verandering")
DECISION_YEAR = ("jaar",)  # Verblijf en vervolging: the dashboard's year column
JAAR = ("jaar",)


def _year_as_text(per_year: Callable | None) -> Callable | None:
    """`per_year` with the year of each key as text ('2016'), as the x axis `periode` holds it."""
    if per_year is None:
        return None

    def keyed_by_periode(con, years) -> dict:
        return {(str(key[0]), *key[1:]): v for key, v in per_year(con, years).items()}

    return keyed_by_periode


def on_periode(exp: Expectation) -> Expectation:
    """A time-series chart of Trends slachtoffers (issue 17): its x axis is the text column
    `periode`, on which Superset's ECharts draws the trend-break annotations (a numeric category
    axis reads an event's year as a position), so its rows are keyed by the year as text."""
    return replace(exp, dims=PERIODE, compute=_year_as_text(exp.compute), hidden=_year_as_text(exp.hidden))


def _trend_chart(compute, figure: str, total: str) -> Expectation:
    """A time-series chart per registration year (as text, on_periode) and category of one figure
    of marts.trend_figures, whose hidden and folded categories are that figure's (its total row,
    `total`, is not a category)."""
    return on_periode(
        Expectation(YEAR, None, compute, hidden=_trend_hidden(figure, total), folds=_trend_folds(figure))
    )


def _share_table(compute) -> Expectation:
    """A share-and-change table of Trends slachtoffers (issue 15), compared row by row."""
    return Expectation(SHARE_COLUMNS, None, compute, table=True)


def _prosecution_chart(compute, where: str, series_column: str) -> Expectation:
    """A chart per registration year of marts.prosecution_figures whose series are the values of
    `series_column` (the rows `where` selects), hidden and folded as that column is."""
    return Expectation(
        JAAR,
        None,
        compute,
        hidden=_prosecution_hidden(where, series_column),
        folds=_prosecution_folds(series_column),
    )


# Chart title on the dashboard -> what it must show.
# The trend-break register (issue 17): listed on Trends slachtoffers, whatever years are chosen, and
# the source of the annotations on its time-series charts (test_trend_breaks.py).
TREND_BREAKS_CHART = "Trendbreuken"
TREND_BREAKS_SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "trend_breaks.csv"


def trend_break_entries() -> list[dict[str, str]]:
    """The register as the stewards keep it, in the chart's order: by first year (the year of
    from_date), then start, then key."""
    entries = list(csv.DictReader(TREND_BREAKS_SEED.open(encoding="utf-8")))
    return sorted(entries, key=lambda e: (int(e["from_date"][:4]), e["from_date"], e["break_id"]))


def trend_break_rows(con, years) -> list[tuple]:
    return [(e["from_date"], e["what"]) for e in trend_break_entries()]


TRENDS: dict[str, Expectation] = {
    "Slachtofferjaren (excl. sub-3)": Expectation((), None, headline_total, hidden=_headline_total_hidden),
    "Slachtoffers per jaar naar mensenhandelvorm (excl. sub-3)": _trend_chart(
        headline_by_form, "mensenhandelvorm", ALL_FORMS
    ),
    "Aandeel en verandering per jaar naar mensenhandelvorm (excl. sub-3)": _share_table(
        form_shares_and_changes
    ),
    "Aandeel en verandering per jaar naar geslacht (excl. sub-3)": _share_table(gender_shares_and_changes),
    "Aandeel minderjarigen en verandering per jaar (excl. sub-3)": _share_table(minor_shares_and_changes),
    "Aandeel en verandering van de top-5 nationaliteiten per jaar (excl. sub-3)": _share_table(
        nationality_shares_and_changes
    ),
    "Slachtoffers per jaar, met en zonder sub-3-personen": on_periode(
        Expectation(YEAR, None, with_and_without_sub3, hidden=_trend_hidden("sub3", "Alle"))
    ),
    "Meldingen per meldergroep per jaar": on_periode(
        Expectation(YEAR, None, reports_by_group, hidden=_trend_hidden("meldergroep", "Alle meldergroepen"))
    ),
    "Top-5 nationaliteiten per jaar (excl. sub-3)": Expectation(
        ("registration_year", "category"), "Slachtoffers", top5_nationalities
    ),
    "Minderjarige slachtoffers per jaar (excl. sub-3)": on_periode(
        Expectation(YEAR, None, minors, hidden=_minors_hidden)
    ),
    "Slachtoffers per jaar naar geslacht (excl. sub-3)": _trend_chart(headline_by_gender, "geslacht", "Alle"),
    TREND_BREAKS_CHART: Expectation(("from_date", "what"), None, trend_break_rows, table=True),
}

VERBLIJF_EN_VERVOLGING: dict[str, Expectation] = {
    "Bedenktijd verleend per jaar": Expectation(
        DECISION_YEAR, None, bedenktijd_per_year, hidden=_residence_hidden("residence_type = 'Bedenktijd'")
    ),
    "Verblijfsaanvragen per jaar naar soort en uitkomst": Expectation(
        DECISION_YEAR,
        None,
        applications_by_kind_and_outcome,
        hidden=_residence_hidden(
            "residence_type IN ('Tijdelijk', 'Voortgezet') AND outcome <> 'Alle uitkomsten'"
        ),
        folds=_residence_folds,
    ),
    "Inwilligingspercentage voortgezet verblijf per jaar": Expectation(
        DECISION_YEAR, None, vv_grant_rate, rate=True, hidden=_grant_rate_hidden
    ),
    "Verdachten per inschrijfjaar": Expectation(JAAR, None, suspects_per_year, hidden=_suspects_hidden),
    "Afdoening door het OM per inschrijfjaar": _prosecution_chart(
        dispositions_per_year, "vonnis = 'Alle vonnissen' AND afdoening <> 'Alle afdoeningen'", "afdoening"
    ),
    "Vonnissen per inschrijfjaar (gedagvaarde zaken)": _prosecution_chart(
        judgments_per_year, "afdoening = 'Dagvaarding' AND vonnis <> 'Alle vonnissen'", "vonnis"
    ),
    "Mensenhandelroutes: herkomstregio naar provincie": Expectation(
        ("herkomst_knoop", "provincie_knoop"), "Slachtoffers", origin_to_province_nodes_whole_window
    ),
}

REGIONAAL: dict[str, Expectation] = {
    "Slachtoffers per 100.000 inwoners per provincie": Expectation(
        ("country_id",), "metric", map_rates, rate=True, legacy=True
    ),
    "Provincies naar slachtoffers per 100.000 inwoners": Expectation(
        ("region_name", "victims_label", "victims_per_100k", "inhabitants", "inhabitants_year"),
        None,
        province_ranking,
        table=True,
    ),
    "Slachtoffers per politie-eenheid (gemeente van aantreffen)": Expectation(
        ("region_name", "victims_label"), None, victims_per_police_unit, table=True
    ),
    "Politiemeldingen per politie-eenheid": Expectation(
        ("police_unit", "police_reports_label"), None, police_reports_per_unit, table=True
    ),
    "Vraag naar opvang tegenover gespecialiseerde plekken per provincie": Expectation(
        ("province_name", "requests_label", "places_label", "vraag_zonder_plekken"),
        None,
        shelter_demand_and_places,
        table=True,
    ),
    "Herkomstregio van slachtoffers naar provincie van aantreffen": Expectation(
        ("herkomst_knoop", "provincie_knoop"), "Slachtoffers", origin_to_province_nodes
    ),
    "Slachtoffers zonder bekende provincie": Expectation((), None, unknown_province_share, rate=True),
    MAP_LEGEND: Expectation((LIGHTEST, DARKEST), None, map_legend_bounds, table=True),
}


@dataclass(frozen=True)
class Cell:
    """How to find the cube cell behind one row of a Regionaal chart, for the disclosure test.

    `sql` selects is_suppressed of exactly one cube row; its parameters are the row's values of
    `keys`, then periode and vorm. `counts` / `rates`: result columns holding a count or a rate
    (NULL when the cell is suppressed); `labels`: result columns holding the shown label of a count."""

    sql: str
    keys: tuple[str, ...]
    counts: tuple[str, ...] = ()
    rates: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    aliases: dict | None = None  # shown name -> cube value (the Sankey's renamed 'Onbekend')
    node_totals: bool = False  # the keys are Sankey node names, which carry their total

    def params(self, row: dict, periode: str, vorm: str) -> list:
        aliases = self.aliases or {}
        names = [node_name(row[k]) if self.node_totals else row[k] for k in self.keys]
        return [aliases.get(n, n) for n in names] + [periode, vorm]


_PERIOD_FORM = " AND periode = ? AND trafficking_form = ?"


def _regional_victims_cell(region_type: str, where: str, keys: tuple[str, ...], **columns) -> Cell:
    """The cell of marts.regional_victims of one region of `region_type` that `where` picks."""
    return Cell(
        "SELECT is_suppressed FROM marts.regional_victims "
        f"WHERE region_type = '{region_type}' AND {where}" + _PERIOD_FORM,
        keys,
        **columns,
    )


REGIONAAL_CELLS: dict[str, Cell] = {
    "Slachtoffers per 100.000 inwoners per provincie": _regional_victims_cell(
        "provincie", "region_code = ?", ("country_id",), rates=("metric",)
    ),
    "Provincies naar slachtoffers per 100.000 inwoners": _regional_victims_cell(
        "provincie",
        "region_name = ?",
        ("region_name",),
        rates=("victims_per_100k",),
        labels=("victims_label",),
    ),
    "Slachtoffers per politie-eenheid (gemeente van aantreffen)": _regional_victims_cell(
        "politie-eenheid", "region_name = ?", ("region_name",), labels=("victims_label",)
    ),
    "Politiemeldingen per politie-eenheid": Cell(
        "SELECT is_suppressed FROM marts.regional_police_reports WHERE police_unit = ?" + _PERIOD_FORM,
        ("police_unit",),
        labels=("police_reports_label",),
    ),
    "Vraag naar opvang tegenover gespecialiseerde plekken per provincie": Cell(
        "SELECT is_suppressed FROM marts.shelter_capacity WHERE province_name = ?" + _PERIOD_FORM,
        ("province_name",),
        labels=("requests_label",),
    ),
    "Herkomstregio van slachtoffers naar provincie van aantreffen": Cell(
        "SELECT is_suppressed FROM marts.trafficking_routes WHERE origin_region = ? "
        "AND province_name = ? AND province_code <> 'NL' AND nationality = 'Alle nationaliteiten' "
        "AND police_unit_found = 'Nederland'" + _PERIOD_FORM,
        ("herkomst_knoop", "provincie_knoop"),
        counts=("Slachtoffers",),
        aliases={shown: name for m in (SANKEY_ORIGIN, SANKEY_PROVINCE) for name, shown in m.items()},
        node_totals=True,
    ),
    "Slachtoffers zonder bekende provincie": _regional_victims_cell(
        "provincie", "region_code = 'Onbekend'", (), rates=("aandeel_provincie_onbekend",)
    ),
    # The legend's two bounds belong to no one cube row: "suppressed" here means that a bound is not
    # the rate of a province the cube shows.
    MAP_LEGEND: Cell(
        "SELECT bool_or(victims_per_100k = ?) IS NOT TRUE OR bool_or(victims_per_100k = ?) IS NOT TRUE "
        "FROM marts.regional_victims WHERE region_type = 'provincie' AND NOT is_suppressed" + _PERIOD_FORM,
        (LIGHTEST, DARKEST),
        rates=(LIGHTEST, DARKEST),
    ),
}


# The route Sankeys' flow tables and the residence-route Sankey (issue 15): figures_route_flows.py.
from figures_route_flows import (  # noqa: E402 - it builds on the helpers above
    REGIONAAL_FLOW_CELLS,
    REGIONAAL_FLOW_TABLES,
    VERBLIJF_ROUTES,
    VERBLIJF_WHOLE_WINDOW,
)

REGIONAAL.update(REGIONAAL_FLOW_TABLES)
REGIONAAL_CELLS.update(REGIONAAL_FLOW_CELLS)
VERBLIJF_EN_VERVOLGING.update(VERBLIJF_ROUTES)


# --- "Stand van de gegevens" (issue 15), at the top of every analyst dashboard: per source the newest
# delivery in the inbox the build read (its date is in the file name, contracts/README.md §1), in
# the order CoMensha, IND, OM. The build time is checked in test_analyst_dashboards.py.
STATUS_CHART = "Stand van de gegevens"
SOURCE_LABELS = {"comensha": "CoMensha", "ind": "IND", "om": "OM"}


def newest_deliveries(inbox, as_of=None) -> list[tuple]:
    """[(source label, delivery date as the line shows it, dd-mm-jjjj)] from the file names, of the
    deliveries dated on or before `as_of` when the build counted as of that date."""
    import datetime as dt
    import re as _re

    out = []
    for source, label in SOURCE_LABELS.items():
        dates = [
            dt.date(int(m[1][:4]), int(m[1][4:6]), int(m[1][6:]))
            for f in (inbox / source).iterdir()
            if (m := _re.search(r"_(\d{8})\.(csv|xlsx)$", f.name))
        ]
        dates = [d for d in dates if as_of is None or d <= as_of]
        newest = max(dates) if dates else None
        out.append((label, None if newest is None else newest.strftime("%d-%m-%Y")))
    return out


def _status_rows(con, years) -> list[tuple]:
    from orchestration.settings import DEFAULT_INBOX_DIR  # the inbox built_warehouse reads
    from tests.sample import calibrated_edition_date  # the date built_warehouse counts as of

    return newest_deliveries(DEFAULT_INBOX_DIR, calibrated_edition_date())


STATUS = {STATUS_CHART: Expectation(("source_label", "nieuwste_levering"), None, _status_rows, table=True)}

# The page of definitions (victim-year, sub-3, groups, melder groups, suppression) that every analyst
# dashboard links to (issue 15): a dashboard of one Markdown panel, readable by every analyst role.
DEFINITIONS_TITLE = "Definities"
DEFINITIONS_SLUG = "definities"


@dataclass(frozen=True)
class DashboardSpec:
    title: str
    slug: str
    charts: dict[str, Expectation]  # chart title -> what it must show
    year_filter: str  # the native filter's name
    year_filter_id: str
    year_column: str  # the column it filters on every chart
    filter_year_sql: str  # the year the browser test picks (present in every chart)
    # Charts the year filter deliberately leaves out (their dataset lacks the column).
    outside_year_filter: tuple[str, ...] = ()
    # Further native filters: (name, id, column, default value or None: none); Regionaal's Vorm,
    # Verborgen slachtoffers' Soort populatie and Populatie.
    other_filters: tuple[tuple[str, str, str, str | None], ...] = ()
    year_filter_default: str | None = None  # a required single-value filter's default

    @property
    def screenshot(self) -> str:
        return self.slug.replace("-", "_")


def analyst_dashboard(
    charts: dict[str, Expectation], outside_year_filter: tuple[str, ...] = (), **spec
) -> DashboardSpec:
    """An analyst dashboard: its own charts, and at the top STATUS_CHART (issue 15), which shows the
    newest deliveries whatever year is chosen, so the year filter leaves it out."""
    return DashboardSpec(
        charts={**charts, **STATUS}, outside_year_filter=(*outside_year_filter, STATUS_CHART), **spec
    )


DASHBOARDS: list[DashboardSpec] = [
    analyst_dashboard(
        title="Trends slachtoffers",
        slug="trends-slachtoffers",
        charts=TRENDS,
        year_filter="Registratiejaar",
        year_filter_id="NATIVE_FILTER-registratiejaar",
        year_column="registration_year",
        filter_year_sql="SELECT max(registration_year) FROM marts.victims",
        outside_year_filter=(TREND_BREAKS_CHART,),
    ),
    analyst_dashboard(
        title="Verblijf en vervolging",
        slug="verblijf-en-vervolging",
        charts=VERBLIJF_EN_VERVOLGING,
        year_filter="Jaar",
        year_filter_id="NATIVE_FILTER-jaar",
        year_column="jaar",
        # The last year of the IND window that also has OM registrations.
        filter_year_sql=(
            "SELECT max(group_year) FROM marts.residence_routes WHERE is_in_population "
            "AND group_year IN (SELECT registration_year FROM marts.prosecution_cases)"
        ),
        outside_year_filter=("Mensenhandelroutes: herkomstregio naar provincie", *VERBLIJF_WHOLE_WINDOW),
    ),
    analyst_dashboard(
        title="Regionaal",
        slug="regionaal",
        charts=REGIONAAL,
        year_filter="Periode",
        year_filter_id="NATIVE_FILTER-periode",
        year_column="periode",
        # The last single year of the cubes.
        filter_year_sql=(
            "SELECT max(periode) FROM marts.regional_victims WHERE registration_year IS NOT NULL"
        ),
        other_filters=(("Vorm", "NATIVE_FILTER-vorm", "trafficking_form", ALL_FORMS),),
        year_filter_default=ALL_PERIODS,
    ),
]
from figures_slachtoffermonitor import SLACHTOFFERMONITOR_SPEC  # noqa: E402
from figures_verborgen_slachtoffers import VERBORGEN_SLACHTOFFERS_SPEC  # noqa: E402

DASHBOARDS += [SLACHTOFFERMONITOR_SPEC, VERBORGEN_SLACHTOFFERS_SPEC]
DASHBOARD_BY_TITLE = {d.title: d for d in DASHBOARDS}
# Every chart of every dashboard: (dashboard title, chart title).
ALL_CHARTS = [(d.title, chart) for d in DASHBOARDS for chart in sorted(d.charts)]
# Backwards-compatible name: the charts of Trends slachtoffers.
EXPECTATIONS = TRENDS


def _count(v) -> int | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    assert float(v) == int(v), f"not a count: {v!r}"
    return int(v)


def _rate(v) -> float | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return round(float(v), RATE_DIGITS)


def _cell(v):
    if isinstance(v, float):
        return None if math.isnan(v) else round(v, RATE_DIGITS)
    return v


def normalise(exp: Expectation, data: list[dict]) -> Counts | list[tuple]:
    """A chart-data result (list of records) as {key: count or rate}; a table as its rows."""
    if exp.table:
        return [tuple(_cell(row[d]) for d in exp.dims) for row in data]
    out: Counts = {}
    for row in data:
        key = tuple(row[d] for d in exp.dims)
        cells = (
            [((), row[exp.value])] if exp.value else [((k,), v) for k, v in row.items() if k not in exp.dims]
        )
        for suffix, v in cells:
            n = _rate(v) if exp.rate else _count(v)
            if n:
                assert key + suffix not in out, f"duplicate cell {key + suffix}"
                out[key + suffix] = n
    return out


def expected_shown(exp: Expectation, con, years) -> Counts | list[tuple]:
    """What the chart must show: the independent counts without the cells the mart hides, each of
    which is checked against its independent count (check_hidden)."""
    expected = exp.compute(con, years)
    if exp.folds is not None:
        expected = fold_keys(expected, {-1: exp.folds(con)})  # the category: the key's last part
    if exp.hidden is None:
        return expected
    hidden = exp.hidden(con, years)
    for key, label in hidden.items():
        check_hidden(key, label, expected.get(key, 0))
    return {k: v for k, v in expected.items() if k not in hidden}
