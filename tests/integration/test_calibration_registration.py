"""Calibration of the default sample: every published figure of contract `registration.md` §5 (K1-K12).

The tests query the PUBLISHED serving database (`serving.duckdb`, schema `marts`) that the session
fixture `serving_db` builds through the real Dagster job from the committed default sample under
`seeds/comensha/`.  Every expected number is typed from the contract tables K1-K12 (the published
figures, [P]/[D]/[A] as the contract tags them) and, for K4, from Tables B2.1 and B2.2 as printed in
the research note (Appendix A/B, copied verbatim below).  Nothing is computed from the generator.

Headline population = victim-years with `is_sub3` false (R7, N=5.433).
"""

from __future__ import annotations

import pytest

YEARS = (2013, 2014, 2015, 2016, 2017)
GROUPS = ("BL-SU", "BL-UBS", "GO-SU", "GO-UBS", "Onbekend")


def one(db, sql: str, params: tuple = ()) -> int:
    return db.execute(sql, list(params)).fetchone()[0]


def victims(db, where: str = "TRUE", year: int | None = None, params: tuple = ()) -> int:
    sql = f"SELECT count(*) FROM marts.victims WHERE ({where})"
    if year is not None:
        sql += " AND registration_year = ?"
        params = (*params, year)
    return one(db, sql, params)


def by_year(kid: str, label: str, counts: tuple[int, ...], total: int | None = None, **extra):
    """Parametrisation rows (id carries the K-id): one per year, plus the total if published."""
    rows = [pytest.param(label, y, v, extra, id=f"{kid}-{label}-{y}") for y, v in zip(YEARS, counts, strict=True)]
    if total is not None:
        rows.append(pytest.param(label, None, total, extra, id=f"{kid}-{label}-total"))
    return rows


