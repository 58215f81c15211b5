"""A year of monthly deliveries after a published warehouse, and what each one implies (issue 17,
monthly operation; tests/integration/test_monthly_operation.py replays it).

The year starts from the default sample as the 2013-2017 edition had it (deliveries up to its data
date, 2018-10-01; tests/conftest.py `built_warehouse`) and delivers on the first of every month of
2019: mostly CoMensha, a few rows each, one IND and one OM file alone, an empty (header-only) file,
the first rows of a registration year the warehouse has not seen (2018, three rows; later 2019),
late meldingen of earlier years, and withdrawals and corrections of records delivered before. The
months cross the 2014-2018 edition's data date (2019-10-01, seed ref_edition), so after the last
the ledger compares three editions.

Every melding the year delivers (and every sample melding it revises) is the only melding of its
person, from the police, about sexual exploitation: by the contract (R2: it qualifies; R7: not
KMar-only, so not sub-3) it is one headline victim-year in the year of its date, or none once
withdrawn. So the headline count per year as of a date is the sample's (the published K1 targets,
contracts README §11) plus, per record, where its current version stands then against where it
stood at the start: `headline_as_of` counts that from the rows below, never from the warehouse.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults import prosecution, registration
from tests.faults.prosecution import case
from tests.faults.registration import HEADER, valid_row
from tests.faults.residence import valid_event, workbook_bytes

START = dt.date(2018, 10, 1)  # the data date of the published state the year starts from
MONTHS = [dt.date(2019, month, 1) for month in range(1, 13)]
# Per source the file name of a delivery (contracts README §1.2) and how its rows become the file.
FILES = {
    "comensha": ("comensha_registraties_{:%Y%m%d}.csv", registration.to_csv),
    "ind": ("ind_verblijf_{:%Y%m%d}.xlsx", workbook_bytes),
    "om": ("om_vervolging_{:%Y%m%d}.csv", prosecution.to_csv),
}
# The fields whose change the ledger names (Gecorrigeerd): those the headline count reads
# (issue 17, "corrected (which field)"; contract R1, R2, R4, R7).
COUNTED_FIELDS = ("persoon_id", "datum_melding", "melder_type", "emm_rol", "sector")
# The ledger names a changed person by the warehouse's pseudonymised column (README §7).
LEDGER_FIELD = {"persoon_id": "person_key"}


@dataclass
class Delivery:
    """One month's file: its source, date and rows (CoMensha rows as the CSV's columns)."""

    source: str
    date: dt.date
    rows: list[dict] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return FILES[self.source][0].format(self.date)

    def drop_into(self, inbox: Path) -> Path:
        """Upload the file as a source should (README "Slechte leveringen"): under a temporary
        name, renamed to its final name once complete."""
        folder = inbox / self.source
        folder.mkdir(parents=True, exist_ok=True)
        upload = folder / f"{self.file_name}.part"
        upload.write_bytes(FILES[self.source][1](self.rows))
        return upload.rename(folder / self.file_name)


def _changed_at(date: dt.date) -> str:
    """gewijzigd_op of a version delivered on `date`: the day before, later than every earlier one."""
    return (date - dt.timedelta(days=1)).strftime("%d-%m-%Y 09:00")


def _new_melding(n: int, day: str, date: dt.date) -> dict:
    """A new person's only melding, by the police (a headline victim-year of its year)."""
    return valid_row(
        f"CM-MAAND-{n:03d}", f"CMP-MAAND-{n:03d}", datum_melding=day, gewijzigd_op=_changed_at(date)
    )


def _revised(row: dict, date: dt.date, **changes: str) -> dict:
    """A later version of `row`, delivered on `date`."""
    return {**{c: row[c] for c in HEADER}, **changes, "gewijzigd_op": _changed_at(date)}


