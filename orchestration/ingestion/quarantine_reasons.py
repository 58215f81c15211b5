"""The quarantine reason codes (contract README §5) in plain Dutch, for the data stewards.

The validator (orchestration/ingestion/validate.py) writes `reasons` as `code:column` joined by
`; `; a steward deciding what to ask the source needs to read what is wrong without the contract at
hand. This is the one place that says it; `reasons_text_sql` turns a `reasons` column into that
text inside DuckDB (orchestration/quality/steward.py builds the stewards' quarantine table with it).
"""

from __future__ import annotations

# Contract README §5, table of reason codes: the meaning, said for a steward.
REASON_TEXT = {
    "aantal_velden": "rij heeft meer of minder velden dan de kopregel (waarden niet bewaard)",
    "verplicht_veld_leeg": "verplichte waarde ontbreekt",
    "ongeldig_formaat": "waarde heeft een verkeerd formaat (datum, getal, patroon of lengte)",
    "ongeldige_code": "waarde staat niet in de codelijst",
    "veld_niet_toegestaan": "waarde ingevuld waar het contract een leeg veld eist",
    "inconsistent": "waarde strijdig met een andere kolom van dezelfde rij",
    "dubbele_sleutel": "recordsleutel komt vaker voor in hetzelfde bestand",
}
# The column part of `aantal_velden:-`: the row has no column to name.
NO_COLUMN = "-"


def reasons_text_sql(column: str = "reasons") -> str:
    """Every reason of a `reasons` column in Dutch, joined by `; `, as a DuckDB expression:
    `ongeldige_code:melder_type` -> `waarde staat niet in de codelijst (kolom melder_type)`."""
    cases = " ".join(f"WHEN '{code}' THEN '{text}'" for code, text in REASON_TEXT.items())
    return (
        f"array_to_string(list_transform(string_split({column}, '; '), lambda r: "
        f"(CASE split_part(r, ':', 1) {cases} ELSE split_part(r, ':', 1) END) || "
        f"(CASE WHEN split_part(r, ':', 2) NOT IN ('', '{NO_COLUMN}') "
        f"THEN ' (kolom ' || split_part(r, ':', 2) || ')' ELSE '' END)), '; ')"
    )