# Table B2.1 (N=5.433) and Table B2.2 (minors, N=1.247), research note Appendix A and B, verbatim.
# The B2.1 row `Tsjecho-Slowakijke` is `Tsjecho-Slowakije` (contract K4).
TABLE_B2_1 = """
| line | Nationaliteit | 2013 | 2014 | 2015 | 2016 | 2017 | BL-SU | BL-UBS | GO-SU | GO-UBS | Onbekend | Totaal |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| 5523 | Afghanistan | 2 | 6 | 28 | 9 | 1 | 0 | 0 | 2 | 6 | 38 | 46 |
| 5525 | Albanië | 4 | 17 | 2 | 7 | 2 | 0 | 0 | 21 | 0 | 11 | 32 |
| 5527 | Algerije | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 0 | 2 |
| 5529 | Angola | 8 | 6 | 2 | 5 | 5 | 0 | 0 | 18 | 2 | 6 | 26 |
| 5531 | Argentinië | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5533 | Armenië | 7 | 4 | 1 | 2 | 4 | 0 | 0 | 17 | 0 | 1 | 18 |
| 5535 | Aruba | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5537 | Azerbeidzjan | 3 | 2 | 1 | 0 | 0 | 0 | 0 | 4 | 2 | 0 | 6 |
| 5539 | Bangladesh | 3 | 0 | 2 | 0 | 1 | 0 | 0 | 0 | 1 | 5 | 6 |
| 5541 | Belarus | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 0 | 1 | 2 |
| 5543 | België | 3 | 3 | 1 | 3 | 2 | 0 | 0 | 11 | 0 | 1 | 12 |
| 5545 | Benin | 0 | 0 | 2 | 4 | 3 | 0 | 0 | 4 | 1 | 4 | 9 |
| 5547 | Bosnië en Herzegovina | 0 | 1 | 3 | 8 | 2 | 0 | 0 | 1 | 11 | 2 | 14 |
| 5552 | Brazilië | 8 | 13 | 10 | 7 | 8 | 0 | 0 | 32 | 11 | 3 | 46 |
| 5554 | Bulgarije | 60 | 55 | 85 | 41 | 27 | 0 | 0 | 132 | 118 | 18 | 268 |
| 5556 | Burkina Faso | 1 | 1 | 0 | 0 | 1 | 0 | 0 | 2 | 0 | 1 | 3 |
| 5558 | Burundi | 2 | 0 | 5 | 0 | 4 | 0 | 0 | 8 | 0 | 3 | 11 |
| 5560 | Canada | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5562 | Chili | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5564 | China | 31 | 20 | 16 | 17 | 15 | 0 | 0 | 35 | 58 | 6 | 99 |
| 5566 | Colombia | 0 | 4 | 4 | 0 | 9 | 0 | 0 | 14 | 3 | 0 | 17 |
| 5569 | Costa Rica | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5571 | Cuba | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5573 | Curaçao | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5575 | Cyprus | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5577 | Democratische Republiek Congo | 9 | 7 | 5 | 11 | 6 | 0 | 0 | 25 | 1 | 12 | 38 |
| 5582 | Dominicaanse Republiek | 3 | 2 | 2 | 4 | 9 | 0 | 0 | 16 | 1 | 3 | 20 |
| 5587 | Duitsland | 6 | 3 | 1 | 5 | 2 | 0 | 0 | 13 | 2 | 2 | 17 |
| 5589 | Ecuador | 1 | 1 | 1 | 0 | 1 | 0 | 0 | 4 | 0 | 0 | 4 |
| 5591 | Egypte | 1 | 1 | 3 | 2 | 2 | 0 | 0 | 1 | 5 | 3 | 9 |
| 5593 | El Salvador | 0 | 0 | 1 | 1 | 1 | 0 | 0 | 2 | 1 | 0 | 3 |
| 5595 | Eritrea | 3 | 32 | 21 | 16 | 4 | 0 | 0 | 10 | 4 | 62 | 76 |
| 5597 | Estland | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5599 | Ethiopië | 0 | 2 | 1 | 0 | 1 | 0 | 0 | 1 | 1 | 2 | 4 |
| 5601 | Filipijnen | 16 | 75 | 24 | 8 | 20 | 0 | 0 | 2 | 138 | 3 | 143 |
| 5603 | Frankrijk | 0 | 3 | 1 | 0 | 0 | 0 | 0 | 3 | 1 | 0 | 4 |
| 5605 | Gambia | 1 | 0 | 1 | 3 | 3 | 0 | 0 | 1 | 3 | 4 | 8 |
| 5607 | Georgië | 0 | 2 | 2 | 0 | 0 | 0 | 0 | 2 | 2 | 0 | 4 |
| 5609 | Ghana | 10 | 5 | 3 | 3 | 2 | 0 | 0 | 15 | 6 | 2 | 23 |
| 5611 | Griekenland | 1 | 5 | 0 | 0 | 8 | 0 | 0 | 3 | 11 | 0 | 14 |
| 5613 | Guatemala | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5615 | Guinee | 51 | 35 | 12 | 18 | 30 | 0 | 0 | 87 | 3 | 56 | 146 |
| 5617 | Guinee-Bissau | 1 | 0 | 1 | 1 | 0 | 0 | 0 | 3 | 0 | 0 | 3 |
| 5619 | Guyana | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5621 | Honduras | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 2 |
| 5623 | Hongarije | 85 | 46 | 33 | 33 | 32 | 0 | 0 | 140 | 68 | 21 | 229 |
| 5625 | India | 8 | 9 | 14 | 4 | 12 | 0 | 0 | 2 | 37 | 8 | 47 |
| 5627 | Indonesië | 5 | 20 | 5 | 13 | 2 | 0 | 0 | 9 | 36 | 0 | 45 |
| 5629 | Irak | 1 | 5 | 6 | 1 | 5 | 0 | 0 | 9 | 4 | 5 | 18 |
| 5631 | Iran | 2 | 1 | 4 | 6 | 5 | 0 | 0 | 10 | 2 | 6 | 18 |
| 5633 | Italië | 2 | 1 | 2 | 1 | 3 | 0 | 0 | 4 | 4 | 1 | 9 |
| 5635 | Ivoorkust | 2 | 5 | 5 | 3 | 5 | 0 | 0 | 9 | 1 | 10 | 20 |
| 5637 | Jamaica | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5639 | Japan | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 2 |
| 5641 | Jemen | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 1 |
| 5643 | Joegoslavië | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5646 | Kaapverdië | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5648 | Kameroen | 5 | 6 | 4 | 4 | 8 | 0 | 0 | 19 | 3 | 5 | 27 |
| 5650 | Kazachstan | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5652 | Kenia | 1 | 2 | 1 | 0 | 2 | 0 | 0 | 4 | 0 | 2 | 6 |
| 5654 | Kirgizië | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 1 |
| 5656 | Kosovo | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 2 |
| 5658 | Kroatië | 0 | 1 | 0 | 1 | 1 | 0 | 0 | 2 | 0 | 1 | 3 |
| 5660 | Letland | 3 | 2 | 2 | 6 | 1 | 0 | 0 | 5 | 8 | 1 | 14 |
| 5662 | Liberia | 5 | 4 | 0 | 2 | 5 | 0 | 0 | 13 | 1 | 2 | 16 |
| 5664 | Litouwen | 8 | 3 | 4 | 3 | 3 | 0 | 0 | 8 | 8 | 5 | 21 |
| 5666 | Macedonië | 0 | 0 | 1 | 0 | 1 | 0 | 0 | 0 | 1 | 1 | 2 |
| 5668 | Maleisië | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 1 | 0 | 2 |
| 5670 | Mali | 1 | 4 | 1 | 2 | 1 | 0 | 0 | 5 | 0 | 4 | 9 |
| 5672 | Marokko | 9 | 12 | 18 | 12 | 11 | 0 | 0 | 33 | 23 | 6 | 62 |
| 5674 | Mauritanië | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 0 | 1 |
| 5676 | Mexico | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5678 | Moldavië | 0 | 1 | 2 | 1 | 1 | 0 | 0 | 1 | 3 | 1 | 5 |
| 5680 | Mongolië | 10 | 6 | 9 | 5 | 1 | 0 | 0 | 14 | 8 | 9 | 31 |
| 5682 | Montenegro | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5684 | Myanmar | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 0 | 1 | 1 | 2 |
| 5686 | Nederland | 455 | 462 | 433 | 288 | 339 | 1.507 | 101 | 0 | 0 | 369 | 1.977 |
| 5688 | Nepal | 2 | 2 | 3 | 3 | 1 | 0 | 0 | 3 | 4 | 4 | 11 |
| 5690 | Nigeria | 54 | 41 | 44 | 46 | 46 | 0 | 0 | 201 | 9 | 21 | 231 |
| 5692 | Noord-Korea | 0 | 3 | 8 | 0 | 0 | 0 | 0 | 0 | 8 | 3 | 11 |
| 5694 | Oeganda | 10 | 12 | 24 | 20 | 34 | 0 | 0 | 81 | 7 | 12 | 100 |
| 5696 | Oekraïne | 3 | 9 | 10 | 3 | 11 | 0 | 0 | 15 | 16 | 5 | 36 |
| 5698 | Oman | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5700 | Oostenrijk | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5702 | Pakistan | 0 | 2 | 0 | 1 | 2 | 0 | 0 | 0 | 3 | 2 | 5 |
| 5704 | Peru | 1 | 3 | 1 | 0 | 0 | 0 | 0 | 1 | 4 | 0 | 5 |
| 5706 | Polen | 18 | 94 | 90 | 69 | 80 | 0 | 0 | 66 | 261 | 24 | 351 |
| 5708 | Portugal | 11 | 3 | 2 | 0 | 1 | 0 | 0 | 5 | 12 | 0 | 17 |
| 5710 | Roemenië | 62 | 90 | 44 | 66 | 70 | 0 | 0 | 265 | 57 | 10 | 332 |
| 5712 | Rusland | 5 | 3 | 5 | 3 | 4 | 0 | 0 | 14 | 3 | 3 | 20 |
| 5714 | Rwanda | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5716 | Saint Vincent en de Grenadines | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5722 | Senegal | 2 | 1 | 4 | 1 | 0 | 0 | 0 | 7 | 0 | 1 | 8 |
| 5724 | Servië | 0 | 0 | 1 | 3 | 0 | 0 | 0 | 2 | 1 | 1 | 4 |
| 5726 | Seychellen | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5728 | Sierra Leone | 33 | 22 | 11 | 19 | 13 | 0 | 0 | 75 | 1 | 22 | 98 |
| 5730 | Slowakije | 10 | 6 | 9 | 5 | 1 | 0 | 0 | 14 | 15 | 2 | 31 |
| 5732 | Soedan | 1 | 0 | 1 | 2 | 2 | 0 | 0 | 1 | 2 | 3 | 6 |
| 5734 | Somalië | 6 | 3 | 5 | 3 | 4 | 0 | 0 | 12 | 0 | 9 | 21 |
| 5736 | Spanje | 1 | 3 | 4 | 3 | 5 | 0 | 0 | 8 | 7 | 1 | 16 |
| 5738 | Sri Lanka | 1 | 3 | 1 | 0 | 1 | 0 | 0 | 1 | 2 | 3 | 6 |
| 5740 | Suriname | 4 | 3 | 1 | 2 | 5 | 0 | 0 | 9 | 5 | 1 | 15 |
| 5742 | Syrië | 0 | 1 | 14 | 11 | 2 | 0 | 0 | 3 | 9 | 16 | 28 |
| 5744 | Taiwan | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 0 | 1 |
| 5746 | Tanzania | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 1 | 2 |
| 5748 | Thailand | 3 | 2 | 5 | 4 | 2 | 0 | 0 | 12 | 4 | 0 | 16 |
| 5750 | Togo | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 2 |
| 5752 | Tsjaad | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5754 | Tsjechië | 3 | 3 | 2 | 7 | 2 | 0 | 0 | 13 | 3 | 1 | 17 |
| 5756 | Tsjecho-Slowakijke | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 2 |
| 5758 | Tunesië | 0 | 2 | 1 | 0 | 0 | 0 | 0 | 0 | 3 | 0 | 3 |
| 5760 | Turkije | 4 | 4 | 6 | 1 | 3 | 0 | 0 | 13 | 3 | 2 | 18 |
| 5762 | Venezuela | 0 | 1 | 0 | 5 | 2 | 0 | 0 | 8 | 0 | 0 | 8 |
| 5764 | Verenigd Koninkrijk | 4 | 0 | 0 | 0 | 2 | 0 | 0 | 1 | 5 | 0 | 6 |
| 5766 | Vietnam | 12 | 12 | 30 | 27 | 9 | 0 | 0 | 12 | 20 | 58 | 90 |
| 5768 | Zambia | 3 | 0 | 2 | 1 | 0 | 0 | 0 | 4 | 0 | 2 | 6 |
| 5770 | Zimbabwe | 1 | 1 | 0 | 0 | 2 | 0 | 0 | 3 | 0 | 1 | 4 |
| 5772 | Zuid-Afrika | 0 | 0 | 2 | 0 | 1 | 0 | 0 | 0 | 1 | 2 | 3 |
| 5774 | Zweden | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 2 |
| 5776 | Zwitserland | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5778 | Staatloos | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5780 | Onbekend | 16 | 18 | 22 | 80 | 35 | 0 | 0 | 0 | 0 | 171 | 171 |
| 5782 | Totaal | 1.117 | 1.256 | 1.150 | 952 | 958 | 1.507 | 101 | 1.650 | 1.076 | 1.099 | 5.433 |
"""

