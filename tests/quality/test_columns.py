"""A steward check loads only the columns its suite reads (orchestration/quality/columns.py,
checks.frame_sql; issue 19), and finds the same outcomes and failing rows as on the whole table."""

from __future__ import annotations

import duckdb
import pytest
import yaml

from orchestration.quality import run_suite
from orchestration.quality import suites as suites_module
from orchestration.quality.checks import SuiteCheck, failing_rows_refs, frame_sql
from orchestration.quality.columns import suite_columns

SUITE = "kolommen_suite"
EXPECTATIONS = [
    {
        "expect": "column_values_to_not_be_null",
        "severity": "error",
        "beschrijving": "a gevuld.",
        "column": "a",
    },
    {
        "expect": "column_pair_values_a_to_be_greater_than_b",
        "severity": "warning",
        "beschrijving": "b na c, waar d 1 is.",
        "column_A": "b",
        "column_B": "c",
        "row_condition": "d == 1",
    },
    {
        "expect": "compound_columns_to_be_unique",
        "severity": "error",
        "beschrijving": "e en f samen uniek.",
        "column_list": ["e", "f"],
    },
    {"expect": "table_row_count_to_equal", "severity": "error", "beschrijving": "Drie rijen.", "value": 3},
]
READ = {"a", "b", "c", "d", "e", "f"}


@pytest.fixture
def suite_file(tmp_path, monkeypatch):
    """A suite declared in a file of its own, as expectations/README.md describes; returns a
    function that (re)declares it with the given expectations."""

    def declare(expectations: list[dict]) -> None:
        path = tmp_path / f"{SUITE}.yml"
        path.write_text(
            yaml.safe_dump({"table": "main.t", "beschrijving": "Kolommen.", "expectations": expectations}),
            encoding="utf-8",
        )
        monkeypatch.setitem(suites_module.SUITES, SUITE, suites_module.suite_spec(path))
        suite_columns.cache_clear()

    yield declare
    suite_columns.cache_clear()


def test_a_suite_reads_the_columns_of_its_expectations_and_row_conditions(suite_file):
    suite_file(EXPECTATIONS)
    assert suite_columns(SUITE) == READ
    # A suite that judges the table's columns themselves needs all of them.
    suite_file(
        EXPECTATIONS
        + [
            {
                "expect": "table_columns_to_match_set",
                "severity": "error",
                "beschrijving": "De kolommen.",
                "column_set": sorted(READ),
            }
        ]
    )
    assert suite_columns(SUITE) is None


def test_a_check_loads_those_columns_and_the_keys_and_finds_the_same_failures(suite_file, tmp_path):
    suite_file(EXPECTATIONS)
    con = duckdb.connect()
    # row 2 has no `a` (error), row 3 has b not after c where d = 1 (warning), rows 1 and 3 share e, f
    con.execute(
        """CREATE TABLE t AS SELECT * FROM (VALUES
            (1, 10, 5, 1, 'x', 1, 'niet gelezen', 'v1', 2016),
            (NULL, 10, 5, 1, 'y', 1, 'niet gelezen', 'v2', 2016),
            (3, 1, 5, 1, 'x', 1, 'niet gelezen', 'v3', 2017)
        ) v(a, b, c, d, e, f, toelichting, victim_id, registration_year)"""
    )
    check = SuiteCheck(SUITE, SUITE, "t", "comensha")
    pruned = con.execute(frame_sql(con, check)).df()
    whole = con.execute("SELECT * FROM t").df()
    assert list(pruned.columns) == [c for c in whole.columns if c != "toelichting"]

    outcomes = {}
    for name, frame in (("pruned", pruned), ("whole", whole)):
        outcome = run_suite(SUITE, frame, data_dir=tmp_path / "data", run_name=name, build_docs=False)
        outcomes[name] = (
            [(o.expectation, o.success, o.observed_value, o.unexpected_sample) for o in outcome.outcomes],
            failing_rows_refs(outcome, frame, "t", ()),
        )
    assert outcomes["pruned"] == outcomes["whole"]
    results, refs = outcomes["pruned"]
    assert [success for _, success, _, _ in results] == [False, False, False, True]
    assert '"victim_id": "v2"' in refs[0]  # the failing row is named by its keys


def test_a_list_column_reaches_gx_as_tuples_that_pandas_can_fingerprint(suite_file, tmp_path):
    """DuckDB's LIST columns (CoMensha's sector, OM's victim_link_hashes) arrive as numpy arrays,
    which pandas cannot hash, so GX pickled the whole frame to fingerprint the batch (issue 19).
    run_suite hands GX tuples of the same values: the suite judges the same rows and columns."""
    import pandas as pd

    from orchestration.quality.gx_runner import _hashable_lists

    suite_file(
        [
            {
                "expect": "table_columns_to_match_set",
                "severity": "error",
                "beschrijving": "De kolommen.",
                "column_set": ["a", "sector"],
            },
            {
                "expect": "column_values_to_not_be_null",
                "severity": "error",
                "beschrijving": "a.",
                "column": "a",
            },
        ]
    )
    frame = duckdb.sql(
        "SELECT * FROM (VALUES (1, ['bouw', 'horeca']), (NULL, []), (3, NULL)) v(a, sector)"
    ).df()
    with pytest.raises(TypeError):
        pd.util.hash_pandas_object(frame)  # what made GX fall back to a pickle

    handed = _hashable_lists(frame)
    pd.util.hash_pandas_object(handed)  # no TypeError: GX's own first choice works
    assert (handed["sector"].tolist()[:2], handed["sector"].isna().tolist()) == (
        [("bouw", "horeca"), ()],
        [False, False, True],
    )
    outcome = run_suite(SUITE, frame, data_dir=tmp_path / "data", run_name="lists", build_docs=False)
    assert [(o.expectation, o.success) for o in outcome.outcomes] == [
        ("expect_table_columns_to_match_set", True),
        ("expect_column_values_to_not_be_null", False),
    ]
