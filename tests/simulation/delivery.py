"""The seen victims of drawn populations (tests/simulation/population.py) as a real CoMensha
delivery (contracts/registration.md): one melding per victim and melder type, every row valid.

The group follows from the contract's rules, not from a label: BL is Dutch nationality and GO
another (R5), SU and UBS are the sector (R4, R6). No victim is sub-3 (R7): a KMar-only victim is in
a UBS group. EMM meldingen carry the role `slachtoffer`, so each one qualifies (R2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from tests.faults.registration import to_csv, valid_row
from tests.simulation.population import Replication, Victim

DELIVERY_DATE = dt.date(2018, 6, 1)
FILE_NAME = f"comensha_registraties_{DELIVERY_DATE:%Y%m%d}.csv"
NATIONALITY = {"BL": "Nederland", "GO": "Roemenië"}
SECTOR = {"SU": "Seksuele uitbuiting", "UBS": "Uitbuiting buiten de seksindustrie"}
AGE = {True: 16, False: 30}  # a minor, an adult


def _day(year: int, victim: Victim, melding: int) -> dt.date:
    # spread over the year; the last melding is the one R3 takes, and all carry the same values
    return dt.date(year, 1, 1) + dt.timedelta(days=(victim.index * 7 + melding * 31) % 360)


def meldingen(replication: Replication) -> Iterable[dict[str, str]]:
    route, form = replication.form.split("-")
    for victim in replication.seen:
        person = f"SIM-{replication.year}-{replication.form}-{victim.index}"
        # 1 January: the same age at every melding of the year
        born = dt.date(replication.year - AGE[victim.minor], 1, 1)
        for n, melder in enumerate(victim.melders):
            day = _day(replication.year, victim, n)
            changed = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(10, 0))
            yield valid_row(
                f"{person}-{n}",
                person,
                achternaam="",
                voornaam="",
                geboortedatum=born.strftime("%d-%m-%Y"),
                geslacht="M" if victim.man else "V",
                nationaliteit=NATIONALITY[route],
                datum_melding=day.strftime("%d-%m-%Y"),
                melder_type=melder,
                melder_organisatie="",
                politie_eenheid="Rotterdam" if melder == "Politie" else "",
                emm_rol="slachtoffer" if melder == "EMM" else "",
                sector=SECTOR[form],
                subsector="",
                land_werving="",
                land_uitbuiting="",
                doel_melding="Registratie",
                eerste_opvang="",
                aangifte="",
                gewijzigd_op=changed.strftime("%d-%m-%Y %H:%M"),
            )


def write_delivery(replications: Iterable[Replication], inbox: Path) -> Path:
    """One CoMensha delivery holding every replication's meldingen, in `inbox`/comensha."""
    folder = inbox / "comensha"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    path.write_bytes(to_csv([row for r in replications for row in meldingen(r)]))
    return path
