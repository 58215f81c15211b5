"""CoMensha registration extract, as `../shared/contracts/registration.md` defines it (version 1.0)."""

from __future__ import annotations

import polars as pl

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

SECTOR_SU = "Seksuele uitbuiting"
SECTOR_UBS = "Uitbuiting buiten de seksindustrie"
SECTORS = (SECTOR_SU, SECTOR_UBS, "Orgaanhandel", "Onbekend", "Nog niet gewerkt")

# Contract §3: subsector -> the one sector it belongs to (None: belongs to any sector).
SUBSECTOR_SECTOR: dict[str, str | None] = {
    **dict.fromkeys(
        (
            "Bordelen/clubs/privéhuizen",
            "Raamprostitutie",
            "Escort",
            "Hotelprostitutie",
            "Thuisprostitutie",
            "Massage-/beautysalons",
            "Straatprostitutie",
            "Internet (webcamseks)",
            "Overig",
            "Prostitutie",
        ),
        SECTOR_SU,
    ),
    **dict.fromkeys(
        (
            "Huishoudelijk werk",
            "Horeca",
            "Land- en tuinbouw",
            "Schoonmaakwerk",
            "Au-pair",
            "Bouw",
            "Transport en logistiek",
            "Scheepvaart",
            "Productie/industrie",
            "Detailhandel",
            "Gezondheids- en welzijnszorg",
            "Energievoorziening",
            "Water en afvalbeheer",
            "Informatie en communicatie",
            "Cultuur, sport en recreatie",
            "Diefstal/vermogensdelicten",
            "Drugsdelicten",
            "Bedelen",
            "Schuldenopbouw",
            "Drugshandel",
            "Criminaliteit",
        ),
        SECTOR_UBS,
    ),
    "Nog niet gewerkt": None,
    "Onbekend": None,
}

MELDER_TYPES = (
    "Politie",
    "KMar",
    "ISZW-DO",
    "NLA",
    "EMM",
    "Zorgcoördinator",
    "FairWork",
    "Overig",
    "Onbekend",
)
# Contract addendum later-years.md §3: on 1 January 2022 Inspectie SZW (ISZW-DO) became the
# Nederlandse Arbeidsinspectie (NLA); each code is valid on its side of that date.
NLA_FROM_YEAR = 2022
POLICE_UNITS = (
    "Amsterdam",
    "Noord-Nederland",
    "Oost-Nederland",
    "Midden-Nederland",
    "Den Haag",
    "Noord-Holland",
    "Rotterdam",
    "Limburg",
    "Oost-Brabant",
    "Zeeland-West-Brabant",
    "Landelijke Eenheid",
    "Onbekend",
)


def _melder_is(value: str):
    return lambda col: col("melder_type") == value


def _year(col, name: str) -> pl.Expr:
    return col(name).dt.year()


def _subsector_without_its_sector(col) -> pl.Expr:
    """Cross-field check 3: a subsector that belongs to one sector needs that sector."""
    checks = []
    for sector in (SECTOR_SU, SECTOR_UBS):
        own = [s for s, owner in SUBSECTOR_SECTOR.items() if owner == sector]
        uses = col("subsector").list.eval(pl.element().is_in(own)).list.any()
        has = col("sector").list.contains(sector)
        checks.append(uses & ~has)
    return pl.any_horizontal(checks)


def _subsector_has(col, codes: tuple[str, ...]) -> pl.Expr:
    return col("subsector").list.eval(pl.element().is_in(list(codes))).list.any()


