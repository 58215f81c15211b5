"""Calibration of the default IND sample: every target of contract `residence.md` §4 (L1-L7, linkage).

The tests query the PUBLISHED serving database (`serving.duckdb`, schema `marts`, tables
`residence_routes` and `residence_decisions`) through the session fixture `serving_db`, built
through the real Dagster job from the committed default sample under `seeds/ind/`. Every expected
number is typed from the contract (tags [P]/[D]/[A] as there); the annex cells of L3 (B2.3-B2.14)
are the tables of the research note `domain/residence.md` §4.3, copied verbatim below ("a/b/c/d/e
→ total", one cell per group; for nationality the printed total is the target, §4.6). Nothing is
computed from the generator.

Persons = population persons (`is_in_population`, V5). An application is counted once: the row
with `is_last_decision` (and `is_application_handled_in_window`) of `residence_decisions`.
"""

from __future__ import annotations

import pytest

YEARS = (2013, 2014, 2015, 2016, 2017)
GROUPS = (1, 2, 3, 4, 5)


def one(db, sql: str, params: tuple = ()) -> int:
    return db.execute(sql, list(params)).fetchone()[0]


def persons(db, where: str = "TRUE", params: tuple = ()) -> int:
    return one(db, f"SELECT count(*) FROM marts.residence_routes WHERE is_in_population AND ({where})", params)


def applications(db, kind: str, where: str = "TRUE", params: tuple = ()) -> int:
    return one(db, "SELECT count(*) FROM marts.residence_decisions WHERE residence_type = ? AND is_last_decision "
                   f"AND is_application_handled_in_window AND ({where})", (kind, *params))


def _annex(text: str, totals_only: bool = False):
    """Parametrisation rows from a verbatim annex table: one per (category, group, year) cell, or per
    (category, group) printed total."""
    rows = []
    for line in text.strip().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        category = {"18-22 (adolescent)": "18-22"}.get(cells[0], cells[0])
        if category == "Totaal":
            continue
        for group in GROUPS:
            cell = cells[group]
            if cell in ("–", "-"):
                years, total = [0] * 5, 0
            else:
                left, right = (p.strip() for p in cell.split("→"))
                years, total = [int(v) for v in left.split("/")], int(right)
            if totals_only:
                rows.append(pytest.param(category, group, total, id=f"{category}-G{group}"))
            else:
                rows += [pytest.param(category, group, y, v, id=f"{category}-G{group}-{y}")
                         for y, v in zip(YEARS, years, strict=True)]
    return rows


