"""Disclosure control (issue 4): what the dashboards can read from serving.duckdb never gives a
small count away.

Each disclosure-controlled mart is a cube: every dimension has a total value, and the cells that
differ only in one dimension add up to its total cell. A reader who sees the shown cells can set up
those equations and solve them. The tests play that reader with nothing but the published rows:

* no count from 1 to 4 is shown, and every hidden cell says why ("< 5" or "x");
* no equation has exactly one hidden cell (it would be total minus the shown cells);
* no shown total pins a hidden cell, even for a reader who knows the method ("< 5" = 1..4, "x" =
  at least 5) and so bounds the other hidden cells of the equation.

Not claimed (macros/disclosure.sql, README "Disclosure control"): a hidden small total split into
as many rows as its value, and a reader who solves many equations of a sparse cube at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from orchestration.quality.references import FOLD_SEPARATOR
from tests.integration.disclosure_rule import THRESHOLD

WINDOW = "2013-2017"


@dataclass(frozen=True)
class Cube:
    table: str
    totals: dict[str, str]  # dimension column -> its total value
    measure: str
    label: str
    where: str = ""  # the rows of `table` that hold this cube (a mart can hold several)
    name: str = ""  # test id; default: the table

    @property
    def dims(self) -> list[str]:
        return list(self.totals)

    @property
    def id(self) -> str:
        return self.name or self.table


CUBES = [
    Cube(
        "trafficking_routes",
        {
            "periode": WINDOW,
            "trafficking_form": "Alle vormen",
            "origin_region": "Alle regio's",
            "nationality": "Alle nationaliteiten",
            "province_code": "NL",
            "police_unit_found": "Nederland",
        },
        "victims",
        "victims_label",
    ),
    Cube(
        "shelter",
        {
            "periode": WINDOW,
            "trafficking_form": "Alle vormen",
            "province_code": "NL",
            "first_shelter": "Alle",
        },
        "requests",
        "requests_label",
    ),
    Cube(
        "regional_police_reports",
        {
            "periode": WINDOW,
            "trafficking_form": "Alle vormen",
            "police_unit": "Nederland",
        },
        "police_reports",
        "police_reports_label",
    ),
    # issue 6: the cubes behind every other analyst chart (Trends slachtoffers, Verblijf en vervolging)
    *(
        Cube(
            "trend_figures",
            {"periode": WINDOW, "category": total},
            "aantal",
            "aantal_label",
            where=f"figure = '{figure}'",
            name=f"trend_figures/{figure}",
        )
        for figure, total in (
            ("mensenhandelvorm", "Alle vormen"),
            ("geslacht", "Alle"),
            ("leeftijd", "Alle"),
            ("sub3", "Alle"),
            ("nationaliteit", "Alle nationaliteiten"),
            ("meldergroep", "Alle meldergroepen"),
        )
    ),
    Cube(
        "residence_figures",
        {"periode": WINDOW},
        "aantal",
        "aantal_label",
        where="residence_type = 'Bedenktijd'",
        name="residence_figures/bedenktijd",
    ),
    *(
        Cube(
            "residence_figures",
            {"periode": WINDOW, "outcome": "Alle uitkomsten"},
            "aantal",
            "aantal_label",
            where=f"residence_type = '{kind}'",
            name=f"residence_figures/{kind}",
        )
        for kind in ("Tijdelijk", "Voortgezet")
    ),
    Cube(
        "residence_route_figures",
        {"periode": WINDOW, "startpunt": "Alle startpunten", "uitkomst": "Alle routes"},
        "personen",
        "personen_label",
    ),
    Cube(
        "prosecution_figures",
        {"periode": WINDOW, "afdoening": "Alle afdoeningen", "vonnis": "Alle vonnissen"},
        "verdachten",
        "verdachten_label",
    ),
]
CUBE_IDS = [c.id for c in CUBES]


def published(db, cube: Cube) -> list[dict]:
    cols = [*cube.dims, cube.measure, cube.label]
    where = f" WHERE {cube.where}" if cube.where else ""
    rows = db.execute(f"SELECT {', '.join(cols)} FROM marts.{cube.table}{where}").fetchall()
    return [dict(zip(cols, r, strict=True)) for r in rows]


def equations(cube: Cube, rows: list[dict]) -> list[tuple[int, list[int]]]:
    """(index of the total cell, indexes of its parts) for every dimension and every combination
    of the other dimensions, read from the published rows only."""
    index = {tuple(r[d] for d in cube.dims): i for i, r in enumerate(rows)}
    result = []
    for pos, dim in enumerate(cube.dims):
        groups: dict[tuple, list[int]] = {}
        for key, i in index.items():
            if key[pos] != cube.totals[dim]:
                groups.setdefault(key[:pos] + key[pos + 1 :], []).append(i)
        for others, parts in groups.items():
            total_key = others[:pos] + (cube.totals[dim],) + others[pos:]
            assert total_key in index, f"{cube.table}: parts without their total {total_key}"
            result.append((index[total_key], parts))
    return result


@pytest.fixture(scope="module")
def cubes(serving_db):
    return {c.id: published(serving_db, c) for c in CUBES}


@pytest.mark.parametrize("cube", CUBES, ids=CUBE_IDS)
def test_no_small_count_is_shown(cubes, cube):
    shown_small = [
        r for r in cubes[cube.id] if r[cube.measure] is not None and 0 < r[cube.measure] < THRESHOLD
    ]
    assert shown_small == []


@pytest.mark.parametrize("cube", CUBES, ids=CUBE_IDS)
def test_every_hidden_cell_says_why(cubes, cube):
    rows = cubes[cube.id]
    hidden = [r for r in rows if r[cube.measure] is None]
    if cube.id in NOTHING_SMALL:
        assert hidden == [], f"{cube.id}: hides cells although no count is small"
    else:
        assert hidden, f"{cube.id}: the default sample has small cells, so something must be hidden"
    assert {r[cube.label] for r in hidden} <= {f"< {THRESHOLD}", "x"}
    assert all(r[cube.label] == str(r[cube.measure]) for r in rows if r[cube.measure] is not None)


@pytest.mark.parametrize("cube", CUBES, ids=CUBE_IDS)
def test_no_equation_has_a_single_hidden_cell(cubes, cube):
    rows = cubes[cube.id]
    single = []
    for total, parts in equations(cube, rows):
        hidden = [i for i in (total, *parts) if rows[i][cube.measure] is None]
        if len(hidden) == 1:
            single.append(rows[hidden[0]])
    assert single == []


INF = float("inf")

# Cubes of the default sample without a count of 1-4 (so nothing to hide), or whose small categories
# are folded with a neighbour (issue 13: 'Man + Onbekend', 'afgewezen + overig', the small OM
# dispositions and judgments together), so that nothing is hidden: the other cubes must hide.
FOLDED = {"trend_figures/geslacht", "residence_figures/Tijdelijk", "prosecution_figures"}
NOTHING_SMALL = {
    "trend_figures/mensenhandelvorm",
    "trend_figures/leeftijd",
    "trend_figures/sub3",
    "trend_figures/meldergroep",
    "residence_figures/bedenktijd",
    "residence_figures/Voortgezet",
    *FOLDED,
}


def test_protecting_unknown_gender_hides_no_men(serving_db, built_warehouse):
    """Issue 13: 3 or 4 victims of unknown gender a year used to hide about 250 men a year (the
    smallest other cell of the year). Now 'Onbekend' is folded with the smaller gender for every
    year, and the chart shows that sum, named after its parts, in every year."""
    import duckdb

    shown = serving_db.execute(
        "SELECT registration_year, category, aantal FROM marts.trend_figures "
        "WHERE figure = 'geslacht' AND registration_year IS NOT NULL AND category <> 'Alle'"
    ).fetchall()
    raw = duckdb.connect(str(built_warehouse.warehouse_path), read_only=True)
    try:
        counts = dict(
            ((y, g), n)
            for y, g, n in raw.execute(
                "SELECT registration_year, coalesce(gender, 'Onbekend'), count(*) FROM marts.victims "
                "WHERE NOT is_sub3 GROUP BY ALL"
            ).fetchall()
        )
    finally:
        raw.close()
    years = sorted({y for y, _ in counts})
    men = {y: n for y, c, n in shown if "Man" in c.split(FOLD_SEPARATOR)}
    assert sorted(men) == years and all(n is not None for n in men.values()), shown
    for year, category, n in shown:
        parts = category.split(FOLD_SEPARATOR)
        assert n == sum(counts.get((year, part), 0) for part in parts), (year, category, n)


def cell_bounds(cube: Cube, row: dict) -> tuple[float, float]:
    """What a reader who knows the method knows of a cell: shown = its number; "< 5" = 1..4;
    "x" = hidden only to protect another cell, so at least 5 (every smaller cell is hidden anyway)."""
    if row[cube.measure] is not None:
        return row[cube.measure], row[cube.measure]
    if row[cube.label] == f"< {THRESHOLD}":
        return 1, THRESHOLD - 1
    return THRESHOLD, INF


def pinned_cells(cube: Cube, rows: list[dict]) -> dict[tuple, tuple[float, float]]:
    """Hidden parts that a shown total pins to one value: total minus the shown parts gives the
    hidden parts' sum; each lies between that sum minus the most and minus the least the other
    hidden parts can hold (interval arithmetic on the one equation)."""
    pinned = {}
    for total, parts in equations(cube, rows):
        if rows[total][cube.measure] is None:
            continue  # a hidden total: covered by test_no_equation_has_a_single_hidden_cell
        hidden = [p for p in parts if rows[p][cube.measure] is None]
        rest = rows[total][cube.measure] - sum(rows[p][cube.measure] for p in parts if p not in hidden)
        for i in hidden:
            others = [cell_bounds(cube, rows[j]) for j in hidden if j != i]
            lo_i, hi_i = cell_bounds(cube, rows[i])
            low = max(lo_i, rest - sum(hi for _, hi in others))
            high = min(hi_i, rest - sum(lo for lo, _ in others))
            if high - low < 1:
                pinned[tuple(rows[i][d] for d in cube.dims)] = (low, high)
    return pinned


@pytest.mark.parametrize("cube", CUBES, ids=CUBE_IDS)
def test_no_total_pins_a_hidden_cell(cubes, cube):
    """For every shown total of the cube, total minus the shown cells, with what the labels say
    about the other hidden cells, leaves every hidden cell at least two possible values."""
    assert pinned_cells(cube, cubes[cube.id]) == {}


def test_regional_marts_are_cut_from_the_route_cube(serving_db):
    """A province or police-unit cell is the same cell in regional_victims and trafficking_routes,
    hidden in both or shown with the same number in both: two marts never disagree in a way that
    gives a hidden cell away."""
    mismatches = serving_db.execute("""
        SELECT r.region_type, r.region_code, r.periode, r.trafficking_form, r.victims, t.victims
        FROM marts.regional_victims AS r
        JOIN marts.trafficking_routes AS t
          ON t.periode = r.periode AND t.trafficking_form = r.trafficking_form
         AND t.origin_region = 'Alle regio''s' AND t.nationality = 'Alle nationaliteiten'
         AND ((r.region_type IN ('provincie', 'land') AND t.province_code = r.region_code AND t.police_unit_found = 'Nederland')
           OR (r.region_type = 'politie-eenheid' AND t.province_code = 'NL' AND t.police_unit_found = r.region_code))
        WHERE r.victims IS DISTINCT FROM t.victims OR r.is_suppressed <> t.is_suppressed
    """).fetchall()
    unmatched = serving_db.execute("""
        SELECT count(*) FROM marts.regional_victims AS r
        WHERE NOT EXISTS (
            SELECT 1 FROM marts.trafficking_routes AS t
            WHERE t.periode = r.periode AND t.trafficking_form = r.trafficking_form
              AND t.origin_region = 'Alle regio''s' AND t.nationality = 'Alle nationaliteiten'
              AND ((r.region_type IN ('provincie', 'land') AND t.province_code = r.region_code AND t.police_unit_found = 'Nederland')
                OR (r.region_type = 'politie-eenheid' AND t.province_code = 'NL' AND t.police_unit_found = r.region_code)))
    """).fetchone()[0]
    assert mismatches == [] and unmatched == 0


def test_shelter_capacity_shows_the_shelter_cells(serving_db):
    """The demand column of shelter_capacity is the shelter mart's cell, hidden where it is."""
    mismatches = serving_db.execute("""
        SELECT c.periode, c.trafficking_form, c.province_code
        FROM marts.shelter_capacity AS c
        LEFT JOIN marts.shelter AS s
          ON s.periode = c.periode AND s.trafficking_form = c.trafficking_form
         AND s.province_code = c.province_code AND s.first_shelter = 'Alle'
        WHERE c.requests IS DISTINCT FROM s.requests
           OR c.has_requests <> (s.periode IS NOT NULL)
           OR (c.has_requests AND c.requests_label <> s.requests_label)
    """).fetchall()
    assert mismatches == []


