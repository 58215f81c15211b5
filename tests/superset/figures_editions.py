"""Slachtoffermonitor, the edition ledger's charts (issue 17): what each must show, worked out
without the ledger's SQL.

The editions come from the seed ref_edition (their data dates are configuration), the published
headline figures from the seeds published_figures (the K1 headline targets: the 2013-2017 edition)
and published_edition_figures (later editions). An edition has data when a CoMensha delivery of
the inbox the build read is dated after the previous edition's data date and on or before its own
(README "Edities"); the dates come from the file names (contracts/README.md §1). The warehouse's
headline count is counted from `marts.victims` (victim-years that are not sub-3), which holds
every delivery: it is the count as of an edition's data date only when no CoMensha delivery is
dated after that date and the edition's years lie in the marts' reporting window. On the default
sample both hold for its one edition with data (2013-2017); `editions_with_data` refuses anything
else rather than compute a wrong expectation.
"""

from __future__ import annotations

import datetime as dt
import re

from orchestration.seeds import editions
from orchestration.settings import DEFAULT_INBOX_DIR
from tests.integration.disclosure_rule import THRESHOLD, is_hidden
from tests.integration.published_seed import published_headlines
from tests.sample import calibrated_edition_date

LEDGER_COLUMNS = (
    "edition",
    "registration_year",
    "published_victims",
    "published_tag",
    "warehouse_victims_label",
    "difference",
)
REVISION_COLUMNS = (
    "edition",
    "previous_edition",
    "registration_year",
    "previous_warehouse_victims_label",
    "warehouse_victims_label",
    "warehouse_revision",
    "withdrawn_records_label",
    "corrected_records_label",
    "corrected_fields",
    "late_records_label",
    "revision_status",
)


def _comensha_deliveries(inbox=DEFAULT_INBOX_DIR) -> list[dt.date]:
    """The CoMensha deliveries the build counted: built_warehouse counts as of the calibrated
    edition's data date (tests/conftest.py)."""
    dates = (
        dt.datetime.strptime(m[1], "%Y%m%d").date()
        for f in (inbox / "comensha").iterdir()
        if (m := re.search(r"_(\d{8})\.csv$", f.name))
    )
    return sorted(d for d in dates if d <= calibrated_edition_date())


def editions_with_data() -> list[str]:
    deliveries = _comensha_deliveries()
    out, previous = [], None
    for e in editions():
        if any((previous is None or d > previous) and d <= e.data_date for d in deliveries):
            out.append(e.edition)
        previous = e.data_date
    # the conditions under which marts.victims is the count as of the edition's date (docstring)
    for e in editions():
        if e.edition in out:
            assert max(deliveries) <= e.data_date, f"{e.edition}: a later delivery; not computable here"
            assert set(e.years) <= set(range(2013, 2018)), f"{e.edition}: years outside the marts' window"
    return out


def newest_edition_with_data() -> str:
    return editions_with_data()[-1]


def _headline(con) -> dict[int, int]:
    return dict(
        con.execute(
            "SELECT registration_year, count(*) FROM marts.victims WHERE NOT is_sub3 GROUP BY registration_year"
        ).fetchall()
    )


def _label(count: int, published: int | None = None) -> str:
    """A count as the ledger's tables show it (its <count>_label): "< 5" where disclosure control
    hides it (tests/integration/disclosure_rule.py), else the count."""
    return f"< {THRESHOLD}" if is_hidden(count, published) else str(count)


def ledger_rows(con, chosen: list | None = None) -> list[tuple]:
    """Kerncijfer per editie: every edition with data (or the chosen ones) and year, in that order
    (the chart, like the filter Editie, leaves out the editions the warehouse has no data for)."""
    with_data, published, counted = editions_with_data(), published_headlines(), _headline(con)
    rows = []
    for e in editions():
        if e.edition not in with_data or (chosen and e.edition not in chosen):
            continue
        for year in e.years:
            value, tag = published.get((e.edition, year), (None, None))
            warehouse = counted.get(year, 0)
            rows.append(
                (
                    e.edition,
                    year,
                    value,
                    tag,
                    _label(warehouse, value),
                    None if value is None else warehouse - value,
                )
            )
    return rows


def revision_rows(con, chosen: list | None = None) -> list[tuple]:
    """Herzieningen tussen edities: the editions with data (or the chosen ones) and their years.
    The first edition with data has nothing to be revised against; the default sample has no other."""
    with_data, counted = editions_with_data(), _headline(con)
    assert len(with_data) == 1, (
        "later editions with data: their revisions are tested in test_monthly_operation.py"
    )
    rows = []
    for e in editions():
        if e.edition not in with_data or (chosen and e.edition not in chosen):
            continue
        rows += [
            (
                e.edition,
                None,
                year,
                None,
                _label(counted.get(year, 0)),
                None,
                "0",
                "0",
                None,
                "0",
                "Eerste editie",
            )
            for year in e.years
        ]
    return rows
