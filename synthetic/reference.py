"""Reference data for the synthetic CoMensha extract.

* Country names come from the dbt seed `ref_nationaliteit` (contract README §9); never retyped.
* Code lists mirror contract `registration.md` §2-§3.
* Municipality codes (`gemeente_aantreffen`): CBS municipality codes (`GMnnnn`) of large and
  medium municipalities that existed with the same code during the whole window 2013-2017 (and on
  1 January 2017). Codes and their safety region (veiligheidsregio) were checked against the
  municipality list of the public `minvws/nl-covid19-data-dashboard` repository
  (`packages/common/src/data/gm.ts`, CBS codes per veiligheidsregio); municipalities created or
  renumbered by mergers after 2012 were left out. A police unit covers whole safety regions
  (Politiewet 2012), which gives the unit of each municipality.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
NATIONALITY_SEED = REPO_ROOT / "dbt_project" / "seeds" / "ref_nationaliteit.csv"

HEADER = (
    "melding_id",
    "persoon_id",
    "achternaam",
    "voornaam",
    "geboortedatum",
    "geslacht",
    "nationaliteit",
    "datum_melding",
    "melder_type",
    "melder_organisatie",
    "politie_eenheid",
    "kmar_regio",
    "emm_rol",
    "gemeente_aantreffen",
    "sector",
    "subsector",
    "land_werving",
    "land_uitbuiting",
    "uitzendbureau",
    "doel_melding",
    "eerste_opvang",
    "aangifte",
    "koppelsleutel",
    "status",
    "gewijzigd_op",
)


@dataclass(frozen=True)
class Country:
    naam: str
    herkomstregio: str
    eu_vanaf_2004: bool
    aliassen: tuple[str, ...]


@cache
def countries() -> dict[str, Country]:
    with NATIONALITY_SEED.open(encoding="utf-8", newline="") as f:
        return {
            r["naam"]: Country(
                r["naam"],
                r["herkomstregio"],
                r["eu_vanaf_2004"].strip().lower() == "ja",
                tuple(a.strip() for a in (r.get("aliassen") or "").split("|") if a.strip()),
            )
            for r in csv.DictReader(f)
        }


# -- sectors (contract §3) ------------------------------------------------------------------
SU, UBS, ORGAN, SEC_ONB, SEC_NNG = (
    "Seksuele uitbuiting",
    "Uitbuiting buiten de seksindustrie",
    "Orgaanhandel",
    "Onbekend",
    "Nog niet gewerkt",
)
BORDELEN, RAAM, ESCORT, HOTEL, THUIS = (
    "Bordelen/clubs/privéhuizen",
    "Raamprostitutie",
    "Escort",
    "Hotelprostitutie",
    "Thuisprostitutie",
)
SU_OTHER_SECTORS = ("Massage-/beautysalons", "Straatprostitutie", "Internet (webcamseks)")
SU_CATEGORY_RANK = {BORDELEN: 1, RAAM: 2, ESCORT: 3, HOTEL: 3, THUIS: 4, **dict.fromkeys(SU_OTHER_SECTORS, 5)}
LABOUR_ORDER = (  # R10 fixed order
    "Scheepvaart",
    "Au-pair",
    "Detailhandel",
    "Transport en logistiek",
    "Bouw",
    "Huishoudelijk werk",
    "Schoonmaakwerk",
    "Productie/industrie",
    "Land- en tuinbouw",
    "Horeca",
)
OTHER_LABOUR = (
    "Gezondheids- en welzijnszorg",
    "Energievoorziening",
    "Water en afvalbeheer",
    "Informatie en communicatie",
    "Cultuur, sport en recreatie",
)
CRIMINAL = ("Diefstal/vermogensdelicten", "Drugsdelicten", "Bedelen", "Schuldenopbouw")
CRIMINAL_2011 = ("Drugshandel", "Criminaliteit")
UBS_RANK = {
    **{s: i for i, s in enumerate(LABOUR_ORDER)},
    **dict.fromkeys(OTHER_LABOUR, 10),
    **dict.fromkeys(CRIMINAL + CRIMINAL_2011, 11),
}

# -- police units and municipalities -----------------------------------------------------------
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
KMAR_REGIONS = ("Zuid", "Schiphol", "West", "Noord-Oost", "Onbekend")

# (code, name) per police unit; the first municipality is the most frequent place of finding
MUNICIPALITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "Amsterdam": (
        ("GM0363", "Amsterdam"),
        ("GM0362", "Amstelveen"),
        ("GM0384", "Diemen"),
        ("GM0358", "Aalsmeer"),
        ("GM0451", "Uithoorn"),
        ("GM0437", "Ouder-Amstel"),
    ),
    "Noord-Nederland": (
        ("GM0014", "Groningen"),
        ("GM0080", "Leeuwarden"),
        ("GM0106", "Assen"),
        ("GM0114", "Emmen"),
        ("GM0074", "Heerenveen"),
        ("GM0090", "Smallingerland"),
        ("GM0118", "Hoogeveen"),
    ),
    "Oost-Nederland": (
        ("GM0202", "Arnhem"),
        ("GM0153", "Enschede"),
        ("GM0268", "Nijmegen"),
        ("GM0193", "Zwolle"),
        ("GM0200", "Apeldoorn"),
        ("GM0150", "Deventer"),
        ("GM0141", "Almelo"),
        ("GM0164", "Hengelo"),
        ("GM0228", "Ede"),
    ),
    "Midden-Nederland": (
        ("GM0344", "Utrecht"),
        ("GM0307", "Amersfoort"),
        ("GM0034", "Almere"),
        ("GM0995", "Lelystad"),
        ("GM0402", "Hilversum"),
        ("GM0356", "Nieuwegein"),
        ("GM0345", "Veenendaal"),
    ),
    "Den Haag": (
        ("GM0518", "'s-Gravenhage"),
        ("GM0546", "Leiden"),
        ("GM0503", "Delft"),
        ("GM0637", "Zoetermeer"),
        ("GM1783", "Westland"),
        ("GM0603", "Rijswijk"),
        ("GM0513", "Gouda"),
        ("GM0484", "Alphen aan den Rijn"),
    ),
    "Noord-Holland": (
        ("GM0392", "Haarlem"),
        ("GM0361", "Alkmaar"),
        ("GM0479", "Zaanstad"),
        ("GM0394", "Haarlemmermeer"),
        ("GM0400", "Den Helder"),
        ("GM0405", "Hoorn"),
        ("GM0453", "Velsen"),
        ("GM0439", "Purmerend"),
    ),
    "Rotterdam": (
        ("GM0599", "Rotterdam"),
        ("GM0505", "Dordrecht"),
        ("GM0606", "Schiedam"),
        ("GM0622", "Vlaardingen"),
        ("GM0502", "Capelle aan den IJssel"),
        ("GM0597", "Ridderkerk"),
        ("GM0512", "Gorinchem"),
    ),
    "Limburg": (
        ("GM0935", "Maastricht"),
        ("GM0917", "Heerlen"),
        ("GM0983", "Venlo"),
        ("GM0957", "Roermond"),
        ("GM1883", "Sittard-Geleen"),
        ("GM0928", "Kerkrade"),
        ("GM0988", "Weert"),
    ),
    "Oost-Brabant": (
        ("GM0772", "Eindhoven"),
        ("GM0796", "'s-Hertogenbosch"),
        ("GM0794", "Helmond"),
        ("GM0828", "Oss"),
        ("GM0861", "Veldhoven"),
        ("GM0757", "Boxtel"),
    ),
    "Zeeland-West-Brabant": (
        ("GM0758", "Breda"),
        ("GM0855", "Tilburg"),
        ("GM0748", "Bergen op Zoom"),
        ("GM1674", "Roosendaal"),
        ("GM0687", "Middelburg"),
        ("GM0718", "Vlissingen"),
        ("GM0715", "Terneuzen"),
        ("GM0826", "Oosterhout"),
    ),
}
KMAR_MUNICIPALITIES = {
    "Schiphol": ("Noord-Holland",),
    "Zuid": ("Zeeland-West-Brabant", "Oost-Brabant", "Limburg"),
    "West": ("Rotterdam", "Den Haag"),
    "Noord-Oost": ("Oost-Nederland", "Noord-Nederland"),
}

# -- free text for melder_organisatie -------------------------------------------------------------
ZORG_REGIONS = (
    "Amsterdam",
    "Rotterdam-Rijnmond",
    "Haaglanden",
    "Utrecht",
    "Twente",
    "Groningen",
    "Friesland",
    "Zuid-Limburg",
    "Noord-Limburg",
    "West-Brabant",
    "Zeeland",
    "Gelderland-Zuid",
    "Kennemerland",
    "Flevoland",
    "Brabant-Noord",
    "Zuidoost-Brabant",
)
OVERIG_ORGANISATIONS = (
    "Veilig Thuis",
    "Jeugdzorg",
    "Leger des Heils",
    "COA",
    "VluchtelingenWerk",
    "Fier",
    "Blijf Groep",
    "Nidos",
    "Raad voor de Kinderbescherming",
    "Humanitas",
    "HVO-Querido",
    "Advocatenkantoor",
    "Huisarts",
    "Particulier",
    "Slachtoffer zelf",
    "Gemeente, afdeling Zorg",
    'Stichting "Het Scharlaken Koord"',
    "Veilig Thuis; regio Utrecht",
    "Jeugdbescherming west",
    "GGD",
    "Prostitutie Maatschappelijk Werk",
    "Ambassade",
    "Stichting Religieuzen Tegen Vrouwenhandel",
)

# -- names (invented: given names from short lists, surnames built from syllables) ---------------
GIVEN_NAMES = {
    "nl": (
        ("Sanne", "Lisa", "Kim", "Demi", "Naomi", "Romy", "Esmee", "Shanna", "Chantal", "Joyce"),
        ("Kevin", "Dylan", "Jordy", "Mike", "Stefan", "Rick", "Sven", "Thijs"),
    ),
    "ee": (
        ("Ana", "Maria", "Elena", "Ioana", "Petya", "Kasia", "Anna", "Zsofia", "Daniela", "Irina"),
        ("Marek", "Ion", "Andrei", "Piotr", "Tomasz", "Gheorghe", "Lajos", "Nikolai"),
    ),
    "af": (
        ("Blessing", "Joy", "Mercy", "Fatou", "Aminata", "Grace", "Esther", "Mariama", "Faith"),
        ("Ibrahim", "Mamadou", "Samuel", "Yonas", "Abdoulaye", "Emmanuel", "Moses"),
    ),
    "as": (
        ("Lin", "Mei", "Thi", "Maricel", "Ayu", "Priya", "Nguyen", "Siti", "Leila"),
        ("Wei", "Minh", "Jose", "Rahul", "Ahmad", "Tuan", "Reza", "Jun"),
    ),
    "la": (
        ("Luz", "Carmen", "Daniela", "Yolanda", "Rosa", "Juliana", "Shirley"),
        ("Carlos", "Luis", "Andres", "Marlon", "Diego"),
    ),
}
SURNAME_PARTS = {
    "nl": (
        ("Ver", "Van", "Bak", "Hoog", "Dijk", "Wil", "Mol", "Kro", "Brink", "Stee"),
        ("hoeven", "dam", "kamp", "stra", "man", "beek", "horst", "veld", "ink", "werf"),
    ),
    "ee": (
        ("Popes", "Ivan", "Kowal", "Nagy", "Dimit", "Horv", "Petr", "Stoy", "Mazur", "Lung"),
        ("cu", "ova", "ski", "ath", "rova", "escu", "enko", "anu", "ek", "ic"),
    ),
    "af": (
        ("Okon", "Dial", "Mens", "Bang", "Kou", "Tesf", "Ade", "Camar", "Kab", "Obi"),
        ("kwo", "lo", "ah", "oura", "aye", "ola", "ara", "ba", "eke", "uma"),
    ),
    "as": (
        ("Ngu", "Zh", "Sant", "Tran", "Hus", "Rah", "Kar", "Lim", "Wib", "Dela"),
        ("yen", "ang", "os", "in", "sein", "man", "imi", "owo", "Cruz", "ito"),
    ),
    "la": (
        ("Gonz", "Rodr", "Mart", "Fern", "Silv", "Pere", "Herr", "Cast"),
        ("ález", "íguez", "ínez", "andes", "eira", "ira", "era", "illo"),
    ),
}


def name_region(nationality: str) -> str:
    c = countries().get(nationality)
    if nationality == "Nederland" or c is None:
        return "nl"
    return {
        "EU": "ee",
        "Europa niet-EU": "ee",
        "Afrika": "af",
        "Azië": "as",
        "Latijns-Amerika en de Caraïben": "la",
    }.get(c.herkomstregio, "nl")


def active_registration_keys(registration_dir: Path, delivered_by: dt.date) -> list[str]:
    """Koppelsleutels (upper case, sorted) of the current, active records of the CoMensha sample
    in `registration_dir` as of `delivered_by`: only the deliveries dated on or before it (the file
    name's date). IND and OM of 2018 link to what CoMensha had delivered by their last delivery,
    so the later years' deliveries (`--through`) leave their samples as they were."""
    last = delivered_by.strftime("%Y%m%d")
    current: dict[str, tuple[dt.datetime, str, str]] = {}
    for path in sorted(Path(registration_dir).glob("comensha_registraties_*.csv")):
        if path.stem.rsplit("_", 1)[-1] > last:
            continue
        with path.open(encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f, delimiter=";"):
                ts = dt.datetime.strptime(r["gewijzigd_op"].strip(), "%d-%m-%Y %H:%M")
                mid = r["melding_id"].strip()
                if mid not in current or ts >= current[mid][0]:
                    current[mid] = (ts, r["status"].strip().lower(), r["koppelsleutel"].strip().upper())
    return sorted({k for _, status, k in current.values() if k and status == "actief"})
