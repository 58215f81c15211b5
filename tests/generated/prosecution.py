"""Generated OM delivery histories (contracts/prosecution.md) and their reference counts.

`histories()` draws a small valid history: suspects in one or more cases (a case with several
suspects, a suspect in several cases), registered before, inside and after the window, pending,
disposed by the OM or summoned and judged, naming victims by link keys that CoMensha and the IND
may share, with versions and withdrawals over several files. `reference(history)` recounts from
the delivered rows by rules P1-P5 the suspect-cases and distinct suspects per registration year and
the suspect-cases per year, disposition and judgment.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from hypothesis import strategies as st

from tests.faults.prosecution import case, to_csv
from tests.generated.common import (
    DAY_OF_YEAR,
    LINK_KEYS,
    ROW_YEARS,
    WINDOW_LABEL,
    History,
    Version,
    cube,
    current,
    delivery_dates,
    in_window,
    spread,
    versions_of,
    write_files,
)

SOURCE = "om"

LAST_ROW_DATE = dt.date(2018, 12, 31)  # every date <= delivery_date (cross-field check 2)
OFFICES = ("Rotterdam", "Amsterdam", "Functioneel Parket", "Landelijk Parket", "Oost-Brabant")
ARTICLES = (*(f"273f lid 1 sub {n} Sr" for n in (1, 3, 4)), "273a Sr", "250a Sr")
FORMS = ("Seksuele uitbuiting", "Arbeidsuitbuiting", "Criminele uitbuiting", "Orgaanverwijdering", "Onbekend")
DISPOSITIONS = (
    None,
    "Dagvaarding",
    "Dagvaarding",
    "Technisch sepot",
    "Beleidssepot",
    "Voeging ad informandum",
    "Transactie",
    "Strafbeschikking",
    "Overdracht",
)
JUDGMENTS = (
    None,
    "Veroordeling",
    "Veroordeling",
    "Vrijspraak",
    "Ontslag van alle rechtsvervolging",
    "Niet-ontvankelijk",
)
SENTENCES = (
    "Onvoorwaardelijke gevangenisstraf",
    "Deels voorwaardelijke gevangenisstraf",
    "Voorwaardelijke gevangenisstraf",
    "Taakstraf",
    "Geldboete",
    "Maatregel",
)
PRISON = SENTENCES[:3]


@st.composite
def _date_from(draw, start: dt.date) -> dt.date:
    return start + dt.timedelta(days=draw(st.integers(0, max((LAST_ROW_DATE - start).days, 0))))


@st.composite
def case_fields(draw, suspect: int, birth_year: int | None) -> dict:
    """The columns of one suspect-case row (everything but the key, status and gewijzigd_op)."""
    year = draw(st.sampled_from(ROW_YEARS + (2014, 2015)))
    registered = dt.date(year, 1, 1) + dt.timedelta(days=draw(DAY_OF_YEAR))
    disposition = draw(st.sampled_from(DISPOSITIONS))
    disposed = draw(_date_from(registered)) if disposition else None
    judgment = draw(st.sampled_from(JUDGMENTS)) if disposition == "Dagvaarding" else None
    judged = draw(_date_from(disposed)) if judgment else None
    sentence = draw(st.sampled_from(SENTENCES)) if judgment == "Veroordeling" else None
    keys = draw(st.lists(st.sampled_from(LINK_KEYS), max_size=2, unique=True))
    victims = draw(st.none() | st.integers(len(keys), len(keys) + 2))
    return dict(
        verdachte_id=f"S{suspect}",
        achternaam="",
        geboortejaar=str(birth_year)
        if birth_year and birth_year <= year - 12 and draw(st.booleans())
        else "",
        geslacht=draw(st.sampled_from(("M", "V", "O"))),
        nationaliteit=draw(st.sampled_from(("Nederland", "Roemenië", "Nigeria", "Onbekend"))),
        parket=draw(st.sampled_from(OFFICES)),
        inschrijfdatum=registered.isoformat(),
        wetsartikel=draw(st.sampled_from(ARTICLES)),
        uitbuitingsvorm=draw(st.sampled_from(FORMS)),
        afdoening=disposition or "",
        afdoeningsdatum=disposed.isoformat() if disposed else "",
        vonnis=judgment or "",
        vonnisdatum=judged.isoformat() if judged else "",
        instantie=draw(st.sampled_from(("Rechtbank", "Gerechtshof", "Hoge Raad"))) if judgment else "",
        strafsoort=sentence or "",
        strafduur_dagen=str(draw(st.integers(1, 2000))) if sentence in PRISON else "",
        aantal_slachtoffers="" if victims is None else str(victims),
        slachtoffer_koppelsleutels="|".join(keys),
    )


def row(key: tuple[str, str], version: Version) -> dict:
    parketnummer, _suspect = key
    return case(
        parketnummer=parketnummer,
        **version.fields,
        status=version.status,
        gewijzigd_op=version.changed_at.strftime("%Y-%m-%dT%H:%M:%S"),
    )


@st.composite
def histories(
    draw, max_suspects: int = 8, max_cases: int = 6, max_rows: int = 20, min_records: int = 0
) -> History:
    dates = draw(delivery_dates())
    n_suspects = draw(st.integers(min(min_records, 1), max_suspects))
    birth_years = [draw(st.none() | st.integers(1950, 1998)) for _ in range(n_suspects)]
    records = []
    if n_suspects:
        n_cases = draw(st.integers(1, max_cases))
        n = draw(st.integers(min(min_records, n_cases * n_suspects), min(max_rows, n_cases * n_suspects)))
        keys = draw(
            st.lists(
                st.tuples(st.integers(0, n_cases - 1), st.integers(0, n_suspects - 1)),
                min_size=n,
                max_size=n,
                unique=True,
            )
        )
        for case_number, suspect in keys:
            parketnummer = f"13/{100000 + case_number:06d}-15"
            fields = draw(case_fields(suspect, birth_years[suspect]))
            changed = case_fields(suspect, birth_years[suspect])
            records.append(((parketnummer, f"S{suspect}"), draw(versions_of(len(dates), fields, changed))))
    return spread(SOURCE, dates, records, row)


def write(history: History, inbox: Path, skip_existing: bool = False) -> list[Path]:
    """One file per delivery (common.write_files)."""
    return write_files(history, inbox / SOURCE, "om_vervolging_{:%Y%m%d}.csv", to_csv, skip_existing)


# --- reference: the contract's rules, from the delivered rows ---------------------------------


def current_cases(history: History) -> list[dict]:
    """P1: current, not withdrawn rows registered inside the window."""
    rows = current(
        history,
        key_of=lambda r: (r["parketnummer"], r["verdachte_id"]),
        changed_of=lambda r: dt.datetime.fromisoformat(r["gewijzigd_op"]),
    ).values()
    return [r for r in rows if in_window(dt.date.fromisoformat(r["inschrijfdatum"]))]


def disposition_group(afdoening: str) -> str:
    """P4: Sepot = Technisch + Beleidssepot; OM settlements = Transactie + Strafbeschikking;
    an empty disposition is pending."""
    if not afdoening:
        return "Nog niet afgedaan"
    if afdoening in ("Technisch sepot", "Beleidssepot"):
        return "Sepot"
    if afdoening in ("Transactie", "Strafbeschikking"):
        return "OM-afdoening"
    return afdoening


def judgment_group(row: dict) -> str:
    """P3/P5: the latest judgment of a summoned case, pending while it is empty."""
    if row["afdoening"] != "Dagvaarding":
        return "Niet gedagvaard"
    return row["vonnis"] or "Vonnis volgt"


def reference(history: History) -> dict[str, Counter]:
    """Cube name -> cell -> count: suspect-cases per registration year by disposition and judgment
    (P2-P5); suspect-cases and distinct suspects per year (P2)."""
    rows = current_cases(history)
    year = lambda r: r["inschrijfdatum"][:4]  # noqa: E731
    return {
        "prosecution_cases": cube(
            [(year(r), disposition_group(r["afdoening"]), judgment_group(r)) for r in rows],
            (WINDOW_LABEL, "Alle afdoeningen", "Alle vonnissen"),
        ),
        "suspect_cases_per_year": Counter(year(r) for r in rows),
        "suspects_per_year": Counter(y for y, _s in {(year(r), r["verdachte_id"]) for r in rows}),
    }


def linked_cases(history: History, comensha_keys: set[str], ind_keys: set[str]) -> dict[str, Counter]:
    """P8: suspect-cases per registration year with at least one victim key, with at least one
    key of a CoMensha headline victim-year, and with at least one key of an IND population person."""
    rows = current_cases(history)
    result = {"with_victim_key": Counter(), "with_comensha_match": Counter(), "with_ind_match": Counter()}
    for r in rows:
        keys = {k.upper() for k in r["slachtoffer_koppelsleutels"].split("|") if k}
        y = r["inschrijfdatum"][:4]
        result["with_victim_key"][y] += bool(keys)
        result["with_comensha_match"][y] += bool(keys & comensha_keys)
        result["with_ind_match"][y] += bool(keys & ind_keys)
    return {name: +counts for name, counts in result.items()}
