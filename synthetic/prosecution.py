"""Synthetic OM prosecution extract (`om_vervolging_<YYYYMMDD>.csv`, contract `prosecution.md`).

Writes the two deliveries of the default sample (README §11) so that the merged current state
reproduces every calibration target M1-M8 of `prosecution.md` §4 under rules P1-P10 (with
`through`, also one CSV per later edition: `prosecution_later.py`, later-years.md §5):

* one record = one suspect in one case; 1159 current, active records (M1: 250/282/217/200/210),
  exact per-year disposition (M2), judgment and court (M3), sentence (M4), article (M5),
  exploitation form and office (M6), gender and empty birth years (M7), linkage (M8);
* distinct persons 2014 275 and 2015 212: 7 and 5 suspects have two cases in that year;
* co-suspects share a case (parketnummer) and its victim keys;
* victim keys (M8): 400 rows carry at least one key, 300 distinct keys (co-suspects share the
  keys of their case).  220 are koppelsleutels of headline victim-years of the committed CoMensha
  sample (`seeds/comensha/`; all 1100 keys there are headline keys), i.e. 20% of them; 90 of these
  220 are also keys of IND persons of the committed IND sample (`seeds/ind/`), the other 130 are
  not on any IND person.  Of the 80 other keys, 30 are IND-only keys and 50 are new.  Linked IND
  persons have no TV renewal and no VV ground `a-grond veroordeling`, so the two cross-source
  expectations of P8 hold for every linked pair;
* mess (README §11): the second delivery re-sends the records whose judgment, disposition or a
  correction arrived after 2018-06-01 (with a newer `gewijzigd_op`), some unchanged or re-spelled
  records, a few older versions that arrive late (they do not win), 12 records created in
  delivery 1 and withdrawn in delivery 2, and records first delivered in delivery 2; aliases
  (`art. 273f lid 1 sub 1 Sr`, `Arrondissementsparket Rotterdam`, `Voeging ad info`,
  `Ontslag van rechtsvervolging`, `Man`/`Vrouw`, country aliases), case and spacing variants,
  lower-case keys, `|` lists with odd spacing and duplicates, surnames with a comma (quoted),
  empty optional fields.  No contract rule is broken: no quarantine row, no warning.

The extract never holds a derived label (stage, sub-3 flag, age band, ...).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from synthetic import reference as R
from synthetic import variants as V

DEFAULT_SEED = 20181001
FILE_PATTERN = "om_vervolging_{:%Y%m%d}.csv"
D1, D2 = dt.date(2018, 6, 1), dt.date(2018, 10, 1)
REGISTRATION_DIR = R.REPO_ROOT / "seeds" / "comensha"
RESIDENCE_DIR = R.REPO_ROOT / "seeds" / "ind"

HEADER = (
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
)

# -- calibration targets, typed from prosecution.md §4 ----------------------------------------
YEARS = (2013, 2014, 2015, 2016, 2017)
SUSPECTS = {2013: 250, 2014: 282, 2015: 217, 2016: 200, 2017: 210}  # M1
TWO_CASE_PERSONS = {2014: 282 - 275, 2015: 217 - 212}  # M1 distinct persons
DAGV, TS, BS, VAI, TRA, SB, OVD = (
    "Dagvaarding",
    "Technisch sepot",
    "Beleidssepot",
    "Voeging ad informandum",
    "Transactie",
    "Strafbeschikking",
    "Overdracht",
)
DISPOSITIONS = {  # M2, None = pending
    None: (0, 0, 0, 40, 120),
    DAGV: (188, 211, 163, 120, 66),
    TS: (37, 42, 33, 24, 14),
    BS: (13, 14, 11, 8, 4),
    VAI: (5, 6, 4, 4, 3),
    TRA: (3, 3, 2, 2, 1),
    SB: (2, 3, 2, 1, 1),
    OVD: (2, 3, 2, 1, 1),
}
VER, VRIJ, ONTSLAG, NO = (
    "Veroordeling",
    "Vrijspraak",
    "Ontslag van alle rechtsvervolging",
    "Niet-ontvankelijk",
)
JUDGMENTS = {  # M3, None = Dagvaarding pending
    None: (0, 0, 0, 20, 50),
    VER: (103, 116, 90, 55, 9),
    VRIJ: (75, 85, 65, 40, 6),
    ONTSLAG: (6, 6, 4, 3, 1),
    NO: (4, 4, 4, 2, 0),
}
COURTS = {"Gerechtshof": (15, 15, 10, 0, 0), "Hoge Raad": (2, 1, 0, 0, 0)}  # M3, rest Rechtbank
ONVW, DEELS, VW = (
    "Onvoorwaardelijke gevangenisstraf",
    "Deels voorwaardelijke gevangenisstraf",
    "Voorwaardelijke gevangenisstraf",
)
SENTENCES = {ONVW: 215, DEELS: 90, VW: 20, "Taakstraf": 30, "Geldboete": 8, "Maatregel": 10}  # M4
PRISON = (ONVW, DEELS, VW)
SUB3 = "273f lid 1 sub 3 Sr"
SUB3_ROWS = {2013: 30, 2014: 35, 2015: 25, 2016: 12, 2017: 5}  # M5
SUB3_2016_BEFORE_HR = 9  # M5: of the 12 in 2016, 9 registered before 2016-05-17
HR_2016 = dt.date(2016, 5, 17)
OLD_273A = 4  # M5: 273a Sr rows, all in 2013
SU, AU, CU, ORG, ONB = (
    "Seksuele uitbuiting",
    "Arbeidsuitbuiting",
    "Criminele uitbuiting",
    "Orgaanverwijdering",
    "Onbekend",
)
FORMS = {SU: 800, AU: 180, CU: 90, ORG: 2, ONB: 87}  # M6
FUNCTIONEEL, LANDELIJK = "Functioneel Parket", "Landelijk Parket"
FUNCTIONEEL_ROWS, LANDELIJK_ROWS = 60, 25  # M6 (Functioneel Parket: all Arbeidsuitbuiting)
GENDERS = {"M": 985, "V": 162, "O": 12}  # M7
EMPTY_BIRTH_YEAR = 30  # M7
KEYED_ROWS, DISTINCT_KEYS, COMENSHA_KEYS = 400, 300, 220  # M8
IND_KEYS, BOTH_KEYS = 120, 90  # M8: keys on IND population persons, of which also CoMensha

# -- free distributions (assumptions, shapes only) --------------------------------------------
DISTRICTS = {  # office -> (parket code in the parketnummer, weight)
    "Amsterdam": ("13", 16),
    "Den Haag": ("09", 11),
    "Gelderland": ("05", 9),
    "Limburg": ("03", 7),
    "Midden-Nederland": ("16", 9),
    "Noord-Holland": ("15", 7),
    "Noord-Nederland": ("18", 8),
    "Oost-Brabant": ("01", 7),
    "Overijssel": ("08", 6),
    "Rotterdam": ("10", 13),
    "Zeeland-West-Brabant": ("02", 7),
}
NATIONAL_CODES = {LANDELIJK: "96", FUNCTIONEEL: "97"}
ARTICLES = {  # form -> article weights (273f lid 1 sub N Sr), not a target except sub 3 / 273a
    SU: {1: 55, 2: 8, 5: 10, 6: 20, 8: 4, 9: 3},
    AU: {4: 60, 1: 15, 6: 20, 9: 5},
    CU: {4: 55, 1: 25, 6: 15, 9: 5},
    ORG: {1: 1, 7: 1},
    ONB: {1: 50, 6: 35, 4: 15},
}
NATIONALITIES = {
    "Nederland": 45,
    "Roemenië": 8,
    "Bulgarije": 7,
    "Hongarije": 5,
    "Polen": 4,
    "Marokko": 4,
    "Turkije": 4,
    "Nigeria": 4,
    "Suriname": 3,
    "China": 3,
    "Albanië": 2,
    "Slowakije": 1,
    "Vietnam": 1,
    "Curaçao": 1,
    "Onbekend": 2,
    "Staatloos": 0.3,
    "Tsjecho-Slowakije": 0.2,
    "Kroatië": 0.5,
    "India": 0.5,
}
AGE_BANDS = ((15, 17, 3), (18, 22, 18), (23, 29, 30), (30, 39, 28), (40, 66, 21))
ALIASES = {
    "afdoening": {VAI: ("Voeging ad info",)},
    "vonnis": {ONTSLAG: ("Ontslag van rechtsvervolging",)},
    "geslacht": {"M": ("Man",), "V": ("Vrouw",)},
    "parket": {d: (f"Arrondissementsparket {d}",) for d in DISTRICTS},
}
ARTICLE_PREFIXES = ("art. ", "artikel ", "Art. ", "art.", "Artikel ")


@dataclass
class Record:
    """One suspect in one case, canonical values.  Dates as dt.date, timestamps as dt.datetime."""

    parketnummer: str = ""
    verdachte_id: str = ""
    achternaam: str | None = None
    geboortejaar: int | None = None
    geslacht: str = "M"
    nationaliteit: str = "Nederland"
    parket: str = "Amsterdam"
    inschrijfdatum: dt.date = dt.date(2013, 1, 1)
    wetsartikel: str = ""
    uitbuitingsvorm: str = SU
    afdoening: str | None = None
    afdoeningsdatum: dt.date | None = None
    vonnis: str | None = None
    vonnisdatum: dt.date | None = None
    instantie: str | None = None
    strafsoort: str | None = None
    strafduur_dagen: int | None = None
    aantal_slachtoffers: int | None = None
    keys: tuple[str, ...] = ()
    status: str = "Actief"
    gewijzigd_op: dt.datetime = dt.datetime(2013, 1, 1)
    year: int = 2013
    sub3_before_hr: bool | None = None
    case: int = -1
    extra: dict = field(default_factory=dict)


def _rng(seed: int, step: str) -> np.random.Generator:
    return np.random.default_rng([seed, *step.encode()])


def _exact(counts: dict, rng: np.random.Generator) -> list:
    """A shuffled list with exactly counts[v] copies of every v."""
    out = [v for v, n in counts.items() for _ in range(n)]
    rng.shuffle(out)
    return out


def _pick(weights: dict, rng: np.random.Generator):
    keys = list(weights)
    p = np.array([float(weights[k]) for k in keys])
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _day(lo: dt.date, hi: dt.date, rng: np.random.Generator) -> dt.date:
    return lo + dt.timedelta(days=int(rng.integers((hi - lo).days + 1)))


def _ts(day: dt.date, rng: np.random.Generator) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time(int(rng.integers(7, 19)), int(rng.integers(60)), int(rng.integers(60)))
    )


def residence_keys(residence_dir: Path = RESIDENCE_DIR, delivered_by: dt.date = D2) -> dict[str, bool]:
    """Koppelsleutels (upper case) of the active current IND events in the IND sample, per key:
    may an OM row link to it?  Only persons without a `Verlenging tijdelijk verblijf` and without a
    VV ground `a-grond veroordeling` are linked, so that both cross-source expectations of P8 hold
    for every linked pair (an OM sepot is never followed by a TV renewal; no VV grant on a
    conviction lacks an earlier linked OM conviction). Only the workbooks dated on or before
    `delivered_by` (the file name's date): the 2018 sample links to what IND had delivered by its
    last delivery, whatever later workbooks lie beside it."""
    last = delivered_by.strftime("%Y%m%d")
    files = [
        p
        for p in sorted(Path(residence_dir).glob("ind_verblijf_*.xlsx"))
        if p.stem.rsplit("_", 1)[-1] <= last
    ]
    if not files:
        return {}
    import openpyxl

    current: dict[str, dict] = {}
    for path in files:
        sheet = openpyxl.load_workbook(path, read_only=True)["Gebeurtenissen"]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip().lower() for h in next(rows)]
        for values in rows:
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            d = dict(zip(header, values, strict=False))
            gid = str(d["gebeurtenis_id"]).strip()
            if gid not in current or d["gewijzigd_op"] >= current[gid]["gewijzigd_op"]:
                current[gid] = d
    persons: dict[str, list[dict]] = {}
    for d in current.values():
        if str(d["status"]).strip().lower() == "actief":
            persons.setdefault(str(d["v_nummer"]).strip(), []).append(d)
    out: dict[str, bool] = {}
    for events in persons.values():
        keys = {str(e["koppelsleutel"]).strip().upper() for e in events if e.get("koppelsleutel")}
        text = lambda v: " ".join(str(v or "").split()).lower()  # noqa: E731
        ok = not any(
            text(e["gebeurtenis"]) == "verlenging tijdelijk verblijf"
            or text(e.get("grond")) == "a-grond veroordeling"
            for e in events
        )
        for k in keys:
            out[k] = out.get(k, True) and ok and len(keys) == 1
    return out


# ------------------------------------------------------------------------------------------
# design: the 1159 current records
# ------------------------------------------------------------------------------------------
def _design(
    seed: int, comensha_keys: list[str], ind_keys: dict[str, bool]
) -> tuple[list[Record], dict[str, list[str]]]:
    rng = _rng(seed, "om-design")
    recs: list[Record] = []
    for i, y in enumerate(YEARS):
        n = SUSPECTS[y]
        disp = _exact({k: v[i] for k, v in DISPOSITIONS.items()}, rng)
        judged_dagv = _exact({k: v[i] for k, v in JUDGMENTS.items()}, rng)
        n_judged = sum(v[i] for k, v in JUDGMENTS.items() if k)
        courts = _exact(
            {
                **{k: v[i] for k, v in COURTS.items()},
                "Rechtbank": n_judged - sum(v[i] for v in COURTS.values()),
            },
            rng,
        )
        sub3 = [True] * SUB3_ROWS[y] + [False] * (n - SUB3_ROWS[y])
        rng.shuffle(sub3)
        it_j, it_c = iter(judged_dagv), iter(courts)
        for k in range(n):
            r = Record(year=y, afdoening=disp[k])
            if r.afdoening == DAGV:
                r.vonnis = next(it_j)
                if r.vonnis:
                    r.instantie = next(it_c)
            if sub3[k]:
                r.wetsartikel, r.uitbuitingsvorm = SUB3, SU
            recs.append(r)
    # sub-3 in 2016: 9 registered before HR 17 May 2016
    s16 = [r for r in recs if r.year == 2016 and r.wetsartikel == SUB3]
    for j, r in enumerate(s16):
        r.sub3_before_hr = j < SUB3_2016_BEFORE_HR
    # sentences over all convictions (M4)
    convictions = [r for r in recs if r.vonnis == VER]
    for r, s in zip(convictions, _exact(SENTENCES, rng), strict=True):
        r.strafsoort = s
    # forms (M6): sub-3 rows are SU; the rest from the remaining counts
    rest = [r for r in recs if r.wetsartikel != SUB3]
    left = dict(FORMS)
    left[SU] -= len(recs) - len(rest)
    for r, f in zip(rest, _exact(left, rng), strict=True):
        r.uitbuitingsvorm = f
    # 273a Sr: 4 non-sub-3 rows of 2013 (M5); other articles by form
    old = [r for r in rest if r.year == 2013 and r.uitbuitingsvorm == SU]
    for j in rng.choice(len(old), OLD_273A, replace=False):
        old[int(j)].wetsartikel = "273a Sr"
    for r in rest:
        if not r.wetsartikel:
            r.wetsartikel = f"273f lid 1 sub {_pick(ARTICLES[r.uitbuitingsvorm], rng)} Sr"
    # offices (M6)
    au = [r for r in recs if r.uitbuitingsvorm == AU]
    for j in rng.choice(len(au), FUNCTIONEEL_ROWS, replace=False):
        au[int(j)].parket = FUNCTIONEEL
    others = [r for r in recs if r.parket != FUNCTIONEEL]
    for j in rng.choice(len(others), LANDELIJK_ROWS, replace=False):
        others[int(j)].parket = LANDELIJK
    for r in others:
        if r.parket != LANDELIJK:
            r.parket = _pick({d: w for d, (_, w) in DISTRICTS.items()}, rng)
    # persons (M7)
    for r, g in zip(recs, _exact(GENDERS, rng), strict=True):
        r.geslacht = g
    no_birth = set(int(j) for j in rng.choice(len(recs), EMPTY_BIRTH_YEAR, replace=False))
    for j, r in enumerate(recs):
        r.nationaliteit = _pick(NATIONALITIES, rng)
        lo, hi, _ = AGE_BANDS[_pick({b: w for b, (_, _, w) in enumerate(AGE_BANDS)}, rng)]
        r.geboortejaar = None if j in no_birth else r.year - int(rng.integers(lo, hi + 1))
        region = R.name_region(r.nationaliteit)
        parts = R.SURNAME_PARTS[region]
        r.achternaam = parts[0][int(rng.integers(len(parts[0])))] + parts[1][int(rng.integers(len(parts[1])))]
        if region == "nl" and rng.random() < 0.15:
            r.achternaam = f"{r.achternaam}, van"  # a comma: the field is quoted (RFC 4180)
    _cases_and_dates(recs, rng)
    _hr_2016_effect(recs, rng)
    _two_case_suspects(recs, rng)
    plan = _victim_keys(recs, comensha_keys, ind_keys, rng)
    return recs, plan


def _interval(r: Record) -> tuple[dt.date, dt.date]:
    lo, hi = dt.date(r.year, 1, 1), dt.date(r.year, 12, 31)
    if r.sub3_before_hr is True:
        hi = HR_2016 - dt.timedelta(days=1)
    elif r.sub3_before_hr is False:
        lo = HR_2016
    return lo, hi


def _cases_and_dates(recs: list[Record], rng: np.random.Generator) -> None:
    """Group rows into cases (co-suspects: same year, office, form, article group) and set dates."""
    groups: dict[tuple, list[Record]] = {}
    for r in recs:
        groups.setdefault(
            (r.year, r.parket, r.uitbuitingsvorm, r.wetsartikel == SUB3, r.sub3_before_hr), []
        ).append(r)
    serials = iter(int(s) for s in rng.choice(np.arange(100000, 1000000), len(recs), replace=False))
    case_no = 0
    for key in sorted(groups, key=str):
        rows = groups[key]
        j = 0
        while j < len(rows):
            size = int(rng.choice([1, 2, 3], p=[0.62, 0.26, 0.12]))
            members = rows[j : j + size]
            j += size
            first = members[0]
            code = NATIONAL_CODES.get(first.parket) or DISTRICTS[first.parket][0]
            pn = f"{code}/{next(serials):06d}-{first.year % 100:02d}"
            lo, hi = _interval(first)
            base = _day(lo, hi, rng)
            for r in members:
                r.case, r.parketnummer = case_no, pn
                d = base + dt.timedelta(days=int(rng.integers(0, 21)))
                r.inschrijfdatum = min(max(d, lo), hi)
                _outcome_dates(r, rng)
            case_no += 1


def _outcome_dates(r: Record, rng: np.random.Generator) -> None:
    limit = D2

    def after(d: dt.date, lo: int, hi: int) -> dt.date:
        out = d + dt.timedelta(days=int(rng.integers(lo, hi + 1)))
        return out if out <= limit else _day(d, limit, rng)

    if r.afdoening:
        r.afdoeningsdatum = after(r.inschrijfdatum, 30, 420 if r.afdoening == DAGV else 300)
    if r.vonnis:
        lag = {"Rechtbank": (60, 400), "Gerechtshof": (400, 900), "Hoge Raad": (800, 1300)}[r.instantie]
        r.vonnisdatum = after(r.afdoeningsdatum, *lag)
    if r.strafsoort in PRISON:
        lo, hi = {ONVW: (60, 2600), DEELS: (120, 1500), VW: (14, 365)}[r.strafsoort]
        r.strafduur_dagen = int(rng.integers(lo, hi + 1))
    last = max(d for d in (r.inschrijfdatum, r.afdoeningsdatum, r.vonnisdatum) if d)
    day = min(last + dt.timedelta(days=int(rng.exponential(10))), limit)
    r.gewijzigd_op = _ts(day, rng)


def _hr_2016_effect(recs: list[Record], rng: np.random.Generator, share: float = 0.6) -> None:
    """P7 expected effect (not a target): fewer sub-3 convictions judged on or after HR 17 May
    2016.  A share of those convictions swaps judgment and sentence with an acquittal of a
    non-sub-3 row of the same registration year, which keeps M3 and M4 exact."""
    for y in YEARS:
        after = [
            r
            for r in recs
            if r.year == y and r.wetsartikel == SUB3 and r.vonnis == VER and r.vonnisdatum >= HR_2016
        ]
        others = [r for r in recs if r.year == y and r.wetsartikel != SUB3 and r.vonnis == VRIJ]
        n = min(len(others), int(round(share * len(after))))
        picks = rng.choice(len(others), n, replace=False) if n else []
        for a, j in zip(after[:n], picks, strict=True):
            b = others[int(j)]
            a.vonnis, b.vonnis = b.vonnis, a.vonnis
            a.strafsoort, b.strafsoort = b.strafsoort, a.strafsoort
            a.strafduur_dagen, b.strafduur_dagen = b.strafduur_dagen, a.strafduur_dagen


def _two_case_suspects(recs: list[Record], rng: np.random.Generator) -> None:
    """Suspect ids; in 2014 and 2015 some suspects have two cases (M1 distinct persons)."""
    ids = iter(int(s) for s in rng.choice(np.arange(1000000, 9999999), len(recs) + 50, replace=False))
    for r in recs:
        r.verdachte_id = f"V{next(ids)}"
    for year, n in TWO_CASE_PERSONS.items():
        pool = [r for r in recs if r.year == year and r.geboortejaar is not None]
        used: set[int] = set()
        made = 0
        order = list(rng.permutation(len(pool)))
        for a in order:
            if made == n:
                break
            ra = pool[int(a)]
            if id(ra) in used:
                continue
            for b in order:
                rb = pool[int(b)]
                if rb is not ra and id(rb) not in used and rb.case != ra.case and rb.geslacht == ra.geslacht:
                    rb.verdachte_id, rb.achternaam = ra.verdachte_id, ra.achternaam
                    rb.geboortejaar, rb.nationaliteit = ra.geboortejaar, ra.nationaliteit
                    used.update((id(ra), id(rb)))
                    made += 1
                    break
        assert made == n


def _victim_keys(
    recs: list[Record], comensha_keys: list[str], ind_keys: dict[str, bool], rng: np.random.Generator
) -> dict[str, list[str]]:
    """M8: 400 keyed rows, 300 distinct keys: 220 CoMensha headline keys (90 of them also IND
    population keys) and 80 others (30 of them IND-only keys).  Without an IND sample the 120 IND
    keys are chosen from the CoMensha and new keys and listed in the plan (`ind_shared`)."""
    cases: dict[int, list[Record]] = {}
    for r in recs:
        cases.setdefault(r.case, []).append(r)
    order = [int(c) for c in rng.permutation(sorted(cases))]
    keyed, rows = [], 0
    for c in order:
        if rows + len(cases[c]) <= KEYED_ROWS:
            keyed.append(c)
            rows += len(cases[c])
        if rows == KEYED_ROWS:
            break
    assert rows == KEYED_ROWS and len(keyed) <= DISTINCT_KEYS

    def sample(pool: list[str], n: int) -> list[str]:
        pool = sorted(pool)
        if len(pool) < n:
            raise ValueError(f"need {n} victim keys, the samples offer {len(pool)}")
        return [pool[int(j)] for j in sorted(rng.choice(len(pool), n, replace=False))]

    reg = set(comensha_keys)
    if ind_keys:
        both = sample([k for k in comensha_keys if ind_keys.get(k)], BOTH_KEYS)
        com = both + sample([k for k in comensha_keys if k not in ind_keys], COMENSHA_KEYS - BOTH_KEYS)
        ind_only = sample([k for k, ok in ind_keys.items() if ok and k not in reg], IND_KEYS - BOTH_KEYS)
    else:
        com = sample(comensha_keys, COMENSHA_KEYS)
        both, ind_only = [], []
    taken = reg | set(ind_keys)
    new: list[str] = list(ind_only)
    while len(new) < DISTINCT_KEYS - COMENSHA_KEYS:
        k = "".join("0123456789ABCDEF"[int(x)] for x in rng.integers(16, size=16))
        if k not in taken:
            taken.add(k)
            new.append(k)
    pool = com + new
    rng.shuffle(pool)
    per_case = {c: [pool[i]] for i, c in enumerate(keyed)}
    for k in pool[len(keyed) :]:  # the remaining keys: more victims in some cases
        per_case[keyed[int(rng.integers(len(keyed)))]].append(k)
    for c, ks in per_case.items():
        for r in cases[c]:
            r.keys = tuple(ks)
    for r in recs:
        if r.keys:
            r.aantal_slachtoffers = (
                None if rng.random() < 0.1 else len(r.keys) + int(rng.choice([0, 0, 0, 1, 2]))
            )
        else:
            r.aantal_slachtoffers = None if rng.random() < 0.3 else int(rng.choice([0, 1, 1, 1, 2, 3, 4]))
    if not ind_keys:
        both = [com[int(j)] for j in sorted(rng.choice(len(com), BOTH_KEYS, replace=False))]
        ind_only = [new[int(j)] for j in sorted(rng.choice(len(new), IND_KEYS - BOTH_KEYS, replace=False))]
    return {"comensha": sorted(com), "new": sorted(new), "ind_shared": sorted(both + ind_only)}


# ------------------------------------------------------------------------------------------
# versions and deliveries
# ------------------------------------------------------------------------------------------
def _earlier(r: Record, limit: dt.datetime, rng: np.random.Generator) -> Record | None:
    """An earlier state of r (judgment or disposition not yet known) with gewijzigd_op < limit."""
    e = replace(r, extra={})
    cut = limit.date()

    def no_judgment() -> None:
        e.vonnis = e.vonnisdatum = e.instantie = e.strafsoort = e.strafduur_dagen = None

    def no_disposition() -> None:
        no_judgment()
        e.afdoening = e.afdoeningsdatum = None

    if e.afdoeningsdatum and e.afdoeningsdatum >= cut:
        no_disposition()
    elif e.vonnisdatum and e.vonnisdatum >= cut:
        no_judgment()
    elif e.vonnis and rng.random() < 0.6:
        no_judgment()  # the judgment is registered at the OM later
    elif e.afdoening and rng.random() < 0.5:
        no_disposition()
    elif e.uitbuitingsvorm not in (ONB, AU) and e.wetsartikel != SUB3:
        e.uitbuitingsvorm = ONB  # form established later
    elif e.aantal_slachtoffers is not None:
        e.aantal_slachtoffers += 1  # number of victims corrected later
    else:
        e.achternaam = (e.achternaam or "X") + "e"  # spelling corrected later
    last = max(d for d in (e.inschrijfdatum, e.afdoeningsdatum, e.vonnisdatum) if d)
    hi = min(cut - dt.timedelta(days=1), r.gewijzigd_op.date() - dt.timedelta(days=1))
    if hi < last:
        return None
    e.gewijzigd_op = _ts(_day(last, min(hi, last + dt.timedelta(days=60)), rng), rng)
    return e


def created_in_error(year: int, lo: dt.date, hi: dt.date, rng: np.random.Generator) -> Record:
    """A suspect-case registered in [lo, hi] in error (no key yet): the next delivery withdraws it,
    so it is part of no target."""
    e = Record(
        year=year,
        parket=_pick({d: w for d, (_, w) in DISTRICTS.items()}, rng),
        geslacht=str(rng.choice(["M", "V"])),
        nationaliteit=_pick(NATIONALITIES, rng),
        uitbuitingsvorm=SU,
        wetsartikel="273f lid 1 sub 1 Sr",
        achternaam="Onbekend",
        geboortejaar=year - int(rng.integers(20, 50)),
    )
    e.inschrijfdatum = _day(lo, hi, rng)
    return e


def _versions(recs: list[Record], seed: int, resend_rate: float) -> tuple[list[Record], list[Record]]:
    rng = _rng(seed, "om-deliveries")
    first, second = [], []
    end1 = dt.datetime.combine(D1, dt.time(23, 59))
    for r in recs:
        if r.gewijzigd_op > end1:  # final state known only after delivery 1
            if rng.random() < 0.12:
                second.append(r)  # first delivered in delivery 2
                continue
            e = _earlier(r, end1, rng)
            if e is None:
                second.append(r)
                continue
            first.append(e)
            second.append(r)
            continue
        u = rng.random()
        if u < resend_rate * 0.45:  # corrected after delivery 1 (e.g. a judgment registered late)
            e = _earlier(r, end1, rng)
            if e is not None:
                r.gewijzigd_op = _ts(_day(D1 + dt.timedelta(days=1), D2, rng), rng)
                first.append(e)
                second.append(r)
                continue
        elif u < resend_rate * 0.85:  # re-sent unchanged (possibly re-spelled)
            first.append(r)
            second.append(r)
            continue
        elif u < resend_rate:  # an older version arrives late: stored, does not win
            e = _earlier(r, r.gewijzigd_op, rng)
            if e is not None:
                first.append(r)
                second.append(e)
                continue
        first.append(r)
    # withdrawn extras: created in delivery 1, Vervallen in delivery 2 (not part of any target)
    for k in range(12):
        year = int(rng.choice(YEARS))
        e = created_in_error(year, dt.date(year, 1, 1), dt.date(year, 12, 31), rng)
        e.parketnummer = f"{DISTRICTS[e.parket][0]}/{990000 + k:06d}-{year % 100:02d}"
        e.verdachte_id = f"X{k:04d}"
        e.gewijzigd_op = _ts(_day(e.inschrijfdatum, e.inschrijfdatum + dt.timedelta(days=20), rng), rng)
        first.append(e)
        w = replace(e, status="Vervallen", gewijzigd_op=_ts(_day(D1 + dt.timedelta(days=1), D2, rng), rng))
        second.append(w)
    return first, second


# ------------------------------------------------------------------------------------------
# rendering
# ------------------------------------------------------------------------------------------
def _code(
    value: str | None, column: str, rng: np.random.Generator, rate: float, seen: set | None = None
) -> str:
    if not value:
        return ""
    options = ALIASES.get(column, {}).get(value, ())
    if options and seen is not None and (column, value) not in seen:
        seen.add((column, value))  # every listed alias occurs at least once in each file
        return options[0]
    if column == "nationaliteit":
        return V.code(value, "nationaliteit", rng, rate)
    if rng.random() >= rate:
        return value
    out = value
    if column == "wetsartikel" and rng.random() < 0.6:
        return ARTICLE_PREFIXES[int(rng.integers(len(ARTICLE_PREFIXES)))] + value
    if options and rng.random() < 0.6:
        out = options[int(rng.integers(len(options)))]
    return V.code(out, f"om_{column}", rng, 1.0)  # case, spacing and accent variants


def _keys(keys: tuple[str, ...], rng: np.random.Generator, rate: float) -> str:
    parts = [V.link_key(k, rng) for k in keys]
    if parts and rng.random() < rate * 2:
        r = rng.random()
        if r < 0.4:
            parts.append(parts[int(rng.integers(len(parts)))].lower())  # duplicate
        elif r < 0.7:
            parts.insert(int(rng.integers(len(parts) + 1)), "")  # empty element
        else:
            parts = [" " + p for p in parts]
    return (" | " if rng.random() < rate else "|").join(parts)


def _row(r: Record, rng: np.random.Generator, rate: float, seen: set | None = None) -> list[str]:
    d = lambda x: "" if x is None else x.isoformat()  # noqa: E731
    n = lambda x: "" if x is None else str(x)  # noqa: E731
    return [
        r.parketnummer,
        r.verdachte_id,
        r.achternaam or "",
        n(r.geboortejaar),
        _code(r.geslacht, "geslacht", rng, rate, seen),
        _code(r.nationaliteit, "nationaliteit", rng, rate),
        _code(r.parket, "parket", rng, rate, seen),
        d(r.inschrijfdatum),
        _code(r.wetsartikel, "wetsartikel", rng, rate),
        _code(r.uitbuitingsvorm, "uitbuitingsvorm", rng, rate),
        _code(r.afdoening, "afdoening", rng, rate, seen),
        d(r.afdoeningsdatum),
        _code(r.vonnis, "vonnis", rng, rate, seen),
        d(r.vonnisdatum),
        _code(r.instantie, "instantie", rng, rate),
        _code(r.strafsoort, "strafsoort", rng, rate),
        n(r.strafduur_dagen),
        n(r.aantal_slachtoffers),
        _keys(r.keys, rng, rate),
        _code(r.status, "status", rng, rate / 2),
        r.gewijzigd_op.strftime("%Y-%m-%dT%H:%M:%S"),
    ]


@contextlib.contextmanager
def open_writer(path: Path) -> Iterator[Any]:
    """A CSV writer in the OM format: `,`, RFC 4180 quoting, UTF-8 without BOM, CRLF, header."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        w.writerow(HEADER)
        yield w


def build(
    seed: int = DEFAULT_SEED,
    registration_dir: Path = REGISTRATION_DIR,
    resend_rate: float = 0.08,
    residence_dir: Path = RESIDENCE_DIR,
) -> tuple[list[Record], list[Record], list[Record], dict[str, list[str]]]:
    """(current records, delivery-1 versions, delivery-2 versions, key plan) of the sample."""
    keys = R.active_registration_keys(registration_dir, D2)
    if len(keys) < COMENSHA_KEYS:
        raise ValueError(
            f"the registration sample in {registration_dir} has {len(keys)} koppelsleutels, "
            f"need at least {COMENSHA_KEYS}"
        )
    recs, plan = _design(seed, keys, residence_keys(residence_dir))
    first, second = _versions(recs, seed, resend_rate)
    return recs, first, second, plan


def generate_prosecution(
    out_dir: str | Path,
    seed: int = DEFAULT_SEED,
    variant_rate: float = 0.08,
    resend_rate: float = 0.08,
    registration_dir: str | Path = REGISTRATION_DIR,
    residence_dir: str | Path = RESIDENCE_DIR,
    scale: float = 1.0,
    through: int | None = None,
) -> list[Path]:
    """Write `out_dir/om/om_vervolging_20180601.csv` and `..._20181001.csv`; return the paths.
    `through` (2018-2025): also one CSV per later edition (prosecution_later.py).

    Calibrated (M1-M8 of prosecution.md §4) for every seed, given the registration and IND
    samples whose koppelsleutels the victim keys use (default: the committed `seeds/comensha/` and
    `seeds/ind/`; without IND files the IND part of M8 is not calibrated). `scale` != 1 writes
    replicas of the sample with new ids (`scale.py`), streamed to the file."""
    from synthetic.later_targets import other_source_years
    from synthetic.prosecution_later import later_deliveries
    from synthetic.scale import fractions, om_replicas

    fractions(scale)  # validates
    later = other_source_years(through, scale)
    if not 0.0 <= variant_rate <= 1.0 or not 0.0 <= resend_rate <= 1.0:
        raise ValueError("rates must be between 0 and 1")
    recs, first, second, _ = build(seed, Path(registration_dir), resend_rate, Path(residence_dir))
    out = Path(out_dir) / "om"
    out.mkdir(parents=True, exist_ok=True)
    rng = _rng(seed, "om-render")
    rendered = []
    for versions in (first, second):
        versions = sorted(versions, key=lambda v: (v.inschrijfdatum, v.parketnummer, v.verdachte_id))
        seen: set = set() if variant_rate > 0 else None
        rendered.append([_row(v, rng, variant_rate, seen) for v in versions])
    paths = []
    for day, rows in zip((D1, D2), om_replicas(rendered, scale, seed), strict=True):
        path = out / FILE_PATTERN.format(day)
        part = path.with_suffix(".part")
        with open_writer(part) as w:
            for row in rows:
                w.writerow(row)
        part.replace(path)
        paths.append(path)
    for day, versions in later_deliveries(recs, seed, later[-1], Path(registration_dir)) if later else ():
        path = out / FILE_PATTERN.format(day)
        versions = sorted(versions, key=lambda v: (v.inschrijfdatum, v.parketnummer, v.verdachte_id))
        seen = set() if variant_rate > 0 else None
        with open_writer(path) as w:
            for v in versions:
                w.writerow(_row(v, rng, variant_rate, seen))
        paths.append(path)
    return paths
