"""The synthetic IND residence generator (`synthetic.residence`): XLSX format of
contract `residence.md` §1-§2, determinism, the two deliveries of README §11 and the allowed mess.

Expected values (sheet, header, code lists, aliases) are typed here from the contract, not taken
from the generator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl
import pytest

from synthetic.residence import generate_residence

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "seeds" / "ind"
D1, D2 = "ind_verblijf_20180601.xlsx", "ind_verblijf_20181001.xlsx"
HEADER = [
    "gebeurtenis_id",
    "v_nummer",
    "geboortedatum",
    "geslacht",
    "nationaliteit",
    "gebeurtenis",
    "datum",
    "pad",
    "grond",
    "beslissing",
    "fase",
    "bedenktijd_dagen",
    "uitbuitingsvorm",
    "koppelsleutel",
    "status",
    "gewijzigd_op",
]
CODES = {
    "geslacht": ["Vrouw", "Man", "Onbekend", "V", "M"],
    "gebeurtenis": [
        "Bedenktijd verleend",
        "Aanvraag tijdelijk verblijf",
        "Besluit tijdelijk verblijf",
        "Verlenging tijdelijk verblijf",
        "Aanvraag voortgezet verblijf",
        "Besluit voortgezet verblijf",
        "Asielaanvraag",
    ],
    "pad": ["Regulier", "Schrijnend", "Standaard", "Schrijnend pad"],
    "grond": [
        "a-grond veroordeling",
        "a-grond drie jaar lopende strafzaak",
        "a-grond besluit tot vervolging",
        "b-grond bijzondere omstandigheden",
        "B9/10",
    ],
    "beslissing": [
        "Ingewilligd",
        "Afgewezen",
        "Buiten behandeling",
        "Ingetrokken",
        "Verleend",
        "Inwilliging",
        "Afwijzing",
    ],
    "fase": ["Eerste aanleg", "Bezwaar", "Beroep"],
    "uitbuitingsvorm": ["Seksuele uitbuiting", "Arbeidsuitbuiting", "Criminele uitbuiting", "Onbekend"],
    "status": ["Actief", "Vervallen"],
}
TV = {"Aanvraag tijdelijk verblijf", "Besluit tijdelijk verblijf", "Verlenging tijdelijk verblijf"}
VV = {"Aanvraag voortgezet verblijf", "Besluit voortgezet verblijf"}
DECISIONS = {"Besluit tijdelijk verblijf", "Besluit voortgezet verblijf", "Verlenging tijdelijk verblijf"}


def norm(value: str) -> str:
    value = re.sub(r"\s+", " ", value.replace("\u00a0", " ")).strip()
    return "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c)).casefold()


def canon(column: str, value) -> str | None:
    if value is None:
        return None
    return {norm(c): c for c in CODES[column]}[norm(str(value))]


def load(path: Path):
    wb = openpyxl.load_workbook(path)
    return wb, wb["Gebeurtenissen"]


@pytest.fixture(scope="module")
def sample():
    return {name: load(SAMPLE / name) for name in (D1, D2)}


def rows(ws):
    return list(ws.iter_rows(min_row=2))


def test_file_names_and_sheet(sample):
    # the 2018 pair first; the workbooks after it (issue 17) are checked in test_synthetic_later_years
    assert sorted(p.name for p in SAMPLE.glob("*.xlsx"))[:2] == [D1, D2]
    for name in (D1, D2):
        assert re.fullmatch(r"ind_verblijf_(\d{8})\.xlsx", name)
        wb, ws = sample[name]
        assert "Gebeurtenissen" in wb.sheetnames
        assert [c.value for c in next(ws.iter_rows(max_row=1))] == HEADER


def test_cell_types(sample):
    for name in (D1, D2):
        _, ws = sample[name]
        for row in rows(ws):
            v = {h: c for h, c in zip(HEADER, row, strict=True)}
            assert v["datum"].is_date and isinstance(v["datum"].value, dt.datetime)
            assert v["gewijzigd_op"].is_date
            if v["geboortedatum"].value is not None:
                assert v["geboortedatum"].is_date
            assert v["datum"].value.time() == dt.time(0)
            for col in (
                "geslacht",
                "nationaliteit",
                "gebeurtenis",
                "pad",
                "grond",
                "beslissing",
                "fase",
                "uitbuitingsvorm",
                "koppelsleutel",
                "status",
            ):
                assert v[col].value is None or isinstance(v[col].value, str), (col, v[col].value)
            gid, vnr = v["gebeurtenis_id"].value, v["v_nummer"].value
            assert isinstance(gid, int) or re.fullmatch(r"[A-Za-z0-9_-]{1,40}", gid)
            assert (isinstance(vnr, int) and 0 <= vnr < 10**10) or re.fullmatch(r"\d{10}", vnr)


def test_no_contract_violation(sample):
    for name, delivery in ((D1, dt.date(2018, 6, 1)), (D2, dt.date(2018, 10, 1))):
        _, ws = sample[name]
        keys = Counter()
        for row in rows(ws):
            v = {h: c.value for h, c in zip(HEADER, row, strict=True)}
            keys[str(v["gebeurtenis_id"])] += 1
            ev = canon("gebeurtenis", v["gebeurtenis"])
            datum = v["datum"].date()
            for col in ("geslacht", "pad", "grond", "beslissing", "fase", "uitbuitingsvorm", "status"):
                canon(col, v[col])  # raises KeyError on an unknown code
            assert v["geslacht"] and v["nationaliteit"] and v["status"]
            assert (v["pad"] is not None) == (ev in TV)
            assert (v["fase"] is not None) == (ev in TV | VV)
            assert (v["beslissing"] is not None) == (ev in DECISIONS)
            assert (v["bedenktijd_dagen"] is not None) == (ev == "Bedenktijd verleend")
            if v["bedenktijd_dagen"] is not None:
                assert str(v["bedenktijd_dagen"]) == "90"
            if v["grond"] is not None:
                assert ev in VV and v["grond"] != "a-grond besluit tot vervolging"
            if datum < dt.date(2015, 1, 1):
                assert v["uitbuitingsvorm"] is None
            if v["koppelsleutel"]:
                assert re.fullmatch(r"[0-9A-F]{16}", v["koppelsleutel"].upper())
            assert dt.date(2013, 1, 1) <= datum <= delivery
            changed = v["gewijzigd_op"]
            assert changed.date() >= datum and changed <= dt.datetime.combine(delivery, dt.time(23, 59))
            if v["geboortedatum"] is not None:
                birth = v["geboortedatum"].date()
                age = datum.year - birth.year - ((datum.month, datum.day) < (birth.month, birth.day))
                assert birth <= datum and age <= 99
        assert max(keys.values()) == 1, "a key twice in one file is quarantined"


def test_second_delivery_resends_changes_and_withdraws(sample):
    def versions(name):
        _, ws = sample[name]
        return {str(r[0].value): {h: c.value for h, c in zip(HEADER, r, strict=True)} for r in rows(ws)}

    first, second = versions(D1), versions(D2)
    resent = set(first) & set(second)
    assert len(resent) >= 0.05 * len(first)
    unchanged = [k for k in resent if second[k]["gewijzigd_op"] == first[k]["gewijzigd_op"]]
    newer = [k for k in resent if second[k]["gewijzigd_op"] > first[k]["gewijzigd_op"]]
    withdrawn = [
        k
        for k in newer
        if canon("status", second[k]["status"]) == "Vervallen"
        and canon("status", first[k]["status"]) == "Actief"
    ]
    changed = [
        k
        for k in newer
        if k not in withdrawn and any(first[k][c] != second[k][c] for c in HEADER if c != "gewijzigd_op")
    ]
    assert unchanged and changed
    assert len(withdrawn) >= 10
    assert all(canon("status", v["status"]) == "Actief" for k, v in first.items())


def test_mess_is_present(sample):
    _, ws = sample[D1]
    values = defaultdict(Counter)
    numeric_ids = numeric_vnr = text_days = lower_keys = empty_birth = 0
    for row in rows(ws):
        v = {h: c.value for h, c in zip(HEADER, row, strict=True)}
        for col in ("geslacht", "pad", "beslissing", "fase", "gebeurtenis", "status"):
            if v[col] is not None:
                values[col][v[col]] += 1
        numeric_ids += isinstance(v["gebeurtenis_id"], int)
        numeric_vnr += isinstance(v["v_nummer"], int)
        text_days += isinstance(v["bedenktijd_dagen"], str)
        lower_keys += bool(v["koppelsleutel"]) and v["koppelsleutel"] != v["koppelsleutel"].upper()
        empty_birth += v["geboortedatum"] is None
    for alias in ("Standaard", "Schrijnend pad", "Verleend", "Inwilliging", "Afwijzing", "V", "M"):
        assert any(x == alias for col in values for x in values[col]), alias
    assert any(x != x.strip() or "  " in x for x in values["fase"]), "spacing variants"
    assert any(x.isupper() for x in values["gebeurtenis"]), "case variants"
    assert numeric_ids and numeric_vnr and text_days and lower_keys and empty_birth
    assert any(isinstance(r[1].value, int) and r[1].value < 10**9 for r in rows(ws)), (
        "v_nummer with leading zeros"
    )


def test_persons_with_conflicting_older_values(sample):
    _, ws = sample[D1]
    genders = defaultdict(set)
    for row in rows(ws):
        g = canon("geslacht", row[3].value)
        if g != "Onbekend":
            genders[str(row[1].value).zfill(10)].add(g)
    assert sum(len(s) > 1 for s in genders.values()) >= 10


def test_determinism_and_committed_sample(tmp_path):
    """The generator writes seeds/ind byte for byte: the 2018 pair without `through`, every
    workbook through 2025 with it (make sample), in both the same 2018 pair."""
    a = generate_residence(tmp_path / "a", through=2025)
    assert sorted(p.name for p in a) == sorted(p.name for p in SAMPLE.glob("*.xlsx"))
    b = generate_residence(tmp_path / "b")
    assert [p.name for p in b] == [D1, D2]
    for pa, pb in zip(a, b, strict=False):
        assert pa.read_bytes() == pb.read_bytes()
    for pa in a:
        committed = SAMPLE / pa.name
        assert (
            hashlib.sha256(pa.read_bytes()).hexdigest() == hashlib.sha256(committed.read_bytes()).hexdigest()
        )
    c = generate_residence(tmp_path / "c", seed=7)
    assert c[0].read_bytes() != a[0].read_bytes()


def test_cli_source_option(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "synthetic", "--source", "ind", "--out", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert [Path(p).name for p in out] == [D1, D2]
    assert (tmp_path / "ind" / D1).read_bytes() == (SAMPLE / D1).read_bytes()


def test_later_workbooks_are_refused_at_another_scale(tmp_path):
    """The workbooks after 2018 are drawn per year, not replicated: --through needs scale 1."""
    with pytest.raises(ValueError, match="scale 1 only"):
        generate_residence(tmp_path, scale=2, through=2025)
    assert not (tmp_path / "ind").exists()