REGISTRATION = SourceContract(
    source="comensha",
    domain="registration",
    file_pattern=r"comensha_registraties_(\d{8})\.csv",
    record_key=("melding_id",),
    separator=";",
    date_format="%d-%m-%Y",
    date_pattern=r"\d{2}-\d{2}-\d{4}",
    timestamp_format="%d-%m-%Y %H:%M",
    timestamp_pattern=r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}",
    columns=(
        Column("melding_id", Kind.TEXT, required=True, pattern=ID_PATTERN),
        Column(
            "persoon_id",
            Kind.TEXT,
            required=True,
            pattern=ID_PATTERN,
            pii=Pii.HASH,
            target="person_key",
            hash_domain="comensha_persoon",
        ),
        Column("achternaam", Kind.TEXT, max_length=100, pii=Pii.DROP),
        Column("voornaam", Kind.TEXT, max_length=100, pii=Pii.DROP),
        Column(
            "geboortedatum",
            Kind.DATE,
            pii=Pii.AGE,
            target="age_at_report",
            age_reference="datum_melding",
        ),
        Column(
            "geslacht",
            Kind.CODE,
            required=True,
            codes=("V", "M", "O"),
            aliases={"Vrouw": "V", "Man": "M"},
        ),
        country("nationaliteit", required=True),
        Column("datum_melding", Kind.DATE, required=True),
        Column("melder_type", Kind.CODE, required=True, codes=MELDER_TYPES),
        Column("melder_organisatie", Kind.TEXT, max_length=200),
        Column(
            "politie_eenheid",
            Kind.CODE,
            codes=POLICE_UNITS,
            allowed_when=_melder_is("Politie"),
        ),
        Column(
            "kmar_regio",
            Kind.CODE,
            codes=("Zuid", "Schiphol", "West", "Noord-Oost", "Onbekend"),
            on_unknown=OnUnknown.ONBEKEND,
            allowed_when=_melder_is("KMar"),
        ),
        Column(
            "emm_rol",
            Kind.CODE,
            codes=("slachtoffer", "benadeelde", "getuige", "betrokkene"),
            required_when=_melder_is("EMM"),
        ),
        Column("gemeente_aantreffen", Kind.TEXT, pattern=r"GM\d{4}"),
        Column(
            "sector",
            Kind.MULTI_CODE,
            required=True,
            codes=SECTORS,
            aliases={
                "Uitbuiting in de seksindustrie": SECTOR_SU,
                "(Nog) niet gewerkt": "Nog niet gewerkt",
                "Sector onbekend": "Onbekend",
            },
        ),
        Column(
            "subsector",
            Kind.MULTI_CODE,
            codes=tuple(SUBSECTOR_SECTOR),
            aliases={"(Nog) niet gewerkt": "Nog niet gewerkt", "Sector onbekend": "Onbekend"},
            on_unknown=OnUnknown.ONBEKEND,
        ),
        country("land_werving"),
        country("land_uitbuiting"),
        # `Nee` means "not stated", which the contract stores as empty.
        Column("uitzendbureau", Kind.CODE, codes=("Ja",), aliases={"Nee": ""}),
        Column(
            "doel_melding",
            Kind.CODE,
            required=True,
            codes=("Registratie", "Informatie en advies", "Verzoek opvang"),
            aliases={"Uitsluitend registratie": "Registratie", "Verzoek tot opvang": "Verzoek opvang"},
        ),
        Column(
            "eerste_opvang",
            Kind.CODE,
            codes=("COSM", "Reguliere opvang", "Kortdurende opvang", "Geen opvang"),
            aliases={"Kortdurende eerste opvangplek": "Kortdurende opvang"},
            required_when=lambda col: col("doel_melding") == "Verzoek opvang",
        ),
        Column(
            "aangifte",
            Kind.CODE,
            codes=("Ja", "Nee", "Bedenktijd loopt", "Intake", "Onbekend"),
            aliases={
                "Aangifte": "Ja",
                "Geen aangifte": "Nee",
                "Bedenktijd loopt nog": "Bedenktijd loopt",
                "In ieder geval intake": "Intake",
            },
        ),
        link_key(),
        *VERSION_COLUMNS,
    ),
    cross_checks=(
        birth_before_event("geboortedatum", "datum_melding", "age_at_report"),
        dates_within_delivery("datum_melding"),
        CrossCheck("subsector", _subsector_without_its_sector, "subsector zonder de bijbehorende sector"),
    ),
    warning_rules=(
        WarningRule(
            "code_buiten_geldigheid",
            "subsector",
            lambda col: (
                _subsector_has(col, ("Hotelprostitutie", "Overig", "Nog niet gewerkt"))
                & (_year(col, "datum_melding") < 2014)
            ),
            "subsector Hotelprostitutie, Overig of Nog niet gewerkt bestaat pas vanaf 2014",
        ),
        WarningRule(
            "code_buiten_geldigheid",
            "subsector",
            lambda col: _subsector_has(col, ("Prostitutie",)) & (_year(col, "datum_melding") >= 2014),
            "subsector Prostitutie wordt vanaf 2014 niet meer gebruikt",
        ),
        WarningRule(
            "code_buiten_geldigheid",
            "uitzendbureau",
            lambda col: (col("uitzendbureau") == "Ja") & (_year(col, "datum_melding") < 2016),
            "uitzendbureau wordt pas vanaf 2016 geregistreerd",
        ),
        WarningRule(
            "code_buiten_geldigheid",
            "melder_type",
            lambda col: (col("melder_type") == "ISZW-DO") & (_year(col, "datum_melding") >= NLA_FROM_YEAR),
            f"melder_type ISZW-DO heet vanaf {NLA_FROM_YEAR} NLA (Nederlandse Arbeidsinspectie)",
        ),
        WarningRule(
            "code_buiten_geldigheid",
            "melder_type",
            lambda col: (col("melder_type") == "NLA") & (_year(col, "datum_melding") < NLA_FROM_YEAR),
            f"melder_type NLA bestaat pas vanaf {NLA_FROM_YEAR}; daarvoor ISZW-DO",
        ),
    ),
)
