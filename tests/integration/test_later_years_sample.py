"""The sample through 2025 (issue 17) built through the real Dagster build, dbt and the edition ledger.

The inbox is the default sample (seeds/, `make sample`): CoMensha's deliveries run through 2025,
two per later year (synthetic/README.md), all of it built as the dashboards serve it
(tests/conftest.py `current_warehouse`). Expected values come from the dbt seeds, never from the
ledger's SQL: the 2013-2017 edition's K1 headline (published seed), every later edition's figures
(published_edition_figures), and for the §2 revisions the records the generated files hold.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from orchestration.seeds import editions, seed_rows
from tests.integration.builds import query_dicts
from tests.integration.disclosure_rule import THRESHOLD, is_hidden
from tests.integration.published_seed import published_headlines, targets

EARLIER, LATER = "2013-2017", "2014-2018"


DATA_DATES = {e.edition: e.data_date for e in editions()}


def _revised_in_generated_files(inbox: Path) -> dict[str, tuple[int, str, str | None]]:
    """{melding_id: (registration year, reason, changed field)} of the 2013-2017 meldingen that a
    delivery between the two editions' data dates sends again (as the files say)."""
    first, revised = {}, {}
    for path in sorted((inbox / "comensha").glob("*.csv")):
        delivered = dt.datetime.strptime(path.stem[-8:], "%Y%m%d").date()
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        if delivered <= DATA_DATES[EARLIER]:
            first.update({r["melding_id"]: r for r in rows})
        elif delivered <= DATA_DATES[LATER]:
            revised.update({r["melding_id"]: r for r in rows if r["melding_id"] in first})
    out = {}
    for melding_id, row in revised.items():
        year = int(row["datum_melding"][-4:])
        if row["status"].strip().casefold() == "vervallen":
            out[melding_id] = (year, "Ingetrokken", None)
        else:
            changed = [
                c
                for c in ("emm_rol", "datum_melding", "melder_type", "sector")
                if row[c] != first[melding_id][c]
            ]
            out[melding_id] = (year, "Gecorrigeerd", ", ".join(changed))
    return out


def test_every_edition_counts_its_published_headline_per_year(current_warehouse):
    """Done-when of issue 17: per edition and registration year the warehouse's headline as of the
    edition's data date equals the published figure. One list of every mismatch."""
    expected = {
        (EARLIER, int(r["year"])): int(r["published_value"]) for r in targets("victims_headline") if r["year"]
    }
    expected.update(
        {
            (r["edition"], int(r["registration_year"])): int(r["published_victims"])
            for r in seed_rows("published_edition_figures")
        }
    )
    ledger = {
        (r["edition"], r["registration_year"]): r
        for r in query_dicts(current_warehouse.serving_path, "SELECT * FROM marts.edition_figures")
    }
    mismatches = [
        f"{edition} {year}: warehouse {ledger.get((edition, year), {}).get('warehouse_victims')}, "
        f"published in the ledger {ledger.get((edition, year), {}).get('published_victims')}, expected {value}"
        for (edition, year), value in sorted(expected.items())
        if (
            ledger.get((edition, year), {}).get("warehouse_victims"),
            ledger.get((edition, year), {}).get("published_victims"),
        )
        != (value, value)
    ]
    newest = {e for (e, _), r in ledger.items() if r["is_newest_with_data"]}
    assert newest == {"2021-2025"}, newest
    assert not mismatches, "\n".join(mismatches)


def test_the_two_revisions_of_the_addendum_are_explained_record_by_record(current_warehouse):
    """later-years.md §2: 2014 (1,256 -> 1,255) and 2017 (958 -> 956) in edition 2014-2018, each
    record that the generated delivery revised listed with its reason, and neither flagged as
    unexplained."""
    revised = _revised_in_generated_files(current_warehouse.inbox_dir)
    listed = query_dicts(
        current_warehouse.warehouse_path,
        "SELECT melding_id, registration_year, reason, changed_fields FROM "
        f"intermediate.int_editions__revision_records WHERE edition = '{LATER}' "
        # the years both editions count; 2018 is new in 2014-2018, each of its records is 'late'
        "AND registration_year BETWEEN 2014 AND 2017",
    )
    got = {r["melding_id"]: (r["registration_year"], r["reason"], r["changed_fields"]) for r in listed}
    assert got == revised
    assert sorted(year for year, _, _ in revised.values()) == [2014, 2017, 2017]
    ledger = {
        r["registration_year"]: r
        for r in query_dicts(
            current_warehouse.serving_path, f"SELECT * FROM marts.edition_figures WHERE edition = '{LATER}'"
        )
    }
    explained = {
        year: (ledger[year]["warehouse_revision"], ledger[year]["is_unexplained_revision"])
        for year in (2014, 2017)
    }
    assert explained == {2014: (-1, False), 2017: (-2, False)}


