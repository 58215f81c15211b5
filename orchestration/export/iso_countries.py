"""Dutch country names (seed ref_nationaliteit) -> ISO 3166-1 alpha-2, from pycountry's Dutch
translations rather than a hand-typed list. Names pycountry does not know in Dutch (historic
states such as Joegoslavië, Kosovo, spellings that differ) get no code: the export then shows only
the region of origin for them."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry


@cache
def dutch_names_to_alpha2() -> dict[str, str]:
    nl = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            english = getattr(country, attribute, None)
            if not english:
                continue
            dutch = nl.gettext(english)
            variants = {dutch, dutch.removeprefix("Republiek ")}
            if ", " in dutch:  # "Congo, Democratische Republiek" -> "Democratische Republiek Congo"
                head, _, qualifier = dutch.partition(", ")
                variants.add(f"{qualifier} {head}")
            for variant in variants:
                names.setdefault(variant, country.alpha_2)
    return names


def alpha2(dutch_name: str | None) -> str | None:
    return dutch_names_to_alpha2().get(dutch_name or "")
