"""docs/tables.md cannot drift (issue 16): it is what dbt_project/scripts/tables_doc.py makes of the
manifest of the dbt project as it is now. A description changed in a model's YAML without
`make docs` fails here, with the lines that differ."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_committed_tables_doc_is_what_the_manifest_gives(tmp_path):
    fresh = tmp_path / "tables.md"
    subprocess.run(
        [sys.executable, str(REPO / "dbt_project" / "scripts" / "tables_doc.py"), "--out", str(fresh)],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    committed = (REPO / "docs" / "tables.md").read_text(encoding="utf-8").splitlines()
    diff = list(
        difflib.unified_diff(
            committed,
            fresh.read_text(encoding="utf-8").splitlines(),
            "docs/tables.md",
            "from the manifest",
            lineterm="",
            n=0,
        )
    )
    assert diff == [], "docs/tables.md is stale, run `make docs`:\n" + "\n".join(diff[:60])


def test_the_page_shows_every_published_mart_as_published():
    """The page marks what serving.duckdb holds: each mart of the publish list, once, as published."""
    from orchestration.registry import published_mart_names

    page = (REPO / "docs" / "tables.md").read_text(encoding="utf-8")
    missing = [t for t in published_mart_names() if page.count(f"#### `{t}` (published)") != 1]
    assert missing == []
