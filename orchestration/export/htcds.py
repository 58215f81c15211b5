"""Victim records for international exchange, in the field names of the Counter-Trafficking Data
Collaborative's global dataset (CTDC codebook, the k-anonymised release that follows the Human
Trafficking Case Data Standard), made k-anonymous (k = 11, as CTDC does) before they leave.

Mapping (one record per headline victim-year of marts.victims; sub-3 left out as in every figure):

| CTDC field | from | values |
|---|---|---|
| yearOfRegistration | registration_year | year; generalised: first year of the reporting window period ("2013-2017") |
| Datasource | constant | "Case Management" (CoMensha registers cases reported to it) |
| gender | gender | Female / Male / -99 |
| ageBroad | age | CTDC bands 0--8, 9--17, 18--20, 21--23, 24--26, 27--29, 30--38, 39--47, 48+; -99 |
| majorityStatus | age | Minor / Adult / -99 |
| citizenship | nationality | ISO 3166-1 alpha-2 (iso_countries.py); -99 when unknown or generalised |
| citizenshipRegion | origin_region | README §9 region (not a CTDC field: what is left when citizenship is generalised) |
| isSexualExploit / isForcedLabour / isOtherExploit / isOrganRemoval | exploitation_form, non_sex_sector_type, non_sex_sector | 1 / 0 (-99 with an unknown form) |
| typeOfExploitConcatenated | the same | "Sexual exploitation", "Forced labour", "Sexual exploitation; Forced labour", "Other", ... |

k-anonymity: every combination of ALL exported columns (all of them are quasi-identifiers here)
must hold at least k different persons (issue 14). The records are victim-years, as every published
victim figure counts them (so the export's margins are the dashboards' units), and once the year
is generalised to the period one person registered in several years is several rows of one
group: counting rows would let a group of 11 rows be fewer than 11 persons. Full-domain
generalisation along a fixed ladder (citizenship -> region;
age band -> majority status; year -> the whole period), stopping at the first step whose remaining
small groups hold at most `MAX_SUPPRESSED_SHARE` of the records; the records of groups of fewer
than k persons are suppressed (left out). The report says which step was taken and how much was lost.

Consistent with the dashboards (published.py): a category the dashboards fold is exported as -99,
and the records of a cell they hide are left out where the export shows that cell's coordinates,
so that the export cannot be subtracted from the published figures to recover a hidden count.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import polars as pl

from orchestration.export.iso_countries import alpha2
from orchestration.export.published import PublishedCells, coordinate, published_cells

K = 11
MAX_SUPPRESSED_SHARE = 0.05
MISSING = "-99"  # CTDC's code for a missing value
AGE_BANDS = (
    (0, 8, "0--8"),
    (9, 17, "9--17"),
    (18, 20, "18--20"),
    (21, 23, "21--23"),
    (24, 26, "24--26"),
    (27, 29, "27--29"),
    (30, 38, "30--38"),
    (39, 47, "39--47"),
    (48, 200, "48+"),
)
GENDER = {"Vrouw": "Female", "Man": "Male"}
# The generalisation ladder: (name of the step, what it does to the records).
LADDER = (
    "geen",
    "nationaliteit -> herkomstregio",
    "leeftijdsklasse -> minderjarig/meerderjarig",
    "registratiejaar -> hele periode",
)
# The cube dimension (published.EXPORTED_DIMENSIONS) the export no longer shows from that step of
# LADDER on: a hidden cell by it is then no margin of the export. (The age group stays: majorityStatus.)
NOT_SHOWN_FROM_STEP = {"nationality": 1, "periode": 3}
PERSON = "_person"  # the pseudonymous person key (marts.victims.victim_id): counted, never exported


VICTIM_COLUMNS = {
    "registration_year": pl.Int64,
    "gender": pl.Utf8,
    "age": pl.Int64,
    "nationality": pl.Utf8,
    "origin_region": pl.Utf8,
    "exploitation_form": pl.Utf8,
    "non_sex_sector_type": pl.Utf8,
    "non_sex_sector": pl.Utf8,
    PERSON: pl.Utf8,
    # the record's cell in the victim cubes (int_disclosure__victim_years), for published.py
    **{
        coordinate(d): pl.Utf8
        for d in ("periode", "trafficking_form", "gender", "age_group", "nationality", "origin_region")
    },
}


@dataclass
class ExportReport:
    k: int
    records_in: int
    records_out: int
    records_suppressed: int
    generalisation_step: str
    suppressed_per_step: dict[str, int]
    columns: list[str]


def _age_band(age: int | None) -> str:
    if age is None:
        return MISSING
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def victim_records(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    cursor = con.execute("""
        SELECT v.registration_year, v.gender, v.age, v.nationality, v.origin_region, v.exploitation_form,
               v.non_sex_sector_type, v.non_sex_sector, v.victim_id,
               c.periode, c.trafficking_form, c.gender, c.age_group, c.nationality, c.origin_region
        FROM marts.victims AS v
        JOIN intermediate.int_disclosure__victim_years AS c USING (victim_id, registration_year)
        WHERE v.is_headline
    """)
    # explicit types: a build without registrations gives no rows, and polars cannot infer them
    rows = pl.DataFrame(cursor.fetchall(), schema=VICTIM_COLUMNS, orient="row")
    form = pl.col("exploitation_form")
    sexual = form.is_in(["Alleen SU", "SU en UBS"])
    labour = form.is_in(["Alleen UBS", "SU en UBS"]) & (pl.col("non_sex_sector_type") == "Arbeidsuitbuiting")
    other = form.is_in(["Alleen UBS", "SU en UBS"]) & (pl.col("non_sex_sector_type") == "Andersoortig")
    organ = pl.col("non_sex_sector") == "Orgaanhandel"
    known = form != "Onbekend"

    def flag(condition: pl.Expr) -> pl.Expr:
        return pl.when(~known).then(pl.lit(MISSING)).when(condition).then(pl.lit("1")).otherwise(pl.lit("0"))

    types = pl.concat_str(
        [
            pl.when(sexual).then(pl.lit("Sexual exploitation")),
            pl.when(labour).then(pl.lit("Forced labour")),
            pl.when(other).then(pl.lit("Other")),
        ],
        separator="; ",
        ignore_nulls=True,
    )
    return rows.select(
        pl.col("registration_year").cast(pl.Utf8).alias("yearOfRegistration"),
        pl.lit("Case Management").alias("Datasource"),
        pl.col("gender").replace_strict(GENDER, default=MISSING).alias("gender"),
        pl.col("age").map_elements(_age_band, return_dtype=pl.Utf8).fill_null(MISSING).alias("ageBroad"),
        pl.when(pl.col("age").is_null())
        .then(pl.lit(MISSING))
        .when(pl.col("age") < 18)
        .then(pl.lit("Minor"))
        .otherwise(pl.lit("Adult"))
        .alias("majorityStatus"),
        pl.col("nationality")
        .map_elements(alpha2, return_dtype=pl.Utf8)
        .fill_null(MISSING)
        .alias("citizenship"),
        pl.col("origin_region").alias("citizenshipRegion"),
        flag(sexual).alias("isSexualExploit"),
        flag(labour).alias("isForcedLabour"),
        flag(other).alias("isOtherExploit"),
        flag(organ).alias("isOrganRemoval"),
        pl.when(known & (types != ""))
        .then(types)
        .otherwise(pl.lit(MISSING))
        .alias("typeOfExploitConcatenated"),
        pl.col("^_.*$"),
    )


def exported_columns(records: pl.DataFrame) -> list[str]:
    """The CTDC fields; the person key and the cube coordinates stay in the warehouse."""
    return [c for c in records.columns if not c.startswith("_")]


def generalise(records: pl.DataFrame, step: int, period: str) -> pl.DataFrame:
    """The records after the first `step` steps of the ladder."""
    out = records
    if step >= 1:
        out = out.with_columns(pl.lit(MISSING).alias("citizenship"))
    if step >= 2:
        out = out.with_columns(pl.lit(MISSING).alias("ageBroad"))
    if step >= 3:
        out = out.with_columns(pl.lit(period).alias("yearOfRegistration"))
    return out


def small_group_mask(records: pl.DataFrame, k: int) -> pl.Series:
    """True for records whose combination of the exported columns holds fewer than k persons."""
    return records.select(pl.col(PERSON).n_unique().over(exported_columns(records)) < k).to_series()


def left_out(records: pl.DataFrame, step: int, published: PublishedCells, k: int) -> pl.Series:
    """True for the records (generalised up to `step`) that do not leave: those in a cell the
    dashboards hide and the export would show, and then those of groups of fewer than k persons."""
    shown = {d for d in published.hidden.columns if step < NOT_SHOWN_FROM_STEP.get(d, len(LADDER))}
    withheld = published.withheld(records, shown)
    # the k persons are counted among the records that may leave
    small = pl.Series(values=[False] * len(records), dtype=pl.Boolean).scatter(
        (~withheld).arg_true(), small_group_mask(records.filter(~withheld), k)
    )
    return withheld | small


def anonymise(
    records: pl.DataFrame, period: str, published: PublishedCells, k: int = K
) -> tuple[pl.DataFrame, ExportReport]:
    records = published.fold(records)
    suppressed_per_step: dict[str, int] = {}
    chosen = None
    for step, name in enumerate(LADDER):
        candidate = generalise(records, step, period)
        out = left_out(candidate, step, published, k)
        suppressed_per_step[name] = int(out.sum())
        if chosen is None and out.sum() <= MAX_SUPPRESSED_SHARE * len(records):
            chosen = (step, candidate.filter(~out))
    if chosen is None:  # no step is good enough: the last one, with whatever must go
        step = len(LADDER) - 1
        candidate = generalise(records, step, period)
        chosen = (step, candidate.filter(~left_out(candidate, step, published, k)))
    step, kept = chosen
    exported = kept.select(exported_columns(kept))
    report = ExportReport(
        k=k,
        records_in=len(records),
        records_out=len(exported),
        records_suppressed=len(records) - len(exported),
        generalisation_step=LADDER[step],
        suppressed_per_step=suppressed_per_step,
        columns=exported.columns,
    )
    return exported, report


def write_export(warehouse: Path, out_dir: Path) -> ExportReport:
    """Write `ctdc_victims.csv` and `ctdc_export_report.json` into `out_dir`."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        records = victim_records(con)
        published = published_cells(con)
    finally:
        con.close()
    years = records["yearOfRegistration"]
    exported, report = anonymise(records, f"{years.min()}-{years.max()}", published)
    out_dir.mkdir(parents=True, exist_ok=True)
    # written next to the final names, then renamed: a reader never sees half a file
    csv_tmp, json_tmp = out_dir / "ctdc_victims.csv.new", out_dir / "ctdc_export_report.json.new"
    exported.sort(exported.columns).write_csv(csv_tmp)
    json_tmp.write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False), encoding="utf-8")
    csv_tmp.replace(out_dir / "ctdc_victims.csv")
    json_tmp.replace(out_dir / "ctdc_export_report.json")
    return report
