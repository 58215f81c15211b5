"""Generated IND delivery histories (contracts/residence.md) and their reference counts.

`histories()` draws a small valid history: persons with a handful of events each (reflection
periods, TV and VV applications and decisions in every phase, renewals, asylum), dated before,
inside and after the window, with versions and withdrawals over several files; objections whose
first decision lies before the extract occur too. `reference(history)` recounts, from the
delivered rows by rules V1 and V3-V7, the route groups of Figure 4.2 per group year and start point,
the reflection periods per year and the TV and VV applications per last-decision year and outcome.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from tests.faults.residence import workbook_bytes
from tests.generated.common import (
    DAY_OF_YEAR,
    ROW_YEARS,
    WINDOW_END,
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

SOURCE = "ind"

BEDENKTIJD = "Bedenktijd verleend"
TV_APPLICATION, TV_DECISION, TV_RENEWAL = (
    "Aanvraag tijdelijk verblijf",
    "Besluit tijdelijk verblijf",
    "Verlenging tijdelijk verblijf",
)
VV_APPLICATION, VV_DECISION = "Aanvraag voortgezet verblijf", "Besluit voortgezet verblijf"
ASYLUM = "Asielaanvraag"
TV_EVENTS = (TV_APPLICATION, TV_DECISION, TV_RENEWAL)
VV_EVENTS = (VV_APPLICATION, VV_DECISION)
DECISIONS = (TV_DECISION, VV_DECISION, TV_RENEWAL)
# Decisions more often than their share: they drive every count.
EVENTS = (
    BEDENKTIJD,
    TV_APPLICATION,
    TV_DECISION,
    TV_DECISION,
    TV_RENEWAL,
    VV_APPLICATION,
    VV_DECISION,
    VV_DECISION,
    ASYLUM,
    BEDENKTIJD,
)
OUTCOMES = ("Ingewilligd", "Ingewilligd", "Afgewezen", "Buiten behandeling", "Ingetrokken")
PHASES = ("Eerste aanleg", "Eerste aanleg", "Bezwaar", "Beroep")
GROUNDS = (
    "a-grond veroordeling",
    "a-grond drie jaar lopende strafzaak",
    "b-grond bijzondere omstandigheden",
    "B9/10",
)
FORMS = ("Seksuele uitbuiting", "Arbeidsuitbuiting", "Criminele uitbuiting", "Onbekend")
EXPLOITATION_FROM = dt.date(2015, 1, 1)  # §2 column 13: empty before 2015


@st.composite
def event_fields(draw, person: int, birth: dt.date | None) -> dict:
    """The columns of one event of `person` (everything but gebeurtenis_id, status, gewijzigd_op)."""
    kind = draw(st.sampled_from(EVENTS))
    year = draw(st.sampled_from(ROW_YEARS + (2014, 2016, 2017)))
    day = dt.date(year, 1, 1) + dt.timedelta(days=draw(DAY_OF_YEAR))
    decision = kind in DECISIONS
    granted_vv = kind == VV_DECISION
    outcome = draw(st.sampled_from(OUTCOMES)) if decision else None
    return dict(
        v_nummer=f"{1000000 + person:010d}",
        geboortedatum=dt.datetime.combine(birth, dt.time())
        if birth and birth <= day and draw(st.booleans())
        else None,
        geslacht=draw(st.sampled_from(("Vrouw", "Man", "Onbekend"))),
        nationaliteit=draw(st.sampled_from(("Nigeria", "Roemenië", "Filipijnen", "Onbekend"))),
        gebeurtenis=kind,
        datum=dt.datetime.combine(day, dt.time()),
        pad=draw(st.sampled_from(("Regulier", "Regulier", "Schrijnend"))) if kind in TV_EVENTS else None,
        # grond only on VV events; IND records it for grants (a-grond besluit tot vervolging only from 2018-10)
        grond=draw(st.none() | st.sampled_from(GROUNDS)) if granted_vv and outcome == "Ingewilligd" else None,
        beslissing=outcome,
        fase=draw(st.sampled_from(PHASES)) if kind in TV_EVENTS + VV_EVENTS else None,
        bedenktijd_dagen=90 if kind == BEDENKTIJD else None,
        uitbuitingsvorm=draw(st.none() | st.sampled_from(FORMS)) if day >= EXPLOITATION_FROM else None,
        koppelsleutel=draw(link_key(person, empty=None)),
    )


def row(gebeurtenis_id: str, version: Version) -> dict:
    return dict(
        gebeurtenis_id=gebeurtenis_id,
        **version.fields,
        status=version.status,
        gewijzigd_op=version.changed_at,
    )


@st.composite
def histories(draw, max_persons: int = 8, max_events: int = 30, min_records: int = 0) -> History:
    return per_person_history(
        draw,
        SOURCE,
        row,
        event_fields,
        "E",
        (dt.date(1960, 1, 1), dt.date(2004, 12, 31)),
        max_persons,
        max_events,
        min_records,
    )


def write(history: History, inbox: Path, skip_existing: bool = False) -> list[Path]:
    """One file per delivery (common.write_files)."""
    return write_files(history, inbox / SOURCE, "ind_verblijf_{:%Y%m%d}.xlsx", workbook_bytes, skip_existing)


# --- reference: the contract's rules, from the delivered rows ---------------------------------


def _order(event: dict) -> tuple:
    """V4: by datum, then gebeurtenis_id (plain character order)."""
    return (event["datum"].date(), event["gebeurtenis_id"])


@dataclass
class Application:
    first: dict | None  # None: its first decision lies before the extract
    decisions: list[dict] = field(default_factory=list)

    @property
    def last(self) -> dict | None:
        """V4: the latest decision dated no later than the end of the window."""
        dated = [d for d in self.decisions if d["datum"].date() <= WINDOW_END]
        return max(dated, key=_order) if dated else None


def applications(events: list[dict], kind: str) -> list[Application]:
    """V4: each Eerste-aanleg decision starts an application; later Bezwaar/Beroep decisions belong
    to it up to the next one; those before the first Eerste-aanleg decision form one application
    with an unknown first decision."""
    result: list[Application] = []
    for event in sorted((e for e in events if e["gebeurtenis"] == kind), key=_order):
        if event["fase"] == "Eerste aanleg":
            result.append(Application(event, [event]))
        elif result:
            result[-1].decisions.append(event)
        else:
            result.append(Application(None, [event]))
    return result


@dataclass(frozen=True)
class Person:
    group: int | None
    start_point: str | None
    group_year: int | None


def route(events: list[dict]) -> Person:
    """V5 (group, start point) and V6 (group year) of one person."""
    bedenktijd = [e for e in events if e["gebeurtenis"] == BEDENKTIJD and in_window(e["datum"].date())]
    tv = [
        a
        for a in applications(events, TV_DECISION)
        if a.first is not None and in_window(a.first["datum"].date())
    ]
    vv = [
        a
        for a in applications(events, VV_DECISION)
        if a.last is not None and in_window(a.last["datum"].date())
    ]
    b, t, v = bool(bedenktijd), bool(tv), bool(vv)
    vv_granted = [a for a in vv if a.last["beslissing"] == "Ingewilligd"]
    if v:
        group = 4 if vv_granted else 5
    elif t:
        group = 2 if b else 3
    elif b:
        group = 1
    else:
        return Person(None, None, None)
    if group in (4, 5) and not t:
        start = "onbekend"
    elif group in (1, 2) or (group in (4, 5) and b):
        start = "bedenktijd"
    else:
        start = "direct tijdelijk verblijf"

    def year_of_latest(decisions: list[dict]) -> int:
        return max(decisions, key=_order)["datum"].year

    if group == 1:
        year = year_of_latest(bedenktijd)
    elif group in (2, 3):
        grants = [a.last for a in tv if a.last["beslissing"] == "Ingewilligd"] + [
            e
            for e in events
            if e["gebeurtenis"] == TV_RENEWAL
            and e["beslissing"] == "Ingewilligd"
            and in_window(e["datum"].date())
        ]
        year = year_of_latest(grants) if grants else year_of_latest([a.last for a in tv])
    elif group == 4:
        year = year_of_latest([a.last for a in vv_granted])
    else:
        year = year_of_latest([a.last for a in vv])
    return Person(group, start, year)


START_LABELS = {
    "bedenktijd": "Start: bedenktijd",
    "direct tijdelijk verblijf": "Start: direct tijdelijk verblijf",
    "onbekend": "Start: tijdelijk verblijf vóór 2013",
}


def outcome_group(beslissing: str) -> str:
    """V7: ingewilligd, afgewezen, or overige afdoening (Buiten behandeling + Ingetrokken)."""
    return {"Ingewilligd": "ingewilligd", "Afgewezen": "afgewezen"}.get(beslissing, "overig")


def current_events(history: History) -> list[dict]:
    return list(
        current(
            history, key_of=lambda r: r["gebeurtenis_id"], changed_of=lambda r: r["gewijzigd_op"]
        ).values()
    )


def persons(history: History) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = {}
    for event in current_events(history):
        result.setdefault(event["v_nummer"], []).append(event)
    return result


def reference(history: History) -> dict[str, Counter]:
    """Cube name -> cell -> count: route population persons per group year, start point and route
    group (V5, V6); reflection periods per year (V7, times not persons); TV applications handled in
    the window per last-decision year and outcome, VV the same (V4, V7)."""
    people = persons(history)
    routes = [route(events) for events in people.values()]
    tv, vv = [], []
    for events in people.values():
        tv += [
            a.last
            for a in applications(events, TV_DECISION)
            if a.first is not None and in_window(a.first["datum"].date())
        ]
        vv += [
            a.last
            for a in applications(events, VV_DECISION)
            if a.last is not None and in_window(a.last["datum"].date())
        ]
    bedenktijd = [
        e for e in current_events(history) if e["gebeurtenis"] == BEDENKTIJD and in_window(e["datum"].date())
    ]
    return {
        "residence_routes": cube(
            [(str(p.group_year), START_LABELS[p.start_point], str(p.group)) for p in routes if p.group],
            (WINDOW_LABEL, "Alle startpunten", "Alle routes"),
        ),
        "reflection_periods": cube([(str(e["datum"].year),) for e in bedenktijd], (WINDOW_LABEL,)),
        "tv_applications": cube(
            [(str(d["datum"].year), outcome_group(d["beslissing"])) for d in tv],
            (WINDOW_LABEL, "Alle uitkomsten"),
        ),
        "vv_applications": cube(
            [(str(d["datum"].year), outcome_group(d["beslissing"])) for d in vv],
            (WINDOW_LABEL, "Alle uitkomsten"),
        ),
    }


def population_link_keys(history: History) -> set[str]:
    """README §8, V2, V11: the link keys of route-population persons (the latest known key of the
    person); a key on two persons is ambiguous and not used for linking."""
    people = persons(history)
    owners: dict[str, set[str]] = {}
    for person, events in people.items():
        for e in events:
            if e["koppelsleutel"]:
                owners.setdefault(e["koppelsleutel"].upper(), set()).add(person)
    keys = set()
    for events in people.values():
        if route(events).group is None:
            continue
        known = [e for e in sorted(events, key=_order, reverse=True) if e["koppelsleutel"]]
        if known and len(owners[known[0]["koppelsleutel"].upper()]) == 1:
            keys.add(known[0]["koppelsleutel"].upper())
    return keys
