"""What the published victim figures fold and hide, so that the CTDC export (htcds.py) never gives
it back (issue 14).

The export's margins (per year, gender, age group, form, nationality, region) are the same counts
the dashboards show. A reader who holds both can subtract: the export's adults next to the
dashboards' 'Meerderjarig + Leeftijd onbekend' give the one victim of unknown age back, and an
export margin that covers an "x" cell nearly exactly pins the "< 5" cell of its equation
(tests/integration/export_reader.py plays that reader). So the export is made consistent with
the dashboards' decisions (int_disclosure__victim_cells, macros/disclosure.sql):

* a folded category (README "Disclosure control at any size", rule 2) is exported as unknown
  (-99) in the CTDC fields that would tell its parts apart;
* the records of a hidden cell ("< 5" or "x") are left out, where the export shows that cell's
  coordinates (a cell by province or police unit, or by nationality once the export generalises
  nationality away, is no margin of the export). The export then adds no lower bound to a hidden
  cell; the report's number of records in is the published headline total.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from orchestration.quality.references import FOLD_SEPARATOR  # macros/disclosure.sql fold_separator()

MISSING = "-99"  # CTDC's code for a missing value
HEADLINE = "Slachtoffers (excl. sub-3)"  # the population the export holds (int_disclosure__victim_cells)

# Cube dimension -> its total value (macros/disclosure.sql cube_dimensions); periode's total is
# the window label, which is not a year.
TOTALS = {
    "trafficking_form": "Alle vormen",
    "gender": "Alle",
    "age_group": "Alle",
    "nationality": "Alle nationaliteiten",
    "origin_region": "Alle regio's",
    "province_code": "NL",
    "police_unit_found": "Nederland",
    "population": "Alle",
}
# The cube dimensions an exported record has, and the CTDC fields that tell its categories apart
# (htcds.victim_records): a folded category makes these unknown. Not exported: province and
# police unit (a cell by them is no margin of the export).
EXPORTED_DIMENSIONS = {
    "periode": (),
    "trafficking_form": (
        "isSexualExploit",
        "isForcedLabour",
        "isOtherExploit",
        "isOrganRemoval",
        "typeOfExploitConcatenated",
    ),
    "gender": ("gender",),
    "age_group": ("ageBroad", "majorityStatus"),
    "nationality": ("citizenship",),
    "origin_region": ("citizenshipRegion",),
}
NO_REGION = "\x00"  # a record without an origin region (NULL in the cells as in the records)


def coordinate(dimension: str) -> str:
    """The records' column holding the dimension's value (htcds.victim_records)."""
    return f"_{dimension}"


@dataclass
class PublishedCells:
    folds: dict[str, dict[str, str]]  # dimension -> {category: its folded label}
    hidden: pl.DataFrame  # the hidden headline cells, one column per exported dimension (None: total)

    def fold(self, records: pl.DataFrame) -> pl.DataFrame:
        """The records with their folded labels as coordinates, and the CTDC fields of a folded
        category unknown."""
        out = records
        for dimension, labels in self.folds.items():
            column = pl.col(coordinate(dimension))
            folded = column.is_in(list(labels))
            out = out.with_columns(
                *(
                    pl.when(folded).then(pl.lit(MISSING)).otherwise(pl.col(f)).alias(f)
                    for f in EXPORTED_DIMENSIONS[dimension]
                ),
                column.replace(labels).alias(coordinate(dimension)),
            )
        return out

    def withheld(self, records: pl.DataFrame, shown: set[str]) -> pl.Series:
        """True for the (folded) records that lie in a hidden cell whose every coordinate the
        export shows (`shown`: the exported dimensions left after generalisation)."""
        mask = pl.Series(values=[False] * len(records), dtype=pl.Boolean)
        dims = list(EXPORTED_DIMENSIONS)
        not_shown = [pl.col(d).is_null() for d in dims if d not in shown]
        hidden = self.hidden.filter(pl.all_horizontal(not_shown)) if not_shown else self.hidden
        # cells are matched per pattern (which dimensions are not at their total)
        for pattern, cells in hidden.group_by([pl.col(d).is_not_null().alias(f"has_{d}") for d in dims]):
            own = [d for d, has in zip(dims, pattern) if has]
            if not own:  # a hidden total of every headline victim: nothing may leave
                return pl.Series(values=[True] * len(records), dtype=pl.Boolean)
            keys = cells.select(_key(own)).to_series().unique().to_list()
            mask = mask | records.select(_key([coordinate(d) for d in own]).is_in(keys)).to_series()
        return mask


def _key(columns: list[str]) -> pl.Expr:
    """One string of a cell's coordinates (a record's, or a hidden cell's) in `columns`."""
    return pl.concat_str([pl.col(c).fill_null(NO_REGION) for c in columns], separator="\x1f")


def published_cells(con: duckdb.DuckDBPyConnection) -> PublishedCells:
    """The folds and the hidden headline cells of the victim cubes, from the one model that
    decides them for every victim chart (int_disclosure__victim_cells)."""
    dims = list(EXPORTED_DIMENSIONS)
    rows = con.execute(f"""
        SELECT DISTINCT {", ".join(dims)}, province_code, police_unit_found, population, is_suppressed
        FROM intermediate.int_disclosure__victim_cells
    """).fetchall()
    folds: dict[str, dict[str, str]] = {}
    hidden = []
    for row in rows:
        cell = dict(zip([*dims, "province_code", "police_unit_found", "population", "is_suppressed"], row))
        for d in dims:
            if cell[d] and FOLD_SEPARATOR in cell[d]:
                folds.setdefault(d, {}).update({part: cell[d] for part in cell[d].split(FOLD_SEPARATOR)})
        regional = (cell["province_code"], cell["police_unit_found"]) != (
            TOTALS["province_code"],
            TOTALS["police_unit_found"],
        )
        if cell["is_suppressed"] and cell["population"] == HEADLINE and not regional:
            # None: at its total (no region is a category of its own, NO_REGION)
            hidden.append({d: None if _is_total(d, cell[d]) else (cell[d] or NO_REGION) for d in dims})
    return PublishedCells(folds, pl.DataFrame(hidden, schema={d: pl.Utf8 for d in dims}))


def _is_total(dimension: str, value: str | None) -> bool:
    if value is None:
        return False
    if dimension == "periode":
        return not value.isdigit()
    return value == TOTALS[dimension]
