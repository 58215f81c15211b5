"""IND residence-scheme extract, as `../shared/contracts/residence.md` defines it (version 1.0)."""

from __future__ import annotations

import datetime as dt

from orchestration.ingestion.contract import (
    Column,
    CrossCheck,
    Kind,
    OnUnknown,
    Pii,
    SourceContract,
    WarningRule,
)
from orchestration.ingestion.contracts.common import (
    ID_PATTERN,
    VERSION_COLUMNS,
    birth_before_event,
    country,
    dates_within_delivery,
    link_key,
)

TV_EVENTS = ("Aanvraag tijdelijk verblijf", "Besluit tijdelijk verblijf", "Verlenging tijdelijk verblijf")
VV_EVENTS = ("Aanvraag voortgezet verblijf", "Besluit voortgezet verblijf")
DECISIONS = ("Besluit tijdelijk verblijf", "Besluit voortgezet verblijf", "Verlenging tijdelijk verblijf")
EVENTS = ("Bedenktijd verleend", *TV_EVENTS, *VV_EVENTS, "Asielaanvraag")
PROSECUTION_GROUND = "a-grond besluit tot vervolging"
PROSECUTION_GROUND_FROM = dt.date(2018, 10, 1)
EXPLOITATION_FROM = dt.date(2015, 1, 1)
DUBLIN_PERIOD_FROM = dt.date(2019, 1, 1)


def _event_in(events: tuple[str, ...]):
    return lambda col: col("gebeurtenis").is_in(list(events))


RESIDENCE = SourceContract(
    source="ind",
    domain="residence",
    file_pattern=r"ind_verblijf_(\d{8})\.xlsx",
    record_key=("gebeurtenis_id",),
    file_format="xlsx",
    sheet="Gebeurtenissen",
    columns=(
        Column("gebeurtenis_id", Kind.TEXT, required=True, pattern=ID_PATTERN),
        Column(
            "v_nummer",
            Kind.TEXT,
            required=True,
            pattern=r"\d{10}",
            numeric_pad=10,
            pii=Pii.HASH,
            target="person_key",
            hash_domain="ind_persoon",
        ),
        Column("geboortedatum", Kind.DATE, pii=Pii.AGE, target="age_at_event", age_reference="datum"),
        Column(
            "geslacht",
            Kind.CODE,
            required=True,
            codes=("Vrouw", "Man", "Onbekend"),
            aliases={"V": "Vrouw", "M": "Man"},
        ),
        country("nationaliteit", required=True),
        Column("gebeurtenis", Kind.CODE, required=True, codes=EVENTS),
        Column("datum", Kind.DATE, required=True),
        Column(
            "pad",
            Kind.CODE,
            codes=("Regulier", "Schrijnend"),
            aliases={"Standaard": "Regulier", "Schrijnend pad": "Schrijnend"},
            required_when=_event_in(TV_EVENTS),
        ),
        Column(
            "grond",
            Kind.CODE,
            codes=(
                "a-grond veroordeling",
                "a-grond drie jaar lopende strafzaak",
                PROSECUTION_GROUND,
                "b-grond bijzondere omstandigheden",
                "B9/10",
            ),
            allowed_when=_event_in(VV_EVENTS),
        ),
        Column(
            "beslissing",
            Kind.CODE,
            codes=("Ingewilligd", "Afgewezen", "Buiten behandeling", "Ingetrokken"),
            aliases={"Verleend": "Ingewilligd", "Inwilliging": "Ingewilligd", "Afwijzing": "Afgewezen"},
            required_when=_event_in(DECISIONS),
        ),
        Column(
            "fase",
            Kind.CODE,
            codes=("Eerste aanleg", "Bezwaar", "Beroep"),
            required_when=_event_in(TV_EVENTS + VV_EVENTS),
        ),
        Column(
            "bedenktijd_dagen",
            Kind.CODE,
            codes=("90", "30"),
            pattern=r"\d+",  # an integer (§2)
            required_when=_event_in(("Bedenktijd verleend",)),
        ),
        Column(
            "uitbuitingsvorm",
            Kind.CODE,
            codes=("Seksuele uitbuiting", "Arbeidsuitbuiting", "Criminele uitbuiting", "Onbekend"),
            on_unknown=OnUnknown.ONBEKEND,
            allowed_when=lambda col: col("datum") >= EXPLOITATION_FROM,
        ),
        link_key(),
        *VERSION_COLUMNS,
    ),
    cross_checks=(
        birth_before_event("geboortedatum", "datum", "age_at_event"),
        dates_within_delivery("datum"),
        CrossCheck(
            "grond",
            lambda col: (col("grond") == PROSECUTION_GROUND) & (col("datum") < PROSECUTION_GROUND_FROM),
            "grond 'a-grond besluit tot vervolging' bestaat pas vanaf 1 oktober 2018",
        ),
    ),
    warning_rules=(
        WarningRule(
            "code_buiten_geldigheid",
            "bedenktijd_dagen",
            lambda col: (col("bedenktijd_dagen") == "30") & (col("datum") < DUBLIN_PERIOD_FROM),
            "een bedenktijd van 30 dagen (Dublin) bestaat pas vanaf 2019",
        ),
    ),
)