# research note §4.3, verbatim (B2.3-B2.5 gender, B2.6-B2.8 age class, B2.12-B2.14 region, B2.9-B2.11 nationality)
GENDER = """
| Vrouw | 51/30/20/21/29 → 151 | 20/30/39/33/116 → 238 | 26/35/32/41/73 → 207 | 68/52/37/37/43 → 237 | 102/209/89/40/39 → 479 | 1312 | B2.3:5963, B2.4:5979, B2.5:5995 |
| Man | 7/5/3/11/15 → 41 | 9/10/20/6/52 → 97 | 8/9/15/24/37 → 93 | 18/23/19/17/52 → 129 | 28/71/18/14/28 → 159 | 519 | B2.3:5965, B2.4:5981, B2.5:5997 |
| Onbekend | – | 0/0/0/0/0 → 0 | 1/0/0/0/0 → 1 | – | – | 1 | B2.4:5983 |
| Totaal | 58/35/23/32/44 → 192 | 29/40/59/39/168 → 335 | 35/44/47/65/110 → 301 | 86/75/56/54/95 → 366 | 130/280/107/54/67 → 638 | 1832 | B2.3:5967, B2.4:5985, B2.5:5999 |
"""
AGE = """
| Minderjarig | 3/1/0/4/3 → 11 | 0/3/4/2/2 → 11 | 4/4/1/2/6 → 17 | 1/0/0/1/4 → 6 | 1/7/0/1/0 → 9 | 54 | B2.6:6010, B2.7:6032, B2.8:6055 |
| 18-22 (adolescent) | 20/12/4/5/9 → 50 | 8/5/11/6/23 → 53 | 13/5/8/17/24 → 67 | 23/8/2/4/3 → 40 | 27/66/17/8/5 → 123 | 333 | B2.6:6012, B2.7:6034, B2.8:6057 |
| 23-29 | 14/9/10/4/9 → 46 | 10/16/25/9/57 → 117 | 12/21/24/24/36 → 117 | 24/29/20/15/10 → 98 | 46/107/35/19/22 → 229 | 607 | B2.6:6014, B2.7:6039, B2.8:6062 |
| 30-39 | 15/5/4/12/15 → 51 | 9/13/12/16/61 → 111 | 5/9/12/12/36 → 74 | 22/26/24/22/45 → 139 | 48/72/34/17/23 → 194 | 569 | B2.6:6016, B2.7:6041, B2.8:6064 |
| 40+ | 6/8/5/7/8 → 34 | 2/3/7/6/25 → 43 | 1/5/2/10/8 → 26 | 16/12/10/12/33 → 83 | 8/28/21/9/17 → 83 | 269 | B2.6:6018, B2.7:6043, B2.8:6066 |
| Totaal | 58/35/23/32/44 → 192 | 29/40/59/39/168 → 335 | 35/44/47/65/110 → 301 | 86/75/56/54/95 → 366 | 130/280/107/54/67 → 638 | 1832 | B2.6:6020, B2.7:6045, B2.8:6068 |
"""
REGION = """
| EU | 31/12/10/12/10 → 75 | 9/8/16/10/29 → 72 | 8/19/19/23/31 → 100 | 18/15/11/9/6 → 59 | 1/2/1/4/2 → 10 | 316 | B2.12:6535, B2.13:6562, B2.14:6593 |
| Europa niet-EU | 2/1/2/1/7 → 13 | 1/0/1/1/4 → 7 | 0/0/0/3/4 → 7 | 3/4/8/3/8 → 26 | 1/3/2/1/1 → 8 | 61 | B2.12:6537, B2.13:6564, B2.14:6595 |
| Afrika | 15/13/4/6/18 → 56 | 16/26/26/18/90 → 176 | 23/18/24/28/56 → 149 | 42/33/16/17/12 → 120 | 114/229/79/34/32 → 488 | 989 | B2.12:6539, B2.13:6569, B2.14:6600 |
| Azië | 5/8/6/9/7 → 35 | 2/5/12/8/31 → 58 | 1/5/3/7/15 → 31 | 14/15/10/20/62 → 121 | 9/28/20/11/23 → 91 | 336 | B2.12:6541, B2.13:6571, B2.14:6602 |
| Latijns-Amerika en de Caraïben | 2/1/1/3/2 → 9 | 0/0/2/0/10 → 12 | 2/2/0/2/3 → 9 | 8/6/9/5/5 → 33 | 4/8/1/3/5 → 21 | 84 | B2.12:6543, B2.13:6573, B2.14:6604 |
| Noord-Amerika | 0/0/0/1/0 → 1 | – | – | – | – | 1 | B2.12:6545 |
| Staatloos | 1/0/0/0/0 → 1 | – | – | 0/0/1/0/0 → 1 | 0/0/0/0/0 → 0 | 2 | B2.12:6547, B2.14:6610 |
| Onbekend | 2/0/0/0/0 → 2 | 1/1/2/2/4 → 10 | 1/0/1/2/1 → 5 | 1/2/1/0/2 → 6 | 1/10/4/1/4 → 20 | 43 | B2.12:6549, B2.13:6579, B2.14:6612 |
| Totaal | 58/35/23/32/44 → 192 | 29/40/59/39/168 → 335 | 35/44/47/65/110 → 301 | 86/75/56/54/95 → 366 | 130/280/107/54/67 → 638 | 1832 | B2.12:6551, B2.13:6581, B2.14:6614 |
"""
NATIONALITY = """
| Albanië | 0/1/0/1/1 → 3 | 1/0/0/0/1 → 2 | 0/0/0/1/1 → 2 | 0/1/1/0/2 → 4 | 0/0/0/1/0 → 1 | 12 | B2.9:6079, B2.10:6199, B2.11:6349 |
| Algerije | – | – | – | – | 1/0/0/0/0 → 1 | 1 | B2.11:6351 |
| Angola | 0/2/0/0/0 → 2 | 1/0/0/0/2 → 3 | 1/0/2/0/6 → 9 | 2/2/2/0/0 → 6 | 4/9/4/1/1 → 19 | 39 | B2.9:6081, B2.10:6201, B2.11:6353 |
| Argentinië | – | 0/0/0/0/1 → 1 | – | – | – | 1 | B2.10:6203 |
| Armenië | 1/0/1/0/0 → 2 | 0/0/0/0/3 → 3 | 1/0/0/0/1 → 2 | 1/1/0/1/0 → 3 | 1/5/4/3/1 → 13 | 23 | B2.9:6083, B2.10:6205, B2.11:6355 |
| Azerbeidzjan | – | – | – | 1/0/0/0/0 → 1 | 1/0/0/0/4 → 5 | 6 | B2.11:6357 |
| België | 0/0/0/1/1 → 2 | 0/0/1/0/0 → 1 | – | 1/0/0/0/0 → 1 | – | 4 | B2.9:6085, B2.10:6207, B2.11:6359 |
| Benin | – | – | 0/1/0/0/2 → 3 | – | 0/0/0/0/1 → 1 | 4 | B2.10:6209, B2.11:6361 |
| Bosnië en Herzegovina | – | – | 0/0/0/1/1 → 2 | 0/0/1/0/4 → 5 | – | 7 | B2.10:6211, B2.11:6363 |
| Brazilië | 1/0/0/1/0 → 2 | 0/0/0/0/4 → 4 | 0/2/0/2/1 → 5 | 6/4/3/2/1 → 16 | 1/1/0/1/1 → 4 | 31 | B2.9:6087, B2.10:6216, B2.11:6368 |
| Bulgarije | 9/3/6/2/4 → 24 | 4/3/3/1/7 → 18 | 0/2/3/1/6 → 12 | 10/4/2/2/2 → 20 | 0/0/1/0/0 → 1 | 75 | B2.9:6089, B2.10:6218, B2.11:6370 |
| Burkina Faso | 0/0/0/0/1 → 1 | – | – | – | 0/0/0/1/0 → 1 | 2 | B2.9:6091, B2.11:6372 |
| Burundi | – | – | – | 0/0/0/0/1 → 1 | 0/2/1/0/0 → 3 | 4 | B2.11:6374 |
| Canada | 0/0/0/1/0 → 1 | – | – | – | – | 1 | B2.9:6093 |
| China | 1/2/0/1/1 → 5 | 0/0/2/1/4 → 7 | 0/1/1/0/0 → 2 | 8/2/2/6/4 → 22 | 2/16/8/4/10 → 40 | 76 | B2.9:6095, B2.10:6220, B2.11:6376 |
| Colombia | 0/1/1/0/0 → 2 | 0/0/1/0/1 → 2 | 0/0/0/0/2 → 2 | – | 0/1/0/0/0 → 1 | 7 | B2.9:6097, B2.10:6222, B2.11:6378 |
| Costa Rica | – | – | – | – | 0/0/0/1/0 → 1 | 1 | B2.11:6380 |
| Democratische Republiek Congo | – | 0/0/2/0/6 → 8 | 1/1/0/4/2 → 8 | 1/2/1/0/0 → 4 | 0/3/1/0/0 → 4 | 24 | B2.10:6224, B2.11:6382 |
| Dominicaanse Republiek | – | – | 2/0/0/0/0 → 2 | – | 0/1/0/0/0 → 1 | 3 | B2.10:6230, B2.11:6388 |
| Duitsland | 3/0/0/0/0 → 3 | – | – | – | – | 3 | B2.9:6099 |
| Ecuador | 1/0/0/0/0 → 1 | – | – | – | – | 1 | B2.9:6101 |
| Egypte | 0/1/0/0/0 → 1 | 1/0/0/1/1 → 3 | 0/0/0/1/0 → 1 | 1/0/0/0/0 → 1 | 1/3/0/0/1 → 5 | 11 | B2.9:6103, B2.10:6235, B2.11:6393 |
| El Salvador | 0/0/0/0/1 → 1 | – | – | – | 0/0/0/0/2 → 2 | 3 | B2.9:6105, B2.11:6395 |
| Eritrea | – | 0/1/0/0/0 → 1 | 0/0/2/1/0 → 3 | 1/0/0/0/0 → 1 | 1/2/0/0/0 → 3 | 8 | B2.10:6237, B2.11:6397 |
| Ethiopië | – | – | 0/0/1/0/1 → 2 | – | 0/1/0/0/0 → 1 | 3 | B2.10:6239, B2.11:6399 |
| Filipijnen | 0/0/0/0/2 → 2 | 0/0/2/1/10 → 13 | 0/2/0/3/1 → 6 | 0/0/2/7/54 → 63 | 0/2/2/0/3 → 7 | 91 | B2.9:6107, B2.10:6241, B2.11:6401 |
| Frankrijk | – | – | – | 1/0/0/0/0 → 1 | – | 1 | B2.11:6403 |
| Gabon | – | – | – | – | 1/0/0/0/0 → 1 | 1 | B2.11:6405 |
| Gambia | – | – | 0/0/1/0/0 → 1 | 1/0/0/0/0 → 1 | 4/0/1/1/0 → 6 | 8 | B2.10:6243, B2.11:6407 |
| Georgië | – | – | 0/0/2/0/0 → 2 | 0/1/0/0/0 → 1 | – | 3 | B2.10:6245, B2.11:6409 |
| Ghana | 2/5/0/0/0 → 7 | 2/1/2/1/2 → 8 | 0/1/0/2/0 → 3 | 3/4/0/1/1 → 9 | 5/9/4/0/2 → 19 | 46 | B2.9:6109, B2.10:6247, B2.11:6411 |
| Guatemala | – | 0/0/1/0/0 → 1 | – | – | – | 1 | B2.10:6249 |
| Guinee | 2/1/0/0/0 → 3 | 2/8/3/4/7 → 24 | 6/2/2/3/7 → 20 | 6/4/2/5/0 → 17 | 17/37/10/3/2 → 69 | 133 | B2.9:6111, B2.10:6251, B2.11:6413 |
| Guyana | – | – | – | 0/0/0/0/1 → 1 | 0/1/0/0/0 → 1 | 2 | B2.11:6415 |
| Honduras | – | – | – | 0/0/0/0/2 → 2 | – | 2 | B2.11:6417 |
| Hongarije | 8/0/3/5/1 → 17 | 1/4/5/3/7 → 20 | 4/4/8/8/16 → 40 | 1/6/5/1/4 → 17 | 0/0/0/4/1 → 5 | 99 | B2.9:6113, B2.10:6253, B2.11:6422 |
| India | 0/1/0/0/0 → 1 | 0/0/7/2/8 → 17 | 0/0/0/0/5 → 5 | 1/3/4/5/0 → 13 | 3/3/2/0/4 → 12 | 48 | B2.9:6115, B2.10:6255, B2.11:6424 |
| Indonesië | 0/0/0/8/1 → 9 | 1/3/0/0/1 → 5 | 0/1/0/0/0 → 1 | 0/1/0/1/4 → 6 | 0/0/1/3/0 → 4 | 25 | B2.9:6117, B2.10:6257, B2.11:6426 |
| Irak | 1/0/0/0/0 → 1 | – | 0/0/0/0/3 → 3 | 0/2/0/0/0 → 2 | 1/1/0/0/0 → 2 | 8 | B2.9:6122, B2.10:6259, B2.11:6428 |
| Iran | – | – | 0/0/0/1/0 → 1 | – | – | 1 | B2.10:6261 |
| Italië | 0/0/0/0/1 → 1 | – | 0/1/1/0/0 → 2 | – | – | 3 | B2.9:6124, B2.10:6263 |
| Ivoorkust | – | 1/0/2/0/4 → 7 | 2/1/0/0/1 → 4 | – | 2/1/2/0/0 → 5 | 16 | B2.10:6265, B2.11:6430 |
| Jamaica | – | – | – | 1/0/0/0/0 → 1 | 1/0/0/0/0 → 1 | 2 | B2.11:6432 |
| Kameroen | 0/0/1/0/0 → 1 | 0/0/0/0/2 → 2 | 1/0/1/0/5 → 7 | 2/1/0/0/1 → 4 | 3/3/3/1/1 → 11 | 25 | B2.9:6126, B2.10:6267, B2.11:6434 |
| Kenia | 1/0/0/0/0 → 1 | – | 0/0/0/0/1 → 1 | – | 0/3/1/0/0 → 4 | 6 | B2.9:6128, B2.10:6272, B2.11:6436 |
| Kirgizië | – | 0/0/0/0/1 → 1 | – | – | – | 1 | B2.10:6274 |
| Kroatië | – | – | – | 0/0/1/0/0 → 1 | – | 1 | B2.11:6438 |
| Letland | 1/0/0/0/0 → 1 | 0/0/1/1/0 → 2 | 0/0/0/1/0 → 1 | 1/0/0/0/0 → 1 | – | 5 | B2.9:6130, B2.10:6276, B2.11:6440 |
| Liberia | 1/0/0/0/0 → 1 | 1/1/0/0/2 → 4 | 0/0/0/0/3 → 3 | 0/0/0/1/0 → 1 | 1/2/3/0/0 → 6 | 15 | B2.9:6132, B2.10:6278, B2.11:6442 |
| Litouwen | 0/1/0/0/0 → 1 | 0/0/0/1/0 → 1 | 0/1/0/0/0 → 1 | 0/0/0/1/0 → 1 | 0/1/0/0/0 → 1 | 5 | B2.9:6134, B2.10:6280, B2.11:6444 |
| Macedonië | – | – | – | 0/0/5/0/0 → 5 | – | 5 | B2.11:6446 |
| Madagaskar | – | – | – | 0/1/0/0/0 → 1 | – | 1 | B2.11:6448 |
| Mali | 0/0/0/0/1 → 1 | – | 0/1/0/0/1 → 2 | – | 0/2/0/0/1 → 3 | 6 | B2.9:6136, B2.10:6282, B2.11:6450 |
| Marokko | 0/0/2/0/1 → 3 | 0/1/2/0/13 → 16 | 0/0/0/1/0 → 1 | 4/1/1/2/0 → 8 | 0/2/1/1/2 → 6 | 34 | B2.9:6138, B2.10:6284, B2.11:6452 |
| Mexico | 0/0/0/1/0 → 1 | – | – | – | – | 1 | B2.9:6140 |
| Moldavië | – | – | – | – | 0/0/1/0/0 → 1 | 1 | B2.11:6454 |
| Mongolië | 1/1/2/0/0 → 4 | 0/0/0/2/2 → 4 | 0/1/0/2/1 → 4 | 2/0/0/0/0 → 2 | 0/0/1/1/1 → 3 | 17 | B2.9:6142, B2.10:6286, B2.11:6456 |
| Montenegro | – | – | 0/0/0/1/0 → 1 | – | – | 1 | B2.10:6288 |
| Nederland | – | – | 1/0/0/0/0 → 1 | 1/0/0/0/0 → 1 | – | 2 | B2.10:6290, B2.11:6458 |
| Nepal | – | 1/0/0/0/0 → 1 | 0/0/0/0/1 → 1 | 0/1/1/0/0 → 2 | 1/0/0/0/0 → 1 | 5 | B2.10:6292, B2.11:6460 |
| Niger | 0/0/0/0/1 → 1 | – | – | – | 0/1/0/0/0 → 1 | 2 | B2.9:6144, B2.11:6462 |
| Nigeria | 6/1/0/4/4 → 15 | 5/9/7/5/29 → 55 | 7/2/4/8/17 → 38 | 13/17/6/6/3 → 45 | 40/90/34/20/14 → 196 | 349 | B2.9:6146, B2.10:6294, B2.11:6464 |
| Oeganda | 1/1/1/2/8 → 13 | 0/4/5/6/18 → 33 | 0/5/7/4/7 → 23 | 0/0/0/1/2 → 3 | 7/6/4/1/3 → 21 | 93 | B2.9:6148, B2.10:6296, B2.11:6466 |
| Oekraïne | 2/0/1/0/4 → 7 | 0/0/1/1/3 → 5 | 0/0/0/0/1 → 1 | 2/3/0/2/0 → 7 | – | 20 | B2.9:6150, B2.10:6298, B2.11:6468 |
| Oostenrijk | 0/0/0/0/1 → 1 | – | – | – | – | 1 | B2.9:6152 |
| Pakistan | 0/0/0/0/1 → 1 | – | 0/0/0/0/1 → 1 | 1/0/0/0/0 → 1 | 0/0/2/0/0 → 2 | 5 | B2.9:6154, B2.10:6300, B2.11:6470 |
| Peru | – | – | – | – | 0/1/0/1/0 → 2 | 2 | B2.11:6472 |
| Polen | 2/2/1/0/1 → 6 | 0/0/1/3/6 → 10 | 0/0/2/4/3 → 9 | 0/0/1/0/0 → 1 | 0/1/0/0/0 → 1 | 27 | B2.9:6156, B2.10:6302, B2.11:6474 |
| Portugal | 0/1/0/0/0 → 1 | – | – | – | – | 1 | B2.9:6158 |
| Roemenië | 8/4/0/2/1 → 15 | 2/1/5/1/8 → 17 | 2/8/5/8/5 → 28 | 2/3/0/4/0 → 9 | 0/0/0/0/1 → 1 | 70 | B2.9:6160, B2.10:6304, B2.11:6476 |
| Rusland | 0/0/1/0/2 → 3 | – | – | 1/0/1/1/2 → 5 | 1/3/0/0/1 → 5 | 13 | B2.9:6162, B2.11:6478 |
| Senegal | 0/1/0/0/0 → 1 | 1/0/0/0/0 → 1 | 0/0/0/0/1 → 1 | – | 2/3/0/0/1 → 6 | 9 | B2.9:6164, B2.10:6306, B2.11:6480 |
| Servië | – | – | 0/0/0/0/1 → 1 | – | 0/0/1/0/0 → 1 | 2 | B2.10:6308, B2.11:6482 |
| Seychellen | – | – | – | – | 0/1/0/0/0 → 1 | 1 | B2.11:6484 |
| Sierra Leone | 2/0/0/0/2 → 4 | 1/0/3/1/3 → 8 | 5/4/4/3/1 → 17 | 6/1/1/1/4 → 13 | 22/41/10/4/4 → 81 | 123 | B2.9:6166, B2.10:6310, B2.11:6486 |
| Slowakije | 0/1/0/0/0 → 1 | 2/0/0/0/0 → 2 | 1/2/0/0/1 → 4 | 0/2/2/1/0 → 5 | 1/0/0/0/0 → 1 | 13 | B2.9:6168, B2.10:6312, B2.11:6488 |
| Soedan | – | – | – | 0/0/1/0/0 → 1 | 0/1/0/0/0 → 1 | 2 | B2.11:6490 |
| Somalië | 0/1/0/0/0 → 1 | – | – | – | 0/3/0/0/0 → 3 | 4 | B2.9:6170, B2.11:6492 |
| Spanje | – | 0/0/0/0/1 → 1 | 0/1/0/1/0 → 2 | – | – | 3 | B2.10:6314 |
| Sri Lanka | – | 0/1/0/1/0 → 2 | – | 0/1/0/0/0 → 1 | – | 3 | B2.10:6316, B2.11:6497 |
| Suriname | – | 0/0/0/0/1 → 1 | – | 1/1/4/3/1 → 10 | 2/3/0/0/2 → 7 | 18 | B2.10:6318, B2.11:6499 |
| Syrië | – | – | 0/0/0/1/0 → 1 | – | – | 1 | B2.10:6320 |
| Tanzania | – | 1/0/0/0/0 → 1 | 0/0/0/1/0 → 1 | – | 0/2/0/0/0 → 2 | 4 | B2.10:6322, B2.11:6501 |
| Thailand | 0/0/1/0/0 → 1 | 0/0/0/1/1 → 2 | – | – | – | 3 | B2.9:6172, B2.10:6324 |
| Togo | – | 0/1/0/0/1 → 2 | – | 1/0/0/0/0 → 1 | 2/3/0/0/0 → 5 | 8 | B2.10:6326, B2.11:6503 |
| Tsjechië | 0/0/0/1/0 → 1 | – | – | – | – | 1 | B2.9:6174 |
| Tunesië | – | – | – | – | 0/0/0/1/0 → 1 | 1 | B2.11:6505 |
| Turkije | 1/0/0/0/0 → 1 | – | 0/0/0/0/1 → 1 | 0/2/1/0/0 → 3 | 0/0/1/0/0 → 1 | 6 | B2.9:6176, B2.10:6328, B2.11:6507 |
| Venezuela | 0/0/0/1/1 → 2 | 0/0/0/0/3 → 3 | – | 0/1/2/0/0 → 3 | 0/0/1/0/0 → 1 | 9 | B2.9:6178, B2.10:6330, B2.11:6509 |
| Verenigd Koninkrijk | – | – | – | 1/0/0/0/0 → 1 | – | 1 | B2.11:6511 |
| Vietnam | 0/4/2/0/2 → 8 | 0/1/1/0/1 → 3 | 0/0/0/0/1 → 1 | 0/1/0/0/0 → 1 | 0/1/0/0/0 → 1 | 14 | B2.9:6180, B2.10:6332, B2.11:6516 |
| Zambia | – | – | – | 0/0/2/0/0 → 2 | 1/0/0/0/0 → 1 | 3 | B2.11:6518 |
| Zimbabwe | – | – | 0/0/0/0/1 → 1 | 1/0/0/0/0 → 1 | 0/0/1/0/0 → 1 | 3 | B2.10:6334, B2.11:6520 |
| Zweden | 0/0/0/1/0 → 1 | – | – | – | – | 1 | B2.9:6182 |
| Staatloos | 1/0/0/0/0 → 1 | – | – | 0/0/1/0/0 → 1 | – | 2 | B2.9:6184, B2.11:6522 |
| Onbekend | 2/0/0/0/0 → 2 | 1/1/2/2/4 → 10 | 1/0/1/2/1 → 5 | 1/2/1/0/1 → 6 | 1/9/2/1/2 → 20 | 43 | B2.9:6186, B2.10:6336, B2.11:6524 |
| Totaal | 58/35/23/32/44 → 192 | 29/40/59/39/168 → 335 | 35/44/47/65/110 → 301 | 86/75/56/54/95 → 366 | 130/280/107/54/67 → 638 | 1832 | B2.9:6188, B2.10:6338, B2.11:6526 |
"""


