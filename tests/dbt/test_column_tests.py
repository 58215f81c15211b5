"""The generic tests that check many columns in one query (dbt_project/tests/generic/:
not_null_columns, unique_columns, accepted_values_columns, primary_key) fail on every broken column
and only there, and each failing row names the column and the problem (issue 19).

Real dbt on a DuckDB file: a throw-away project holds the project's own generic tests (copied, not
rewritten) and two seeds, one clean and one with a NULL, a repeated value and an unexpected value in
several columns; `--store-failures` keeps the rows each test returns.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap

import duckdb

from orchestration.assets.dbt import DBT_EXECUTABLE
from orchestration.settings import DBT_PROJECT_DIR

GENERIC_TESTS = (
    "not_null_columns.sql",
    "unique_columns.sql",
    "accepted_values_columns.sql",
    "primary_key.sql",
)

# id, name, colour (value set `colour`), band (listed numbers), active (a listed boolean); `broken` breaks each column check.
GOOD = "id,name,colour,band,active\n1,a,rood,1,true\n2,b,blauw,2,true\n3,c,rood,2,true\n"
BROKEN = "id,name,colour,band,active\n1,a,rood,1,true\n1,,groen,7,true\n3,,blauw,2,false\n4,d,,5,true\n4,d,,5,true\n"

TESTS = """
      - not_null_columns:
          arguments:
            columns: [id, name, colour]
      - unique_columns:
          arguments:
            columns: [id, name]
      - accepted_values_columns:
          arguments:
            columns: {colour: colour, band: [1, 2, 5], active: [true]}
      - primary_key:
          arguments:
            columns: [id, name]
"""


def _project(root):
    (root / "tests" / "generic").mkdir(parents=True)
    for name in GENERIC_TESTS:
        shutil.copy(DBT_PROJECT_DIR / "tests" / "generic" / name, root / "tests" / "generic" / name)
    (root / "seeds").mkdir()
    (root / "seeds" / "good.csv").write_text(GOOD)
    (root / "seeds" / "broken.csv").write_text(BROKEN)
    seeds = "version: 2\nseeds:\n" + "".join(
        f"  - name: {name}\n    config:\n      column_types: {{id: integer, name: varchar, colour: varchar, band: integer, active: boolean}}\n"
        f"    data_tests:{TESTS}"
        for name in ("good", "broken")
    )
    (root / "seeds" / "_seeds.yml").write_text(seeds)
    (root / "dbt_project.yml").write_text(
        textwrap.dedent("""\
            name: folded
            version: "1.0.0"
            config-version: 2
            profile: folded
            seed-paths: ["seeds"]
            test-paths: ["tests"]
            flags:
              send_anonymous_usage_stats: false
            vars:
              value_sets:
                colour: [rood, blauw]
            """)
    )
    (root / "profiles.yml").write_text(
        "folded:\n  target: dev\n  outputs:\n    dev:\n"
        f"      type: duckdb\n      path: {root / 'folded.duckdb'}\n      schema: main\n      threads: 1\n"
    )


def test_each_folded_test_fails_on_its_broken_columns_and_names_them(tmp_path):
    _project(tmp_path)
    done = subprocess.run(
        [DBT_EXECUTABLE, "build", "--store-failures", "--profiles-dir", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    tests = {r["unique_id"].split(".")[2]: r for r in results if r["unique_id"].startswith("test.")}
    assert len(tests) == 8, done.stdout[-3000:]

    con = duckdb.connect(str(tmp_path / "folded.duckdb"), read_only=True)
    found = {}
    for name, result in tests.items():
        seed = "broken" if "broken" in name else "good"
        kind = next(k.removesuffix(".sql") for k in GENERIC_TESTS if name.startswith(k.removesuffix(".sql")))
        rows = (
            con.execute(f"SELECT * FROM {result['relation_name']}").fetchall()
            if result["relation_name"]
            else []
        )
        found[(seed, kind)] = (result["status"], sorted(tuple(map(str, row)) for row in rows))
    con.close()

    expected = {
        ("good", "not_null_columns"): ("pass", []),
        ("good", "unique_columns"): ("pass", []),
        ("good", "accepted_values_columns"): ("pass", []),
        ("good", "primary_key"): ("pass", []),
        # a row's NULL columns, by name
        ("broken", "not_null_columns"): ("fail", [("colour",), ("colour",), ("name",), ("name",)]),
        # the column, the repeated value, its rows (the NULL names are not a repeat)
        ("broken", "unique_columns"): ("fail", [("id", "1", "2"), ("id", "4", "2"), ("name", "d", "2")]),
        # the column, the unexpected value, its rows (NULL is not_null's, not this test's)
        ("broken", "accepted_values_columns"): (
            "fail",
            [("active", "false", "1"), ("band", "7", "1"), ("colour", "groen", "1")],
        ),
        # the key, its NULL columns, its rows: two keys with a NULL name, one repeated key
        ("broken", "primary_key"): (
            "fail",
            [("1", "None", "name", "1"), ("3", "None", "name", "1"), ("4", "d", "", "2")],
        ),
    }
    assert {k: v for k, v in found.items() if expected.get(k) != v} == {}, done.stdout[-3000:]
