"""The route Sankeys' counts (issue 15): what each flow table beside a Sankey must list, and the node
totals of the residence-route Sankey, computed independently with DuckDB.

Superset's Sankey shows a link's count only on hover, so each Sankey has a table beside it that
lists its flows (van, naar, aantal): every flow the Sankey draws with its count, and every flow the
mart protects with its marker ("< 5", "x"), which the Sankey leaves out. The origin-to-province
flows come from the regional cube (as the Sankeys' own expectations in superset_figures.py); the
residence routes are counted from marts.residence_routes (V5) over the whole window, their
protected cells read from the mart and each checked against its independent count (check_hidden).

The residence-route Sankey and its table show the whole window 2013-2017, outside the dashboard's
year filter: its node totals are made in the mart (residence_route_figures.sql).
"""

from __future__ import annotations

from superset_figures import (
    SANKEY_ORIGIN,
    SANKEY_PROVINCE,
    Cell,
    Counts,
    Expectation,
    _checked_hidden,
    _cube,
    origin_to_province,
    residence_routes_by_year,
    with_node_totals,
)

# The flows of an origin-to-province Sankey: every other dimension at its total, known provinces.
_ROUTE_FLOWS = (
    "FROM marts.trafficking_routes WHERE nationality = 'Alle nationaliteiten' "
    "AND police_unit_found = 'Nederland' AND origin_region <> 'Alle regio''s' "
    "AND province_code NOT IN ('NL', 'Onbekend')"
)


def _ordered(shown: Counts, protected: dict) -> list[tuple]:
    """The table's rows in its order: by the first node, then the shown flows largest first and the
    protected ones after them, then by the second node."""
    rows = [(a, b, n, str(n)) for (a, b), n in shown.items()] + [
        (a, b, None, label) for (a, b), label in protected.items()
    ]
    rows.sort(key=lambda r: (r[0], r[2] is None, -(r[2] or 0), r[1]))
    return [(a, b, label) for a, b, _, label in rows]


def origin_to_province_flows(con, periodes) -> list[tuple]:
    """(herkomstregio, provincie, label) of every flow an origin-to-province Sankey draws or leaves
    out as protected, for Regionaal's periode (None = 2013-2017) and every form."""
    protected = {
        (SANKEY_ORIGIN.get(o, o), SANKEY_PROVINCE.get(p, p)): label
        for o, p, label in _cube(
            con,
            "SELECT origin_region, province_name, victims_label "
            + _ROUTE_FLOWS
            + " AND is_suppressed AND periode = ? AND trafficking_form = ?",
            periodes,
        )
    }
    return _ordered(origin_to_province(con, periodes), protected)


def origin_to_province_flows_whole_window(con, years) -> list[tuple]:
    """The table on Verblijf en vervolging: always 2013-2017 (the year filter does not apply)."""
    return origin_to_province_flows(con, None)


def _residence_window(con) -> tuple[Counts, dict]:
    """The routes over the whole window, counted from marts.residence_routes: the flows the mart
    shows and {flow: label} of those it protects (each label checked against its count)."""
    counts: Counts = {}
    for (start, group, _year), n in residence_routes_by_year(con, None).items():
        counts[(start, group)] = counts.get((start, group), 0) + n
    protected = _checked_hidden(
        con,
        "SELECT startpunt, uitkomst, personen_label FROM marts.residence_route_figures "
        "WHERE is_suppressed AND jaar IS NULL AND startpunt <> 'Alle startpunten' "
        "AND uitkomst <> 'Alle routes'",
        None,
        "jaar",
        counts,
    )
    return {k: n for k, n in counts.items() if k not in protected}, protected


def residence_route_flows(con, years) -> list[tuple]:
    """(startpunt, routegroep, label) of every route, in the table's order (by start, then group)."""
    shown, protected = _residence_window(con)
    rows = [(a, b, str(n)) for (a, b), n in shown.items()] + [
        (a, b, lab) for (a, b), lab in protected.items()
    ]
    return sorted(rows)


def residence_route_nodes(con, years) -> Counts:
    """The residence-route Sankey's flows keyed by its node names with their totals, each total on a
    line of its own: the route groups' long names leave no room for it on theirs."""
    shown, _ = _residence_window(con)
    return with_node_totals(shown, separator="\n")


ORIGIN_FLOW_COLUMNS = ("herkomstregio", "provincie_aantreffen", "victims_label")
RESIDENCE_FLOW_COLUMNS = ("startpunt", "uitkomst", "personen_label")

REGIONAAL_FLOWS = "Stromen van herkomstregio naar provincie (aantallen)"
VV_ORIGIN_FLOWS = "Mensenhandelroutes: stromen met aantallen"
VV_RESIDENCE_FLOWS = "Routes door de verblijfsregeling: stromen met aantallen"
RESIDENCE_SANKEY = "Routes door de verblijfsregeling (Figuur 4.2)"

REGIONAAL_FLOW_TABLES: dict[str, Expectation] = {
    REGIONAAL_FLOWS: Expectation(ORIGIN_FLOW_COLUMNS, None, origin_to_province_flows, table=True),
}
VERBLIJF_ROUTES: dict[str, Expectation] = {
    RESIDENCE_SANKEY: Expectation(("startpunt_knoop", "uitkomst_knoop"), "Personen", residence_route_nodes),
    VV_RESIDENCE_FLOWS: Expectation(RESIDENCE_FLOW_COLUMNS, None, residence_route_flows, table=True),
    VV_ORIGIN_FLOWS: Expectation(
        ORIGIN_FLOW_COLUMNS, None, origin_to_province_flows_whole_window, table=True
    ),
}
# The charts of Verblijf en vervolging that show 2013-2017 whatever the year filter says.
VERBLIJF_WHOLE_WINDOW = (RESIDENCE_SANKEY, VV_RESIDENCE_FLOWS, VV_ORIGIN_FLOWS)

# For the disclosure test of Regionaal: the cube cell behind each row of the flow table.
REGIONAAL_FLOW_CELLS: dict[str, Cell] = {
    REGIONAAL_FLOWS: Cell(
        "SELECT is_suppressed FROM marts.trafficking_routes WHERE herkomstregio = ? "
        "AND provincie_aantreffen = ? AND province_code <> 'NL' AND nationality = 'Alle nationaliteiten' "
        "AND police_unit_found = 'Nederland' AND periode = ? AND trafficking_form = ?",
        ("herkomstregio", "provincie_aantreffen"),
        labels=("victims_label",),
    ),
}

# Each Sankey and the table of its flows beside it: (dashboard, Sankey, table, the table's columns).
SANKEY_TABLES = (
    ("Regionaal", "Herkomstregio van slachtoffers naar provincie van aantreffen", REGIONAAL_FLOWS),
    ("Verblijf en vervolging", "Mensenhandelroutes: herkomstregio naar provincie", VV_ORIGIN_FLOWS),
    ("Verblijf en vervolging", RESIDENCE_SANKEY, VV_RESIDENCE_FLOWS),
)