# ------------------------------------------------------------------------------- L1 routes (Figure 4.2)
@pytest.mark.parametrize(("route", "expected"), [
    ("4a", 83), ("4b", 64), ("4c", 219), ("5a", 180), ("5b", 83), ("5c", 375),
])
def test_L1_route_cells(serving_db, route, expected):
    assert persons(serving_db, "route = ?", (route,)) == expected


@pytest.mark.parametrize(("group", "expected"), [(1, 192), (2, 335), (3, 301), (4, 366), (5, 638)])
def test_L1_group_totals(serving_db, group, expected):
    assert persons(serving_db, "route_group = ?", (group,)) == expected


def test_L1_population_and_flags(serving_db):
    assert persons(serving_db) == 1832
    assert persons(serving_db, "has_bedenktijd") == 790
    assert persons(serving_db, "has_tv_handled") == 1046
    assert persons(serving_db, "has_tv_handled AND has_bedenktijd") == 598
    assert persons(serving_db, "has_tv_handled AND NOT has_bedenktijd") == 448
    assert persons(serving_db, "has_vv_handled") == 1004
    assert persons(serving_db, "has_vv_handled AND route LIKE '%a'") == 263
    assert persons(serving_db, "has_vv_handled AND route LIKE '%b'") == 147
    assert persons(serving_db, "has_vv_handled AND route LIKE '%c'") == 594
    assert persons(serving_db, "route LIKE '%c' AND has_bedenktijd") == 0


