"""A quarantined row in a source's newest delivery fails that source's landing check as a warning
(issue 15: a run with a quarantined row passed silently), through the real Dagster build.

One CoMensha inbox, two builds (tests/integration/builds.py):

1. a delivery with two good rows and one row the contract quarantines (a melder_type outside the
   code list): `landing_comensha_expectations` fails with severity WARN, names the number of
   quarantined rows and the file, and holds no value of the row (contract README §7); the build
   still publishes serving.duckdb (a warning does not block);
2. a newer, clean delivery: the check passes again; the older quarantined row stays in the
   quarantine table but no longer flags the check, which is about the newest delivery.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import dagster as dg
import pytest

from tests.faults.registration import to_csv, valid_row
from tests.integration.builds import check_evaluations, materialised, run_build

FLAGGED_FILE = "comensha_registraties_20180601.csv"
CLEAN_FILE = "comensha_registraties_20180901.csv"
# The quarantined row's own values: none of them may appear in the check (privacy).
QUARANTINED = valid_row(
    "Q-MELDER-1",
    persoon_id="P-QUARANTAINE-7",
    achternaam="Zwaantjes",
    voornaam="Wilhelmina",
    geboortedatum="03-07-1988",
    melder_type="Buurman",
)
CHECK = "landing_comensha_expectations"


@dataclass(frozen=True)
class Builds:
    flagged: dg.ExecuteInProcessResult
    clean: dg.ExecuteInProcessResult


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    root = tmp_path_factory.mktemp("quarantine_check")
    inbox, data = root / "inbox", root / "data"
    (inbox / "comensha").mkdir(parents=True)
    good = [valid_row("G-1", persoon_id="P-G1"), valid_row("G-2", persoon_id="P-G2", nationaliteit="Polen")]
    (inbox / "comensha" / FLAGGED_FILE).write_bytes(to_csv([good[0], QUARANTINED, good[1]]))
    flagged = run_build(inbox, data)
    (inbox / "comensha" / CLEAN_FILE).write_bytes(
        to_csv(
            [valid_row("G-3", persoon_id="P-G3", datum_melding="01-08-2018", gewijzigd_op="02-08-2018 09:00")]
        )
    )
    clean = run_build(inbox, data)
    return Builds(flagged, clean)


def test_a_quarantined_row_of_the_newest_delivery_fails_the_check_as_a_warning(builds):
    check = check_evaluations(builds.flagged)[CHECK]
    problems = []
    if check.passed:
        problems.append("the check passed")
    if check.severity != dg.AssetCheckSeverity.WARN:
        problems.append(f"severity {check.severity}")
    description = check.description or ""
    for wanted in ("1 rij in quarantaine", FLAGGED_FILE, "waarschuwing"):
        if wanted not in description:
            problems.append(f"{wanted!r} not in the description {description!r}")
    listed = check.metadata["quarantined_newest_delivery"].value
    if listed != [{"file": FLAGGED_FILE, "rows": 1}]:
        problems.append(f"metadata lists {listed}")
    text = description + json.dumps({k: str(v.value) for k, v in check.metadata.items()})
    for field in ("melding_id", "persoon_id", "achternaam", "voornaam", "geboortedatum", "melder_type"):
        if QUARANTINED[field] in text:
            problems.append(f"the check shows the row's {field}")
    if "serving_database" not in materialised(builds.flagged):
        problems.append("a warning kept serving.duckdb from publishing")
    assert problems == []


def test_a_clean_newest_delivery_passes(builds):
    check = check_evaluations(builds.clean)[CHECK]
    assert (check.passed, check.metadata["quarantined_newest_delivery"].value) == (True, [])
