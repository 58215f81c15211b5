"""The generated delivery histories (tests/generated) are valid under the contracts: the real
ingestion accepts every file and every row of them, with nothing quarantined. The property tests
of tests/integration/test_generated_deliveries.py rely on it (a count can only be compared when
every generated row landed), and here it is cheap: ingestion only, no dbt."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given

from tests.generated.inbox import inboxes, ingest, ingestion_problems
from tests.generated.settings import ingestion_settings


@ingestion_settings
@given(inbox=inboxes())
def test_every_generated_row_lands(inbox):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inbox.write(root / "inbox")
        ingest(root / "inbox", root / "warehouse.duckdb")
        problems = ingestion_problems(root / "warehouse.duckdb", inbox)
    assert problems == [], f"{inbox.describe()}:\n" + "\n".join(problems)