def test_L1_route_4a_share_is_31_5_percent_of_263(serving_db):
    assert round(100 * persons(serving_db, "route = '4a'") / 263, 1) == pytest.approx(31.5, abs=0.25)


# ------------------------------------------------------------------------------ L2 group x group year
@pytest.mark.parametrize(("group", "year", "expected"), [
    pytest.param(g, y, v, id=f"G{g}-{y}")
    for g, cells in {1: (58, 35, 23, 32, 44), 2: (29, 40, 59, 39, 168), 3: (35, 44, 47, 65, 110),
                     4: (86, 75, 56, 54, 95), 5: (130, 280, 107, 54, 67)}.items()
    for y, v in zip(YEARS, cells, strict=True)
])
def test_L2_group_by_group_year(serving_db, group, year, expected):
    assert persons(serving_db, "route_group = ? AND group_year = ?", (group, year)) == expected


# --------------------------------------------------------------------------- L3 person attributes
@pytest.mark.parametrize(("category", "group", "year", "expected"), _annex(GENDER))
def test_L3_gender_annex_B2_3_to_B2_5(serving_db, category, group, year, expected):
    assert persons(serving_db, "gender = ? AND route_group = ? AND group_year = ?", (category, group, year)) == expected


@pytest.mark.parametrize(("category", "group", "year", "expected"), _annex(AGE))
def test_L3_age_band_annex_B2_6_to_B2_8(serving_db, category, group, year, expected):
    assert persons(serving_db, "age_band = ? AND route_group = ? AND group_year = ?", (category, group, year)) == expected


