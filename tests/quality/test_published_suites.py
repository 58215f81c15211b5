"""The GX suites of the other published marts (PUBLISHED_MART_SUITES, expectations/suites/), on the
marts of the default sample (`built_warehouse`), as tests/quality/test_mart_suites.py does:

* every suite passes on the default sample, and the build ran it as an asset check;
* every `error` expectation has a break, derived from the expectation itself (a null, an unknown
  code, a duplicate key, a value out of range, an impossible pair). Suites on large marts run
  once with all their breaks together, each on its own rows; the three small marts (five, six and
  three rows) run each break alone. Exactly the expectations broken fail, all with severity `error`;
* the disclosure rules (no shown count 1-4, hidden cells without a count) each fail alone.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.quality import SuiteOutcome, run_suite
from orchestration.quality.checks import suite_checks
from orchestration.quality.suites import SUITES
from tests.quality.test_mart_suites import Key, _set

# The published marts whose suites this module tests (the others: tests/quality/test_mart_suites.py).
PUBLISHED_MART_SUITES = (
    "reports",
    "police_unit_reports",
    "visibility_estimates",
    "victim_linkage_summary",
    "trafficking_routes",
    "regional_victims",
    "regional_police_reports",
    "shelter",
    "shelter_capacity",
    # issue 6: the marts behind the analysts' dashboards
    "trend_figures",
    "residence_figures",
    "residence_route_figures",
    "prosecution_figures",
    "published_figures_dashboard",
    # issue 15: the "stand van de gegevens" line of every dashboard
    "data_status",
    # issue 17: the trend-break register and the edition ledger
    "trend_break_register",
    "edition_figures",
)
CHECKS = {c.suite: c for c in suite_checks()}
SMALL = (
    "visibility_estimates",
    "victim_linkage_summary",
    "data_status",
    "trend_break_register",
    "edition_figures",
)
LARGE = tuple(s for s in PUBLISHED_MART_SUITES if s not in SMALL)
UNKNOWN = "onbekende-code"


def _column(kwargs: dict) -> str | None:
    from orchestration.quality.gx_runner import _column as column

    return column(kwargs)


def _error_expectations(suite: str) -> list:
    return [e for e in SUITES[suite].build().expectations if e.meta["severity"] == "error"]


def _key(suite: str, e) -> Key:
    return (suite, e.expectation_type, _column(e.configuration.kwargs))


def _condition_mask(frame: pd.DataFrame, kwargs: dict) -> pd.Series:
    """Rows the expectation looks at: its row condition (`is_suppressed == True` here) or all."""
    if kwargs.get("row_condition") is not None:
        return frame["is_suppressed"].fillna(False).astype(bool)
    return pd.Series(True, index=frame.index)


def _pick(frame: pd.DataFrame, used: set, mask: pd.Series, n: int = 1) -> list:
    free = [i for i in frame.index[mask.fillna(False).astype(bool)] if i not in used]
    assert len(free) >= n, "the default sample has no row left for this break"
    used.update(free[:n])
    return free[:n]


def _hide_a_shown_cell(frame: pd.DataFrame, used: set) -> None:
    """Hide one shown cell as the mart hides one (count NULL, label "x", is_suppressed): a mart
    whose small categories are all folded (issue 13) may hide nothing on the default sample, and a
    break of an expectation about hidden cells needs one. The cell is one with a single count (no
    rate or second count on its row), so no other expectation is touched."""
    pairs = [
        (c, c[: -len("_label")])
        for c in frame.columns
        if c.endswith("_label") and c[: -len("_label")] in frame
    ]
    rates = [c for c in frame.columns if c.endswith("rate")]
    for row in frame.index:
        if row in used or frame.loc[row, "is_suppressed"]:
            continue
        shown = [
            (label, base)
            for label, base in pairs
            if pd.notna(frame.loc[row, label]) and pd.notna(frame.loc[row, base])
        ]
        if len(shown) == 1 and all(pd.isna(frame.loc[row, r]) for r in rates):
            label, base = shown[0]
            _set(frame, row, base, None)
            frame.loc[row, label] = "x"
            frame.loc[row, "is_suppressed"] = True
            return
    raise AssertionError("no shown cell left to hide")


def apply_break(frame: pd.DataFrame, e, used: set) -> None:
    """Break exactly expectation `e` of a published-mart suite, on rows of its own."""
    t, kw = e.expectation_type, e.configuration.kwargs
    mask = _condition_mask(frame, kw)
    if kw.get("row_condition") is not None and not any(i not in used for i in frame.index[mask]):
        _hide_a_shown_cell(frame, used)
        mask = _condition_mask(frame, kw)
    if t == "expect_compound_columns_to_be_unique":
        source, target = _pick(frame, used, mask, n=2)
        for column in kw["column_list"]:
            frame.loc[target, column] = frame.loc[source, column]
    elif t == "expect_column_values_to_be_unique":
        source, target = _pick(frame, used, mask, n=2)
        frame.loc[target, kw["column"]] = frame.loc[source, kw["column"]]
    elif t == "expect_column_values_to_not_be_null":
        (row,) = _pick(frame, used, mask & frame[kw["column"]].notna())
        _set(frame, row, kw["column"], None)
    elif t == "expect_column_values_to_be_null":
        column = kw["column"]
        (row,) = _pick(frame, used, mask)
        frame[column] = frame[column].astype(float)
        frame.loc[row, column] = 7.5 if column.endswith("100k") else 7  # 7: not a count of 1-4
    elif t == "expect_column_values_to_not_be_in_set":  # a shown count of 3
        column = kw["column"]
        (row,) = _pick(
            frame, used, mask & ~frame["is_suppressed"].fillna(True).astype(bool) & frame[column].notna()
        )
        frame.loc[row, column] = 3
    elif t in ("expect_column_values_to_be_in_set", "expect_column_values_to_match_regex"):
        (row,) = _pick(frame, used, mask & frame[kw["column"]].notna())
        frame.loc[row, kw["column"]] = UNKNOWN
    elif t == "expect_column_values_to_be_between":
        column = kw["column"]
        (row,) = _pick(frame, used, mask & frame[column].notna())
        if column == "registration_year":
            value = 2099
        elif kw.get("max_value") == 1:
            value = 1.5
        else:
            value = -1
        frame.loc[row, column] = value
    elif t == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b = kw["column_A"], kw["column_B"]
        (row,) = _pick(frame, used, mask & frame[a].notna() & frame[b].notna())
        frame.loc[row, b] = frame.loc[row, a] + 1
    elif t == "expect_column_pair_values_to_be_in_set":
        b = kw["column_B"]
        (row,) = _pick(frame, used, mask & frame[b].notna())
        frame.loc[row, b] = not bool(frame.loc[row, b])
    else:  # pragma: no cover - a new expectation type needs a break here
        raise AssertionError(f"no break for {t}")


@pytest.fixture(scope="module")
def marts(built_warehouse) -> dict[str, tuple[pd.DataFrame, dict]]:
    con = duckdb.connect(str(built_warehouse.warehouse_path), read_only=True)
    try:
        return {s: con.execute(f"SELECT * FROM {CHECKS[s].table}").df() for s in PUBLISHED_MART_SUITES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("published_quality_data")


def _run(suite: str, frame: pd.DataFrame, data_dir: Path, run_name: str) -> SuiteOutcome:
    # No Data Docs: tests/quality/test_suites.py shows they are rendered; here only outcomes count.
    return run_suite(suite, frame, data_dir=data_dir, run_name=run_name, build_docs=False)


def _failed(outcome: SuiteOutcome) -> set[tuple[str, str | None, str]]:
    return {(o.expectation, o.column, o.severity) for o in outcome.outcomes if not o.success}


def test_every_published_mart_has_a_suite_and_an_asset_check():
    from orchestration.registry import published_mart_names

    with_suite = set(SUITES) & set(published_mart_names())
    # published_figures_comparison is added (with its own suite) by its own change
    assert set(published_mart_names()) - with_suite <= {"published_figures_comparison"}
    for suite in PUBLISHED_MART_SUITES:
        assert CHECKS[suite].asset == suite and CHECKS[suite].blocking, suite


@pytest.mark.parametrize("suite", PUBLISHED_MART_SUITES)
def test_default_sample_passes_every_expectation(suite, marts, data_dir):
    frame = marts[suite]
    assert len(frame) > 0
    outcome = _run(suite, frame, data_dir, f"default-{suite}")
    assert [(o.expectation, o.column, o.observed_value) for o in outcome.outcomes if not o.success] == []


def test_the_build_ran_the_published_suites_as_asset_checks(built_warehouse):
    con = duckdb.connect(str(built_warehouse.warehouse_path), read_only=True)
    try:
        rows = dict(
            (s, (n, ok))
            for s, n, ok in con.execute(
                "SELECT suite, count(*), bool_and(success) FROM quality.results GROUP BY suite"
            ).fetchall()
        )
    finally:
        con.close()
    for suite in PUBLISHED_MART_SUITES:
        assert rows[suite] == (len(SUITES[suite].build().expectations), True), suite


@pytest.mark.parametrize("suite", LARGE)
def test_all_breaks_together_fail_exactly_their_expectations(suite, marts, data_dir):
    frame, used = marts[suite].copy(), set()
    expected = set()
    for e in _error_expectations(suite):
        apply_break(frame, e, used)
        expected.add(_key(suite, e))
    outcome = _run(suite, frame, data_dir, f"breaks-{suite}")
    assert _failed(outcome) == {(t, c, "error") for _, t, c in expected}
    assert not outcome.success and outcome.warning_failures == []
    for failure in outcome.error_failures:
        assert failure.observed_value and not failure.observed_value.startswith("kon niet"), failure


@pytest.mark.parametrize(
    "key",
    [_key(s, e) for s in SMALL for e in _error_expectations(s)],
    ids=lambda k: "/".join(filter(None, k)),
)
def test_each_break_of_a_small_mart_fails_exactly_that_expectation(key, marts, data_dir):
    suite = key[0]
    (e,) = [e for e in _error_expectations(suite) if _key(suite, e) == key]
    frame = marts[suite].copy()
    apply_break(frame, e, set())
    outcome = _run(suite, frame, data_dir, f"break-{key[1]}")
    assert _failed(outcome) == {(key[1], key[2], "error")}


@pytest.mark.parametrize(
    ("suite", "count"),
    [
        ("trafficking_routes", "victims"),
        ("regional_victims", "victims"),
        ("regional_police_reports", "police_reports"),
        ("shelter", "requests"),
        ("shelter_capacity", "requests"),
    ],
)
def test_disclosure_breaches_each_block_the_publish(suite, count, marts, data_dir):
    frame = marts[suite].copy()
    shown = frame.index[~frame["is_suppressed"].astype(bool) & frame[count].notna()][0]
    frame.loc[shown, count] = 2
    outcome = _run(suite, frame, data_dir, f"small-{suite}")
    assert _failed(outcome) == {("expect_column_values_to_not_be_in_set", count, "error")}
    assert "1 van" in outcome.error_failures[0].observed_value

    frame = marts[suite].copy()
    hidden = frame.index[frame["is_suppressed"].astype(bool)][0]
    frame[count] = frame[count].astype(float)
    frame.loc[hidden, count] = 12
    outcome = _run(suite, frame, data_dir, f"hidden-{suite}")
    assert _failed(outcome) == {("expect_column_values_to_be_null", count, "error")}
