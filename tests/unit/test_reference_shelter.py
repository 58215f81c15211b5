"""The shelter capacity seeds (`ref_opvang_capaciteit`, `ref_opvang_capaciteit_totaal`) against each
other and against the report they come from (Q-Consult Zorg, shared/reports/004_227032b0357e30e2.txt;
research note shared/domain/shelter.md §3.3 and §5.3). No warehouse build: the CSVs are read directly.

Published totals are read from ref_opvang_capaciteit_totaal.csv, not typed here, so that a wrong
total in the seed is caught by the source-text check and not copied into the test.
"""

from __future__ import annotations

import csv
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "dbt_project" / "seeds"
LINES_CSV = SEEDS / "ref_opvang_capaciteit.csv"
TOTALS_CSV = SEEDS / "ref_opvang_capaciteit_totaal.csv"
# The report the shelter seeds cite, read where the research material lies (shared/reports/ beside
# the checkout, as on every developer's machine and in CI; MH_REPORTS_DIR elsewhere). Its text is
# not copied into the repository: the seeds cite it by line.
REPORTS_DIR = Path(os.environ.get("MH_REPORTS_DIR") or REPO.parent / "shared" / "reports")
REPORT = REPORTS_DIR / "004_227032b0357e30e2.txt"

LINE_COLUMNS = [
    "regel_id",
    "aanbieder",
    "plaatstype",
    "doelgroep_geslacht",
    "plaatsen_min",
    "plaatsen_max",
    "locatie",
    "provincie_code",
    "landelijk",
    "ook_geteld_als",
    "opmerking",
    "source_reference",
]
TOTAL_COLUMNS = ["kengetal", "waarde_min", "waarde_max", "eenheid", "omschrijving", "source_reference"]
# ISO 3166-2:NL, the twelve provinces.
NL_PROVINCES = {
    "NL-DR",
    "NL-FL",
    "NL-FR",
    "NL-GE",
    "NL-GR",
    "NL-LI",
    "NL-NB",
    "NL-NH",
    "NL-OV",
    "NL-UT",
    "NL-ZE",
    "NL-ZH",
}
REF_RANGE = re.compile(r"^004:(\d+)(?:-(\d+))?$")


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


@lru_cache(maxsize=1)
def _lines() -> list[dict[str, str]]:
    return _read(LINES_CSV)[1]


@lru_cache(maxsize=1)
def _totals() -> dict[str, dict[str, str]]:
    return {row["kengetal"]: row for row in _read(TOTALS_CSV)[1]}


def _total(kengetal: str) -> tuple[int, int]:
    row = _totals()[kengetal]
    return int(row["waarde_min"]), int(row["waarde_max"])


@lru_cache(maxsize=1)
def _report_lines() -> list[str]:
    if not REPORT.is_file():
        message = f"report 004 not found at {REPORT} (set MH_REPORTS_DIR): the shelter seeds' citations are checked against it"
        if os.environ.get("CI"):  # CI has shared/ beside the clone: a missing report is a failure there
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return REPORT.read_text(encoding="utf-8").splitlines()


def _ranges(reference: str) -> list[tuple[int, int]]:
    out = []
    for part in reference.split(";"):
        m = REF_RANGE.match(part.strip())
        assert m, f"source_reference part {part!r} is not of the form 004:a or 004:a-b"
        start, end = int(m.group(1)), int(m.group(2) or m.group(1))
        out.append((start, end))
    return out


def _normalise(lines: list[str]) -> str:
    """Join extracted PDF lines: a line-end hyphen before a lower-case word is a broken word
    ("Expertise-" + "centrum"), before a capital it is a real hyphen ("Zuid-" + "Holland")."""
    text = ""
    for raw in lines:
        part = raw.strip()
        if not part:
            continue
        if text.endswith("-") and part[:1].islower():
            text = text[:-1] + part
        elif text.endswith("-"):
            text += part
        else:
            text = f"{text} {part}" if text else part
    return re.sub(r"\s+", " ", text)


def _text(start: int, end: int) -> str:
    report = _report_lines()
    assert 1 <= start <= end <= len(report), f"lines {start}-{end} do not exist (report has {len(report)})"
    return _normalise(report[start - 1 : end])


def _distinct_places(rows: list[dict[str, str]]) -> tuple[int, int]:
    """Sum of places, each place once: a line that repeats places of another (ook_geteld_als) is skipped."""
    kept = [r for r in rows if not r["ook_geteld_als"]]
    return sum(int(r["plaatsen_min"]) for r in kept), sum(int(r["plaatsen_max"]) for r in kept)


def test_columns_exactly() -> None:
    assert _read(LINES_CSV)[0] == LINE_COLUMNS
    assert _read(TOTALS_CSV)[0] == TOTAL_COLUMNS