@pytest.mark.parametrize(("category", "group", "year", "expected"), _annex(REGION))
def test_L3_region_annex_B2_12_to_B2_14(serving_db, category, group, year, expected):
    assert persons(serving_db, "origin_region = ? AND route_group = ? AND group_year = ?",
                   (category, group, year)) == expected


@pytest.mark.parametrize(("category", "group", "expected"), _annex(NATIONALITY, totals_only=True))
def test_L3_nationality_by_group_totals_B2_9_to_B2_11(serving_db, category, group, expected):
    assert persons(serving_db, "nationality = ? AND route_group = ?", (category, group)) == expected


def test_L3_tabel_4_1_nigeria_and_filipijnen(serving_db):
    for group, expected in zip(GROUPS, (15, 55, 38, 45, 196), strict=True):
        assert persons(serving_db, "nationality = 'Nigeria' AND route_group = ?", (group,)) == expected
    assert persons(serving_db, "nationality = 'Filipijnen' AND route_group = 4") == 63
    assert persons(serving_db, "nationality = 'Filipijnen' AND route_group = 4 AND group_year = 2017") == 54


# --------------------------------------------------------------------------- L4 Bedenktijd events
@pytest.mark.parametrize(("year", "expected"), list(zip(YEARS, (220, 190, 150, 114, 131), strict=True)))
def test_L4_bedenktijd_events_per_year(serving_db, year, expected):
    assert one(serving_db, "SELECT count(*) FROM marts.residence_decisions WHERE residence_type = 'bedenktijd' "
                           "AND decision_year = ?", (year,)) == expected


