"""The synthetic CoMensha extract through 2025 (`generate_registration(..., through=2025)`, issue 17).

The files go through the real ingestion (contract checks, pseudonymisation) into DuckDB; the test
then counts per registration year as of each edition's data date with its own reading of the
contract (README §3 versions, R1 withdrawal, R2 victim-years, R4/R7 sub-3), never with the
generator's or the warehouse's code. Expected values: the edition dates and figures of the dbt
seeds ref_edition and published_edition_figures, the 2013-2017 K1 headline of the published seed,
and the figures of contract addendum later-years.md §1 and §3 typed here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from orchestration.ingestion.contracts.prosecution import PROSECUTION
from orchestration.ingestion.contracts.registration import REGISTRATION
from orchestration.ingestion.contracts.residence import RESIDENCE
from orchestration.ingestion.run import ingest_source
from orchestration.seeds import editions, seed_rows
from synthetic import generate_registration
from tests.faults.sources import KEY
from tests.integration.published_seed import targets

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "seeds" / "comensha"
FIRST_EDITION = "2013-2017"

# later-years.md §1: CoMensha's own counts, sub-3 persons included [P]
COMENSHA_WITH_SUB3 = {2019: 1372, 2020: 1013, 2021: 791}
# later-years.md §3: meldingen in 2024 by reporter [P]
REPORTERS_2024 = {"Politie": 329, "Zorgcoördinator": 301, "FairWork": 257, "NLA": 71, "KMar": 67}


EDITIONS = {e.edition: e.data_date for e in editions()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """(the generated files, a DuckDB with them ingested)."""
    root = tmp_path_factory.mktemp("later_years")
    paths = generate_registration(root / "inbox", through=2025)
    con = duckdb.connect(str(root / "w.duckdb"))
    ingest_source(REGISTRATION, root / "inbox", con, KEY)
    yield paths, con
    con.close()


def _person_years(con, as_of: dt.date) -> str:
    """SQL: per person-year as of `as_of`, whether it is a victim-year (R2), its melder set without
    Onbekend (R7) and whether it has exploitation outside the sex industry (R4)."""
    return f"""
        WITH delivered AS (SELECT * FROM raw.landing_comensha WHERE delivery_date <= DATE '{as_of}'),
        current_version AS (
            SELECT * FROM delivered
            QUALIFY row_number() OVER (
                PARTITION BY melding_id ORDER BY gewijzigd_op DESC, delivery_date DESC) = 1
        )
        SELECT person_key, year(datum_melding) AS registration_year,
            bool_or(NOT (melder_type = 'EMM' AND emm_rol IN ('getuige', 'betrokkene'))) AS is_victim,
            coalesce(
                list_sort(list_distinct(list(melder_type) FILTER (WHERE melder_type <> 'Onbekend'))),
                []::varchar[]
            ) AS melders,
            bool_or(list_has_any(sector, ['Uitbuiting buiten de seksindustrie', 'Orgaanhandel'])) AS has_ubs
        FROM current_version WHERE status = 'Actief'
        GROUP BY ALL
    """


def _counts(con, as_of: dt.date) -> dict[int, tuple[int, int]]:
    """(headline, sub-3) victim-years per registration year as of `as_of` (R7: sub-3 = KMar alone
    and form Alleen SU or Onbekend, i.e. no exploitation outside the sex industry)."""
    rows = con.execute(
        f"""
        SELECT registration_year,
            count(*) FILTER (WHERE NOT (melders = ['KMar'] AND NOT has_ubs)),
            count(*) FILTER (WHERE melders = ['KMar'] AND NOT has_ubs)
        FROM ({_person_years(con, as_of)}) WHERE is_victim GROUP BY ALL
        """
    ).fetchall()
    return {year: (headline, sub3) for year, headline, sub3 in rows}


def test_the_embedded_sample_is_the_generation_through_2025_byte_for_byte(generated):
    """seeds/comensha is what `make sample` writes (--through 2025): the same files, each the same
    bytes; the 2018 deliveries among them are the 2013-2017 sample's."""
    paths, _ = generated
    committed = {p.name for p in SAMPLE.glob("*.csv")}
    assert committed == {p.name for p in paths}
    assert {"comensha_registraties_20180601.csv", "comensha_registraties_20181001.csv"} <= committed
    stale = [p.name for p in paths if p.read_bytes() != (SAMPLE / p.name).read_bytes()]
    assert not stale, f"seeds/comensha files not as the generator writes them: {stale}"