TABLE_B2_2 = """
| line | Nationaliteit | 2013 | 2014 | 2015 | 2016 | 2017 | BL-SU | BL-UBS | GO-SU | GO-UBS | Onbekend | Totaal |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| 5790 | Afghanistan | 1 | 5 | 28 | 7 | 0 | 0 | 0 | 1 | 2 | 38 | 41 |
| 5792 | Albanië | 0 | 8 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 8 | 8 |
| 5794 | Algerije | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 1 |
| 5796 | Angola | 1 | 1 | 0 | 3 | 0 | 0 | 0 | 3 | 0 | 2 | 5 |
| 5798 | Armenië | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5800 | Azerbeidzjan | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5802 | Bangladesh | 3 | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 5 | 5 |
| 5804 | Belarus | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5806 | België | 1 | 0 | 0 | 1 | 1 | 0 | 0 | 2 | 0 | 1 | 3 |
| 5808 | Benin | 0 | 0 | 2 | 3 | 0 | 0 | 0 | 1 | 0 | 4 | 5 |
| 5810 | Bosnië en Herzegovina | 0 | 1 | 0 | 6 | 2 | 0 | 0 | 1 | 7 | 1 | 9 |
| 5815 | Bulgarije | 4 | 2 | 0 | 2 | 3 | 0 | 0 | 4 | 5 | 2 | 11 |
| 5817 | Burkina Faso | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5819 | Burundi | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 2 |
| 5821 | China | 4 | 1 | 0 | 0 | 2 | 0 | 0 | 4 | 1 | 2 | 7 |
| 5823 | Colombia | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5825 | Democratische Republiek Congo | 3 | 4 | 0 | 2 | 4 | 0 | 0 | 1 | 0 | 12 | 13 |
| 5830 | Duitsland | 0 | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 1 | 2 |
| 5832 | Egypte | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 2 | 2 |
| 5834 | El Salvador | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5836 | Eritrea | 3 | 28 | 17 | 10 | 3 | 0 | 0 | 5 | 0 | 56 | 61 |
| 5838 | Ethiopië | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 2 |
| 5840 | Frankrijk | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 1 | 1 | 0 | 2 |
| 5842 | Gambia | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 1 | 1 | 2 |
| 5844 | Ghana | 1 | 1 | 0 | 0 | 1 | 0 | 0 | 1 | 0 | 2 | 3 |
| 5846 | Guinee | 22 | 10 | 3 | 8 | 9 | 0 | 0 | 10 | 2 | 40 | 52 |
| 5848 | Guyana | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5850 | Hongarije | 0 | 2 | 0 | 1 | 2 | 0 | 0 | 4 | 0 | 1 | 5 |
| 5852 | India | 0 | 2 | 0 | 0 | 4 | 0 | 0 | 0 | 1 | 5 | 6 |
| 5854 | Irak | 0 | 1 | 0 | 1 | 1 | 0 | 0 | 0 | 1 | 2 | 3 |
| 5856 | Iran | 1 | 1 | 1 | 2 | 0 | 0 | 0 | 1 | 0 | 4 | 5 |
| 5858 | Ivoorkust | 1 | 4 | 2 | 0 | 2 | 0 | 0 | 1 | 0 | 8 | 9 |
| 5860 | Kameroen | 0 | 4 | 1 | 1 | 0 | 0 | 0 | 2 | 0 | 4 | 6 |
| 5863 | Kazachstan | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5865 | Kenia | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5867 | Kosovo | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5869 | Kroatië | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 1 | 0 | 1 | 2 |
| 5871 | Liberia | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 2 | 2 |
| 5873 | Litouwen | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5875 | Macedonië | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5877 | Mali | 1 | 3 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 4 | 4 |
| 5879 | Marokko | 3 | 2 | 0 | 0 | 1 | 0 | 0 | 2 | 1 | 3 | 6 |
| 5881 | Moldavië | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5883 | Mongolië | 6 | 1 | 2 | 1 | 0 | 0 | 0 | 2 | 1 | 7 | 10 |
| 5885 | Montenegro | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5887 | Myanmar | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5889 | Nederland | 165 | 145 | 160 | 95 | 113 | 464 | 11 | 0 | 0 | 203 | 678 |
| 5891 | Nepal | 0 | 0 | 2 | 1 | 0 | 0 | 0 | 0 | 0 | 3 | 3 |
| 5893 | Nigeria | 2 | 8 | 2 | 6 | 0 | 0 | 0 | 9 | 0 | 9 | 18 |
| 5895 | Noord-Korea | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 2 |
| 5897 | Oeganda | 3 | 3 | 2 | 0 | 1 | 0 | 0 | 2 | 1 | 6 | 9 |
| 5899 | Oekraïne | 0 | 0 | 1 | 1 | 1 | 0 | 0 | 0 | 0 | 3 | 3 |
| 5901 | Polen | 1 | 2 | 3 | 2 | 3 | 0 | 0 | 7 | 3 | 1 | 11 |
| 5903 | Roemenië | 3 | 3 | 2 | 2 | 4 | 0 | 0 | 8 | 3 | 3 | 14 |
| 5905 | Rwanda | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5907 | Senegal | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5909 | Servië | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 1 | 1 | 0 | 2 |
| 5911 | Sierra Leone | 13 | 7 | 2 | 6 | 5 | 0 | 0 | 15 | 0 | 18 | 33 |
| 5913 | Slowakije | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5915 | Soedan | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 2 | 2 |
| 5917 | Somalië | 3 | 2 | 4 | 2 | 0 | 0 | 0 | 3 | 0 | 8 | 11 |
| 5919 | Spanje | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5921 | Sri Lanka | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 2 | 2 |
| 5923 | Suriname | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5925 | Syrië | 0 | 1 | 13 | 1 | 2 | 0 | 0 | 1 | 0 | 16 | 17 |
| 5927 | Tanzania | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5929 | Thailand | 1 | 0 | 1 | 0 | 1 | 0 | 0 | 3 | 0 | 0 | 3 |
| 5931 | Tsjaad | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5933 | Turkije | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 2 |
| 5935 | Verenigd Koninkrijk | 3 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 5 | 0 | 5 |
| 5938 | Vietnam | 1 | 7 | 22 | 26 | 7 | 0 | 0 | 8 | 3 | 52 | 63 |
| 5940 | Zambia | 0 | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 2 |
| 5942 | Zimbabwe | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5944 | Zuid-Afrika | 0 | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 2 |
| 5946 | Zweden | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
| 5948 | Zwitserland | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
| 5950 | Onbekend | 1 | 5 | 1 | 28 | 11 | 0 | 0 | 0 | 0 | 46 | 46 |
| 5952 | Totaal | 259 | 279 | 288 | 227 | 194 | 464 | 11 | 114 | 41 | 617 | 1.247 |
"""


