"""Extract Tables B2.1 and B2.2 (research note Appendix A and B) into CSV files.

Run once by hand when the research note changes:

    .venv/bin/python -m synthetic.data.extract_tables <the research note registration.md>

The numbers are copied mechanically from the markdown tables (not retyped). Country names are
mapped to the canonical `naam` of the dbt seed `ref_nationaliteit` through its `aliassen` column
(`Tsjecho-Slowakijke` -> `Tsjecho-Slowakije`); a name missing from the seed is an error.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from synthetic.reference import countries

HERE = Path(__file__).resolve().parent
COLUMNS = ["2013", "2014", "2015", "2016", "2017", "BL-SU", "BL-UBS", "GO-SU", "GO-UBS", "Onbekend", "Totaal"]


def _tables(text: str) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[str]]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## Appendix A"):
            current = "b2_1"
        elif line.startswith("## Appendix B"):
            current = "b2_2"
        elif line.startswith("## Appendix C"):
            current = None
        elif (
            current and line.startswith("| ") and not line.startswith("| line") and not line.startswith("|--")
        ):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 13 and cells[0].isdigit():
                tables.setdefault(current, []).append(cells[1:])
    return tables


def main(note: str) -> None:
    known = set(countries())
    aliases = {a: c.naam for c in countries().values() for a in c.aliassen}
    for key, rows in _tables(Path(note).read_text(encoding="utf-8")).items():
        out = HERE / f"{key}.csv"
        with out.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["nationaliteit", *COLUMNS])
            for name, *values in rows:
                if name == "Totaal":
                    continue
                canonical = aliases.get(name, name)
                if canonical not in known:
                    raise SystemExit(f"{name!r} is not in ref_nationaliteit")
                nums = [int(v.replace(".", "").replace(",", "")) for v in values]
                if sum(nums[0:5]) != nums[10] or sum(nums[5:10]) != nums[10]:
                    raise SystemExit(f"row {name} does not add up")
                w.writerow([canonical, *nums])
        print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1])
