"""OM prosecution extract, as `../shared/contracts/prosecution.md` defines it (version 1.0)."""

from __future__ import annotations

import polars as pl

from orchestration.ingestion.contract import Column, CrossCheck, Kind, OnUnknown, Pii, SourceContract, stated
from orchestration.ingestion.contracts.common import (
    ID_PATTERN,
    VERSION_COLUMNS,
    country,
    dates_within_delivery,
)

PRISON_SENTENCES = (
    "Onvoorwaardelijke gevangenisstraf",
    "Deels voorwaardelijke gevangenisstraf",
    "Voorwaardelijke gevangenisstraf",
)
ARTICLES = (*(f"273f lid 1 sub {n} Sr" for n in range(1, 10)), "273a Sr", "250a Sr")
MIN_AGE_OF_RESPONSIBILITY = 12


def _filled(name: str):
    # prosecution §2 "c: <column> filled": any value given, also one quarantined as an unknown code
    return lambda col: col(stated(name)).is_not_null()


PROSECUTION = SourceContract(
    source="om",
    domain="prosecution",
    file_pattern=r"om_vervolging_(\d{8})\.csv",
    record_key=("parketnummer", "verdachte_id"),
    separator=",",
    date_format="%Y-%m-%d",
    date_pattern=r"\d{4}-\d{2}-\d{2}",
    timestamp_format="%Y-%m-%dT%H:%M:%S",
    timestamp_pattern=r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}",
    columns=(
        Column("parketnummer", Kind.TEXT, required=True, pattern=r"\d{2}/\d{6}-\d{2}"),
        Column(
            "verdachte_id",
            Kind.TEXT,
            required=True,
            pattern=ID_PATTERN,
            pii=Pii.HASH,
            target="suspect_key",
            hash_domain="om_verdachte",
        ),
        Column("achternaam", Kind.TEXT, max_length=100, pii=Pii.DROP),
        Column(
            "geboortejaar",
            Kind.INTEGER,
            pattern=r"\d{4}",
            pii=Pii.YEAR_AGE,
            target="age_at_registration",
            age_reference="inschrijfdatum",
        ),
        Column(
            "geslacht", Kind.CODE, required=True, codes=("M", "V", "O"), aliases={"Man": "M", "Vrouw": "V"}
        ),
        country("nationaliteit", required=True),
        Column(
            "parket",
            Kind.CODE,
            required=True,
            ignored_prefixes=("Arrondissementsparket",),
            codes=(
                "Amsterdam",
                "Den Haag",
                "Gelderland",
                "Limburg",
                "Midden-Nederland",
                "Noord-Holland",
                "Noord-Nederland",
                "Oost-Brabant",
                "Overijssel",
                "Rotterdam",
                "Zeeland-West-Brabant",
                "Landelijk Parket",
                "Functioneel Parket",
            ),
        ),
        Column("inschrijfdatum", Kind.DATE, required=True),
        Column("wetsartikel", Kind.CODE, required=True, codes=ARTICLES, ignored_prefixes=("artikel", "art.")),
        Column(
            "uitbuitingsvorm",
            Kind.CODE,
            required=True,
            on_unknown=OnUnknown.ONBEKEND,
            codes=(
                "Seksuele uitbuiting",
                "Arbeidsuitbuiting",
                "Criminele uitbuiting",
                "Orgaanverwijdering",
                "Onbekend",
            ),
        ),
        Column(
            "afdoening",
            Kind.CODE,
            codes=(
                "Dagvaarding",
                "Technisch sepot",
                "Beleidssepot",
                "Voeging ad informandum",
                "Transactie",
                "Strafbeschikking",
                "Overdracht",
            ),
            aliases={"Voeging ad info": "Voeging ad informandum"},
        ),
        Column("afdoeningsdatum", Kind.DATE, required_when=_filled("afdoening")),
        Column(
            "vonnis",
            Kind.CODE,
            codes=("Veroordeling", "Vrijspraak", "Ontslag van alle rechtsvervolging", "Niet-ontvankelijk"),
            aliases={"Ontslag van rechtsvervolging": "Ontslag van alle rechtsvervolging"},
            allowed_when=lambda col: col("afdoening") == "Dagvaarding",
        ),
        Column("vonnisdatum", Kind.DATE, required_when=_filled("vonnis")),
        Column(
            "instantie",
            Kind.CODE,
            codes=("Rechtbank", "Gerechtshof", "Hoge Raad"),
            required_when=_filled("vonnis"),
        ),
        Column(
            "strafsoort",
            Kind.CODE,
            codes=(*PRISON_SENTENCES, "Taakstraf", "Geldboete", "Maatregel"),
            required_when=lambda col: col("vonnis") == "Veroordeling",
        ),
        Column(
            "strafduur_dagen",
            Kind.INTEGER,
            pattern=r"[1-9]\d*",
            required_when=lambda col: col("strafsoort").is_in(list(PRISON_SENTENCES)),
        ),
        Column("aantal_slachtoffers", Kind.INTEGER),
        Column(
            "slachtoffer_koppelsleutels",
            Kind.MULTI_LINK_KEY,
            pii=Pii.HASH,
            target="victim_link_hashes",
            hash_domain="koppelsleutel",
        ),
        *VERSION_COLUMNS,
    ),
    cross_checks=(
        CrossCheck(
            "geboortejaar",
            lambda col: (
                (col("geboortejaar") < 1900)
                | (col("geboortejaar") > col("inschrijfdatum").dt.year() - MIN_AGE_OF_RESPONSIBILITY)
            ),
            "geboortejaar voor 1900, of verdachte jonger dan 12 bij inschrijving",
        ),
        CrossCheck(
            "inschrijfdatum",
            lambda col: pl.any_horizontal(
                col("inschrijfdatum") > col("afdoeningsdatum"),
                col("afdoeningsdatum") > col("vonnisdatum"),
                col("inschrijfdatum") > col("vonnisdatum"),
                dates_within_delivery(
                    "inschrijfdatum", extra_dates=("afdoeningsdatum", "vonnisdatum")
                ).violated(col),
            ),
            "datums niet in volgorde inschrijving ≤ afdoening ≤ vonnis ≤ levering",
        ),
        CrossCheck(
            "aantal_slachtoffers",
            lambda col: col("slachtoffer_koppelsleutels").list.len() > col("aantal_slachtoffers"),
            "meer geldige koppelsleutels van slachtoffers dan het aantal slachtoffers",
        ),
    ),
)
