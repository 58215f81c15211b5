"""What the generated delivery histories of the three sources share.

A *history* is what a source delivers over time: several files, each with its delivery date, each
row one version of one record (contracts/README.md §1, §3). The strategies build records first
and then spread their versions over the files: a record first arrives in some file, and a later
file may repeat it unchanged, with changed attributes and a later `gewijzigd_op`, withdrawn
(`Vervallen`), brought back, or (rarely) with an *older* `gewijzigd_op` that must not win.

Every row is valid under the contract: the tests assert that nothing is quarantined or rejected,
so a strategy that produced an invalid row would fail loudly instead of testing less.

The `reference(...)` functions of the source modules recount the headline figures from the
delivered rows by the contracts' rules, in plain Python, and `cube(...)` adds the totals that the
dashboards' cubes carry (every subset of the dimensions replaced by its total value).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from orchestration.seeds import editions

# contracts/README.md §10: the default reporting window.
WINDOW_START = dt.date(2013, 1, 1)
WINDOW_END = dt.date(2017, 12, 31)
WINDOW_YEARS = range(2013, 2018)
WINDOW_LABEL = "2013-2017"

# Registration years drawn for rows: the window, a year before it and a year after it (rows dated
# after the window are accepted and kept, but outside the window's figures).
ROW_YEARS = (2012, 2013, 2014, 2015, 2016, 2017, 2018)

# The day in its year of a row date: often 1 January, 31 December (the window's edges) or one
# shared day (events of one person on the same day: the tie-breaks of R3 and V4).
DAY_OF_YEAR = st.sampled_from((0, 364, 180)) | st.integers(0, 364)

# Delivery dates: all after every row date (datum <= delivery_date, README cross-field check 2), and
# all before the data date of the edition after 2013-2017 (seed ref_edition): a build counts the
# edition of its newest delivery and, with the default vars, the years up to that edition's last
# (macros/reporting_window.sql), so these inboxes count the 2013-2017 edition, the window above.
DELIVERY_DATES = (dt.date(2019, 1, 15), dt.date(2019, 3, 1), dt.date(2019, 6, 3), dt.date(2019, 9, 2))
assert max(DELIVERY_DATES) < editions()[1].data_date, (
    "a generated inbox would count a later edition than 2013-2017"
)

# gewijzigd_op = this moment + a record's version stamp in minutes: after every row date and
# before the first delivery date, so that every version is valid in every file.
CHANGED_BASE = dt.datetime(2019, 1, 2, 8, 0)

# TTP linkage keys shared by the three sources (README §8: 16 characters 0-9A-F). Person n of a
# source carries key n (mod the pool), so that CoMensha person 1, IND person 1 and an OM case naming
# key 1 link; sources with more persons than keys, and the rare wrong key on a row, give a key on
# two persons (ambiguous) and two keys for one person (a conflict).
LINK_KEYS = tuple(f"{n:016X}" for n in (0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x17, 0x28))


@st.composite
def link_key(draw, person: int, empty: object = "") -> object:
    """The koppelsleutel on one row of `person`: usually empty, else the person's own key, rarely another."""
    choice = draw(st.sampled_from(("empty", "empty", "empty", "own", "own", "own", "other")))
    if choice == "empty":
        return empty
    if choice == "own":
        return LINK_KEYS[person % len(LINK_KEYS)]
    return draw(st.sampled_from(LINK_KEYS))


@dataclass(frozen=True)
class Version:
    file: int  # index into the history's delivery dates
    stamp: int  # gewijzigd_op = CHANGED_BASE + stamp minutes
    status: str  # Actief / Vervallen
    fields: dict  # every other column of the row, in the source's own form

    @property
    def changed_at(self) -> dt.datetime:
        return CHANGED_BASE + dt.timedelta(minutes=self.stamp)


@dataclass
class History:
    """One source's deliveries: `files[i]` is delivered on `dates[i]` and holds rows."""

    source: str
    dates: list[dt.date]
    files: list[list[dict]] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.files)

    def describe(self) -> str:
        return f"{self.source}: {len(self.files)} files, {self.row_count} rows"


@st.composite
def delivery_dates(draw, min_files: int = 1, max_files: int = 3) -> list[dt.date]:
    n = draw(st.integers(min_files, max_files))
    chosen = draw(st.lists(st.sampled_from(DELIVERY_DATES), min_size=n, max_size=n, unique=True))
    return sorted(chosen)


