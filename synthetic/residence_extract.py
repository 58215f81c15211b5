"""Extract the annex tables B2.3-B2.14 (research note `domain/residence.md` §4.3) into
`data/residence_annex.csv`.

Run once by hand when the research note changes:

    .venv/bin/python -m synthetic.residence_extract <the research note residence.md>

The numbers are copied mechanically from the markdown tables (not retyped). Columns: `table`
(geslacht, leeftijd, nationaliteit, herkomstregio), `category`, `group` (1-5), the five year cells
and `total`. A '–' cell (category not listed for the group) is written as zeros.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "residence_annex.csv"
SECTIONS = {
    "**Gender": "geslacht",
    "**Age class": "leeftijd",
    "**Nationality": "nationaliteit",
    "**Region of origin": "herkomstregio",
}
AGE_LABELS = {"18-22 (adolescent)": "18-22"}


def extract(text: str) -> list[list[str]]:
    rows: list[list[str]] = []
    table = None
    inside = False
    for line in text.splitlines():
        if line.startswith("### 4.3"):
            inside = True
            continue
        if inside and line.startswith("### "):
            break
        if not inside:
            continue
        for prefix, name in SECTIONS.items():
            if line.startswith(prefix):
                table = name
        if table is None or not line.startswith("| ") or line.startswith("| Category"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        category = AGE_LABELS.get(cells[0], cells[0])
        if category == "Totaal":
            continue
        for group in range(1, 6):
            cell = cells[group]
            if cell in ("–", "-"):
                years, total = ["0"] * 5, "0"
            else:
                left, total = (p.strip() for p in cell.split("→"))
                years = [y.strip() for y in left.split("/")]
            assert len(years) == 5
            rows.append([table, category, str(group), *years, total])
    return rows


def main(argv: list[str]) -> int:
    rows = extract(Path(argv[0]).read_text(encoding="utf-8"))
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["table", "category", "group", "y2013", "y2014", "y2015", "y2016", "y2017", "total"])
        w.writerows(rows)
    print(f"{len(rows)} rows -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
