"""The synthetic OM prosecution generator (`synthetic.prosecution`): contract format,
determinism and the contract-allowed mess of README §11.

Expected values (header, code lists, aliases, formats) are typed here from contract `prosecution.md`
§1-§2 and README §2/§3/§11, not taken from the generator.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from synthetic.prosecution import generate_prosecution

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "seeds" / "om"
D1, D2 = "om_vervolging_20180601.csv", "om_vervolging_20181001.csv"
HEADER = [
    "parketnummer",
    "verdachte_id",
    "achternaam",
    "geboortejaar",
    "geslacht",
    "nationaliteit",
    "parket",
    "inschrijfdatum",
    "wetsartikel",
    "uitbuitingsvorm",
    "afdoening",
    "afdoeningsdatum",
    "vonnis",
    "vonnisdatum",
    "instantie",
    "strafsoort",
    "strafduur_dagen",
    "aantal_slachtoffers",
    "slachtoffer_koppelsleutels",
    "status",
    "gewijzigd_op",
]
DISTRICTS = [
    "Amsterdam",
    "Den Haag",
    "Gelderland",
    "Limburg",
    "Midden-Nederland",
    "Noord-Holland",
    "Noord-Nederland",
    "Oost-Brabant",
    "Overijssel",
    "Rotterdam",
    "Zeeland-West-Brabant",
]
CODES = {
    "geslacht": ["M", "V", "O"],
    "parket": [*DISTRICTS, "Landelijk Parket", "Functioneel Parket"],
    "wetsartikel": [f"273f lid 1 sub {n} Sr" for n in range(1, 10)] + ["273a Sr", "250a Sr"],
    "uitbuitingsvorm": [
        "Seksuele uitbuiting",
        "Arbeidsuitbuiting",
        "Criminele uitbuiting",
        "Orgaanverwijdering",
        "Onbekend",
    ],
    "afdoening": [
        "Dagvaarding",
        "Technisch sepot",
        "Beleidssepot",
        "Voeging ad informandum",
        "Transactie",
        "Strafbeschikking",
        "Overdracht",
    ],
    "vonnis": ["Veroordeling", "Vrijspraak", "Ontslag van alle rechtsvervolging", "Niet-ontvankelijk"],
    "instantie": ["Rechtbank", "Gerechtshof", "Hoge Raad"],
    "strafsoort": [
        "Onvoorwaardelijke gevangenisstraf",
        "Deels voorwaardelijke gevangenisstraf",
        "Voorwaardelijke gevangenisstraf",
        "Taakstraf",
        "Geldboete",
        "Maatregel",
    ],
    "status": ["Actief", "Vervallen"],
}
ALIASES = {
    "voeging ad info": "Voeging ad informandum",
    "ontslag van rechtsvervolging": "Ontslag van alle rechtsvervolging",
    "man": "M",
    "vrouw": "V",
    **{f"arrondissementsparket {d.lower()}": d for d in DISTRICTS},
}
PRISON = CODES["strafsoort"][:3]


def norm(value: str) -> str:
    s = re.sub(r"\s+", " ", value.replace("\u00a0", " ")).strip()
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()


def canon(column: str, value: str) -> str | None:
    n = norm(value)
    if not n:
        return None
    if column == "wetsartikel":
        n = re.sub(r"^(art\.|artikel)\s*", "", n)
    n = ALIASES.get(n, n)
    for c in CODES[column]:
        if norm(c) == norm(n):
            return c
    raise AssertionError(f"{column}: {value!r} is not an accepted spelling")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def files() -> dict[str, list[dict[str, str]]]:
    return {D1: rows(SAMPLE / D1), D2: rows(SAMPLE / D2)}


def test_committed_sample_is_byte_identical_to_the_generator(tmp_path: Path) -> None:
    """seeds/om is what `make sample` writes: the 2018 pair, then (through 2025, issue 17) one CSV
    per later edition, checked in test_synthetic_later_years."""
    paths = generate_prosecution(tmp_path, through=2025)
    assert [p.name for p in paths[:2]] == [D1, D2]
    assert sorted(p.name for p in paths) == sorted(p.name for p in SAMPLE.glob("*.csv"))
    stale = [p.name for p in paths if p.read_bytes() != (SAMPLE / p.name).read_bytes()]
    assert not stale


def test_other_seed_differs_and_is_deterministic(tmp_path: Path) -> None:
    a = generate_prosecution(tmp_path / "a", seed=7)
    b = generate_prosecution(tmp_path / "b", seed=7)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert a[1].read_bytes() != (SAMPLE / D2).read_bytes()


@pytest.mark.parametrize("name", [D1, D2])
def test_file_format(name: str) -> None:
    raw = (SAMPLE / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    raw.decode("utf-8")
    text = raw.decode("utf-8")
    assert text.splitlines()[0] == ",".join(HEADER)
    with (SAMPLE / name).open(encoding="utf-8", newline="") as f:
        for rec in csv.reader(f):
            assert len(rec) == 21


@pytest.mark.parametrize("name", [D1, D2])
def test_every_row_meets_the_contract(name: str, files) -> None:
    delivery = dt.date(int(name[-12:-8]), int(name[-8:-6]), int(name[-6:-4]))
    keys = set()
    for r in files[name]:
        v = {k: r[k].strip(" \t\u00a0") for k in r}
        assert re.fullmatch(r"\d{2}/\d{6}-\d{2}", v["parketnummer"])
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,40}", v["verdachte_id"])
        assert (v["parketnummer"], v["verdachte_id"].upper()) not in keys  # README §3.4
        keys.add((v["parketnummer"], v["verdachte_id"].upper()))
        assert len(v["achternaam"]) <= 100
        c = {col: canon(col, r[col]) for col in CODES}
        for col in ("geslacht", "parket", "wetsartikel", "uitbuitingsvorm", "status"):
            assert c[col], col
        ins = dt.date.fromisoformat(v["inschrijfdatum"])
        if v["geboortejaar"]:
            assert re.fullmatch(r"\d{4}", v["geboortejaar"])
            assert 1900 <= int(v["geboortejaar"]) <= ins.year - 12
        dates = [ins]
        if c["afdoening"]:
            dates.append(dt.date.fromisoformat(v["afdoeningsdatum"]))
        else:
            assert not v["afdoeningsdatum"] and not c["vonnis"]
        if c["vonnis"]:
            assert c["afdoening"] == "Dagvaarding" and c["instantie"]
            dates.append(dt.date.fromisoformat(v["vonnisdatum"]))
        else:
            assert not v["vonnisdatum"] and not c["instantie"] and not c["strafsoort"]
        assert dates == sorted(dates) and dates[-1] <= delivery
        assert bool(c["strafsoort"]) == (c["vonnis"] == "Veroordeling")
        assert bool(v["strafduur_dagen"]) == (c["strafsoort"] in PRISON)
        if v["strafduur_dagen"]:
            assert re.fullmatch(r"\d+", v["strafduur_dagen"]) and int(v["strafduur_dagen"]) >= 1
        ts = dt.datetime.strptime(v["gewijzigd_op"], "%Y-%m-%dT%H:%M:%S")
        assert ins <= ts.date() <= delivery
        victims = {k.strip().upper() for k in v["slachtoffer_koppelsleutels"].split("|") if k.strip()}
        assert all(re.fullmatch(r"[0-9A-F]{16}", k) for k in victims)
        if v["aantal_slachtoffers"]:
            assert re.fullmatch(r"\d+", v["aantal_slachtoffers"])
            assert len(victims) <= int(v["aantal_slachtoffers"])


def test_second_delivery_resends_changes_and_withdraws(files) -> None:
    def key(r):
        return r["parketnummer"].strip(), r["verdachte_id"].strip().upper()

    first = {key(r): r for r in files[D1]}
    second = {key(r): r for r in files[D2]}
    resent = first.keys() & second.keys()
    assert len(resent) >= 0.05 * len(first)
    newer = [k for k in resent if second[k]["gewijzigd_op"] > first[k]["gewijzigd_op"]]
    withdrawn = [
        k
        for k in newer
        if canon("status", first[k]["status"]) == "Actief"
        and canon("status", second[k]["status"]) == "Vervallen"
    ]
    assert len(withdrawn) >= 10
    judged_later = [k for k in newer if not first[k]["vonnis"].strip() and second[k]["vonnis"].strip()]
    assert judged_later
    assert any(
        second[k]["gewijzigd_op"] < first[k]["gewijzigd_op"] for k in resent
    )  # older version arrives late
    assert second.keys() - first.keys()  # first delivered in delivery 2


def test_mess_is_present(files) -> None:
    allrows = files[D1] + files[D2]
    assert any(norm(r["wetsartikel"]).startswith(("art.", "artikel")) for r in allrows)
    assert any(norm(r["parket"]).startswith("arrondissementsparket") for r in allrows)
    assert any(r["afdoening"].strip().lower() == "voeging ad info" for r in allrows)
    assert any(r["geslacht"].strip().lower() in ("man", "vrouw") for r in allrows)
    assert any(r["uitbuitingsvorm"] not in CODES["uitbuitingsvorm"] for r in allrows)  # case/space variants
    assert any(r["slachtoffer_koppelsleutels"] != r["slachtoffer_koppelsleutels"].upper() for r in allrows)
    assert any("|" in r["slachtoffer_koppelsleutels"] for r in allrows)
    assert any("," in r["achternaam"] for r in allrows)  # quoted field
    assert any(not r["geboortejaar"] for r in allrows)
    assert any(not r["aantal_slachtoffers"] for r in allrows)


def test_victim_keys_come_from_the_registration_sample(files) -> None:
    reg = set()
    for p in (REPO / "seeds" / "comensha").glob("*.csv"):
        with p.open(encoding="utf-8-sig", newline="") as f:
            reg |= {r["koppelsleutel"].strip().upper() for r in csv.DictReader(f, delimiter=";")}
    om = {
        k.strip().upper()
        for r in files[D1] + files[D2]
        for k in r["slachtoffer_koppelsleutels"].split("|")
        if k.strip()
    }
    assert len(om & reg) == 220  # prosecution.md §4 M8
    assert len(om) == 300