def test_min_le_max_for_every_line_and_total() -> None:
    for row in _lines():
        lo, hi = int(row["plaatsen_min"]), int(row["plaatsen_max"])
        assert 0 <= lo <= hi, row["regel_id"]
    for key, row in _totals().items():
        assert 0 <= int(row["waarde_min"]) <= int(row["waarde_max"]), key


def test_regel_id_unique_and_ook_geteld_als_points_to_another_line() -> None:
    ids = [r["regel_id"] for r in _lines()]
    assert len(ids) == len(set(ids))
    for row in _lines():
        if row["ook_geteld_als"]:
            assert row["ook_geteld_als"] in ids and row["ook_geteld_als"] != row["regel_id"], row["regel_id"]


def test_code_lists() -> None:
    for row in _lines():
        assert row["plaatstype"] in {"COSM", "OMM", "NLA", "Wmo", "Mannenopvang"}, row["regel_id"]
        assert row["doelgroep_geslacht"] in {"Vrouw", "Man", "Beide", "Onbekend"}, row["regel_id"]
        assert row["landelijk"] in {"true", "false"}, row["regel_id"]


def test_provincie_code_is_an_iso_nl_province_or_empty() -> None:
    for row in _lines():
        assert row["provincie_code"] == "" or row["provincie_code"] in NL_PROVINCES, row["regel_id"]
        # no province without a printed location
        if not row["locatie"]:
            assert row["provincie_code"] == "", row["regel_id"]


def test_distinct_sum_of_lines_contains_the_published_total() -> None:
    """DQ-S1: the appendix lines add up to a range (158-162) that contains the published 160 only
    because the two Rotterdam "1 tot 3" lines are ranges; the seed must not hide that."""
    lo, hi = _distinct_places(_lines())
    published_lo, published_hi = _total("opvangplekken_specifiek_mensenhandel")
    assert lo <= published_lo and published_hi <= hi, (lo, hi, published_lo, published_hi)


@pytest.mark.parametrize(
    ("plaatstype", "places", "locations"),
    [
        ("Mannenopvang", "mannenopvang_plekken", "mannenopvang_locaties"),
        ("COSM", "cosm_plekken", None),
        ("OMM", "omm_plekken", None),
        ("NLA", None, "nla_locaties"),
    ],
)
def test_place_type_lines_match_published_type_totals(
    plaatstype: str, places: str | None, locations: str | None
) -> None:
    rows = [r for r in _lines() if r["plaatstype"] == plaatstype]
    if places:
        assert _distinct_places(rows) == _total(places), plaatstype
    if locations:
        # a location = one provider at one printed place (the men's table prints no places)
        sites = {(r["aanbieder"], r["locatie"]) for r in rows}
        assert (len(sites), len(sites)) == _total(locations), sorted(sites)


def test_cosm_lines_do_not_exceed_the_published_location_count() -> None:
    """DQ-S2: the text counts four COSM locations (incl. one place in Zuid-Limburg); the appendix
    prints three. The seed keeps the appendix and must not invent the fourth line."""
    sites = {(r["aanbieder"], r["locatie"]) for r in _lines() if r["plaatstype"] == "COSM"}
    assert len(sites) <= _total("cosm_locaties")[0]


def test_rotterdam_wmo_lines_match_the_published_range() -> None:
    rows = [r for r in _lines() if r["plaatstype"] == "Wmo" and r["locatie"] == "Rotterdam"]
    assert _distinct_places(rows) == _total("wmo_bedden_regio_rotterdam")


def test_line_source_references_exist_and_name_the_provider_and_the_number() -> None:
    for row in _lines():
        texts = [_text(a, b) for a, b in _ranges(row["source_reference"])]
        for text in texts:
            assert row["aanbieder"] in text, (row["regel_id"], text)
        joined = " ".join(texts)
        lo, hi = int(row["plaatsen_min"]), int(row["plaatsen_max"])
        printed = f"{lo} tot {hi}" if lo != hi else str(lo)
        assert re.search(rf"(?<!\d){re.escape(printed)}(?!\d)", joined), (row["regel_id"], printed, joined)
        if row["locatie"]:
            assert row["locatie"].lower() in joined.lower(), (row["regel_id"], row["locatie"])


def test_total_source_references_exist_and_contain_the_number() -> None:
    spelled = {18: "achttien", 4: "vier", 3: "drie", 2: "twee", 1: "één"}
    for key, row in _totals().items():
        text = " ".join(_text(a, b) for a, b in _ranges(row["source_reference"]))
        text = text.replace(".", "")  # 5.000 -> 5000
        for value in {int(row["waarde_min"]), int(row["waarde_max"])}:
            found = re.search(rf"(?<!\d){value}(?!\d)", text) or (
                value in spelled and re.search(rf"\b{spelled[value]}\b", text)
            )
            assert found, (key, value, text)
