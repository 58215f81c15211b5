"""Calibration targets of the years after 2017 (contract addendum `later-years.md`).

Transcribed from the addendum, as `targets.py` transcribes K1-K12; tests never import this module.
Tags as in the addendum: P published, A assumption (ours where the addendum leaves the choice).
"""

from __future__ import annotations

import datetime as dt

from orchestration.seeds import editions
from synthetic import targets as T

FIRST_LATER_YEAR = 2018
LAST_LATER_YEAR = 2025
# The design year every later year is drawn from: the newest year of the 2013-2017 calibration.
TEMPLATE_YEAR = T.YEARS[-1]

# §1 headline victims per registration year (sub-3 persons excluded). 2023: 868 [A] as §1 gives it
# (a secondary source only). 2025: 950 [A], our choice: not published when the addendum was
# written; 2024's level (944) with the small growth of 2022-2024.
HEADLINE = {2018: 668, 2019: 1334, 2020: 984, 2021: 791, 2022: 814, 2023: 868, 2024: 944, 2025: 950}

# §1: CoMensha's own counts include the sub-3 persons: 38 (2019), 29 (2020), 0 (2021) [A of §1].
# 2018 [A]: between 2017 (118) and 2019 (38). 2022-2025 [A]: none, as in 2021.
SUB3 = {2018: 60, 2019: 38, 2020: 29, 2021: 0, 2022: 0, 2023: 0, 2024: 0, 2025: 0}

# §3: from 1 January 2022 the labour inspectorate reports as NLA (ISZW-DO before).
NLA = "NLA"
NLA_FROM_YEAR = 2022

# §3: meldingen (R9) in 2024 by reporter [P]; the other reporters of 2024 are [A].
REPORTERS = {2024: {T.POLITIE: 329, T.ZORG: 301, T.FAIRWORK: 257, NLA: 71, T.KMAR: 67}}

# §2: the revisions between the 2013-2017 and the 2014-2018 editions (1,256 -> 1,255 for 2014,
# 958 -> 956 for 2017), delivered between the two editions' data dates [A: which records]. Per
# year, what each revising record does: `withdraw` a victim-year's only melding (status
# Vervallen), or `correct_emm_rol` an EMM-only victim-year's only melding to a witness (R2: an
# enrichment melding, so the person-year is no victim).
REVISIONS = {2014: ("withdraw",), 2017: ("withdraw", "correct_emm_rol")}


def edition_data_date(last_year: int) -> dt.date:
    """The data date of the edition that ends with `last_year`, from seed ref_edition (read by
    orchestration/seeds.py, the one place of an edition's data date); the deliveries of a later
    year are dated so that this edition counts all of it."""
    for edition in editions():
        if edition.last_year == last_year:
            return edition.data_date
    raise KeyError(f"seed ref_edition has no edition that ends with {last_year}")


# §5: IND and OM after 2017, [A] ours: one delivery per later edition, on its data date, with the
# activity of the year the edition ends with (2018: only what follows the 2013-2017 edition's
# data date, the last day the 2018 deliveries hold). Volumes follow the registration trend: the
# 2017 volume times HEADLINE[year] / the 2017 headline (K1), pro rata for a part year.
OTHER_SOURCES_FIRST_YEAR = FIRST_LATER_YEAR


def activity_period(year: int) -> tuple[dt.date, dt.date]:
    """The days of `year` whose IND events and OM registrations the delivery of `year` brings."""
    after_2018_sample = edition_data_date(TEMPLATE_YEAR) + dt.timedelta(days=1)
    return max(dt.date(year, 1, 1), after_2018_sample), dt.date(year, 12, 31)


def other_source_years(through: int | None, scale: float) -> range:
    """The years 2018..`through` of the IND and OM deliveries after the 2018 sample (none for
    None). Written at scale 1 only: their copies are drawn per year, not replicated."""
    if through is None:
        return range(0)
    if not FIRST_LATER_YEAR <= through <= LAST_LATER_YEAR:
        raise ValueError(f"through must be between {FIRST_LATER_YEAR} and {LAST_LATER_YEAR}")
    if scale != 1.0:
        raise ValueError("the IND and OM deliveries after 2018 (--through) are written at scale 1 only")
    return range(OTHER_SOURCES_FIRST_YEAR, through + 1)


def volume_factor(year: int) -> float:
    """`year`'s IND and OM volume relative to 2017's: the registration trend (§1, K1), times the
    part of the year its delivery covers (`activity_period`)."""
    start, end = activity_period(year)
    share = ((end - start).days + 1) / ((dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1)
    return HEADLINE[year] / T.HEADLINE[TEMPLATE_YEAR] * share


def inspectorate(year: int) -> str:
    """The labour inspectorate's melder code for a registration in `year` (§3)."""
    return NLA if year >= NLA_FROM_YEAR else T.ISZW