def test_a_small_count_is_hidden_under_a_different_threshold(built_warehouse, tmp_path):
    """The threshold is the dbt variable `disclosure_threshold`, not a constant in the SQL."""
    import shutil

    import duckdb

    from tests.dbt_cli import run_dbt

    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(built_warehouse.warehouse_path, warehouse)
    rerun = run_dbt(
        [
            "run",
            "--select",
            "int_regional__police_report_cube",
            "regional_police_reports",
            "--vars",
            "{disclosure_threshold: 11}",
            "--quiet",
        ],
        warehouse,
        tmp_path / "target",
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    con = duckdb.connect(str(warehouse), read_only=True)
    shown = con.execute("SELECT min(police_reports) FROM marts.regional_police_reports").fetchone()[0]
    labels = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT police_reports_label FROM marts.regional_police_reports WHERE is_suppressed"
        ).fetchall()
    }
    con.close()
    assert shown >= 11 and "< 11" in labels


# --- issue 6: what the analysts' marts show besides cube cells, recounted from the record-level marts


def test_grant_rate_never_gives_a_hidden_count_away(serving_db):
    """The VV grant rate (Figure 4.7) is shown only where its numerator and the other part of its
    denominator are shown cells, and equals the recount; a shown total times the rate would
    otherwise give a hidden ingewilligd or afgewezen back."""
    rows = serving_db.execute("""
        SELECT r.periode, r.grant_rate,
               bool_or(c.is_suppressed) FILTER (WHERE c.outcome IN ('ingewilligd', 'afgewezen')) AS part_hidden
        FROM marts.residence_figures AS r
        LEFT JOIN marts.residence_figures AS c ON c.periode = r.periode AND c.residence_type = 'Voortgezet'
        WHERE r.residence_type = 'Voortgezet' AND r.outcome = 'Alle uitkomsten'
        GROUP BY ALL
    """).fetchall()
    recount = dict(
        serving_db.execute(
            """
        SELECT coalesce(CAST(decision_year AS VARCHAR), ?),
               count(*) FILTER (WHERE application_outcome = 'Ingewilligd')
               / count(*) FILTER (WHERE application_outcome IN ('Ingewilligd', 'Afgewezen'))
        FROM marts.residence_decisions
        WHERE residence_type = 'voortgezet' AND is_last_decision AND is_application_handled_in_span
        GROUP BY ROLLUP (decision_year)
    """,
            [WINDOW],
        ).fetchall()
    )
    assert rows and any(rate is not None for _, rate, _ in rows)
    for periode, rate, part_hidden in rows:
        if rate is None:
            continue
        assert not part_hidden, f"{periode}: a rate next to a hidden part"
        assert rate == pytest.approx(recount[periode], abs=1e-6)


