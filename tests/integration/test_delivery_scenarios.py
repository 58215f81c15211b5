"""Partial and small deliveries through the full real Dagster build (issue 13): each must publish,
keep the disclosure rules, show one headline total per period in every victim figure, and count
as the contracts say (the reference of tests/generated).

* only IND data (the session's build of tests/integration/ind_only.py, which the Superset test
  serves too); only OM data (the other sources never delivered anything);
* a CoMensha delivery of under 20 rows over two registration years;
* a history like the default sample (two deliveries, 2013-2016, all three sources, later versions
  and withdrawals), then the first delivery of a new registration year: 3 rows in 2017.

The inboxes are written with the fault-sample row helpers (tests/faults) in the contract formats.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from orchestration.settings import Settings
from tests.faults.prosecution import NO_JUDGMENT, PENDING, case
from tests.faults.registration import valid_row
from tests.generated.checks import built_report, full_build_report, report
from tests.generated.common import History
from tests.generated.inbox import Inbox, ingest
from tests.integration.ind_only import FIRST, IND_ONLY, ind_rows

SECOND, NEW_YEAR = dt.date(2018, 10, 1), dt.date(2019, 1, 15)


def _nl(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def melding(melding_id: str, person: str, day: dt.date, changed: int = 0, **fields) -> dict:
    """A CoMensha melding on `day`, changed the next day (+ `changed` minutes for a later version)."""
    stamp = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9, 0)) + dt.timedelta(minutes=changed)
    return valid_row(
        melding_id, person, datum_melding=_nl(day), gewijzigd_op=stamp.strftime("%d-%m-%Y %H:%M"), **fields
    )


def om_rows(suspects: range) -> list[dict]:
    """Suspect-cases in 2014-2016: convicted, dismissed, pending; some suspects in two cases."""
    rows = []
    for s in suspects:
        year = 2014 + s % 3
        base = dict(inschrijfdatum=f"{year}-03-01", gewijzigd_op=f"{year + 1}-02-01T10:00:00")
        number = f"13/{200000 + s // 2:06d}-{year % 100:02d}"
        if s % 3 == 0:
            rows.append(case(f"V-{s}", number, **base, **PENDING))
        elif s % 3 == 1:
            rows.append(
                case(
                    f"V-{s}",
                    number,
                    **base,
                    **NO_JUDGMENT,
                    afdoening="Technisch sepot",
                    afdoeningsdatum=f"{year}-09-01",
                )
            )
        else:
            rows.append(
                case(
                    f"V-{s}", number, **base, afdoeningsdatum=f"{year}-09-01", vonnisdatum=f"{year + 1}-01-10"
                )
            )
    return rows


def small_comensha() -> list[dict]:
    """17 rows, 2015 and 2016: two persons with two meldingen, a KMar-only person (sub-3), an
    enrichment-only EMM person-year, minors, men, Dutch and unknown nationality."""
    d15, d16 = dt.date(2015, 4, 1), dt.date(2016, 5, 2)
    return [
        melding("S-1", "Q1", d15),
        melding("S-2", "Q2", d15, nationaliteit="Nederland", geboortedatum="01-01-2000"),
        melding("S-3", "Q3", d15, geslacht="M", sector="Uitbuiting buiten de seksindustrie", subsector=""),
        melding("S-4", "Q4", d15, melder_type="Zorgcoördinator", politie_eenheid=""),
        melding("S-5", "Q4", d15 + dt.timedelta(days=20), melder_type="Overig", politie_eenheid=""),
        melding("S-6", "Q5", d15, nationaliteit="Onbekend"),
        melding("S-7", "Q6", d15, melder_type="KMar", politie_eenheid="", kmar_regio="Schiphol"),
        melding("S-8", "Q1", d16),
        melding("S-9", "Q7", d16, geslacht="M", geboortedatum="03-03-2001"),
        melding("S-10", "Q8", d16, melder_type="EMM", politie_eenheid="", emm_rol="getuige"),
        melding("S-11", "Q9", d16, melder_type="EMM", politie_eenheid="", emm_rol="slachtoffer"),
        melding("S-12", "Q10", d16, nationaliteit="Nigeria", sector="Onbekend", subsector=""),
        melding(
            "S-13",
            "Q11",
            d16,
            melder_type="FairWork",
            politie_eenheid="",
            sector="Uitbuiting buiten de seksindustrie",
            subsector="",
        ),
        melding("S-14", "Q12", d16, doel_melding="Registratie", eerste_opvang=""),
        melding("S-15", "Q12", d16 + dt.timedelta(days=3), melder_type="ISZW-DO", politie_eenheid=""),
        melding("S-16", "Q13", d16, geslacht="O", geboortedatum=""),
        melding("S-17", "Q14", d16, nationaliteit="Bulgarije"),
    ]


def default_like_history() -> tuple[list[dict], list[dict]]:
    """Two CoMensha deliveries like the default sample's, 2013-2016, 30 persons a year with the
    variety of the sample; the second re-sends about a tenth, changed, and withdraws some."""
    rng = random.Random(2013)
    first, second = [], []
    n = 0
    for year in range(2013, 2017):
        for _ in range(30):
            n += 1
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(360))
            melder = rng.choice(
                ["Politie", "Politie", "Zorgcoördinator", "Overig", "KMar", "ISZW-DO", "FairWork"]
            )
            sector = rng.choice(
                [
                    "Seksuele uitbuiting",
                    "Seksuele uitbuiting",
                    "Uitbuiting buiten de seksindustrie",
                    "Onbekend",
                ]
            )
            fields = dict(
                nationaliteit=rng.choice(
                    ["Nederland", "Nederland", "Roemenië", "Nigeria", "Bulgarije", "Onbekend"]
                ),
                geslacht=rng.choice("VVVM"),
                geboortedatum=_nl(dt.date(rng.randrange(1975, 2003), 6, 15)),
                melder_type=melder,
                politie_eenheid="Rotterdam" if melder == "Politie" else "",
                sector=sector,
                subsector="Raamprostitutie" if sector == "Seksuele uitbuiting" else "",
            )
            row = melding(f"H-{n}", f"HP{n}", day, **fields)
            first.append(row)
            if n % 10 == 0:
                second.append(melding(f"H-{n}", f"HP{n}", day, changed=30, **{**fields, "geslacht": "M"}))
            elif n % 17 == 0:
                second.append(
                    {
                        **row,
                        "status": "Vervallen",
                        "gewijzigd_op": (
                            dt.datetime.combine(day, dt.time(9)) + dt.timedelta(days=2)
                        ).strftime("%d-%m-%Y %H:%M"),
                    }
                )
    return first, second


def _build(root: Path, inbox: Inbox, preload: Inbox | None = None) -> None:
    """The full Dagster build of `inbox`; `preload` is ingested first (the earlier deliveries
    already in the warehouse), so the build itself loads only what `inbox` adds."""
    inbox_dir = root / "inbox"
    if preload is not None:
        preload.write(inbox_dir)
        (root / "data").mkdir(parents=True)
        ingest(inbox_dir, root / "data" / "warehouse.duckdb")
    inbox.write(inbox_dir, skip_existing=True)
    sections = full_build_report(inbox, root, written=True)
    assert not any(sections.values()), report(inbox, sections)


def test_only_ind_data_publishes(ind_only_warehouse: Settings):
    """The session's build of the IND-only inbox, which the Superset test serves too (the session
    fixture asserts that the Dagster run succeeded)."""
    sections = built_report(IND_ONLY, ind_only_warehouse.data_dir, run_problems=[])
    assert not any(sections.values()), report(IND_ONLY, sections)


def test_only_om_data_publishes(tmp_path):
    _build(tmp_path, Inbox(om=History("om", [FIRST], [om_rows(range(11))])))


def test_a_small_comensha_delivery_over_two_years_publishes_one_total_per_period(tmp_path):
    rows = small_comensha()
    assert len(rows) < 20 and len({r["datum_melding"][-4:] for r in rows}) == 2
    _build(tmp_path, Inbox(comensha=History("comensha", [FIRST], [rows])))


def test_the_first_delivery_of_a_new_year_publishes(tmp_path):
    first, second = default_like_history()
    history = Inbox(
        comensha=History("comensha", [FIRST, SECOND], [first, second]),
        ind=History("ind", [FIRST], [ind_rows(range(40))]),
        om=History("om", [FIRST], [om_rows(range(30))]),
    )
    new_year = [
        melding("N-1", "NP1", dt.date(2017, 3, 1)),
        melding("N-2", "NP2", dt.date(2017, 4, 1), nationaliteit="Nederland"),
        melding(
            "N-3",
            "NP3",
            dt.date(2017, 5, 1),
            geslacht="M",
            sector="Uitbuiting buiten de seksindustrie",
            subsector="",
        ),
    ]
    assert {r["datum_melding"][-4:] for r in first + second} == {"2013", "2014", "2015", "2016"}
    everything = Inbox(
        comensha=History("comensha", [FIRST, SECOND, NEW_YEAR], [first, second, new_year]),
        ind=history.ind,
        om=history.om,
    )
    _build(tmp_path, everything, preload=history)