def _parse(table: str) -> list[tuple[str, dict[str, int]]]:
    lines = [line for line in table.strip().splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    out = []
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        row = dict(zip(header, cells, strict=True))
        name = row.pop("Nationaliteit")
        row.pop("line")
        if name == "Totaal":
            continue
        name = {"Tsjecho-Slowakijke": "Tsjecho-Slowakije"}.get(name, name)
        out.append((name, {k: int(v.replace(".", "").replace(",", "")) for k, v in row.items()}))
    return out


B2_1 = _parse(TABLE_B2_1)
B2_2 = _parse(TABLE_B2_2)


# ----------------------------------------------------------------------------------------------
# K1 totals
# ----------------------------------------------------------------------------------------------
K1_WHERE = {
    "incl-sub3": "TRUE",
    "sub3": "is_sub3",
    "headline": "NOT is_sub3",
    "emm-only": "NOT is_sub3 AND is_emm_only",
    "emm-with-other": "NOT is_sub3 AND is_emm_with_other",
    "melder-only-onbekend": "NOT is_sub3 AND reporter_set = ''",
}
K1 = [
    *by_year("K1", "incl-sub3", (1437, 1561, 1321, 1049, 1076), 6444),
    *by_year("K1", "sub3", (320, 305, 171, 97, 118), 1011),
    *by_year("K1", "headline", (1117, 1256, 1150, 952, 958), 5433),
    *by_year("K1", "emm-only", (0, 59, 5, 16, 65), 145),
    *by_year("K1", "emm-with-other", (0, 1, 0, 1, 181), 183),
    *by_year("K1", "melder-only-onbekend", (80, 30, 25, 10, 5), 150),
]


@pytest.mark.parametrize(("label", "year", "expected", "extra"), K1)
def test_K1_totals(serving_db, label, year, expected, extra):
    assert victims(serving_db, K1_WHERE[label], year) == expected


def test_K1_melder_only_onbekend_all_in_group_onbekend(serving_db):
    assert victims(serving_db, "NOT is_sub3 AND reporter_set = '' AND trafficking_form <> 'Onbekend'") == 0


# ----------------------------------------------------------------------------------------------
# K2 group x year
# ----------------------------------------------------------------------------------------------
K2 = [
    *by_year("K2", "BL-SU", (282, 360, 370, 232, 263), 1507),
    *by_year("K2", "BL-UBS", (20, 20, 15, 26, 20), 101),
    *by_year("K2", "GO-SU", (382, 393, 295, 286, 294), 1650),
    *by_year("K2", "GO-UBS", (150, 236, 263, 204, 223), 1076),
    *by_year("K2", "Onbekend", (283, 247, 207, 204, 158), 1099),
]


@pytest.mark.parametrize(("label", "year", "expected", "extra"), K2)
def test_K2_group_by_year(serving_db, label, year, expected, extra):
    assert victims(serving_db, "NOT is_sub3 AND trafficking_form = ?", year, (label,)) == expected


# ----------------------------------------------------------------------------------------------
# K3 exploitation form x year; split among nationality Onbekend
# ----------------------------------------------------------------------------------------------
K3 = [
    *by_year("K3", "Alleen SU", (665, 747, 662, 523, 534), 3131),
    *by_year("K3", "SU en UBS", (5, 14, 13, 35, 42), 109),
    *by_year("K3", "Alleen UBS", (178, 262, 281, 244, 249), 1214),
    *by_year("K3", "Onbekend", (269, 233, 194, 150, 133), 979),
]


@pytest.mark.parametrize(("label", "year", "expected", "extra"), K3)
def test_K3_form_by_year(serving_db, label, year, expected, extra):
    assert victims(serving_db, "NOT is_sub3 AND exploitation_form = ?", year, (label,)) == expected


K3_NAT_ONBEKEND = [
    *by_year("K3", "nat-onbekend-SU", (6, 8, 10, 40, 19), 83, forms=("Alleen SU", "SU en UBS")),
    *by_year("K3", "nat-onbekend-Alleen-UBS", (8, 6, 3, 14, 6), 37, forms=("Alleen UBS",)),
    *by_year("K3", "nat-onbekend-Onbekend", (2, 4, 9, 26, 10), 51, forms=("Onbekend",)),
]


@pytest.mark.parametrize(("label", "year", "expected", "extra"), K3_NAT_ONBEKEND)
def test_K3_nationality_onbekend_form_split(serving_db, label, year, expected, extra):
    forms = extra["forms"]
    where = f"NOT is_sub3 AND nationality = 'Onbekend' AND exploitation_form IN ({', '.join('?' * len(forms))})"
    assert victims(serving_db, where, year, forms) == expected


# ----------------------------------------------------------------------------------------------
# K4 nationality: Table B2.1 (all headline victim-years) and B2.2 (minors) hold exactly
# ----------------------------------------------------------------------------------------------
def _observed(db, nationality: str, minors: bool) -> dict[str, int]:
    cond = "NOT is_sub3 AND nationality = ?" + (" AND is_minor" if minors else "")
    out = {str(y): n for y, n in db.execute(
        f"SELECT registration_year, count(*) FROM marts.victims WHERE {cond} GROUP BY 1", [nationality]).fetchall()}
    out.update(db.execute(
        f"SELECT trafficking_form, count(*) FROM marts.victims WHERE {cond} GROUP BY 1", [nationality]).fetchall())
    out["Totaal"] = sum(out.get(str(y), 0) for y in YEARS)
    return out


@pytest.mark.parametrize(("nationality", "row"), [pytest.param(n, r, id=f"K4-B2.1-{n}") for n, r in B2_1])
def test_K4_table_b2_1_nationality(serving_db, nationality, row):
    observed = _observed(serving_db, nationality, minors=False)
    assert {k: observed.get(k, 0) for k in row} == row


@pytest.mark.parametrize(("nationality", "row"), [pytest.param(n, r, id=f"K4-B2.2-{n}") for n, r in B2_2])
def test_K4_table_b2_2_minors_nationality(serving_db, nationality, row):
    observed = _observed(serving_db, nationality, minors=True)
    assert {k: observed.get(k, 0) for k in row} == row


def test_K4_no_other_nationalities(serving_db):
    published = {n for n, _ in B2_1}
    found = {n for (n,) in serving_db.execute("SELECT DISTINCT nationality FROM marts.victims WHERE NOT is_sub3").fetchall()}
    assert found <= published
    minors = {n for (n,) in serving_db.execute(
        "SELECT DISTINCT nationality FROM marts.victims WHERE NOT is_sub3 AND is_minor").fetchall()}
    assert minors <= {n for n, _ in B2_2}


def test_K4_totals(serving_db):
    assert victims(serving_db, "NOT is_sub3") == 5433
    assert victims(serving_db, "NOT is_sub3 AND is_minor") == 1247


# ----------------------------------------------------------------------------------------------
# K5 meldingen (R9) by melder x year
# ----------------------------------------------------------------------------------------------
K5 = [
    *by_year("K5", "Politie", (788, 700, 641, 400, 432), 2961, melders=("Politie",)),
    *by_year("K5", "KMar", (20, 18, 15, 12, 11), 76, melders=("KMar",)),
    *by_year("K5", "ISZW-DO", (60, 72, 66, 59, 47), 304, melders=("ISZW-DO",)),
    *by_year("K5", "EMM", (0, 60, 5, 17, 246), 328, melders=("EMM",)),
    *by_year("K5", "Zorgcoordinator", (80, 170, 200, 260, 290), 1000, melders=("Zorgcoördinator",)),
    *by_year("K5", "Overig", (105, 170, 179, 160, 136), 750, melders=("Overig",)),
    *by_year("K5", "FairWork", (0, 90, 107, 150, 124), 471, melders=("FairWork",)),
    *by_year("K5", "all", (1053, 1280, 1213, 1058, 1286), 5890,
             melders=("Politie", "KMar", "ISZW-DO", "EMM", "Zorgcoördinator", "FairWork", "Overig")),
    *by_year("K5", "Zorgcoordinator+Overig", (185, 340, 379, 420, 426), 1750, melders=("Zorgcoördinator", "Overig")),
]


@pytest.mark.parametrize(("label", "year", "expected", "extra"), K5)
def test_K5_meldingen_by_melder_and_year(serving_db, label, year, expected, extra):
    melders = extra["melders"]
    sql = f"SELECT count(*) FROM marts.reports WHERE reporter_group IN ({', '.join('?' * len(melders))})"
    params = list(melders)
    if year is not None:
        sql += " AND registration_year = ?"
        params.append(year)
    assert one(serving_db, sql, tuple(params)) == expected


def test_K5_reports_are_distinct_per_victim_year_and_melder(serving_db):
    assert one(serving_db, """SELECT count(*) FROM (SELECT victim_id, registration_year, reporter_group, count(*) AS n
                                FROM marts.reports GROUP BY ALL HAVING n > 1)""") == 0


# ----------------------------------------------------------------------------------------------
# K6 meldingen by group, legal basis, police units
# ----------------------------------------------------------------------------------------------
K6_BY_GROUP = [
    *[pytest.param("all", g, v, id=f"K6-meldingen-{g}") for g, v in
      zip(GROUPS, (1663, 110, 1957, 1195, 965), strict=True)],
    *[pytest.param("Politie", g, v, id=f"K6-politie-{g}") for g, v in
      zip(GROUPS, (1123, 40, 1287, 297, 214), strict=True)],
    *[pytest.param("Zorg+Overig", g, v, id=f"K6-zorgcoordinator+overig-{g}") for g, v in
      zip(GROUPS, (455, 37, 424, 136, 698), strict=True)],
    pytest.param("ISZW-DO", "GO-UBS", 267, id="K6-iszw-do-GO-UBS"),
    pytest.param("FairWork", "GO-UBS", 430, id="K6-fairwork-GO-UBS"),
]
K6_MELDERS = {"all": None, "Politie": ("Politie",), "Zorg+Overig": ("Zorgcoördinator", "Overig"),
              "ISZW-DO": ("ISZW-DO",), "FairWork": ("FairWork",)}


@pytest.mark.parametrize(("melder", "group", "expected"), K6_BY_GROUP)
def test_K6_meldingen_by_group(serving_db, melder, group, expected):
    melders = K6_MELDERS[melder]
    sql = "SELECT count(*) FROM marts.reports WHERE trafficking_form = ?"
    params: list = [group]
    if melders:
        sql += f" AND reporter_group IN ({', '.join('?' * len(melders))})"
        params += melders
    assert one(serving_db, sql, tuple(params)) == expected


def test_K6_kmar_only_victim_years(serving_db):
    assert victims(serving_db, "NOT is_sub3 AND is_kmar_only") == 43
    assert victims(serving_db, "NOT is_sub3 AND is_kmar_only AND trafficking_form NOT IN ('BL-UBS', 'GO-UBS')") == 0


def test_K6_kmar_meldingen_with_another_melder(serving_db):
    assert one(serving_db, """SELECT count(*) FROM marts.reports r JOIN marts.victims v
                              USING (victim_id, registration_year)
                              WHERE r.reporter_group = 'KMar' AND NOT v.is_kmar_only""") == 33


def test_K6_meldingen_without_legal_basis(serving_db):
    assert one(serving_db, "SELECT count(*) FROM marts.reports WHERE NOT has_legal_basis") == 2221


def test_K6_victim_years_with_a_melder_without_legal_basis(serving_db):
    assert victims(serving_db, "NOT is_sub3 AND reported_without_legal_basis") == 2187


def test_K6_victim_years_only_melders_without_legal_basis(serving_db):
    assert victims(serving_db, "NOT is_sub3 AND only_without_legal_basis") == 1747


def test_K6_victim_years_only_zorgcoordinator(serving_db):
    assert victims(serving_db, "NOT is_sub3 AND only_care_coordinator") == 806


def test_K6_victim_years_only_zorgcoordinator_2017(serving_db):
    assert victims(serving_db, "NOT is_sub3 AND only_care_coordinator", 2017) == 183


def test_K6_police_units_total(serving_db):
    assert one(serving_db, "SELECT count(*) FROM marts.police_unit_reports") == 2975


K6_UNITS = {"Rotterdam": 600, "Oost-Brabant": 520, "Den Haag": 356, "Oost-Nederland": 300,
            "Zeeland-West-Brabant": 230, "Amsterdam": 330, "Noord-Nederland": 220, "Midden-Nederland": 140,
            "Noord-Holland": 130, "Limburg": 120, "Landelijke Eenheid": 3, "Onbekend": 26}


@pytest.mark.parametrize(("unit", "expected"), [pytest.param(u, v, id=f"K6-unit-{u}") for u, v in K6_UNITS.items()])
def test_K6_police_unit(serving_db, unit, expected):
    assert one(serving_db, "SELECT count(*) FROM marts.police_unit_reports WHERE police_unit = ?", (unit,)) == expected


def test_K6_rotterdam_oost_brabant_den_haag_together(serving_db):
    assert one(serving_db, """SELECT count(*) FROM marts.police_unit_reports
                              WHERE police_unit IN ('Rotterdam', 'Oost-Brabant', 'Den Haag')""") == 1476


def test_K6_bl_su_police_victim_years(serving_db):
    assert one(serving_db, """SELECT count(*) FROM marts.reports
                              WHERE reporter_group = 'Politie' AND trafficking_form = 'BL-SU'""") == 1123


def test_K6_bl_su_police_victim_years_from_four_units(serving_db):
    assert one(serving_db, """SELECT count(DISTINCT (victim_id, registration_year)) FROM marts.police_unit_reports
                              WHERE trafficking_form = 'BL-SU' AND police_unit IN
                              ('Rotterdam', 'Oost-Brabant', 'Oost-Nederland', 'Zeeland-West-Brabant')""") == 879


def test_K6_no_bl_su_victim_year_has_two_units(serving_db):
    assert one(serving_db, """SELECT count(*) FROM (SELECT victim_id, registration_year FROM marts.police_unit_reports
                              WHERE trafficking_form = 'BL-SU' GROUP BY ALL HAVING count(*) > 1)""") == 0


# ----------------------------------------------------------------------------------------------
# K7 sub-3 profile
# ----------------------------------------------------------------------------------------------
K7 = [
    *by_year("K7", "vrouw", (320, 303, 170, 97, 117), where="is_sub3 AND gender = 'Vrouw'"),
    *by_year("K7", "man", (0, 2, 1, 0, 1), where="is_sub3 AND gender = 'Man'"),
    *by_year("K7", "meerderjarig", (320, 301, 167, 97, 115), where="is_sub3 AND is_minor = FALSE"),
    *by_year("K7", "minderjarig", (0, 4, 4, 0, 3), where="is_sub3 AND is_minor"),
    *by_year("K7", "eu-vanaf-2004", (296, 279, 152, 83, 96), 906, where="is_sub3 AND is_eu_since_2004"),
]


@pytest.mark.parametrize(("label", "year", "expected", "extra"), K7)
def test_K7_sub3_profile_by_year(serving_db, label, year, expected, extra):
    assert victims(serving_db, extra["where"], year) == expected


@pytest.mark.parametrize(("nationality", "expected"), [
    pytest.param("Roemenië", 461, id="K7-Roemenie"),
    pytest.param("Bulgarije", 263, id="K7-Bulgarije"),
    pytest.param("Hongarije", 153, id="K7-Hongarije"),
])
def test_K7_sub3_nationality(serving_db, nationality, expected):
    assert victims(serving_db, "is_sub3 AND nationality = ?", params=(nationality,)) == expected


@pytest.mark.parametrize(("region", "expected"), [
    pytest.param(r, v, id=f"K7-kmar-regio-{r}") for r, v in
    {"Zuid": 473, "Schiphol": 415, "West": 70, "Noord-Oost": 40, "Onbekend": 13}.items()
])
def test_K7_sub3_kmar_regio(serving_db, region, expected):
    assert victims(serving_db, "is_sub3 AND kmar_region = ?", params=(region,)) == expected


@pytest.mark.parametrize(("form", "expected"), [
    pytest.param("Alleen SU", 960, id="K7-form-Alleen-SU"),
    pytest.param("Onbekend", 51, id="K7-form-Onbekend"),
])
def test_K7_sub3_form(serving_db, form, expected):
    assert victims(serving_db, "is_sub3 AND exploitation_form = ?", params=(form,)) == expected


def test_K7_sub3_are_kmar_only(serving_db):
    assert victims(serving_db, "is_sub3 AND NOT is_kmar_only") == 0


# ----------------------------------------------------------------------------------------------
# K8 shelter
# ----------------------------------------------------------------------------------------------
K8_NEED = ((205, 168, 170, 140, 141), 824)
K8_COSM = ((120, 117, 114, 75, 61), 487)
K8_YEAR = [
    *by_year("K8", "opvangbehoefte", *K8_NEED, where="NOT is_sub3 AND needs_shelter"),
    *by_year("K8", "COSM", *K8_COSM, where="NOT is_sub3 AND first_shelter = 'COSM'"),
]


@pytest.mark.parametrize(("label", "year", "expected", "extra"), K8_YEAR)
def test_K8_shelter_by_year(serving_db, label, year, expected, extra):
    assert victims(serving_db, extra["where"], year) == expected


K8_FIRST_SHELTER = {"COSM": 487, "Reguliere opvang": 142, "Kortdurende opvang": 86, "Geen opvang": 109}


@pytest.mark.parametrize(("shelter", "expected"), [
    pytest.param(s, v, id=f"K8-{s.replace(' ', '-')}") for s, v in K8_FIRST_SHELTER.items()
])
def test_K8_first_shelter(serving_db, shelter, expected):
    assert victims(serving_db, "NOT is_sub3 AND needs_shelter AND first_shelter = ?", params=(shelter,)) == expected


K8_GROUP = {"BL-SU": (16, 35, 19, 41), "BL-UBS": (2, 2, 1, 0), "GO-SU": (347, 38, 45, 47),
            "GO-UBS": (102, 62, 15, 16), "Onbekend": (20, 5, 6, 5)}
K8_SHELTERS = ("COSM", "Reguliere opvang", "Kortdurende opvang", "Geen opvang")


@pytest.mark.parametrize(("group", "shelter", "expected"), [
    pytest.param(g, s, v, id=f"K8-{g}-{s}") for g, row in K8_GROUP.items() for s, v in zip(K8_SHELTERS, row, strict=True)
])
def test_K8_group_by_first_shelter(serving_db, group, shelter, expected):
    assert victims(serving_db, "NOT is_sub3 AND trafficking_form = ? AND first_shelter = ?",
                   params=(group, shelter)) == expected


@pytest.mark.parametrize(("purpose", "expected"), [
    pytest.param("Verzoek opvang", 824, id="K8-doel-Verzoek-opvang"),
    pytest.param("Informatie en advies", 1100, id="K8-doel-Informatie-en-advies"),
    pytest.param("Registratie", 3509, id="K8-doel-Registratie"),
])
def test_K8_report_purpose(serving_db, purpose, expected):
    assert victims(serving_db, "NOT is_sub3 AND report_purpose = ?", params=(purpose,)) == expected


def test_K8_first_shelter_only_with_shelter_need(serving_db):
    assert victims(serving_db, "NOT is_sub3 AND first_shelter IS NOT NULL AND NOT needs_shelter") == 0
    assert victims(serving_db, "NOT is_sub3 AND first_shelter IS NULL AND needs_shelter") == 0


# ----------------------------------------------------------------------------------------------
# K9 aangifte
# ----------------------------------------------------------------------------------------------
K9 = [
    *by_year("K9", "Ja", (303, 300, 250, 182, 323), 1358, values=("Ja",)),
    *by_year("K9", "Bedenktijd+Intake", (29, 80, 81, 70, 50), 310, values=("Bedenktijd loopt", "Intake")),
    *by_year("K9", "Nee", (663, 546, 319, 279, 165), 1972, values=("Nee",)),
    *by_year("K9", "Onbekend", (122, 330, 500, 421, 420), 1793, values=("Onbekend",)),
]


@pytest.mark.parametrize(("label", "year", "expected", "extra"), K9)
def test_K9_aangifte_by_year(serving_db, label, year, expected, extra):
    values = extra["values"]
    where = f"NOT is_sub3 AND police_report IN ({', '.join('?' * len(values))})"
    assert victims(serving_db, where, year, values) == expected


@pytest.mark.parametrize(("value", "expected"), [
    pytest.param("Bedenktijd loopt", 150, id="K9-Bedenktijd-loopt"),
    pytest.param("Intake", 160, id="K9-Intake"),
])
def test_K9_tussencategorie(serving_db, value, expected):
    assert victims(serving_db, "NOT is_sub3 AND police_report = ?", params=(value,)) == expected


@pytest.mark.parametrize(("values", "expected"), [
    pytest.param(("Onbekend",), 631, id="K9-group-Onbekend-Onbekend"),
    pytest.param(("Ja", "Bedenktijd loopt", "Intake"), 97, id="K9-group-Onbekend-mogelijke-aangifte"),
    pytest.param(("Nee",), 371, id="K9-group-Onbekend-Nee"),
])
def test_K9_group_onbekend(serving_db, values, expected):
    where = f"NOT is_sub3 AND trafficking_form = 'Onbekend' AND police_report IN ({', '.join('?' * len(values))})"
    assert victims(serving_db, where, params=values) == expected


# ----------------------------------------------------------------------------------------------
# K10 gender
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("where", "expected"), [
    pytest.param("TRUE", 1163, id="K10-man-total"),
    pytest.param("registration_year = 2013", 169, id="K10-man-2013"),
    pytest.param("registration_year = 2017", 254, id="K10-man-2017"),
    pytest.param("trafficking_form = 'BL-SU'", 32, id="K10-man-BL-SU"),
    pytest.param("trafficking_form = 'GO-SU'", 186, id="K10-man-GO-SU"),
    pytest.param("trafficking_form = 'GO-UBS'", 619, id="K10-man-GO-UBS"),
    pytest.param("is_minor", 261, id="K10-man-minors"),
])
def test_K10_men(serving_db, where, expected):
    assert victims(serving_db, f"NOT is_sub3 AND gender = 'Man' AND {where}") == expected