def year_of_deliveries(withdrawn_sample: dict, corrected_sample: dict) -> list[Delivery]:
    """The twelve deliveries of 2019, oldest first. `withdrawn_sample`, `corrected_sample`: two
    current meldingen of the sample, each its person's only one, from the police, of 2014 and 2015
    (tests/sample.py lone_police_meldingen_of)."""
    jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec = MONTHS
    late_2016 = _new_melding(4, "11-04-2016", feb)
    late_one_row = _new_melding(8, "20-09-2016", aug)
    moved = day_of_year(corrected_sample["datum_melding"], 2016)
    return [
        # a registration year never seen: its first three rows
        Delivery("comensha", jan, [_new_melding(n, f"{n + 10:02d}-03-2018", jan) for n in (1, 2, 3)]),
        # late meldingen of a year the published edition covered
        Delivery("comensha", feb, [late_2016, _new_melding(5, "30-12-2016", feb)]),
        # a withdrawal of a melding the published edition counted
        Delivery("comensha", mar, [_revised(withdrawn_sample, mar, status="Vervallen")]),
        # a late correction: a melding the published edition counted moves to another year
        Delivery("comensha", apr, [_revised(corrected_sample, apr, datum_melding=moved)]),
        # one source alone: the IND
        Delivery(
            "ind", may, [valid_event("E-MAAND-1", v_nummer=7654321, gewijzigd_op=dt.datetime(2019, 4, 30))]
        ),
        # the OM
        Delivery("om", jun, [case("V-MAAND-1", "13/700001-15", gewijzigd_op="2019-05-31T09:00:00")]),
        # the first melding of 2019, a year no edition with data covers yet
        Delivery("comensha", jul, [_new_melding(7, "02-02-2019", jul)]),
        # a delivery of one row
        Delivery("comensha", aug, [late_one_row]),
        # an empty delivery: the header alone (contract §4)
        Delivery("comensha", sep, []),
        # on the 2014-2018 edition's data date: two more of 2018
        Delivery("comensha", oct, [_new_melding(n, f"0{n - 9}-07-2018", oct) for n in (10, 11)]),
        # after it: a withdrawal of this year's first late melding, two more of 2019 (three in all)
        Delivery(
            "comensha",
            nov,
            [_revised(late_2016, nov, status="Vervallen")]
            + [_new_melding(n, f"1{n - 12}-06-2019", nov) for n in (13, 14)],
        ),
        # a correction of the one-row delivery's melding into 2018, and a late one of 2015
        Delivery(
            "comensha",
            dec,
            [_revised(late_one_row, dec, datum_melding="20-09-2018"), _new_melding(15, "01-10-2015", dec)],
        ),
    ]


def day_of_year(day: str, year: int) -> str:
    """The same day (dd-mm-yyyy) in another year."""
    return day.strip()[:6] + str(year)


# --- what the deliveries imply, from their rows alone -----------------------------------------


def _parse_changed(text: str) -> dt.datetime:
    return dt.datetime.strptime(text.strip(), "%d-%m-%Y %H:%M")


@dataclass(frozen=True)
class Version:
    delivered: dt.date
    row: dict

    @property
    def year(self) -> int:
        return int(self.row["datum_melding"].strip()[-4:])

    @property
    def active(self) -> bool:
        return self.row["status"].strip() == "Actief"


def record_versions(deliveries: list[Delivery], sample_rows: list[dict]) -> dict[str, list[Version]]:
    """melding_id -> its versions: the sample's (delivered at START at the latest) and the year's."""
    versions: dict[str, list[Version]] = {}
    for row in sample_rows:
        versions.setdefault(row["melding_id"], []).append(Version(START, row))
    for delivery in deliveries:
        if delivery.source == "comensha":
            for row in delivery.rows:
                versions.setdefault(row["melding_id"], []).append(Version(delivery.date, row))
    return versions


def current_as_of(versions: list[Version], date: dt.date) -> Version | None:
    """contracts/README.md §3: of the versions delivered on or before `date`, the one with the
    latest gewijzigd_op, a tie going to the later delivery (None: not delivered yet)."""
    known = [v for v in versions if v.delivered <= date]
    return max(known, key=lambda v: (_parse_changed(v.row["gewijzigd_op"]), v.delivered), default=None)


def headline_as_of(date: dt.date, baseline: dict[int, int], versions: dict[str, list[Version]]) -> Counter:
    """Headline victim-years per registration year as of `date`: `baseline` (as of START) moved by
    every record whose current version differs from the one it had at START."""
    counts = Counter(baseline)
    for record in versions.values():
        before, now = current_as_of(record, START), current_as_of(record, date)
        if before is not None and before.active:
            counts[before.year] -= 1
        if now is not None and now.active:
            counts[now.year] += 1
    return counts


def revision_records(
    versions: dict[str, list[Version]], earlier: dt.date, later: dt.date, earlier_years: range
) -> set[tuple[str, int, str, str | None]]:
    """(melding_id, registration year, reason, changed fields) of every record that explains the
    revision from the edition of date `earlier` (window `earlier_years`) to that of `later`, by
    issue 17's definitions: withdrawn (Ingetrokken: current then, withdrawn now; its old year),
    corrected (Gecorrigeerd: a counted field changed; its old and its new year, with the fields),
    delivered late (Later geleverd: first delivered after `earlier`, for a year the earlier
    edition covered)."""
    records = set()
    for melding_id, record in versions.items():
        old, new = current_as_of(record, earlier), current_as_of(record, later)
        if new is None:
            continue
        if old is None:
            if new.active and new.year in earlier_years:
                records.add((melding_id, new.year, "Later geleverd", None))
        elif old.active and not new.active:
            records.add((melding_id, old.year, "Ingetrokken", None))
        elif new.active:
            changed = [f for f in (*COUNTED_FIELDS, "status") if old.row[f].strip() != new.row[f].strip()]
            for year in {old.year, new.year} if changed else ():
                names = ", ".join(sorted(LEDGER_FIELD.get(f, f) for f in changed))
                records.add((melding_id, year, "Gecorrigeerd", names))
    return records
