"""orchestration/estimation/mart.py memoises each estimate by a digest of its counts, settings and
method version (issue 18: the build's cost): a table seen before is read from its file, a changed
count or setting is estimated again under its own key, and every file is private."""

from __future__ import annotations

import json
import stat

from orchestration.estimation import REPORTER_LISTS, CaptureTable, Settings, estimate_population
from orchestration.estimation.mart import ROW_TYPES, estimate_rows

QUICK = Settings(replicates=20)
ROWS = [
    ("2015", 1, "Alle slachtoffers", "Politie", 300),
    ("2015", 1, "Alle slachtoffers", "Zorgcoördinator", 200),
    ("2015", 1, "Alle slachtoffers", "Overig", 150),
    ("2015", 1, "Alle slachtoffers", "Politie, Zorgcoördinator", 40),
    ("2015", 1, "Alle slachtoffers", "Overig, Politie", 30),
    ("2015", 1, "Alle slachtoffers", "Overig, Zorgcoördinator", 20),
]


def test_the_memo_is_read_for_the_same_counts_and_settings_only(tmp_path) -> None:
    cache = tmp_path / "dark-number"
    [first] = estimate_rows(ROWS, QUICK, cache)
    direct = estimate_population(
        CaptureTable.from_reporter_sets({r[3]: r[4] for r in ROWS}, REPORTER_LISTS), QUICK
    ).as_record()
    assert {k: first[k] for k in direct} == direct
    # The dbt model types its columns by ROW_TYPES: a record holds exactly those, in that order.
    assert list(first) == list(ROW_TYPES)
    [entry] = cache.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700

    # A marked entry proves the second call reads the file instead of estimating.
    record = json.loads(entry.read_text())
    entry.write_text(json.dumps({**record, "estimated": -1.0}))
    assert estimate_rows(ROWS, QUICK, cache)[0]["estimated"] == -1.0

    # Another count or another setting is another key: estimated again, each in a file of its own.
    changed = [*ROWS[:-1], (*ROWS[-1][:4], 21)]
    assert estimate_rows(changed, QUICK, cache)[0]["estimated"] > 0
    assert estimate_rows(ROWS, Settings(replicates=21), cache)[0]["estimated"] > 0
    assert len(list(cache.glob("*.json"))) == 3
    assert not list(cache.glob("*.new"))