def test_K10_gender_onbekend(serving_db):
    assert victims(serving_db, "NOT is_sub3 AND gender = 'Onbekend'") == 20
    assert victims(serving_db, "NOT is_sub3 AND gender = 'Onbekend' AND trafficking_form <> 'Onbekend'") == 0


# ----------------------------------------------------------------------------------------------
# K11 age
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("band", "expected"), [
    pytest.param(b, v, id=f"K11-{b}") for b, v in
    {"Minderjarig": 1247, "18-22": 1245, "23-29": 1186, "30-39": 810, "40+": 456, "Onbekend": 489}.items()
])
def test_K11_age_band(serving_db, band, expected):
    assert victims(serving_db, "NOT is_sub3 AND age_band = ?", params=(band,)) == expected


@pytest.mark.parametrize(("group", "expected"), [
    pytest.param("GO-UBS", 395, id="K11-onbekend-GO-UBS"),
    pytest.param("GO-SU", 14, id="K11-onbekend-GO-SU"),
])
def test_K11_age_unknown_by_group(serving_db, group, expected):
    assert victims(serving_db, "NOT is_sub3 AND age_band = 'Onbekend' AND trafficking_form = ?",
                   params=(group,)) == expected


@pytest.mark.parametrize(("band", "expected"), [
    pytest.param(b, v, id=f"K11-GO-known-{b}") for b, v in
    {"Minderjarig": 155, "18-22": 500, "23-29": 743, "30-39": 595, "40+": 324}.items()
])
def test_K11_cross_border_age_band(serving_db, band, expected):
    assert victims(serving_db, "NOT is_sub3 AND trafficking_form IN ('GO-SU', 'GO-UBS') AND age_band = ?",
                   params=(band,)) == expected