def test_unique_suspects_below_the_threshold_are_hidden(serving_db):
    rows = serving_db.execute("""
        SELECT periode, unieke_verdachten, unieke_verdachten_label FROM marts.prosecution_figures
        WHERE afdoening = 'Alle afdoeningen' AND vonnis = 'Alle vonnissen'
    """).fetchall()
    recount = dict(
        serving_db.execute(
            """
        SELECT coalesce(CAST(registration_year AS VARCHAR), ?), count(DISTINCT suspect_key)
        FROM marts.prosecution_cases GROUP BY ROLLUP (registration_year)
    """,
            [WINDOW],
        ).fetchall()
    )
    assert rows
    for periode, shown, label in rows:
        n = recount[periode]
        if n < THRESHOLD:
            assert shown is None and label == f"< {THRESHOLD}", periode
        else:
            assert shown == n and label == str(n), periode


def test_published_figures_show_a_small_count_only_where_it_is_the_published_one(serving_db):
    """Slachtoffermonitor: a warehouse count of 1-4 is shown only where it equals the published
    figure (public already); any other is hidden, with its difference."""
    rows = serving_db.execute("""
        SELECT d.figure_id, d.warehouse_value, d.difference, d.afscherming, c.warehouse_value, c.published_value, c.unit
        FROM marts.published_figures_dashboard AS d
        JOIN marts.published_figures_comparison AS c USING (figure_id)
    """).fetchall()
    assert (
        len(rows)
        == serving_db.execute("SELECT count(*) FROM marts.published_figures_comparison").fetchone()[0]
    )
    for fid, shown, diff, label, raw, published_value, unit in rows:
        small = unit == "count" and raw is not None and 1 <= raw < THRESHOLD
        if small and raw != published_value:
            assert shown is None and diff is None and label == f"< {THRESHOLD}", fid
        else:
            assert shown == raw and label == "", fid
        if shown is not None and unit == "count":
            assert not 1 <= shown < THRESHOLD or shown == published_value, fid