@st.composite
def versions_of(draw, n_files: int, first_fields: dict, changed_fields) -> list[Version]:
    """The versions of one record over `n_files` files: one per file at most (a key twice in one
    file is quarantined, README §3.4), the first Actief, later ones repeated unchanged, changed
    (a later stamp), withdrawn, brought back, or stale (an earlier stamp, which must not win).
    `changed_fields` is a strategy for a changed version's fields."""
    first_file = draw(st.integers(0, n_files - 1))
    stamp = draw(st.integers(0, 50))
    versions = [Version(first_file, stamp, "Actief", first_fields)]
    later_files = list(range(first_file + 1, n_files))
    repeats = (
        draw(st.lists(st.sampled_from(later_files), unique=True, max_size=len(later_files)))
        if later_files
        else []
    )
    for file in sorted(repeats):
        previous = versions[-1]
        kind = draw(st.sampled_from(["unchanged", "changed", "changed", "withdrawn", "stale"]))
        if kind == "unchanged":
            versions.append(Version(file, previous.stamp, previous.status, previous.fields))
        elif kind == "changed":
            status = draw(st.sampled_from(["Actief", "Actief", "Vervallen"]))
            versions.append(
                Version(file, previous.stamp + draw(st.integers(1, 200)), status, draw(changed_fields))
            )
        elif kind == "withdrawn":
            versions.append(
                Version(file, previous.stamp + draw(st.integers(1, 200)), "Vervallen", previous.fields)
            )
        else:  # an older version delivered later (README §3.3: stored, does not change the state)
            older = max(previous.stamp - draw(st.integers(1, 40)), 0)
            if older == previous.stamp:
                continue
            versions.append(
                Version(file, older, draw(st.sampled_from(["Actief", "Vervallen"])), draw(changed_fields))
            )
    return versions


def spread(
    source: str, dates: list[dt.date], records: Iterable[tuple[str, list[Version]]], to_row
) -> History:
    """Put every version into its file as a row (`to_row(key, version) -> dict`)."""
    history = History(source, list(dates), [[] for _ in dates])
    for key, versions in records:
        for version in versions:
            history.files[version.file].append(to_row(key, version))
    # A file with the same bytes as a loaded one is refused (README "Slechte leveringen",
    # same_delivery_twice): a later file that repeats an earlier one row for row leaves out its last row.
    for j, rows in enumerate(history.files):
        while rows and any(rows == earlier for earlier in history.files[:j]):
            rows.pop()
    return history


def current(history: History, key_of, changed_of) -> dict:
    """README §3.3 and §3.5, from the delivered rows: per record key the version with the latest
    gewijzigd_op, a tie going to the later delivery; withdrawn records left out."""
    best: dict = {}
    for date, rows in zip(history.dates, history.files, strict=True):
        for row in rows:
            key = key_of(row)
            rank = (changed_of(row), date)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, row)
    return {key: row for key, (_rank, row) in best.items() if row["status"] == "Actief"}


def in_window(day: dt.date) -> bool:
    return WINDOW_START <= day <= WINDOW_END


def cube(rows: Iterable[Sequence[str]], totals: Sequence[str]) -> Counter:
    """Counts per cell of a cube with these dimension totals: each row is counted in its own cell
    and in every cell where some of its values are replaced by their dimension's total."""
    counts: Counter = Counter()
    for row in rows:
        for mask in itertools.product((False, True), repeat=len(totals)):
            counts[tuple(t if m else v for v, t, m in zip(row, totals, mask, strict=True))] += 1
    return counts


def compare(name: str, expected: Counter, actual: Counter) -> list[str]:
    """Every cell where the warehouse and the reference differ, as readable lines."""
    lines = []
    for cell in sorted(set(expected) | set(actual), key=lambda c: tuple(str(v) for v in c)):
        if expected.get(cell, 0) != actual.get(cell, 0):
            lines.append(f"{name} {cell}: reference {expected.get(cell, 0)}, warehouse {actual.get(cell, 0)}")
    return lines


def write_files(
    history: History,
    folder: Path,
    file_name: str,
    to_bytes: Callable[[list[dict]], bytes],
    skip_existing: bool = False,
) -> list[Path]:
    """One file per delivery of `history` in `folder`, named `file_name` formatted with the
    delivery date (e.g. 'om_vervolging_{:%Y%m%d}.csv'); `skip_existing` leaves files already in the
    inbox as they are."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for date, rows in zip(history.dates, history.files, strict=True):
        path = folder / file_name.format(date)
        paths.append(path)
        if skip_existing and path.exists():
            continue
        path.write_bytes(to_bytes(rows))
    return paths


def per_person_history(
    draw,
    source: str,
    row,
    fields,
    prefix: str,
    births: tuple[dt.date, dt.date],
    max_persons: int,
    max_records: int,
    min_records: int,
) -> History:
    """A delivery history of records that each belong to one of a few persons (CoMensha meldingen,
    IND events): `fields(person, birth_date)` draws a record's fields, `row` renders a version."""
    dates = draw(delivery_dates())
    n_persons = draw(st.integers(min(min_records, 1), max_persons))
    birth_dates = [draw(st.none() | st.dates(*births)) for _ in range(n_persons)]
    records = []
    if n_persons:
        n = draw(
            st.integers(min_records, max_records)
        )  # sizes 0..max about evenly (a list strategy favours short)
        people = draw(st.lists(st.integers(0, n_persons - 1), min_size=n, max_size=n))
        for n, person in enumerate(people):
            first = draw(fields(person, birth_dates[person]))
            records.append(
                (f"{prefix}{n}", draw(versions_of(len(dates), first, fields(person, birth_dates[person]))))
            )
    return spread(source, dates, records, row)