def test_each_later_year_has_a_june_delivery_and_one_on_its_editions_data_date(generated):
    paths, _ = generated
    later = sorted(d for e, d in EDITIONS.items() if e != FIRST_EDITION)
    expected = ["20180601", "20181001"] + [f"{d.year}0601" for d in later] + [f"{d:%Y%m%d}" for d in later]
    assert sorted(p.name for p in paths) == sorted(f"comensha_registraties_{d}.csv" for d in expected)


def test_every_row_keeps_the_contract_no_quarantine_and_no_warning(generated):
    _, con = generated
    statuses = con.execute("SELECT DISTINCT status FROM raw.load_log").fetchall()
    quarantined = con.execute("SELECT file_name, row_number, reasons FROM raw.quarantine LIMIT 5").fetchall()
    warned = con.execute(
        "SELECT file_name, row_number, code, column_name FROM raw.warnings LIMIT 5"
    ).fetchall()
    assert (statuses, quarantined, warned) == ([("geladen",)], [], [])


def test_each_edition_counts_its_published_headline_per_year(generated):
    """Per edition and registration year: the headline as of the edition's data date equals the
    published figure (2013-2017: the contracts' K1; later: seed published_edition_figures, which
    holds §1 and the §2 revisions). One list of every mismatch."""
    _, con = generated
    published = {
        (FIRST_EDITION, int(r["year"])): int(r["published_value"])
        for r in targets("victims_headline")
        if r["year"]
    }
    published.update(
        {
            (r["edition"], int(r["registration_year"])): int(r["published_victims"])
            for r in seed_rows("published_edition_figures")
        }
    )
    assert {e for e, _ in published} == set(EDITIONS)
    counted = {edition: _counts(con, data_date) for edition, data_date in EDITIONS.items()}
    mismatches = [
        f"{edition} {year}: counted {counted[edition].get(year, (0, 0))[0]}, published {value}"
        for (edition, year), value in sorted(published.items())
        if counted[edition].get(year, (0, 0))[0] != value
    ]
    assert not mismatches, "\n".join(mismatches)


def test_comenshas_own_series_adds_the_sub3_persons(generated):
    """later-years.md §1: CoMensha counted sub-3 persons too (1,372 / 1,013 / 791)."""
    _, con = generated
    got = {}
    for year in COMENSHA_WITH_SUB3:
        headline, sub3 = _counts(con, EDITIONS[f"{year - 4}-{year}"])[year]
        got[year] = headline + sub3
    assert got == COMENSHA_WITH_SUB3


def test_2024_meldingen_per_reporter_are_the_published_ones(generated):
    """later-years.md §3 with R9: distinct (victim-year, melder) over the headline victim-years."""
    _, con = generated
    rows = con.execute(
        f"""
        SELECT m.melder, count(*) FROM ({_person_years(con, EDITIONS["2020-2024"])}) AS p,
            unnest(p.melders) AS m (melder)
        WHERE p.is_victim AND p.registration_year = 2024 AND NOT (p.melders = ['KMar'] AND NOT p.has_ubs)
        GROUP BY ALL
        """
    ).fetchall()
    assert {m: n for m, n in rows if m in REPORTERS_2024} == REPORTERS_2024


def test_the_labour_inspectorate_reports_as_nla_from_2022(generated):
    """later-years.md §3: NLA from 2022 on, ISZW-DO before; both occur."""
    _, con = generated
    codes = dict(
        con.execute(
            "SELECT melder_type, list_sort(list_distinct(list(year(datum_melding)))) FROM raw.landing_comensha "
            "WHERE melder_type IN ('ISZW-DO', 'NLA') GROUP BY ALL"
        ).fetchall()
    )
    assert (min(codes["NLA"]), max(codes["ISZW-DO"])) == (2022, 2021)


def test_the_2014_and_2017_revisions_are_records_delivered_between_the_two_editions(generated):
    """later-years.md §2: 1,256 -> 1,255 (2014) and 958 -> 956 (2017) come from new versions of
    2013-2017 meldingen delivered after the 2013-2017 edition's data date and on or before the
    2014-2018 edition's: one per revised victim-year."""
    _, con = generated
    rows = con.execute(
        "SELECT year(datum_melding), count(*) FROM raw.landing_comensha "
        "WHERE year(datum_melding) <= 2017 AND delivery_date > ? AND delivery_date <= ? GROUP BY ALL",
        [EDITIONS[FIRST_EDITION], EDITIONS["2014-2018"]],
    ).fetchall()
    later = con.execute(
        "SELECT count(*) FROM raw.landing_comensha WHERE year(datum_melding) <= 2017 AND delivery_date > ?",
        [EDITIONS["2014-2018"]],
    ).fetchone()
    assert (dict(rows), later) == ({2014: 1, 2017: 2}, (0,))