def test_K11_cross_border_known_age_total(serving_db):
    assert victims(serving_db, "NOT is_sub3 AND trafficking_form IN ('GO-SU', 'GO-UBS') AND age_band <> 'Onbekend'") == 2317


@pytest.mark.parametrize(("group", "expected"), [
    pytest.param("BL-SU", 993, id="K11-minor-or-18-22-BL-SU"),
    pytest.param("GO-UBS", 118, id="K11-minor-or-18-22-GO-UBS"),
])
def test_K11_minors_and_adolescents(serving_db, group, expected):
    assert victims(serving_db, "NOT is_sub3 AND trafficking_form = ? AND age_band IN ('Minderjarig', '18-22')",
                   params=(group,)) == expected


def test_K11_is_minor_matches_age_band(serving_db):
    assert victims(serving_db, "(age_band = 'Minderjarig') IS DISTINCT FROM is_minor AND age_band <> 'Onbekend'") == 0
    assert victims(serving_db, "age_band = 'Onbekend' AND is_minor IS NOT NULL") == 0


# ----------------------------------------------------------------------------------------------
# K12 sectors
# ----------------------------------------------------------------------------------------------
SU_VICTIM = "NOT is_sub3 AND exploitation_form IN ('Alleen SU', 'SU en UBS')"
UBS_VICTIM = "NOT is_sub3 AND exploitation_form IN ('SU en UBS', 'Alleen UBS')"
K12_YEAR = [
    *by_year("K12", "su-known-sector", (271, 247, 241, 215, 176), 1150,
             where=f"{SU_VICTIM} AND prostitution_sector <> 'Onbekend'"),
    *by_year("K12", "su-meer-zichtbaar", (108, 74, 72, 45, 25), where=f"{SU_VICTIM} AND visibility = 'Meer zichtbaar'"),
    *by_year("K12", "su-nog-niet-gewerkt", (0, 23, 14, 20, 47), where=f"{SU_VICTIM} AND not_yet_worked_su"),
    *by_year("K12", "ubs-known-sector", (119, 223, 232, 234, 210), 1018,
             where=f"{UBS_VICTIM} AND non_sex_sector <> 'Onbekend'"),
    *by_year("K12", "ubs-nog-niet-gewerkt", (0, 3, 0, 1, 6), 10, where=f"{UBS_VICTIM} AND not_yet_worked_ubs"),
]