def test_L4_bedenktijd_is_90_days(serving_db):
    assert one(serving_db, "SELECT count(*) FROM marts.residence_decisions WHERE residence_type = 'bedenktijd' "
                           "AND is_in_reporting_window AND reflection_period_days IS DISTINCT FROM 90") == 0


# ------------------------------------------------------------------------------- L5 TV applications
def test_L5_tv_handled_total(serving_db):
    assert applications(serving_db, "tijdelijk") == 1064


@pytest.mark.parametrize(("year", "expected"), list(zip(YEARS, (250, 245, 220, 163, 186), strict=True)))
def test_L5_tv_handled_by_first_decision_year(serving_db, year, expected):
    assert applications(serving_db, "tijdelijk", "first_decision_year = ?", (year,)) == expected


@pytest.mark.parametrize(("outcome", "expected"), [
    ("Ingewilligd", 1003), ("Afgewezen", 48), ("Ingetrokken", 10), ("Buiten behandeling", 3),
])
def test_L5_tv_outcomes(serving_db, outcome, expected):
    assert applications(serving_db, "tijdelijk", "application_outcome = ?", (outcome,)) == expected


def test_L5_tv_overige_afdoening_13(serving_db):
    assert applications(serving_db, "tijdelijk", "application_outcome_category = 'overige afdoening'") == 13


@pytest.mark.parametrize(("year", "expected"), list(zip(YEARS, (240, 226, 200, 156, 181), strict=True)))
def test_L5_tv_grants_by_last_decision_year(serving_db, year, expected):
    assert applications(serving_db, "tijdelijk", "application_outcome = 'Ingewilligd' AND last_decision_year = ?",
                        (year,)) == expected


def test_L5_tv_grants_2013_2015_sum_666(serving_db):
    assert applications(serving_db, "tijdelijk", "application_outcome = 'Ingewilligd' AND last_decision_year <= 2015") == 666


