"""The trend-break register (dbt_project/seeds/trend_breaks.csv) holds every break of
contracts/later-years.md §4, read from the contract's own table: per break its start, the numbers
and codes it names and its source. The register is in our own words, so the test compares what
words cannot change: dates, numbers, acronyms and line references."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REGISTER = REPO / "dbt_project" / "seeds" / "trend_breaks.csv"
LATER_YEARS = REPO.parent / "shared" / "contracts" / "later-years.md"
# trend_figures' figures: the series a break can name (dbt_project/models/marts/trends/trend_figures.sql)
FIGURES = {"mensenhandelvorm", "geslacht", "leeftijd", "sub3", "nationaliteit", "meldergroep"}


def contract_breaks() -> list[dict[str, str]]:
    """The rows of the §4 table: from, what, effect, source."""
    text = LATER_YEARS.read_text(encoding="utf-8")
    section = text.split("## 4.", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("|")]
    header, body = [c.strip() for c in rows[0]], rows[2:]  # rows[1] is the |---| line
    return [dict(zip(header, (c.strip() for c in row), strict=True)) for row in body]


def iso_start(when: str) -> str:
    """'2014' -> '2014', 'May 2018' -> '2018-05', '17 May 2016' -> '2016-05-17'."""
    for fmt, out in (("%Y", "%Y"), ("%B %Y", "%Y-%m"), ("%d %B %Y", "%Y-%m-%d")):
        try:
            return datetime.strptime(when, fmt).strftime(out)
        except ValueError:
            continue
    raise ValueError(f"§4 start not understood: {when!r}")


def numbers(text: str) -> set[str]:
    """Every number and line range, thousands separators dropped ('1,334' -> '1334')."""
    return set(re.findall(r"\d+(?:-\d+)?", text.replace(",", "")))


def acronyms(text: str) -> set[str]:
    return set(re.findall(r"\b[A-Z]{3,}\b", text))


def mismatches(contract: dict[str, str], entry: dict[str, str]) -> list[str]:
    own = " ".join([entry["what"], entry["effect"]])
    problems = []
    if entry["from_date"] != iso_start(contract["from"]):
        problems.append(f"from {entry['from_date']} != {iso_start(contract['from'])}")
    if missing := numbers(contract["what"] + " " + contract["effect on the series"]) - numbers(own):
        problems.append(f"numbers missing: {sorted(missing)}")
    if missing := acronyms(contract["what"]) - acronyms(own):
        problems.append(f"codes missing: {sorted(missing)}")
    if missing := numbers(contract["source"]) - numbers(entry["source"]):
        problems.append(f"source numbers/lines missing: {sorted(missing)}")
    return problems


def test_the_register_holds_every_break_of_the_contract():
    entries = list(csv.DictReader(REGISTER.open(encoding="utf-8")))
    breaks = contract_breaks()
    assert len(breaks) >= 7, "the §4 table was not read"
    problems, matched = [], {}
    for row in breaks:
        fits = [e["break_id"] for e in entries if not mismatches(row, e)]
        if len(fits) != 1:
            closest = {
                e["break_id"]: mismatches(row, e) for e in entries if e["from_date"] == iso_start(row["from"])
            }
            problems.append(
                f"§4 {row['from']} {row['what']!r}: {len(fits)} register rows fit {fits}; {closest}"
            )
        else:
            matched.setdefault(fits[0], []).append(row["what"])
    problems += [f"{bid} matches several §4 rows: {rows}" for bid, rows in matched.items() if len(rows) > 1]
    assert problems == []


def test_every_register_entry_names_series_of_the_trend_charts():
    problems = []
    for entry in csv.DictReader(REGISTER.open(encoding="utf-8")):
        for series in entry["affected_series"].split(";"):
            if series.split("=", 1)[0] not in FIGURES:
                problems.append(f"{entry['break_id']}: {series!r} is no figure of trend_figures")
    assert problems == []