def test_residence_and_prosecution_run_through_2025_without_quarantine(current_warehouse):
    """later-years.md §5: the IND and OM deliveries after 2018 (one per later edition, dated its
    data date) are all loaded, no row of them quarantined, the newest on the newest edition's data
    date (data_status, as the dashboards' top line shows it); the residence mart has decisions in
    every year 2019-2025, and the warehouse has OM suspect-cases registered in each of them. The
    prosecution marts count the reporting window (contracts README §10, 2013-2017 by default), so
    the OM years are read from its staging view, the one every OM mart is built from."""
    later_years = range(2019, max(d.year for d in DATA_DATES.values()))
    inbox = {s: len(list((current_warehouse.inbox_dir / s).iterdir())) for s in ("ind", "om")}
    status = {
        r["source"]: (r["deliveries_loaded"], r["last_delivery_date"])
        for r in query_dicts(
            current_warehouse.serving_path,
            "SELECT source, deliveries_loaded, last_delivery_date FROM marts.data_status "
            "WHERE source IN ('ind', 'om')",
        )
    }
    quarantined = query_dicts(
        current_warehouse.warehouse_path,
        "SELECT source, file_name, count(*) AS n FROM raw.quarantine WHERE source IN ('ind', 'om') GROUP BY ALL",
    )
    decisions = {
        r["decision_year"]
        for r in query_dicts(
            current_warehouse.serving_path, "SELECT DISTINCT decision_year FROM marts.residence_decisions"
        )
    }
    cases = {
        r["registration_year"]
        for r in query_dicts(
            current_warehouse.warehouse_path,
            "SELECT DISTINCT registration_year FROM staging.stg_om__verdachten_zaken",
        )
    }
    newest = max(DATA_DATES.values())
    assert (status, quarantined) == ({s: (n, newest) for s, n in inbox.items()}, [])
    assert (set(later_years) - decisions, set(later_years) - cases) == (set(), set())


RECORD_COUNTS = {
    "withdrawn_records": "Ingetrokken",
    "corrected_records": "Gecorrigeerd",
    "late_records": "Later geleverd",
}


def test_the_ledger_hides_its_own_small_counts(current_warehouse):
    """Disclosure control in edition_figures (macros/disclosure.sql is_hidden_small_count): each
    count, recounted from the build database, is shown, or hidden where it is 1-4 and not the
    published figure (the record counts have none), with the revision and difference that would
    give a hidden headline back and is_suppressed set; each count's label (<count>_label) says so as
    the other marts do: "< 5" for a hidden count, else the count. The 2014-2018 revisions of the whole sample hold such small record counts
    (later-years.md §2), so the rule is exercised. One list."""
    raw = {
        (r["edition"], r["registration_year"], r["reason"]): r["n"]
        for r in query_dicts(
            current_warehouse.warehouse_path,
            "SELECT edition, registration_year, reason, count(*) AS n "
            "FROM intermediate.int_editions__revision_records GROUP BY ALL",
        )
    }
    headline = {
        (r["edition"], r["registration_year"]): r["n"]
        for r in query_dicts(
            current_warehouse.warehouse_path,
            "SELECT edition, registration_year, count(*) FILTER (WHERE is_headline) AS n "
            "FROM intermediate.int_editions__victim_years GROUP BY ALL",
        )
    }
    published = published_headlines()
    ledger = query_dicts(current_warehouse.serving_path, "SELECT * FROM marts.edition_figures")
    mismatches, hidden_counts = [], 0
    for row in ledger:
        key = (row["edition"], row["registration_year"])
        want = {column: raw.get((*key, reason), 0) for column, reason in RECORD_COUNTS.items()}
        hidden = {column: is_hidden(n) for column, n in want.items()}
        if row["has_data"]:
            want["warehouse_victims"] = headline.get(key, 0)
            hidden["warehouse_victims"] = is_hidden(want["warehouse_victims"], published.get(key, (None,))[0])
            previous = (row["previous_edition"], row["registration_year"])
            hidden["previous_warehouse_victims"] = previous in headline and is_hidden(
                headline[previous], published.get(previous, (None,))[0]
            )
        hidden_counts += sum(hidden.values())
        got = {column: row[column] for column in want}
        shown = dict(want)
        want = {column: None if hidden[column] else n for column, n in want.items()}
        labels = {
            f"{column}_label": f"< {THRESHOLD}" if hidden[column] else None if n is None else str(n)
            for column, n in shown.items()
        }
        if hidden.get("warehouse_victims") or hidden.get("previous_warehouse_victims"):
            got |= {"difference": row["difference"], "warehouse_revision": row["warehouse_revision"]}
            want |= {"difference": None, "warehouse_revision": None}
            if hidden.get("previous_warehouse_victims"):
                labels["previous_warehouse_victims_label"] = f"< {THRESHOLD}"
        got |= {column: row[column] for column in labels}
        want |= labels
        if (got, row["is_suppressed"]) != (want, any(hidden.values())):
            mismatches.append(f"{key}: shown {got} (suppressed {row['is_suppressed']}), expected {want}")
    assert hidden_counts > 0, "no small count in the ledger: the rule is not exercised"
    assert not mismatches, "\n".join(mismatches)
