"""The GX suites on the IND, OM and cross-source marts, on the marts of the default sample.

The default sample is built once per session through Dagster (`built_warehouse`); its marts are
read here as the asset checks read them (DuckDB `.df()`), and:

* every suite passes on them, without a warning, and the build's own asset checks recorded that
  in `quality.results`;
* every `error` expectation has a break (a change to the default sample's mart that makes the
  data unpublishable). Each suite runs once with all its breaks applied at the same time, each on
  its own rows, and exactly the expectations of those breaks fail, all with severity `error`.
  One suite run costs seconds, so one run per break would cost minutes; a break that also fails
  another expectation by nature (an unknown route is also an impossible route) says so;
* the breaks that matter most (duplicate key, impossible route, year in the future, a lost row,
  a grant outside its denominator) also run alone: exactly that expectation fails;
* P8: a violating linked pair gives a warning, never an error, and the Dagster asset check then
  reports severity WARN and does not block the publish.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.build_lock import BUILD_LOCK, build_lock
from orchestration.quality import SUITE_NAMES, SuiteOutcome, run_suite
from orchestration.quality.checks import SuiteCheck, suite_checks
from orchestration.resources import WAREHOUSE, WarehouseSettings

MART_SUITES = (
    "residence_decisions",
    "residence_routes",
    "prosecution_cases",
    "prosecution_victim_links",
    "victim_journeys",
    "cross_source_links",
)
CHECKS: dict[str, SuiteCheck] = {c.suite: c for c in suite_checks()}
HEX = "ab" * 32

NOT_NULL = "expect_column_values_to_not_be_null"
IS_NULL = "expect_column_values_to_be_null"
IN_SET = "expect_column_values_to_be_in_set"
REGEX = "expect_column_values_to_match_regex"
UNIQUE = "expect_column_values_to_be_unique"
BETWEEN = "expect_column_values_to_be_between"
PAIR_IN_SET = "expect_column_pair_values_to_be_in_set"
PAIR_EQUAL = "expect_column_pair_values_to_be_equal"
A_GE_B = "expect_column_pair_values_a_to_be_greater_than_b"
ROW_COUNT = "expect_table_row_count_to_equal"

Key = tuple[str, str, "str | None"]
Where = Callable[[pd.DataFrame], pd.Series]


# --------------------------------------------------------------------------------------------
# breaks: each picks its own rows (`used` keeps them apart when several are applied together)
# --------------------------------------------------------------------------------------------


def _rows(frame: pd.DataFrame, used: set, where: Where | None, n: int = 1) -> list:
    mask = where(frame).fillna(False).astype(bool) if where else pd.Series(True, index=frame.index)
    free = [i for i in frame.index[mask] if i not in used]
    assert len(free) >= n, "the default sample has no row left for this break"
    used.update(free[:n])
    return free[:n]


def _set(frame: pd.DataFrame, row, column: str, value) -> None:
    if value is None and frame[column].dtype == bool:
        frame[column] = frame[column].astype("boolean")
    elif value is None and str(frame[column].dtype) in ("int32", "int64"):
        frame[column] = frame[column].astype(str(frame[column].dtype).capitalize())  # Int32/Int64
    frame.loc[row, column] = value


@dataclass(frozen=True)
class Break:
    """Set `values` (column -> value, or a function of the row) on one row matching `where`;
    `also` lists the other expectations that this change fails by nature."""

    values: dict
    where: Where | None = None
    also: tuple[Key, ...] = ()

    def apply(self, frame: pd.DataFrame, params: dict, used: set) -> None:
        (row,) = _rows(frame, used, self.where)
        for column, value in self.values.items():
            _set(frame, row, column, value(frame.loc[row]) if callable(value) else value)


@dataclass(frozen=True)
class Duplicate:
    """Give one row the key of another row (one suspect-case twice, one person twice...)."""

    columns: tuple[str, ...]
    where: Where | None = None
    also: tuple[Key, ...] = ()

    def apply(self, frame: pd.DataFrame, params: dict, used: set) -> None:
        source, target = _rows(frame, used, self.where, n=2)
        for column in self.columns:
            frame.loc[target, column] = frame.loc[source, column]


@dataclass(frozen=True)
class CountOff:
    """A row lost (or counted twice) between staging and the mart: the expected count differs."""

    also: tuple[Key, ...] = ()

    def apply(self, frame: pd.DataFrame, params: dict, used: set) -> None:
        params["expected_row_count"] += 1


def null(column: str, where: Where | None = None, **also_values) -> Break:
    return Break({column: None, **also_values}, where)


def not_null_breaks(suite: str, columns: str) -> dict[Key, Break]:
    """A missing value in each of `columns` (names split by white space)."""
    return {(suite, NOT_NULL, c): null(c) for c in columns.split()}


def col(name: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda f: f[name]


def eq(name: str, value) -> Where:
    return lambda f: f[name] == value


def days(column: str, n: int):
    return lambda row: row[column] + pd.Timedelta(days=n)


# residence_decisions ------------------------------------------------------------------------

RD = "residence_decisions"
rd_application = lambda f: f["application_id"].notna()  # noqa: E731
rd_last_not_first = lambda f: (
    f["is_last_decision"] & ~f["is_first_decision"] & f["first_decision_year"].notna()
)  # noqa: E731
rd_first_not_last = lambda f: f["is_first_decision"] & ~f["is_last_decision"]  # noqa: E731

RD_BREAKS: dict[Key, object] = {
    (RD, UNIQUE, "decision_id"): Duplicate(("decision_id",)),
    **not_null_breaks(
        RD,
        "decision_id person_key decision_date outcome outcome_category is_renewal is_in_counted_span"
        " is_first_decision is_last_decision is_application_handled_in_span is_granted_after_objection",
    ),
    (RD, NOT_NULL, "residence_type"): null("residence_type", where=rd_application),
    # a reflection period is neither a first nor a last decision: no year pair to disturb
    (RD, NOT_NULL, "decision_year"): null("decision_year", where=eq("residence_type", "bedenktijd")),
    (RD, REGEX, "person_key"): Break({"person_key": "1234567890"}),
    (RD, ROW_COUNT, None): CountOff(),
    (RD, IN_SET, "residence_type"): Break(
        {"residence_type": "asiel"},
        where=eq("residence_type", "voortgezet"),
        also=((RD, PAIR_IN_SET, "residence_type, is_renewal"),),
    ),
    (RD, IN_SET, "phase"): Break({"phase": "Hoger beroep"}, where=lambda f: f["phase"].notna()),
    # a grant counted as overige afdoening: outside the denominator of the grant rate
    (RD, PAIR_IN_SET, "outcome, outcome_category"): Break(
        {"outcome_category": "overige afdoening"}, where=eq("outcome", "Ingewilligd")
    ),
    (RD, PAIR_IN_SET, "application_outcome, application_outcome_category"): Break(
        {"application_outcome_category": "overige afdoening"}, where=eq("application_outcome", "Ingewilligd")
    ),
    (RD, PAIR_IN_SET, "is_granted_after_objection, application_outcome"): Break(
        {"is_granted_after_objection": True}, where=eq("application_outcome", "Afgewezen")
    ),
    (RD, PAIR_IN_SET, "residence_type, is_renewal"): Break(
        {"is_renewal": True}, where=eq("residence_type", "voortgezet")
    ),
    (RD, PAIR_IN_SET, "residence_type, path"): Break(
        {"path": "Regulier"}, where=eq("residence_type", "voortgezet")
    ),
    (RD, PAIR_IN_SET, "residence_type, ground"): Break(
        {"ground": "B9/10"},
        where=lambda f: (f["residence_type"] == "tijdelijk") & (f["decision_year"] >= 2015),
    ),
    (RD, PAIR_IN_SET, "residence_type, reflection_period_days"): Break(
        {"reflection_period_days": 90}, where=eq("residence_type", "tijdelijk")
    ),
    (RD, NOT_NULL, "application_id"): null("application_id", where=rd_application),
    (RD, UNIQUE, "application_id"): Duplicate(("application_id",), where=col("is_last_decision")),
    (RD, PAIR_EQUAL, "decision_year, last_decision_year"): Break(
        {"last_decision_year": lambda r: r["last_decision_year"] - 1},
        where=lambda f: rd_last_not_first(f) & (f["last_decision_year"] > f["first_decision_year"]),
    ),
    (RD, PAIR_EQUAL, "decision_year, first_decision_year"): Break(
        {"first_decision_year": lambda r: r["first_decision_year"] - 1}, where=rd_first_not_last
    ),
    (RD, A_GE_B, "last_decision_year, first_decision_year"): Break(
        {"first_decision_year": lambda r: r["last_decision_year"] + 1}, where=rd_last_not_first
    ),
    (RD, BETWEEN, "decision_date"): Break({"decision_date": pd.Timestamp("2100-01-01")}),
    (RD, BETWEEN, "decision_year"): Break({"decision_year": 2012}, where=eq("residence_type", "bedenktijd")),
    (RD, BETWEEN, "last_decision_year"): Break({"last_decision_year": 2018}, where=rd_first_not_last),
}

# residence_routes ---------------------------------------------------------------------------

RR = "residence_routes"
OUT = "buiten_populatie"
in_population = col("is_in_population")
out_of_population = eq("route", OUT)
RR_ROUTE_FLAG_PAIRS = tuple(
    (RR, PAIR_IN_SET, f"route, {flag}")
    for flag in ("has_bedenktijd", "has_tv_handled", "has_vv_handled", "is_vv_granted")
)

RR_BREAKS: dict[Key, object] = {
    (RR, UNIQUE, "person_key"): Duplicate(("person_key",)),
    **not_null_breaks(
        RR,
        "person_key is_in_population gender age_band nationality origin_region has_bedenktijd"
        " has_tv_handled has_vv_handled is_vv_granted",
    ),
    (RR, NOT_NULL, "route"): null("route", where=in_population),
    (RR, REGEX, "person_key"): Break({"person_key": "1234567890"}),
    (RR, REGEX, "link_hash"): Break({"link_hash": "KS-0001"}, where=col("has_link_key")),
    (RR, ROW_COUNT, None): CountOff(),
    # an impossible route: not one of Figure 4.2, so no flags, group or population fit it
    (RR, IN_SET, "route"): Break(
        {"route": "6"},
        where=out_of_population,
        also=(
            (RR, PAIR_IN_SET, "route, is_in_population"),
            (RR, NOT_NULL, "route_group"),
            *RR_ROUTE_FLAG_PAIRS,
        ),
    ),
    (RR, IN_SET, "route_group"): Break(
        {"route_group": 6},
        where=eq("route", "3"),
        also=((RR, PAIR_IN_SET, "route, route_group"), (RR, PAIR_IN_SET, "route_group, route_group_label")),
    ),
    (RR, IN_SET, "gender"): Break({"gender": "V"}),
    (RR, IN_SET, "age_band"): Break({"age_band": "18-25"}),
    (RR, IN_SET, "origin_region"): Break({"origin_region": "Europa"}),
    # route 4a in group 5 (with the label of group 5): route and group disagree
    (RR, PAIR_IN_SET, "route, route_group"): Break(
        {"route_group": 5, "route_group_label": "Voortgezet verblijf niet verleend"}, where=eq("route", "4a")
    ),
    (RR, IS_NULL, "route_group"): Break(
        {"route_group": 3, "route_group_label": "Uitsluitend tijdelijk verblijf"},
        where=out_of_population,
        also=((RR, PAIR_IN_SET, "route, route_group"),),
    ),
    (RR, NOT_NULL, "route_group"): Break(
        {"route_group": None, "route_group_label": None}, where=in_population
    ),
    (RR, PAIR_IN_SET, "route, is_in_population"): Break(
        {"is_in_population": False}, where=lambda f: f["is_in_population"] & ~f["is_asylum_cohort"]
    ),
    (RR, PAIR_IN_SET, "route_group, route_group_label"): Break(
        {"route_group_label": "Groep X"}, where=in_population
    ),
    (RR, PAIR_IN_SET, "route, start_point"): Break({"start_point": "bedenktijd"}, where=eq("route", "3")),
    (RR, NOT_NULL, "start_point"): null("start_point", where=in_population),
    (RR, PAIR_IN_SET, "route, has_bedenktijd"): Break({"has_bedenktijd": True}, where=eq("route", "3")),
    (RR, PAIR_IN_SET, "route, has_tv_handled"): Break({"has_tv_handled": False}, where=eq("route", "2")),
    (RR, PAIR_IN_SET, "route, has_vv_handled"): Break({"has_vv_handled": False}, where=eq("route", "4a")),
    (RR, PAIR_IN_SET, "route, is_vv_granted"): Break({"is_vv_granted": False}, where=eq("route", "4b")),
    (RR, NOT_NULL, "group_year"): null("group_year", where=in_population),
    (RR, BETWEEN, "group_year"): Break({"group_year": 2018}, where=in_population),
    (RR, BETWEEN, "tv_application_count"): Break({"tv_application_count": 0}, where=col("has_tv_handled")),
    (RR, BETWEEN, "vv_application_count"): Break({"vv_application_count": 0}, where=col("has_vv_handled")),
    (RR, PAIR_IN_SET, "is_asylum_cohort, is_in_population"): Break(
        {"is_asylum_cohort": True}, where=out_of_population
    ),
    (RR, NOT_NULL, "link_hash"): null("link_hash", where=col("has_link_key")),
    (RR, IS_NULL, "link_hash"): Break({"link_hash": HEX}, where=lambda f: ~f["has_link_key"]),
}

# prosecution_cases --------------------------------------------------------------------------

PC = "prosecution_cases"
has_disposition = lambda f: f["disposition"].notna()  # noqa: E731

PC_BREAKS: dict[Key, object] = {
    (PC, UNIQUE, "case_suspect_id"): Duplicate(("case_suspect_id",)),
    **not_null_breaks(
        PC,
        "case_suspect_id case_id suspect_key registration_year registration_date registration_half_year"
        " prosecution_office article is_old_article is_sub3 is_registered_after_hr_2016 exploitation_form"
        " stage is_appeal age_band gender nationality region_of_origin victim_key_count has_victim_key"
        " has_comensha_match has_ind_match",
    ),
    **{(PC, REGEX, c): Break({c: "13/654321-15"}) for c in ("case_suspect_id", "case_id", "suspect_key")},
    (PC, ROW_COUNT, None): CountOff(),
    (PC, BETWEEN, "registration_year"): Break({"registration_year": 2012}),
    (PC, REGEX, "registration_half_year"): Break({"registration_half_year": "2016H1"}),
    (PC, IN_SET, "prosecution_office"): Break({"prosecution_office": "Utrecht"}),
    (PC, IN_SET, "article"): Break(
        {"article": "art. 273f Sr"},
        also=((PC, PAIR_IN_SET, "article, is_sub3"), (PC, PAIR_IN_SET, "article, is_old_article")),
    ),
    (PC, IN_SET, "exploitation_form"): Break({"exploitation_form": "Bedelarij"}),
    (PC, IN_SET, "stage"): Break({"stage": "Onbekend"}, where=eq("stage", "Lopend bij OM")),
    (PC, IN_SET, "disposition_group"): Break(
        {"disposition_group": "Schikking"},
        where=has_disposition,
        also=(
            (PC, PAIR_IN_SET, "disposition, disposition_group"),
            (PC, PAIR_IN_SET, "stage, disposition_group"),
        ),
    ),
    (PC, IN_SET, "judgment"): Break({"judgment": "Schuldig"}, where=eq("judgment", "Vrijspraak")),
    (PC, IN_SET, "sentence_type"): Break(
        {"sentence_type": "Werkstraf"},
        where=eq("sentence_type", "Taakstraf"),
        also=((PC, PAIR_IN_SET, "sentence_type, is_prison_sentence"),),
    ),
    (PC, IN_SET, "sentence_band"): Break(
        {"sentence_band": "> 5 jaar"}, where=lambda f: f["sentence_band"].notna()
    ),
    (PC, IN_SET, "age_band"): Break({"age_band": "50+"}),
    (PC, IN_SET, "gender"): Break({"gender": "Man"}),
    (PC, IN_SET, "region_of_origin"): Break({"region_of_origin": "Europa"}),
    (PC, PAIR_IN_SET, "article, is_sub3"): Break(
        {"is_sub3": True}, where=eq("article", "273f lid 1 sub 1 Sr")
    ),
    (PC, PAIR_IN_SET, "article, is_old_article"): Break(
        {"is_old_article": True}, where=eq("article", "273f lid 1 sub 1 Sr")
    ),
    (PC, PAIR_IN_SET, "disposition, disposition_group"): Break(
        {"disposition_group": "Sepot"}, where=eq("disposition", "Transactie")
    ),
    (PC, PAIR_IN_SET, "stage, disposition_group"): Break(
        {"stage": "Gedagvaard, vonnis volgt"}, where=eq("disposition_group", "Sepot")
    ),
    (PC, IS_NULL, "disposition"): Break(
        {"stage": "Lopend bij OM"},
        where=eq("disposition_group", "Sepot"),
        also=((PC, PAIR_IN_SET, "stage, disposition_group"),),
    ),
    (PC, NOT_NULL, "judgment"): null("judgment", where=eq("judgment", "Vrijspraak")),
    (PC, IS_NULL, "sentence_type"): Break({"sentence_type": "Geldboete"}, where=eq("judgment", "Vrijspraak")),
    (PC, PAIR_IN_SET, "court_level, is_appeal"): Break(
        {"is_appeal": True}, where=eq("court_level", "Rechtbank")
    ),
    (PC, PAIR_IN_SET, "sentence_type, is_prison_sentence"): Break(
        {"is_prison_sentence": True}, where=eq("sentence_type", "Geldboete")
    ),
    (PC, BETWEEN, "sentence_days"): Break({"sentence_days": 0}, where=lambda f: f["sentence_days"].notna()),
    (PC, A_GE_B, "disposition_date, registration_date"): Break(
        {"disposition_date": days("registration_date", -1)},
        where=lambda f: has_disposition(f) & f["judgment"].isna(),
    ),
    (PC, A_GE_B, "judgment_date, disposition_date"): Break(
        {"judgment_date": days("disposition_date", -1)}, where=lambda f: f["judgment"].notna()
    ),
    (PC, BETWEEN, "disposition_year"): Break({"disposition_year": 2100}, where=has_disposition),
    (PC, BETWEEN, "judgment_year"): Break({"judgment_year": 2100}, where=lambda f: f["judgment"].notna()),
    (PC, PAIR_IN_SET, "has_victim_key, has_comensha_match"): Break(
        {"has_comensha_match": True}, where=lambda f: ~f["has_victim_key"]
    ),
    (PC, PAIR_IN_SET, "has_victim_key, has_ind_match"): Break(
        {"has_ind_match": True}, where=lambda f: ~f["has_victim_key"]
    ),
}

# prosecution_victim_links -------------------------------------------------------------------

PVL = "prosecution_victim_links"
PVL_BREAKS: dict[Key, object] = {
    (PVL, "expect_compound_columns_to_be_unique", "case_suspect_id, link_hash"): Duplicate(
        ("case_suspect_id", "link_hash")
    ),
    **not_null_breaks(
        PVL,
        "case_suspect_id suspect_key registration_year link_hash matches_comensha"
        " matches_comensha_headline matches_ind",
    ),
    (PVL, REGEX, "case_suspect_id"): Break({"case_suspect_id": "13/654321-15"}),
    (PVL, REGEX, "link_hash"): Break({"link_hash": "KS-0001"}),
    (PVL, BETWEEN, "registration_year"): Break({"registration_year": 2018}),
    (PVL, PAIR_IN_SET, "matches_comensha, matches_comensha_headline"): Break(
        {"matches_comensha": False}, where=col("matches_comensha_headline")
    ),
}

# victim_journeys ----------------------------------------------------------------------------

VJ = "victim_journeys"
linked_ind = col("is_linked_to_residence")
linked_om = col("is_linked_to_prosecution")

VJ_BREAKS: dict[Key, object] = {
    (VJ, UNIQUE, "link_hash"): Duplicate(("link_hash",)),
    **not_null_breaks(
        VJ,
        "link_hash first_registration_year last_registration_year registration_year_count"
        " first_trafficking_form is_linked_to_residence is_linked_to_prosecution prosecution_case_count"
        " prosecution_suspect_case_count",
    ),
    (VJ, REGEX, "link_hash"): Break({"link_hash": "KS-0001"}),
    (VJ, ROW_COUNT, None): CountOff(),
    (VJ, BETWEEN, "first_registration_year"): Break({"first_registration_year": 2012}),
    (VJ, BETWEEN, "last_registration_year"): Break({"last_registration_year": 2018}),
    (VJ, BETWEEN, "latest_case_registration_year"): Break(
        {"latest_case_registration_year": 2018}, where=linked_om
    ),
    (VJ, A_GE_B, "last_registration_year, first_registration_year"): Break(
        {"first_registration_year": lambda r: r["last_registration_year"] + 1},
        where=lambda f: (
            (f["first_registration_year"] == f["last_registration_year"])
            & (f["last_registration_year"] < 2017)
        ),
    ),
    (VJ, BETWEEN, "registration_year_count"): Break({"registration_year_count": 6}),
    (VJ, IN_SET, "first_trafficking_form"): Break({"first_trafficking_form": "SU"}),
    (VJ, IN_SET, "route"): Break(
        {"route": "6"},
        where=linked_ind,
        also=((VJ, PAIR_IN_SET, "route, route_group"), (VJ, PAIR_IN_SET, "route, is_vv_granted")),
    ),
    (VJ, IN_SET, "best_prosecution_outcome"): Break(
        {"best_prosecution_outcome": "Schikking"},
        where=linked_om,
        also=((VJ, PAIR_IN_SET, "has_conviction, best_prosecution_outcome"),),
    ),
    (VJ, IN_SET, "latest_case_stage"): Break({"latest_case_stage": "Onbekend"}, where=linked_om),
    (VJ, PAIR_IN_SET, "route, route_group"): Break({"route_group": 5}, where=eq("route", "4a")),
    (VJ, IS_NULL, "route"): Break(
        {"route": "3", "route_group": 3}, where=lambda f: ~f["is_linked_to_residence"]
    ),
    (VJ, NOT_NULL, "route"): Break({"route": None, "route_group": None}, where=linked_ind),
    (VJ, PAIR_IN_SET, "route, is_vv_granted"): Break({"is_vv_granted": False}, where=eq("route", "4a")),
    (VJ, BETWEEN, "prosecution_case_count"): Break({"prosecution_case_count": 0}, where=linked_om),
    (VJ, IN_SET, "prosecution_case_count"): Break(
        {"prosecution_case_count": 1, "prosecution_suspect_case_count": 1},
        where=lambda f: ~f["is_linked_to_prosecution"],
    ),
    (VJ, A_GE_B, "prosecution_suspect_case_count, prosecution_case_count"): Break(
        {"prosecution_suspect_case_count": 0}, where=linked_om
    ),
    (VJ, NOT_NULL, "best_prosecution_outcome"): null("best_prosecution_outcome", where=linked_om),
    (VJ, PAIR_IN_SET, "has_conviction, best_prosecution_outcome"): Break(
        {"has_conviction": True},
        where=lambda f: (
            f["best_prosecution_outcome"].notna() & (f["best_prosecution_outcome"] != "Veroordeling")
        ),
    ),
}

ERROR_BREAKS: dict[Key, object] = {**RD_BREAKS, **RR_BREAKS, **PC_BREAKS, **PVL_BREAKS, **VJ_BREAKS}

# The breaks that make the most obvious unpublishable data, each also run alone.
SINGLE_BREAKS: tuple[Key, ...] = (
    (RD, UNIQUE, "decision_id"),
    (RD, BETWEEN, "decision_date"),  # a decision dated in the future
    (RD, PAIR_IN_SET, "outcome, outcome_category"),  # a grant outside the grant rate's denominator
    (RR, PAIR_IN_SET, "route, has_vv_handled"),  # an impossible route: 4a without continued residence
    (RR, ROW_COUNT, None),  # a person lost between staging and the mart
    (PC, UNIQUE, "case_suspect_id"),
    (PC, BETWEEN, "judgment_year"),  # a judgment in 2100
    (PVL, "expect_compound_columns_to_be_unique", "case_suspect_id, link_hash"),
    (VJ, PAIR_IN_SET, "route, route_group"),
    (VJ, BETWEEN, "last_registration_year"),  # a victim registered after the window
)


# --------------------------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def marts(built_warehouse) -> dict[str, tuple[pd.DataFrame, dict]]:
    """Each mart suite's table and run parameters, read from the built default sample as the
    asset checks read them (orchestration/quality/checks.py)."""
    con = duckdb.connect(str(built_warehouse.warehouse_path), read_only=True)
    try:
        return {
            suite: (
                con.execute(f"SELECT * FROM {CHECKS[suite].table}").df(),
                {k: con.execute(q).fetchone()[0] for k, q in CHECKS[suite].parameters_sql.items()},
            )
            for suite in MART_SUITES
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mart_quality_data")


def _run(suite: str, frame: pd.DataFrame, params: dict, data_dir: Path, run_name: str) -> SuiteOutcome:
    # No Data Docs: tests/quality/test_suites.py shows they are rendered; here only outcomes count.
    return run_suite(suite, frame, data_dir=data_dir, run_name=run_name, parameters=params, build_docs=False)


def _keys(suite: str, severity: str) -> set[Key]:
    from orchestration.quality.gx_runner import _column
    from orchestration.quality.suites import SUITES

    return {
        (suite, e.expectation_type, _column(e.configuration.kwargs))
        for e in SUITES[suite].build().expectations
        if e.meta["severity"] == severity
    }


def _failed(outcome: SuiteOutcome) -> set[tuple[str, str | None, str]]:
    return {(o.expectation, o.column, o.severity) for o in outcome.outcomes if not o.success}


# --------------------------------------------------------------------------------------------
# tests
# --------------------------------------------------------------------------------------------


# Suites whose breaks are shown beside the feature they check, in a module of their own.
SUITES_TESTED_WITH_THEIR_FEATURE = {
    "dark_number_estimates": "tests/integration/test_dark_number.py",
    "trend_change_points": "tests/integration/test_trend_change_points.py",
}


def test_every_suite_is_tested_here_or_on_hand_built_frames():
    from tests.quality.test_published_suites import PUBLISHED_MART_SUITES
    from tests.quality.test_suites import HAND_BUILT_SUITES

    tested = set(MART_SUITES) | set(HAND_BUILT_SUITES) | set(PUBLISHED_MART_SUITES)
    assert tested | set(SUITES_TESTED_WITH_THEIR_FEATURE) == set(SUITE_NAMES)
    root = Path(__file__).resolve().parents[2]
    for suite, module in SUITES_TESTED_WITH_THEIR_FEATURE.items():
        assert suite in (root / module).read_text(), f"{module} does not run the suite {suite}"
    assert set(MART_SUITES) <= set(CHECKS), "every mart suite runs as a Dagster asset check"


@pytest.mark.parametrize("suite", MART_SUITES)
def test_default_sample_passes_every_expectation(suite, marts, data_dir):
    frame, params = marts[suite]
    assert len(frame) > 0
    outcome = _run(suite, frame, params, data_dir, f"default-{suite}")
    assert [(o.expectation, o.column, o.observed_value) for o in outcome.outcomes if not o.success] == []
    assert outcome.success
    assert len(outcome.outcomes) == len(_keys(suite, "error")) + len(_keys(suite, "warning"))


def test_the_build_ran_the_mart_suites_as_asset_checks(built_warehouse):
    """The Dagster build of the default sample ran every new suite as an asset check and wrote
    its outcome, all passing, to quality.results; and it published."""
    con = duckdb.connect(str(built_warehouse.warehouse_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT suite, count(*), bool_and(success) FROM quality.results GROUP BY suite"
        ).fetchall()
    finally:
        con.close()
    recorded = {suite: (n, ok) for suite, n, ok in rows}
    for suite in MART_SUITES:
        n, ok = recorded[suite]
        assert ok, suite
        assert n == len(_keys(suite, "error")) + len(_keys(suite, "warning")), suite
    assert built_warehouse.serving_path.is_file()


def test_checks_block_the_publish_except_the_p8_warnings():
    from orchestration.assets.quality_checks import quality_checks

    blocking = {spec.name: spec.blocking for check in quality_checks() for spec in check.check_specs}
    for suite in MART_SUITES:
        assert blocking[f"{suite}_expectations"] is (suite != "cross_source_links"), suite
    assert _keys("cross_source_links", "error") == set()
    assert len(_keys("cross_source_links", "warning")) == 2


@pytest.mark.parametrize("suite", MART_SUITES[:-1])
def test_every_error_expectation_has_a_break(suite):
    assert {k for k in ERROR_BREAKS if k[0] == suite} == _keys(suite, "error")


@pytest.mark.parametrize("suite", MART_SUITES[:-1])
def test_all_breaks_together_fail_exactly_their_expectations(suite, marts, data_dir):
    frame, params = marts[suite]
    frame, params, used = frame.copy(), dict(params), set()
    expected: set[Key] = set()
    for key, change in ERROR_BREAKS.items():
        if key[0] == suite:
            change.apply(frame, params, used)
            expected |= {key, *change.also}
    outcome = _run(suite, frame, params, data_dir, f"breaks-{suite}")

    assert _failed(outcome) == {(e, c, "error") for _, e, c in expected}
    assert not outcome.success
    assert outcome.warning_failures == []
    for failure in outcome.error_failures:
        assert failure.beschrijving and failure.observed_value, failure
        assert not failure.observed_value.startswith("kon niet worden gecontroleerd"), failure


@pytest.mark.parametrize("key", SINGLE_BREAKS, ids=lambda k: "/".join(filter(None, k)))
def test_a_single_break_fails_exactly_that_expectation(key, marts, data_dir):
    suite, expectation, column = key
    frame, params = marts[suite]
    frame, params = frame.copy(), dict(params)
    ERROR_BREAKS[key].apply(frame, params, set())
    outcome = _run(suite, frame, params, data_dir, f"break-{expectation}")

    assert _failed(outcome) == {(expectation, column, "error")}
    assert [(o.expectation, o.column) for o in outcome.error_failures] == [(expectation, column)]
    assert not outcome.success


def test_implausible_but_publishable_mart_data_gives_warnings_only(marts, data_dir):
    """Plausibility limits are warnings: the data still passes the error gate."""
    frame, params = marts[RR]
    frame = frame.copy()
    frame.loc[frame.index[:300], "conflict_nationality"] = True  # 300 of 1.855: above 5%
    outcome = _run(RR, frame, params, data_dir, "warning-routes")
    assert outcome.success
    assert _failed(outcome) == {(IN_SET, "conflict_nationality", "warning")}

    frame, params = marts[PC]
    frame = frame.copy()
    prison = frame.index[frame["is_prison_sentence"].fillna(False).astype(bool)][0]
    frame.loc[prison, "sentence_days"] = 30 * 365  # 30 years: days typed as years?
    outcome = _run(PC, frame, params, data_dir, "warning-cases")
    assert outcome.success
    assert _failed(outcome) == {("expect_column_max_to_be_between", "sentence_days", "warning")}


# --------------------------------------------------------------------------------------------
# P8 cross-source expectations
# --------------------------------------------------------------------------------------------

P8_CONVICTION = (IN_SET, "has_conviction_before_vv_grant", "warning")
P8_RENEWAL = (IN_SET, "has_no_tv_renewal_after_dismissal", "warning")


def test_p8_default_sample_has_linked_dismissals_that_all_hold(marts):
    """The passing P8 run is not vacuous for (b): the default sample links IND persons to
    dismissed OM cases, and none of them got a TV renewal afterwards (contract: both hold)."""
    frame, _ = marts["cross_source_links"]
    assert frame[["person_key", "case_suspect_id"]].duplicated().sum() == 0
    dismissals = frame[frame["is_dismissal"]]
    assert len(dismissals) > 0
    assert dismissals["has_no_tv_renewal_after_dismissal"].astype(bool).all()
    assert frame.loc[~frame["is_dismissal"], "has_no_tv_renewal_after_dismissal"].isna().all()
    # (a) applies only to persons with a VV grant on a-grond veroordeling; where it applies it holds
    applicable = frame["has_conviction_before_vv_grant"].notna()
    assert frame.loc[applicable, "has_conviction_before_vv_grant"].astype(bool).all()
    assert (
        frame.loc[applicable, "first_linked_conviction_date"]
        < frame.loc[applicable, "first_vv_grant_on_conviction_date"]
    ).all()


def _violating_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    """(a) a linked person granted VV on a-grond veroordeling before any linked conviction;
    (b) a linked person renewed after the dismissal of a linked OM case."""
    frame = frame.copy()
    frame["has_conviction_before_vv_grant"] = frame["has_conviction_before_vv_grant"].astype("boolean")
    frame["has_no_tv_renewal_after_dismissal"] = frame["has_no_tv_renewal_after_dismissal"].astype("boolean")
    a = frame.index[0]
    frame.loc[a, "first_vv_grant_on_conviction_date"] = pd.Timestamp("2016-03-01")
    frame.loc[a, "vv_grant_on_conviction_count"] = 1
    frame.loc[a, "has_conviction_before_vv_grant"] = False
    b = frame.index[frame["is_dismissal"]][0]
    frame.loc[b, "last_tv_renewal_date"] = frame.loc[b, "disposition_date"] + pd.Timedelta(days=30)
    frame.loc[b, "has_no_tv_renewal_after_dismissal"] = False
    return frame


def test_p8_violating_pairs_are_warnings_never_errors(marts, data_dir):
    frame, params = marts["cross_source_links"]
    outcome = _run("cross_source_links", _violating_pairs(frame), params, data_dir, "p8-violations")
    assert _failed(outcome) == {P8_CONVICTION, P8_RENEWAL}
    assert outcome.success, "a P8 breach must never fail the error gate"
    assert outcome.error_failures == []
    observed = {o.column: o.observed_value for o in outcome.warning_failures}
    assert observed["has_conviction_before_vv_grant"].startswith("1 van ")
    assert observed["has_no_tv_renewal_after_dismissal"].startswith("1 van ")


def test_p8_asset_check_reports_warn_and_does_not_block(built_warehouse, tmp_path):
    """The real Dagster asset check on a copy of the built warehouse with one violating pair:
    it fails with severity WARN (not ERROR), is not blocking, and writes the warning to
    quality.results for the stewards."""
    import dagster as dg

    from orchestration.assets.quality_checks import quality_checks

    shutil.copy(built_warehouse.warehouse_path, tmp_path / built_warehouse.warehouse_path.name)
    copy = WarehouseSettings(inbox_dir=str(built_warehouse.inbox_dir), data_dir=str(tmp_path))
    con = duckdb.connect(str(tmp_path / built_warehouse.warehouse_path.name))
    con.execute(
        """
        UPDATE intermediate.int_cross_source__link_checks
        SET last_tv_renewal_date = disposition_date + INTERVAL 30 DAY,
            has_no_tv_renewal_after_dismissal = false
        WHERE case_suspect_id = (
            SELECT min(case_suspect_id) FROM intermediate.int_cross_source__link_checks WHERE is_dismissal
        )
        """
    )
    con.close()

    (check,) = [
        c for c in quality_checks() if any(k.name == "cross_source_links_expectations" for k in c.check_keys)
    ]
    assert not next(iter(check.check_specs)).blocking
    # Every step of the build job requires the data dir's build lock (orchestration/build_lock.py).
    # A direct invocation cannot open the lock's generator resource, so the test holds the lock
    # itself, as `build_all` does around its run, and gives the step an empty resource for it.
    with build_lock(copy.settings):
        result = check(
            dg.build_asset_check_context(
                resources={BUILD_LOCK: dg.ResourceDefinition.none_resource(), WAREHOUSE: copy}
            )
        )

    assert result.passed is False
    assert result.severity == dg.AssetCheckSeverity.WARN
    failed = result.metadata["failed_expectations"].data
    assert [(f["column"], f["ernst"]) for f in failed] == [
        ("has_no_tv_renewal_after_dismissal", "waarschuwing")
    ]

    con = duckdb.connect(str(tmp_path / built_warehouse.warehouse_path.name), read_only=True)
    rows = con.execute(
        "SELECT column_name, severity, success FROM quality.results "
        "WHERE suite = 'cross_source_links' AND NOT success"
    ).fetchall()
    # The time this check ran, as recorded for the stewards: the newest run of the suite.
    (checked,) = con.execute(
        "SELECT max(run_at) AT TIME ZONE 'Europe/Amsterdam' FROM quality.results WHERE suite = 'cross_source_links'"
    ).fetchone()
    con.close()
    assert rows == [("has_no_tv_renewal_after_dismissal", "warning", False)]
    # The check states when it ran in Amsterdam time, zone named (issue 15): CET or CEST.
    shown = result.metadata["gecontroleerd_om"].value
    assert shown in (f"{checked:%Y-%m-%d %H:%M:%S} CET", f"{checked:%Y-%m-%d %H:%M:%S} CEST"), shown