@pytest.mark.parametrize(("year", "expected"), list(zip(YEARS, (248, 246, 219, 163, 188), strict=True)))
def test_L5_tv_all_outcomes_by_last_decision_year(serving_db, year, expected):
    assert applications(serving_db, "tijdelijk", "last_decision_year = ?", (year,)) == expected


@pytest.mark.parametrize(("first", "last", "expected"), [
    (2013, 2013, 248), (2013, 2014, 2), (2014, 2014, 244), (2014, 2015, 1), (2015, 2015, 218), (2015, 2016, 2),
    (2016, 2016, 161), (2016, 2017, 2), (2017, 2017, 186),
])
def test_L5_tv_flow_first_to_last_decision_year(serving_db, first, last, expected):
    assert applications(serving_db, "tijdelijk", "first_decision_year = ? AND last_decision_year = ?",
                        (first, last)) == expected


@pytest.mark.parametrize(("outcome", "expected"), [
    ("Ingewilligd", 8), ("Afgewezen", 16), ("Ingetrokken", 8), ("Buiten behandeling", 3),
])
def test_L5_tv_schrijnend_pad(serving_db, outcome, expected):
    assert applications(serving_db, "tijdelijk", "application_path = 'Schrijnend' AND application_outcome = ?",
                        (outcome,)) == expected


def test_L5_tv_schrijnend_total_35(serving_db):
    assert applications(serving_db, "tijdelijk", "application_path = 'Schrijnend'") == 35


def test_L5_18_persons_with_two_tv_applications(serving_db):
    assert persons(serving_db, "tv_application_count = 2") == 18
    assert persons(serving_db, "tv_application_count > 2") == 0


def test_L5_10_tv_grants_after_objection(serving_db):
    assert applications(serving_db, "tijdelijk", "is_granted_after_objection") == 10


def test_L5_5_tv_objections_2013_with_first_decision_before_2013_are_excluded(serving_db):
    assert one(serving_db, "SELECT count(*) FROM marts.residence_decisions WHERE residence_type = 'tijdelijk' "
                           "AND is_last_decision AND NOT is_first_decision_known AND last_decision_year = 2013 "
                           "AND NOT is_application_handled_in_window") == 5


# ------------------------------------------------------------------------------- L6 VV applications
VV_TABLE = {
    "Ingewilligd": (86, 75, 70, 54, 96), "Afgewezen": (140, 291, 88, 55, 38),
    "Ingetrokken": (0, 0, 12, 0, 18), "Buiten behandeling": (0, 0, 7, 0, 11),
}


@pytest.mark.parametrize(("outcome", "year", "expected"), [
    pytest.param(o, y, v, id=f"{o}-{y}") for o, cells in VV_TABLE.items() for y, v in zip(YEARS, cells, strict=True)
])
def test_L6_vv_outcome_by_last_decision_year(serving_db, outcome, year, expected):
    assert applications(serving_db, "voortgezet", "application_outcome = ? AND last_decision_year = ?",
                        (outcome, year)) == expected


@pytest.mark.parametrize(("outcome", "expected"), [
    ("Ingewilligd", 381), ("Afgewezen", 612), ("Ingetrokken", 30), ("Buiten behandeling", 18),
])
def test_L6_vv_outcome_totals(serving_db, outcome, expected):
    assert applications(serving_db, "voortgezet", "application_outcome = ?", (outcome,)) == expected


@pytest.mark.parametrize(("year", "expected"), list(zip(YEARS, (226, 366, 177, 109, 163), strict=True)))
def test_L6_vv_total_by_last_decision_year(serving_db, year, expected):
    assert applications(serving_db, "voortgezet", "last_decision_year = ?", (year,)) == expected


def test_L6_vv_total_1041_and_overige_48(serving_db):
    assert applications(serving_db, "voortgezet") == 1041
    assert applications(serving_db, "voortgezet", "application_outcome_category = 'overige afdoening'") == 48


def _vv_rate(db, year: int, where: str = "TRUE") -> tuple[int, int]:
    granted = applications(db, "voortgezet", f"application_outcome = 'Ingewilligd' AND last_decision_year = ? AND ({where})", (year,))
    substantive = applications(db, "voortgezet", "application_outcome_category = 'inhoudelijke afdoening' "
                                                 f"AND last_decision_year = ? AND ({where})", (year,))
    return granted, substantive


def test_L6_vv_substantive_decisions_and_grant_rates(serving_db):
    assert _vv_rate(serving_db, 2016) == (54, 109)
    assert round(100 * 54 / 109, 1) == 49.5
    assert _vv_rate(serving_db, 2017) == (96, 134)
    assert round(100 * 96 / 134, 1) == 71.6
    granted, substantive = _vv_rate(serving_db, 2015)
    assert round(100 * granted / substantive, 1) == 44.3


def test_L6_vv_grant_rate_2017_without_filipijnen_52_5(serving_db):
    granted, substantive = _vv_rate(serving_db, 2017, "nationality <> 'Filipijnen'")
    assert (granted, substantive) == (42, 80)
    assert round(100 * granted / substantive, 1) == 52.5


def test_L6_vv_grants_315_first_instance_and_66_after_objection(serving_db):
    assert applications(serving_db, "voortgezet", "application_outcome = 'Ingewilligd' AND phase = 'Eerste aanleg'") == 315
    assert applications(serving_db, "voortgezet", "is_granted_after_objection") == 66
    assert round(100 * 381 / applications(serving_db, "voortgezet"), 1) == 36.6


@pytest.mark.parametrize(("year", "expected"), list(zip(YEARS, (240, 350, 190, 120, 131), strict=True)))
def test_L6_vv_by_first_decision_year(serving_db, year, expected):
    assert applications(serving_db, "voortgezet", "first_decision_year = ?", (year,)) == expected