@pytest.mark.parametrize(("label", "year", "expected", "extra"), K12_YEAR)
def test_K12_sectors_by_year(serving_db, label, year, expected, extra):
    assert victims(serving_db, extra["where"], year) == expected


LABOUR = f"{UBS_VICTIM} AND non_sex_sector_type = 'Arbeidsuitbuiting'"
CRIMINAL = f"{UBS_VICTIM} AND non_sex_sector_type = 'Andersoortig' AND non_sex_sector <> 'Orgaanhandel'"
ORGAN = f"{UBS_VICTIM} AND non_sex_sector = 'Orgaanhandel'"


@pytest.mark.parametrize(("where", "year", "expected"), [
    pytest.param(LABOUR, 2016, 175, id="K12-labour-2016"),
    pytest.param(CRIMINAL, 2016, 59, id="K12-criminal-2016"),
    pytest.param(LABOUR, 2017, 152, id="K12-labour-2017"),
    pytest.param(CRIMINAL, 2017, 57, id="K12-criminal-2017"),
    pytest.param(ORGAN, 2017, 1, id="K12-orgaanhandel-2017"),
    pytest.param(ORGAN, 2015, 1, id="K12-orgaanhandel-2015"),
])
def test_K12_non_sex_sector_kind(serving_db, where, year, expected):
    assert victims(serving_db, where, year) == expected