# ------------------------------------------------------------------------------------------
# IND and OM after 2018 (later-years.md §5): the committed seeds/ind and seeds/om, ingested
# beside the CoMensha files (the same bytes as seeds/comensha, first test above)
# ------------------------------------------------------------------------------------------
LATER_EDITIONS = sorted((d, e) for e, d in EDITIONS.items() if e != FIRST_EDITION)
FIRST_DELIVERIES = {"ind": ("20180601", "20181001"), "om": ("20180601", "20181001")}
PATTERNS = {"ind": "ind_verblijf_{}.xlsx", "om": "om_vervolging_{}.csv"}
# each source's record key and the columns a new version of a later record may change
IND_KEY, OM_KEY = "gebeurtenis_id", "parketnummer || '|' || suspect_key"


@pytest.fixture(scope="module")
def other_sources(generated):
    """The DuckDB of `generated` with the committed IND and OM deliveries ingested too."""
    _, con = generated
    for contract in (RESIDENCE, PROSECUTION):
        ingest_source(contract, REPO / "seeds", con, KEY)
    return con


def _headline(year: int) -> int:
    """The published headline of `year` as of the edition that ends with it (seeds)."""
    if year == int(FIRST_EDITION[-4:]):
        return next(int(r["published_value"]) for r in targets("victims_headline") if r["year"] == str(year))
    return next(
        int(r["published_victims"])
        for r in seed_rows("published_edition_figures")
        if r["edition"].endswith(str(year)) and r["registration_year"] == str(year)
    )


def test_ind_and_om_deliver_once_per_later_edition_on_its_data_date(other_sources):
    """One IND workbook and one OM CSV per later edition, dated its data date (seed ref_edition),
    after the two 2018 deliveries; every row accepted, no quarantine row, no warning."""
    expected = {
        source: sorted(
            PATTERNS[source].format(d) for d in (*first, *(f"{d:%Y%m%d}" for d, _ in LATER_EDITIONS))
        )
        for source, first in FIRST_DELIVERIES.items()
    }
    found = {s: sorted(p.name for p in (REPO / "seeds" / s).iterdir()) for s in expected}
    loads = other_sources.execute(
        "SELECT source, status, count(*) FROM raw.load_log WHERE source IN ('ind', 'om') GROUP BY ALL"
    ).fetchall()
    problems = other_sources.execute(
        "SELECT 'quarantine', file_name, row_number, reasons FROM raw.quarantine WHERE source IN ('ind', 'om') "
        "UNION ALL SELECT 'warning', file_name, row_number, code FROM raw.warnings "
        "WHERE source IN ('ind', 'om') LIMIT 5"
    ).fetchall()
    assert (found, sorted(loads), problems) == (
        expected,
        [("ind", "geladen", len(expected["ind"])), ("om", "geladen", len(expected["om"]))],
        [],
    )


def _current(con, table: str, key: str, as_of: dt.date, where: str = "TRUE") -> str:
    return f"""
        SELECT * FROM raw.{table} WHERE delivery_date <= DATE '{as_of}' AND {where}
        QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY gewijzigd_op DESC, delivery_date DESC) = 1
    """


def test_each_later_year_follows_the_registration_trend(other_sources):
    """§5 [A]: per later year 2019-2025, IND persons with an event in the year and OM cases
    registered in it (current, active, as of the edition that ends with the year) are the 2017
    numbers times the headline's ratio to 2017 (seeds), within rounding."""
    con, last = other_sources, LATER_EDITIONS[-1][0]
    ind = dict(
        con.execute(
            f"SELECT year(datum), count(DISTINCT person_key) FROM ({_current(con, 'landing_ind', IND_KEY, last)}) "
            "WHERE status = 'Actief' GROUP BY ALL"
        ).fetchall()
    )
    om = dict(
        con.execute(
            f"SELECT year(inschrijfdatum), count(DISTINCT parketnummer) "
            f"FROM ({_current(con, 'landing_om', OM_KEY, last)}) WHERE status = 'Actief' GROUP BY ALL"
        ).fetchall()
    )
    base = _headline(2017)
    off = {
        (source, year): (counts.get(year), round(counts[2017] * _headline(year) / base))
        for source, counts in (("ind", ind), ("om", om))
        for year in range(2019, 2026)
        if abs(counts.get(year, 0) - counts[2017] * _headline(year) / base) > 1
    }
    assert not off, off


