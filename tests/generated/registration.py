"""Generated CoMensha delivery histories (contracts/registration.md) and their reference counts.

`histories()` draws a small valid history: persons with one or more meldingen, in several
registration years (before, inside and after the window), from different melders (EMM with every
role, KMar-only persons who may be sub-3), with attributes that disagree between meldingen (R3),
versions and withdrawals over several files. `reference(history)` recounts the headline figures
from the delivered rows by the contract's rules R1-R9 and R12.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from hypothesis import strategies as st

from tests.faults.registration import to_csv, valid_row
from tests.generated.common import (
    DAY_OF_YEAR,
    ROW_YEARS,
    WINDOW_LABEL,
    History,
    Version,
    cube,
    current,
    in_window,
    link_key,
    per_person_history,
    write_files,
)

SOURCE = "comensha"

MELDERS = ("Politie", "KMar", "ISZW-DO", "EMM", "Zorgcoördinator", "FairWork", "Overig", "Onbekend")
EMM_ROLES = ("slachtoffer", "benadeelde", "getuige", "betrokkene")
SECTORS = (
    "Seksuele uitbuiting",
    "Uitbuiting buiten de seksindustrie",
    "Orgaanhandel",
    "Onbekend",
    "Nog niet gewerkt",
)
# Canonical codes and the aliases the contract maps silently (§2).
GENDERS = ("V", "M", "O", "Vrouw", "Man")
NATIONALITIES = ("Nederland", "Roemenië", "Nigeria", "Bulgarije", "Staatloos", "Aruba", "Onbekend")
POLICE_UNITS = ("", "Rotterdam", "Amsterdam", "Landelijke Eenheid", "Onbekend")
KMAR_REGIONS = ("", "Zuid", "Schiphol")
PURPOSES = ("Registratie", "Informatie en advies", "Verzoek opvang")
SHELTERS = ("COSM", "Reguliere opvang", "Kortdurende opvang", "Geen opvang")
REPORTS = ("", "Ja", "Nee", "Bedenktijd loopt", "Intake", "Onbekend")


def _date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d-%m-%Y").date()


def _fmt(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


@st.composite
def _day_in(draw, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=draw(DAY_OF_YEAR))


@st.composite
def melding_fields(draw, person: int, birth: dt.date | None) -> dict:
    """The columns of one melding of `person` (everything but melding_id, status, gewijzigd_op)."""
    # KMar and EMM more often than their share, so that sub-3 and enrichment-only person-years occur.
    melder = draw(st.sampled_from(MELDERS + ("KMar", "EMM", "Politie")))
    year = draw(st.sampled_from(ROW_YEARS + (2014, 2016)))
    day = draw(_day_in(year))
    born = draw(st.sampled_from(["person", "person", "none", "other", "birthday"]))
    if born == "person" and birth is not None and birth <= day:
        birth_date = birth
    elif born == "other":
        birth_date = dt.date(
            draw(st.integers(day.year - 60, day.year - 8)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
        )
    elif born == "birthday" and not (day.month == 2 and day.day == 29):
        # a birthday on the day of the melding counts (README §7): exactly 17 or 18 years
        birth_date = day.replace(year=day.year - draw(st.sampled_from([17, 18])))
    else:
        birth_date = None
    sectors = draw(st.lists(st.sampled_from(SECTORS), min_size=1, max_size=2, unique=True))
    purpose = draw(st.sampled_from(PURPOSES))
    return dict(
        persoon_id=f"P{person}",
        achternaam="",
        voornaam="",
        geboortedatum=_fmt(birth_date) if birth_date else "",
        geslacht=draw(st.sampled_from(GENDERS)),
        nationaliteit=draw(st.sampled_from(NATIONALITIES)),
        datum_melding=_fmt(day),
        melder_type=melder,
        melder_organisatie="",
        politie_eenheid=draw(st.sampled_from(POLICE_UNITS)) if melder == "Politie" else "",
        kmar_regio=draw(st.sampled_from(KMAR_REGIONS)) if melder == "KMar" else "",
        emm_rol=draw(st.sampled_from(EMM_ROLES)) if melder == "EMM" else "",
        gemeente_aantreffen=draw(st.sampled_from(["", "GM0599", "GM0363"])),
        sector="|".join(sectors),
        # a subsector that belongs to a sector present (cross-field check 3), valid in every year
        subsector="Raamprostitutie" if "Seksuele uitbuiting" in sectors and draw(st.booleans()) else "",
        land_werving="",
        land_uitbuiting="",
        uitzendbureau="",
        doel_melding=purpose,
        eerste_opvang=draw(st.sampled_from(SHELTERS)) if purpose == "Verzoek opvang" else "",
        aangifte=draw(st.sampled_from(REPORTS)),
        koppelsleutel=draw(link_key(person)),
    )


def row(melding_id: str, version: Version) -> dict:
    return valid_row(
        melding_id,
        **version.fields,
        status=version.status,
        gewijzigd_op=version.changed_at.strftime("%d-%m-%Y %H:%M"),
    )


@st.composite
def histories(draw, max_persons: int = 10, max_meldingen: int = 30, min_records: int = 0) -> History:
    return per_person_history(
        draw,
        SOURCE,
        row,
        melding_fields,
        "M",
        (dt.date(1950, 1, 1), dt.date(2008, 12, 31)),
        max_persons,
        max_meldingen,
        min_records,
    )


def write(history: History, inbox: Path, skip_existing: bool = False) -> list[Path]:
    """One file per delivery (common.write_files)."""
    return write_files(history, inbox / SOURCE, "comensha_registraties_{:%Y%m%d}.csv", to_csv, skip_existing)


# --- reference: the contract's rules, from the delivered rows ---------------------------------

UNKNOWN = ("", "Onbekend", "O")
GENDER_ALIASES = {"Vrouw": "V", "Man": "M"}
GENDER_LABELS = {"V": "Vrouw", "M": "Man", "O": "Onbekend"}  # contract §2 column 6 glosses


def age_at(birth: str, day: dt.date) -> int | None:
    """Completed years on `day`; a birthday on that day counts (README §7)."""
    if not birth:
        return None
    born = _date(birth)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def latest_known(meldingen: list[dict], value) -> object | None:
    """R3: the value of the most recent melding (latest datum_melding, then highest melding_id in
    plain character order) that has a known value."""
    for m in sorted(meldingen, key=lambda m: (_date(m["datum_melding"]), m["melding_id"]), reverse=True):
        v = value(m)
        if v is not None and v not in UNKNOWN:
            return v
    return None


def victim_years(history: History) -> list[dict]:
    """One dict per victim-year (R2) with what the headline counts need (R3-R7, R12)."""
    meldingen = current(
        history,
        key_of=lambda r: r["melding_id"],
        changed_of=lambda r: dt.datetime.strptime(r["gewijzigd_op"], "%d-%m-%Y %H:%M"),
    ).values()
    person_years: dict[tuple[str, int], list[dict]] = {}
    for m in meldingen:
        day = _date(m["datum_melding"])
        if in_window(day):
            person_years.setdefault((m["persoon_id"], day.year), []).append(m)
    result = []
    for (person, year), ms in sorted(person_years.items()):
        qualifying = [
            m for m in ms if not (m["melder_type"] == "EMM" and m["emm_rol"] in ("getuige", "betrokkene"))
        ]
        if not qualifying:
            continue  # R2: alleen_verrijking, not a victim
        sectors = {s for m in ms for s in m["sector"].split("|")}
        su = "Seksuele uitbuiting" in sectors
        ubs = bool(sectors & {"Uitbuiting buiten de seksindustrie", "Orgaanhandel"})
        form = "SU en UBS" if su and ubs else "Alleen SU" if su else "Alleen UBS" if ubs else "Onbekend"
        nationality = latest_known(ms, lambda m: m["nationaliteit"]) or "Onbekend"
        route = "BL" if nationality == "Nederland" else "Onbekend" if nationality == "Onbekend" else "GO"
        if form == "Onbekend" or route == "Onbekend":
            group = "Onbekend"
        else:
            group = f"{route}-{'SU' if su else 'UBS'}"  # R6: SU en UBS goes to the SU group
        gender = latest_known(ms, lambda m: GENDER_ALIASES.get(m["geslacht"], m["geslacht"])) or "O"
        age = latest_known(ms, lambda m: age_at(m["geboortedatum"], _date(m["datum_melding"])))
        melders = {m["melder_type"] for m in ms} - {"Onbekend"}
        result.append(
            dict(
                person=person,
                year=year,
                group=group,
                nationality=nationality,
                gender=GENDER_LABELS[gender],
                age_group="Leeftijd onbekend"
                if age is None
                else "Minderjarig"
                if age < 18
                else "Meerderjarig",
                is_sub3=melders == {"KMar"} and form in ("Alleen SU", "Onbekend"),
                melders=melders,
                link_key=latest_known(ms, lambda m: m["koppelsleutel"].upper()),
            )
        )
    return result


def reference(history: History) -> dict[str, Counter]:
    """The headline figures as cubes (cube name -> cell -> count), as Trends slachtoffers shows
    them: headline victim-years (sub-3 left out, R7) per year and group, gender, age group and
    nationality; all victim-years per population; meldingen per melder group (R9)."""
    vys = victim_years(history)
    headline = [v for v in vys if not v["is_sub3"]]
    return {
        "victims_by_form": cube(
            [(str(v["year"]), v["group"]) for v in headline], (WINDOW_LABEL, "Alle vormen")
        ),
        "victims_by_gender": cube([(str(v["year"]), v["gender"]) for v in headline], (WINDOW_LABEL, "Alle")),
        "victims_by_age": cube([(str(v["year"]), v["age_group"]) for v in headline], (WINDOW_LABEL, "Alle")),
        "victims_by_nationality": cube(
            [(str(v["year"]), v["nationality"]) for v in headline], (WINDOW_LABEL, "Alle nationaliteiten")
        ),
        "victims_by_population": cube(
            [
                (str(v["year"]), "Sub-3-personen" if v["is_sub3"] else "Slachtoffers (excl. sub-3)")
                for v in vys
            ],
            (WINDOW_LABEL, "Alle"),
        ),
        "reports_by_group": cube(
            [(str(v["year"]), melder) for v in headline for melder in sorted(v["melders"])],
            (WINDOW_LABEL, "Alle meldergroepen"),
        ),
    }


def headline_link_keys(history: History) -> set[str]:
    """README §8 / R3: the link keys of headline victim-years; a key on two persons is ambiguous
    and not used for linking (checked over all current meldingen, any year)."""
    meldingen = current(
        history,
        key_of=lambda r: r["melding_id"],
        changed_of=lambda r: dt.datetime.strptime(r["gewijzigd_op"], "%d-%m-%Y %H:%M"),
    ).values()
    owners: dict[str, set[str]] = {}
    for m in meldingen:
        if m["koppelsleutel"]:
            owners.setdefault(m["koppelsleutel"].upper(), set()).add(m["persoon_id"])
    return {
        v["link_key"]
        for v in victim_years(history)
        if v["link_key"] and not v["is_sub3"] and len(owners[v["link_key"]]) == 1
    }