TEMP_AGENCY_BASE = f"{UBS_VICTIM} AND non_sex_sector_type IN ('Arbeidsuitbuiting', 'Onbekend')"


@pytest.mark.parametrize(("year", "numerator", "base"), [
    pytest.param(2016, 57, 220, id="K12-uitzendbureau-2016"),
    pytest.param(2017, 63, 233, id="K12-uitzendbureau-2017"),
])
def test_K12_temp_agency(serving_db, year, numerator, base):
    assert victims(serving_db, TEMP_AGENCY_BASE, year) == base
    assert victims(serving_db, f"{TEMP_AGENCY_BASE} AND temp_agency", year) == numerator


def test_K12_temp_agency_empty_before_2016(serving_db):
    assert victims(serving_db, "temp_agency AND registration_year < 2016") == 0


# ----------------------------------------------------------------------------------------------
# Linkage [A]
# ----------------------------------------------------------------------------------------------
def test_linkage_distinct_koppelsleutels_on_headline_victim_years(serving_db):
    assert one(serving_db, "SELECT count(DISTINCT link_hash) FROM marts.victims WHERE NOT is_sub3") == 1100


def test_linkage_flag_matches_hash(serving_db):
    assert victims(serving_db, "has_link_key <> (link_hash IS NOT NULL)") == 0