def test_L6_vv_10_unknown_first_decisions_with_objection_in_2013(serving_db):
    assert applications(serving_db, "voortgezet", "NOT is_first_decision_known AND last_decision_year = 2013") == 10
    assert applications(serving_db, "voortgezet", "NOT is_first_decision_known AND application_outcome = 'Ingewilligd'") == 6
    assert applications(serving_db, "voortgezet", "NOT is_first_decision_known AND application_outcome = 'Afgewezen'") == 4


@pytest.mark.parametrize(("first", "last", "expected"), [
    (2013, 2013, 216), (2013, 2014, 24), (2014, 2014, 342), (2014, 2015, 8), (2015, 2015, 169), (2015, 2016, 9),
    (2015, 2017, 12), (2016, 2016, 100), (2016, 2017, 20), (2017, 2017, 131),
])
def test_L6_vv_flow_first_to_last_decision_year(serving_db, first, last, expected):
    assert applications(serving_db, "voortgezet", "first_decision_year = ? AND last_decision_year = ?",
                        (first, last)) == expected


def test_L6_1041_applications_of_1004_persons_and_15_double_grants(serving_db):
    assert one(serving_db, "SELECT count(DISTINCT person_key) FROM marts.residence_decisions WHERE residence_type = "
                           "'voortgezet' AND is_last_decision AND is_application_handled_in_window") == 1004
    doubles = serving_db.execute("""
        SELECT string_agg(CAST(last_decision_year AS VARCHAR), ',' ORDER BY last_decision_year) AS years, count(*) AS n
        FROM marts.residence_decisions d JOIN marts.residence_routes r USING (person_key)
        WHERE d.residence_type = 'voortgezet' AND d.is_last_decision AND d.is_application_handled_in_window
          AND d.application_outcome = 'Ingewilligd' AND r.route_group = 4
        GROUP BY person_key HAVING count(*) > 1""").fetchall()
    assert sorted(y for y, _ in doubles) == ["2015,2017"] * 14 + ["2017,2017"]


@pytest.mark.parametrize(("ground", "expected"), [
    ("a-grond veroordeling", 4), ("a-grond drie jaar lopende strafzaak", 63),
    ("b-grond bijzondere omstandigheden", 25), (None, 4),
])
def test_L6_grounds_of_2017_grants(serving_db, ground, expected):
    assert applications(serving_db, "voortgezet", "application_outcome = 'Ingewilligd' AND last_decision_year = 2017 "
                                                  "AND application_ground IS NOT DISTINCT FROM ?", (ground,)) == expected


def test_L6_54_filipijnen_grants_2017_all_drie_jaar(serving_db):
    assert applications(serving_db, "voortgezet", "application_outcome = 'Ingewilligd' AND last_decision_year = 2017 "
                                                  "AND nationality = 'Filipijnen'") == 54
    assert applications(serving_db, "voortgezet", "application_outcome = 'Ingewilligd' AND last_decision_year = 2017 "
                                                  "AND nationality = 'Filipijnen' "
                                                  "AND application_ground = 'a-grond drie jaar lopende strafzaak'") == 54


def test_L6_grants_2015_2016_with_a_ground_32_of_124_and_none_before_2015(serving_db):
    where = "application_outcome = 'Ingewilligd' AND last_decision_year IN (2015, 2016)"
    assert applications(serving_db, "voortgezet", where) == 124
    assert applications(serving_db, "voortgezet", where + " AND application_ground IS NOT NULL") == 32
    assert applications(serving_db, "voortgezet", "last_decision_year < 2015 AND application_ground IS NOT NULL") == 0


# ------------------------------------------------------------------------------------- L7 asylum
@pytest.mark.parametrize(("groups", "cohort", "asylum"), [
    pytest.param((1,), 148, 15, id="G1"), pytest.param((2, 3), 358, 130, id="G2+3"),
    pytest.param((4,), 271, 2, id="G4"), pytest.param((5,), 571, 257, id="G5"),
])
def test_L7_asylum_after_the_scheme_by_group(serving_db, groups, cohort, asylum):
    where = f"is_asylum_cohort AND route_group IN ({', '.join(str(g) for g in groups)})"
    assert persons(serving_db, where) == cohort
    assert persons(serving_db, where + " AND is_asylum_after_scheme") == asylum


def test_L7_cohort_1348_and_404_asylum_applicants(serving_db):
    assert persons(serving_db, "is_asylum_cohort") == 1348
    assert persons(serving_db, "is_asylum_cohort AND is_asylum_after_scheme") == 404


@pytest.mark.parametrize(("nationality", "expected", "share"), [
    ("Oeganda", 29, 22.3), ("Nigeria", 26, 20.0), ("Guinee", 23, 17.7),
])
def test_L7_groups_2_3_asylum_by_nationality(serving_db, nationality, expected, share):
    n = persons(serving_db, "is_asylum_cohort AND route_group IN (2, 3) AND is_asylum_after_scheme AND nationality = ?",
                (nationality,))
    assert n == expected
    assert round(100 * n / 130, 1) == share


# ---------------------------------------------------------------------------------- linkage [A]
def test_linkage_600_persons_with_a_key_350_shared_with_comensha_headline(serving_db):
    assert persons(serving_db, "has_link_key") == 600
    assert one(serving_db, """
        SELECT count(DISTINCT r.link_hash) FROM marts.residence_routes r
        WHERE r.is_in_population AND r.has_link_key
          AND r.link_hash IN (SELECT link_hash FROM marts.victims WHERE is_headline AND link_hash IS NOT NULL)""") == 350
