"""Spelling variants that the contract accepts for code values (README §2.3-§2.5, registration §2).

Every variant here maps back to the same canonical value under the contract's matching rules:
trimming (spaces, tabs, non-breaking spaces), collapsing inner whitespace, case- and
accent-insensitive matching, and the listed aliases.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from synthetic import reference as R

ALIASES = {  # canonical -> listed aliases (registration.md §2), per column kind
    "geslacht": {"V": ("Vrouw",), "M": ("Man",)},
    "sector": {
        R.SU: ("Uitbuiting in de seksindustrie",),
        R.SEC_NNG: ("(Nog) niet gewerkt",),
        R.SEC_ONB: ("Sector onbekend",),
    },
    "subsector": {R.SEC_NNG: ("(Nog) niet gewerkt",), R.SEC_ONB: ("Sector onbekend",)},
    "doel_melding": {"Registratie": ("Uitsluitend registratie",), "Verzoek opvang": ("Verzoek tot opvang",)},
    "eerste_opvang": {"Kortdurende opvang": ("Kortdurende eerste opvangplek",)},
    "aangifte": {
        "Ja": ("Aangifte",),
        "Nee": ("Geen aangifte",),
        "Bedenktijd loopt": ("Bedenktijd loopt nog",),
        "Intake": ("In ieder geval intake",),
    },
}


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def code(value: str, column: str, rng: np.random.Generator, rate: float) -> str:
    """The canonical `value`, or (with probability `rate`) an accepted variant of it."""
    if not value or rng.random() >= rate:
        return value
    options = list(ALIASES.get(column, {}).get(value, ()))
    if column == "nationaliteit" or column.startswith("land_"):
        options += list(R.countries()[value].aliassen) if value in R.countries() else []
    r = rng.random()
    if options and r < 0.45:
        out = options[int(rng.integers(len(options)))]
    else:
        out = value
    kind = int(rng.integers(7))
    if kind == 0:
        out = out.lower()
    elif kind == 1:
        out = out.upper()
    elif kind == 2:
        out = "  " + out
    elif kind == 3:
        out = out + " "
    elif kind == 4 and " " in out:
        out = out.replace(" ", "  ", 1)
    elif kind == 5 and strip_accents(out) != out:
        out = strip_accents(out)
    elif kind == 6:
        out = "\u00a0" + out if rng.random() < 0.5 else "\t" + out
    return out


def multi(values: list[str], column: str, rng: np.random.Generator, rate: float) -> str:
    """A multi-valued cell: `|`-separated, with odd spacing, duplicates and empty elements."""
    parts = [code(v, column, rng, rate) for v in values]
    if parts and rng.random() < rate:
        r = rng.random()
        if r < 0.35:
            parts.append(parts[int(rng.integers(len(parts)))].lower())  # duplicate
        elif r < 0.55:
            parts.insert(int(rng.integers(len(parts) + 1)), "")  # empty element
        elif r < 0.7:
            parts = parts[::-1]
    sep = " | " if rng.random() < rate else "|"
    return sep.join(parts)


def link_key(key: str, rng: np.random.Generator) -> str:
    """The koppelsleutel in mixed case (input is case-insensitive, README §8)."""
    r = rng.random()
    if r < 0.5:
        return key
    if r < 0.75:
        return key.lower()
    return "".join(ch.lower() if rng.random() < 0.5 else ch for ch in key)
