"""The synthetic CoMensha generator (`synthetic`): contract format, determinism and the
contract-allowed mess of README §11.

Expected values (header, code lists, aliases, date formats, validity periods) are typed here from
the contract `registration.md` and README §2/§3/§11, not taken from the generator.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from synthetic import generate_registration

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "seeds" / "comensha"
D1, D2 = "comensha_registraties_20180601.csv", "comensha_registraties_20181001.csv"
BOM = b"\xef\xbb\xbf"

HEADER = [
    "melding_id",
    "persoon_id",
    "achternaam",
    "voornaam",
    "geboortedatum",
    "geslacht",
    "nationaliteit",
    "datum_melding",
    "melder_type",
    "melder_organisatie",
    "politie_eenheid",
    "kmar_regio",
    "emm_rol",
    "gemeente_aantreffen",
    "sector",
    "subsector",
    "land_werving",
    "land_uitbuiting",
    "uitzendbureau",
    "doel_melding",
    "eerste_opvang",
    "aangifte",
    "koppelsleutel",
    "status",
    "gewijzigd_op",
]

SU_SUBSECTORS = [
    "Bordelen/clubs/privéhuizen",
    "Raamprostitutie",
    "Escort",
    "Hotelprostitutie",
    "Thuisprostitutie",
    "Massage-/beautysalons",
    "Straatprostitutie",
    "Internet (webcamseks)",
    "Overig",
    "Prostitutie",
]
UBS_SUBSECTORS = [
    "Huishoudelijk werk",
    "Horeca",
    "Land- en tuinbouw",
    "Schoonmaakwerk",
    "Au-pair",
    "Bouw",
    "Transport en logistiek",
    "Scheepvaart",
    "Productie/industrie",
    "Detailhandel",
    "Gezondheids- en welzijnszorg",
    "Energievoorziening",
    "Water en afvalbeheer",
    "Informatie en communicatie",
    "Cultuur, sport en recreatie",
    "Diefstal/vermogensdelicten",
    "Drugsdelicten",
    "Bedelen",
    "Schuldenopbouw",
    "Drugshandel",
    "Criminaliteit",
]
CODES = {
    "geslacht": (["V", "M", "O"], {"Vrouw": "V", "Man": "M"}),
    "melder_type": (
        ["Politie", "KMar", "ISZW-DO", "EMM", "Zorgcoördinator", "FairWork", "Overig", "Onbekend"],
        {},
    ),
    "politie_eenheid": (
        [
            "Amsterdam",
            "Noord-Nederland",
            "Oost-Nederland",
            "Midden-Nederland",
            "Den Haag",
            "Noord-Holland",
            "Rotterdam",
            "Limburg",
            "Oost-Brabant",
            "Zeeland-West-Brabant",
            "Landelijke Eenheid",
            "Onbekend",
        ],
        {},
    ),
    "kmar_regio": (["Zuid", "Schiphol", "West", "Noord-Oost", "Onbekend"], {}),
    "emm_rol": (["slachtoffer", "benadeelde", "getuige", "betrokkene"], {}),
    "sector": (
        [
            "Seksuele uitbuiting",
            "Uitbuiting buiten de seksindustrie",
            "Orgaanhandel",
            "Onbekend",
            "Nog niet gewerkt",
        ],
        {
            "Uitbuiting in de seksindustrie": "Seksuele uitbuiting",
            "(Nog) niet gewerkt": "Nog niet gewerkt",
            "Sector onbekend": "Onbekend",
        },
    ),
    "subsector": (
        SU_SUBSECTORS + UBS_SUBSECTORS + ["Nog niet gewerkt", "Onbekend"],
        {"(Nog) niet gewerkt": "Nog niet gewerkt", "Sector onbekend": "Onbekend"},
    ),
    "uitzendbureau": (["Ja"], {"Nee": ""}),
    "doel_melding": (
        ["Registratie", "Informatie en advies", "Verzoek opvang"],
        {"Uitsluitend registratie": "Registratie", "Verzoek tot opvang": "Verzoek opvang"},
    ),
    "eerste_opvang": (
        ["COSM", "Reguliere opvang", "Kortdurende opvang", "Geen opvang"],
        {"Kortdurende eerste opvangplek": "Kortdurende opvang"},
    ),
    "aangifte": (
        ["Ja", "Nee", "Bedenktijd loopt", "Intake", "Onbekend"],
        {
            "Aangifte": "Ja",
            "Geen aangifte": "Nee",
            "Bedenktijd loopt nog": "Bedenktijd loopt",
            "In ieder geval intake": "Intake",
        },
    ),
    "status": (["Actief", "Vervallen"], {}),
}
MULTI = ("sector", "subsector")
DERIVED_LABELS = {
    "bl-su",
    "bl-ubs",
    "go-su",
    "go-ubs",
    "binnenlands",
    "grensoverschrijdend",
    "sub-3",
    "sub3",
    "alleen su",
    "su en ubs",
    "alleen ubs",
    "emm-only",
    "alleen_verrijking",
    "minderjarig",
    "meerderjarig",
    "meer zichtbaar",
    "minder zichtbaar",
}


def norm(value: str) -> str:
    """Contract README §2.3-§2.4 matching key: trimmed, inner whitespace collapsed, no case, no accents."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain).strip(" \t\u00a0\r\n").lower()