def test_later_ind_and_om_link_only_to_registrations_delivered_by_their_date(other_sources):
    """A koppelsleutel on a later IND or OM delivery that CoMensha holds was delivered by CoMensha
    on or before that delivery's date; every later delivery but the part year 2018's links some."""
    con = other_sources
    rows = con.execute(
        f"""
        WITH first_comensha AS (
            SELECT link_hash, min(delivery_date) AS delivered FROM raw.landing_comensha
            WHERE link_hash IS NOT NULL GROUP BY ALL
        ),
        keys AS (
            SELECT 'ind' AS source, delivery_date, link_hash FROM raw.landing_ind
            WHERE link_hash IS NOT NULL AND delivery_date > DATE '{EDITIONS[FIRST_EDITION]}'
            UNION ALL
            SELECT 'om', delivery_date, unnest(victim_link_hashes) FROM raw.landing_om
            WHERE delivery_date > DATE '{EDITIONS[FIRST_EDITION]}'
        )
        SELECT source, delivery_date, count(DISTINCT k.link_hash) FILTER (WHERE c.delivered IS NOT NULL),
            count(DISTINCT k.link_hash) FILTER (WHERE c.delivered > k.delivery_date)
        FROM keys AS k LEFT JOIN first_comensha AS c USING (link_hash) GROUP BY ALL ORDER BY ALL
        """
    ).fetchall()
    early = [(s, d, n) for s, d, _, n in rows if n]
    unlinked = [(s, d) for s, d, linked, _ in rows if not linked and d != LATER_EDITIONS[0][0]]
    assert len(rows) == 2 * len(LATER_EDITIONS) and (early, unlinked) == ([], [])


def test_later_deliveries_correct_and_withdraw_earlier_later_records_only(other_sources):
    """Each later delivery after the first re-sends records of an earlier later delivery: IND a
    corrected beslissing and withdrawn events, OM withdrawn records, progressed cases (a new
    afdoening or vonnis) and corrected forms. No 2013-2017 record gets a version after 2018."""
    con, first_date = other_sources, EDITIONS[FIRST_EDITION]
    changes = {}
    for source, table, key, columns in (
        ("ind", "landing_ind", IND_KEY, ("beslissing",)),
        ("om", "landing_om", OM_KEY, ("afdoening", "vonnis", "uitbuitingsvorm")),
    ):
        previous = ", ".join(f"lag({c}) OVER w AS old_{c}" for c in columns)
        diffs = ", ".join(
            f"count(*) FILTER (WHERE status = 'Actief' AND {c} IS DISTINCT FROM old_{c})" for c in columns
        )
        for row in con.execute(
            f"""
            WITH versions AS (
                SELECT {key} AS k, * FROM raw.{table}
                QUALIFY row_number() OVER (PARTITION BY k, delivery_date ORDER BY gewijzigd_op DESC) = 1
            ),
            paired AS (
                SELECT *, lag(status) OVER w AS old_status, {previous},
                    min(delivery_date) OVER (PARTITION BY k) AS first_delivered
                FROM versions WINDOW w AS (PARTITION BY k ORDER BY delivery_date)
            )
            SELECT delivery_date, first_delivered <= DATE '{first_date}',
                count(*) FILTER (WHERE status = 'Vervallen' AND old_status = 'Actief'), {diffs}
            FROM paired WHERE delivery_date > DATE '{first_date}' AND old_status IS NOT NULL
            GROUP BY ALL ORDER BY ALL
            """
        ).fetchall():
            changes[(source, row[0], row[1])] = row[2:]
    touched_2013_2017 = [k for k in changes if k[2]]
    missing = [
        (source, day, kind)
        for day, _ in LATER_EDITIONS[1:]
        for source, kinds in (
            ("ind", ("withdrawn", "beslissing")),
            ("om", ("withdrawn", "afdoening", "vonnis", "uitbuitingsvorm")),
        )
        for i, kind in enumerate(kinds)
        if not changes.get((source, day, False), (0,) * len(kinds))[i]
    ]
    assert (touched_2013_2017, missing) == ([], [])