def canonical(column: str, value: str) -> str | None:
    """The canonical code, '' for an empty value, None when the value is not accepted."""
    if norm(value) == "":
        return ""
    codes, aliases = CODES[column]
    lookup = {norm(c): c for c in codes} | {norm(a): c for a, c in aliases.items()}
    return lookup.get(norm(value))


def canonical_multi(column: str, value: str) -> list[str | None]:
    return sorted({canonical(column, part) for part in value.split("|") if norm(part)}, key=str)


def seed_countries() -> dict[str, str]:
    with (REPO / "dbt_project" / "seeds" / "ref_nationaliteit.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = {norm(r["naam"]): r["naam"] for r in rows}
    out.update({norm(a): r["naam"] for r in rows for a in r["aliassen"].split("|") if a.strip()})
    return out


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == HEADER
    assert all(len(r) == 25 for r in rows[1:])
    return [dict(zip(HEADER, r, strict=True)) for r in rows[1:]]


def date(value: str) -> dt.date:
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", value), value
    return dt.datetime.strptime(value, "%d-%m-%Y").date()


def stamp(value: str) -> dt.datetime:
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", value), value
    return dt.datetime.strptime(value, "%d-%m-%Y %H:%M")


def delivery_date(path: Path) -> dt.date:
    m = re.fullmatch(r"comensha_registraties_(\d{8})\.csv", path.name)
    assert m, path.name
    return dt.datetime.strptime(m.group(1), "%Y%m%d").date()


def current_state(folder: Path) -> list[dict[str, str]]:
    """README §3: latest gewijzigd_op wins, a tie goes to the later delivery; Vervallen is withdrawn."""
    best: dict[str, tuple[tuple, dict[str, str]]] = {}
    for path in sorted(folder.glob("comensha_registraties_*.csv")):
        for row in read(path):
            rank = (stamp(row["gewijzigd_op"].strip()), delivery_date(path))
            key = row["melding_id"]
            if key not in best or rank > best[key][0]:
                best[key] = (rank, row)
    return [row for _, row in best.values() if canonical("status", row["status"]) == "Actief"]


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory) -> Path:
    """The default sample, written by the CLI exactly as a user runs it."""
    out = tmp_path_factory.mktemp("synthetic_default")
    result = subprocess.run(
        [sys.executable, "-m", "synthetic", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return out / "comensha"


@pytest.fixture(scope="module")
def d1(cli_out) -> list[dict[str, str]]:
    return read(cli_out / D1)


@pytest.fixture(scope="module")
def d2(cli_out) -> list[dict[str, str]]:
    return read(cli_out / D2)


@pytest.fixture(scope="module")
def all_rows(cli_out) -> list[tuple[Path, dict[str, str]]]:
    return [(p, r) for p in (cli_out / D1, cli_out / D2) for r in read(p)]


# ------------------------------------------------------------------------------------------------
# format (contract §1, README §1-§2)
# ------------------------------------------------------------------------------------------------
def test_cli_writes_the_two_deliveries_under_their_contract_names(cli_out):
    assert sorted(p.name for p in cli_out.iterdir()) == [D1, D2]
    for p in cli_out.iterdir():
        assert re.fullmatch(r"comensha_registraties_(\d{8})\.csv", p.name)


def test_files_are_utf8_with_bom_semicolon_header_and_crlf(cli_out):
    for name in (D1, D2):
        raw = (cli_out / name).read_bytes()
        assert raw.startswith(BOM)
        text = raw[len(BOM) :].decode("utf-8")
        assert text.split("\r\n", 1)[0] == ";".join(HEADER)
        assert text.endswith("\r\n")
        records = len(read(cli_out / name))
        assert text.count("\r\n") == records + 1  # CRLF ends every record; a LF only inside a quoted field


def test_rfc4180_quoting_round_trips_special_characters(cli_out, all_rows):
    values = [v for _, r in all_rows for v in r.values()]
    assert any(";" in v for v in values), "expected a field containing the separator"
    assert any('"' in v for v in values), "expected a field containing a quote"
    raw = (cli_out / D1).read_bytes().decode("utf-8-sig")
    assert '""' in raw  # a quote inside a field is doubled


def test_dates_and_timestamps_use_contract_formats(all_rows):
    for _, r in all_rows:
        date(r["datum_melding"])
        stamp(r["gewijzigd_op"])
        if r["geboortedatum"]:
            date(r["geboortedatum"])


def test_ids_match_pattern_and_are_unique_per_file(cli_out):
    for name in (D1, D2):
        rows = read(cli_out / name)
        ids = [r["melding_id"] for r in rows]
        assert len(ids) == len(set(ids))
        for r in rows:
            assert re.fullmatch(r"[A-Za-z0-9_-]{1,40}", r["melding_id"])
            assert re.fullmatch(r"[A-Za-z0-9_-]{1,40}", r["persoon_id"])


def test_code_values_are_accepted_by_the_contract(all_rows):
    countries = seed_countries()
    for _, r in all_rows:
        for column in CODES:
            if column in MULTI:
                assert None not in canonical_multi(column, r[column]), (column, r[column])
            else:
                assert canonical(column, r[column]) is not None, (column, r[column])
        for column in ("nationaliteit", "land_werving", "land_uitbuiting"):
            assert r[column] == "" or norm(r[column]) in countries, (column, r[column])
        assert r["gemeente_aantreffen"] == "" or re.fullmatch(r"GM\d{4}", r["gemeente_aantreffen"])
        k = r["koppelsleutel"]
        assert k == "" or re.fullmatch(r"[0-9A-Fa-f]{16}", k)
        assert (
            len(r["achternaam"]) <= 100 and len(r["voornaam"]) <= 100 and len(r["melder_organisatie"]) <= 200
        )


def test_required_and_conditional_columns(all_rows):
    for _, r in all_rows:
        for column in (
            "melding_id",
            "persoon_id",
            "geslacht",
            "nationaliteit",
            "datum_melding",
            "melder_type",
            "doel_melding",
            "status",
            "gewijzigd_op",
        ):
            assert norm(r[column]), column
        assert canonical_multi("sector", r["sector"]), "sector needs at least one value"
        melder = canonical("melder_type", r["melder_type"])
        assert not norm(r["politie_eenheid"]) or melder == "Politie"
        assert not norm(r["kmar_regio"]) or melder == "KMar"
        assert bool(norm(r["emm_rol"])) == (melder == "EMM")
        shelter = canonical("doel_melding", r["doel_melding"]) == "Verzoek opvang"
        assert bool(norm(r["eerste_opvang"])) == shelter


def test_cross_field_checks_hold(all_rows):
    su_only = {norm(s) for s in SU_SUBSECTORS}
    ubs_only = {norm(s) for s in UBS_SUBSECTORS}
    for path, r in all_rows:
        delivered = delivery_date(path)
        reported = date(r["datum_melding"])
        changed = stamp(r["gewijzigd_op"])
        assert reported <= delivered
        assert reported <= changed.date()
        assert changed <= dt.datetime.combine(delivered, dt.time(23, 59))
        if r["geboortedatum"]:
            born = date(r["geboortedatum"])
            assert born <= reported
            age = reported.year - born.year - ((reported.month, reported.day) < (born.month, born.day))
            assert age <= 99
        sectors = canonical_multi("sector", r["sector"])
        subsectors = {norm(s) for s in canonical_multi("subsector", r["subsector"])}
        if subsectors & su_only:
            assert "Seksuele uitbuiting" in sectors
        if subsectors & ubs_only:
            assert "Uitbuiting buiten de seksindustrie" in sectors


def test_no_code_is_used_outside_its_validity_period(all_rows):
    for _, r in all_rows:
        year = date(r["datum_melding"]).year
        subs = set(canonical_multi("subsector", r["subsector"]))
        if year < 2014:
            assert not subs & {"Hotelprostitutie", "Overig", "Nog niet gewerkt"}
        else:
            assert "Prostitutie" not in subs
        if year < 2016:
            assert canonical("uitzendbureau", r["uitzendbureau"]) != "Ja"


def test_no_derived_label_is_written(cli_out, all_rows):
    for name in (D1, D2):
        header = (cli_out / name).read_bytes()[len(BOM) :].split(b"\r\n", 1)[0].decode()
        assert header.split(";") == HEADER
    free_text = {"achternaam", "voornaam", "melder_organisatie"}
    for _, r in all_rows:
        for column, value in r.items():
            if column not in free_text:
                assert norm(value) not in DERIVED_LABELS, (column, value)


# ------------------------------------------------------------------------------------------------
# committed sample, determinism, other seeds / scales / years
# ------------------------------------------------------------------------------------------------
def test_committed_sample_equals_a_fresh_generation_with_the_defaults(cli_out):
    for name in (D1, D2):
        assert (SAMPLE / name).read_bytes() == (cli_out / name).read_bytes(), (
            f"seeds/comensha/{name} is stale"
        )


def test_generation_is_deterministic(tmp_path):
    a = generate_registration(tmp_path / "a", seed=11, scale=0.2)
    b = generate_registration(tmp_path / "b", seed=11, scale=0.2)
    assert [p.name for p in a] == [D1, D2]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes()


def test_another_seed_gives_another_valid_sample(tmp_path, cli_out):
    paths = generate_registration(tmp_path, seed=12345)
    assert paths[0].read_bytes() != (cli_out / D1).read_bytes()
    rows = read(paths[0])
    assert abs(len(rows) - len(read(cli_out / D1))) < 0.05 * len(rows)


def test_scale_changes_the_volume(tmp_path, d1):
    small = read(generate_registration(tmp_path / "small", scale=0.25)[0])
    double = read(generate_registration(tmp_path / "double", scale=2.0)[0])
    assert 0.18 * len(d1) < len(small) < 0.32 * len(d1)
    assert 1.9 * len(d1) < len(double) < 2.1 * len(d1)
    assert len({r["melding_id"] for r in double}) == len(double)
    persons = lambda rows: {r["persoon_id"] for r in rows}  # noqa: E731
    assert 1.9 * len(persons(d1)) < len(persons(double)) < 2.1 * len(persons(d1))
    # README §8: one koppelsleutel belongs to one person, also across replicas
    owners = defaultdict(set)
    for r in double:
        if r["koppelsleutel"]:
            owners[r["koppelsleutel"].upper()].add(r["persoon_id"])
    assert owners and all(len(p) == 1 for p in owners.values())
    keys = lambda rows: {r["koppelsleutel"].upper() for r in rows if r["koppelsleutel"]}  # noqa: E731
    assert len(keys(double)) > 1.9 * len(keys(d1))


def test_years_option_limits_and_extends_the_registration_years(tmp_path):
    inside = generate_registration(tmp_path / "inside", years="2015-2016")
    assert {date(r["datum_melding"]).year for r in read(inside[0])} == {2015, 2016}
    later = generate_registration(tmp_path / "later", years=(2018, 2019), scale=0.1)
    assert [p.name for p in later] == [
        "comensha_registraties_20200601.csv",
        "comensha_registraties_20201001.csv",
    ]
    rows = read(later[0])
    assert {date(r["datum_melding"]).year for r in rows} == {2018, 2019}
    assert all(canonical("uitzendbureau", r["uitzendbureau"]) in ("", "Ja") for r in rows)


# ------------------------------------------------------------------------------------------------
# contract-allowed mess (README §11)
# ------------------------------------------------------------------------------------------------
def test_second_delivery_resends_at_least_five_percent(d1, d2):
    first = {r["melding_id"] for r in d1}
    resent = [r for r in d2 if r["melding_id"] in first]
    assert len(resent) >= 0.05 * len(first)


def test_resends_are_partly_unchanged_and_partly_corrected_with_a_newer_timestamp(d1, d2):
    first = {r["melding_id"]: r for r in d1}
    unchanged = corrected = 0
    for r in d2:
        old = first.get(r["melding_id"])
        if old is None or canonical("status", r["status"]) == "Vervallen":
            continue
        if old == r:
            unchanged += 1
        elif stamp(r["gewijzigd_op"]) > stamp(old["gewijzigd_op"]):
            corrected += 1
            assert {k for k in HEADER if old[k] != r[k]} - {"gewijzigd_op"}, "a correction changes a value"
    assert unchanged >= 50 and corrected >= 50


def test_at_least_ten_records_created_in_delivery_1_are_withdrawn_in_delivery_2(d1, d2):
    first = {r["melding_id"]: r for r in d1 if canonical("status", r["status"]) == "Actief"}
    withdrawn = [
        r
        for r in d2
        if canonical("status", r["status"]) == "Vervallen"
        and r["melding_id"] in first
        and stamp(r["gewijzigd_op"]) > stamp(first[r["melding_id"]]["gewijzigd_op"])
    ]
    assert len(withdrawn) >= 10


def test_meldingen_of_one_person_year_disagree_on_gender_and_nationality(cli_out):
    countries = seed_countries()
    genders, nationalities = defaultdict(set), defaultdict(set)
    for r in current_state(cli_out):
        key = (r["persoon_id"], date(r["datum_melding"]).year)
        g = canonical("geslacht", r["geslacht"])
        if g in ("V", "M"):
            genders[key].add(g)
        n = countries.get(norm(r["nationaliteit"]))
        if n and n != "Onbekend":
            nationalities[key].add(n)
    assert sum(len(v) > 1 for v in genders.values()) >= 10
    assert sum(len(v) > 1 for v in nationalities.values()) >= 10


def test_code_values_come_in_case_spacing_and_alias_variants(all_rows):
    raw = defaultdict(set)
    for _, r in all_rows:
        for column in (
            "melder_type",
            "geslacht",
            "doel_melding",
            "aangifte",
            "nationaliteit",
            "politie_eenheid",
        ):
            raw[column].add(r[column])
    assert "politie" in {v.strip().lower() for v in raw["melder_type"]} and any(
        v != "Politie" and canonical("melder_type", v) == "Politie" for v in raw["melder_type"]
    )
    assert {"Vrouw", "Man"} & {v.strip() for v in raw["geslacht"]}
    assert any(norm(v) == "verzoek tot opvang" for v in raw["doel_melding"])
    assert any(v != v.strip(" \t\u00a0") for c in raw for v in raw[c]), (
        "expected values with outer whitespace"
    )
    assert any(
        norm(v) in ("aangifte", "geen aangifte", "bedenktijd loopt nog", "in ieder geval intake")
        for v in raw["aangifte"]
    )
    assert (
        any(v != v.strip() and v.strip() for v in raw["nationaliteit"])
        or any(v not in ("", v.strip()) for v in raw["nationaliteit"])
        or any(v.lower() == v and v != "" and v[0].isalpha() for v in raw["nationaliteit"])
    )


def test_multi_valued_sectors_with_separators_duplicates_and_spacing(all_rows):
    sectors = [r["sector"] for _, r in all_rows]
    assert any("|" in s and len(canonical_multi("sector", s)) > 1 for s in sectors)
    parts = [[p for p in s.split("|") if norm(p)] for s in sectors + [r["subsector"] for _, r in all_rows]]
    assert any(
        len(p) > len({norm(x) for x in p}) or len(p) > len(set(canonical_multi("sector", "|".join(p))))
        for p in parts
        if p
    )
    assert any(" | " in s or "||" in s for s in sectors + [r["subsector"] for _, r in all_rows])


def test_optional_fields_are_often_empty(d1):
    for column in (
        "achternaam",
        "voornaam",
        "geboortedatum",
        "gemeente_aantreffen",
        "aangifte",
        "koppelsleutel",
        "land_werving",
        "melder_organisatie",
        "subsector",
    ):
        empty = sum(1 for r in d1 if not norm(r[column]))
        assert 0 < empty < len(d1), column


def test_koppelsleutel_mostly_empty_and_in_mixed_case(d1):
    keys = [r["koppelsleutel"] for r in d1 if r["koppelsleutel"]]
    assert 0 < len(keys) < 0.5 * len(d1)
    assert any(k != k.upper() for k in keys) and any(k == k.upper() and re.search("[A-F]", k) for k in keys)


def test_a_person_is_reported_in_more_than_one_year(cli_out):
    years = defaultdict(set)
    for r in current_state(cli_out):
        years[r["persoon_id"]].add(date(r["datum_melding"]).year)
    assert sum(len(v) > 1 for v in years.values()) >= 100


def test_enrichment_only_person_years_and_melder_onbekend_are_present(cli_out):
    by_py = defaultdict(list)
    for r in current_state(cli_out):
        by_py[r["persoon_id"], date(r["datum_melding"]).year].append(r)
    enrichment_only = [
        k
        for k, rows in by_py.items()
        if all(
            canonical("melder_type", r["melder_type"]) == "EMM"
            and canonical("emm_rol", r["emm_rol"]) in ("getuige", "betrokkene")
            for r in rows
        )
    ]
    assert len(enrichment_only) >= 5
    only_onbekend = [
        k
        for k, rows in by_py.items()
        if all(canonical("melder_type", r["melder_type"]) == "Onbekend" for r in rows)
    ]
    assert len(only_onbekend) >= 100
