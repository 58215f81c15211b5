"""Public API: write the two CoMensha deliveries of the synthetic sample."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from pathlib import Path

import numpy as np

from synthetic import later_targets as L
from synthetic import targets as T
from synthetic.design import build_design
from synthetic.later_years import later_deliveries, later_design, render_later_year, revision_rows
from synthetic.render import Deliveries, Options, open_writer, render_replica

DEFAULT_SEED = 20181001
DEFAULT_YEARS = (2013, 2017)
FILE_PATTERN = "comensha_registraties_{:%Y%m%d}.csv"


def parse_years(text: str) -> tuple[int, int]:
    """'2013-2017' or '2015' -> (first, last)."""
    parts = text.split("-")
    first, last = int(parts[0]), int(parts[-1])
    if len(parts) > 2 or first > last or first < 1950:
        raise ValueError(f"invalid year range {text!r}")
    return first, last


def _year_map(first: int, last: int) -> dict[int, list[int]]:
    """Design year (2013-2017) -> output years.  Years outside 2013-2017 reuse the nearest design
    year (code validity per output year is kept by the renderer)."""
    out: dict[int, list[int]] = {}
    for y in range(first, last + 1):
        template = min(max(y, T.YEARS[0]), T.YEARS[-1])
        out.setdefault(template, []).append(y)
    return out


def delivery_dates(last_year: int) -> Deliveries:
    year = max(last_year + 1, 2018)
    return Deliveries(dt.date(year, 6, 1), dt.date(year, 10, 1))


def generate_registration(
    out_dir: str | Path,
    seed: int = DEFAULT_SEED,
    years: tuple[int, int] | str = DEFAULT_YEARS,
    scale: float = 1.0,
    resend_rate: float = 0.08,
    conflict_rate: float = 0.10,
    variant_rate: float = 0.08,
    empty_rate: float = 0.15,
    through: int | None = None,
) -> list[Path]:
    """Write `out_dir/comensha/comensha_registraties_<d1>.csv` and `..._<d2>.csv`; return the paths.

    With the defaults (any seed, years 2013-2017, scale 1) the merged current state reproduces the
    calibration targets of contract `registration.md` §5.  `scale` > 1 writes whole replicas of
    the calibrated population (with new ids) plus a random part of one more; `scale` < 1 a random
    part of the persons.  Rows are written replica by replica.

    `through` (2018-2025, with years ending in 2017): the same two deliveries, then two more per
    registration year 2018..`through` (later_years.py), the second on the data date of the edition
    that ends with that year, so that each edition counts the addendum's figures
    (contracts later-years.md §1-§3); the second delivery of 2018 also brings §2's revisions."""
    if isinstance(years, str):
        years = parse_years(years)
    if scale <= 0:
        raise ValueError("scale must be positive")
    later = _later_years(years, through)
    for name, rate in (
        ("resend_rate", resend_rate),
        ("conflict_rate", conflict_rate),
        ("variant_rate", variant_rate),
        ("empty_rate", empty_rate),
    ):
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1")
    first, last = years
    deliveries = delivery_dates(last)
    opts = Options(
        seed=seed,
        resend_rate=resend_rate,
        conflict_rate=conflict_rate,
        variant_rate=variant_rate,
        empty_rate=min(empty_rate, 0.9),
    )
    design = build_design(seed)
    year_map = _year_map(first, last)
    out = Path(out_dir) / "comensha"
    dates = [deliveries.first, deliveries.second]
    for year in later:
        dates += [later_deliveries(year).first, later_deliveries(year).second]
    paths = [out / FILE_PATTERN.format(d) for d in dates]
    whole = math.floor(scale)
    fractions = [1.0] * whole + ([scale - whole] if scale - whole > 1e-9 else [])
    revisions_file = 3  # the second delivery of 2018: after the 2013-2017 edition, in 2014-2018
    later_designs = {year: later_design(design, year, seed) for year in later}
    between = (deliveries.second, later_deliveries(L.FIRST_LATER_YEAR).second) if later else None

    def replicas():
        """Per replica the rows of each file, in the order of `paths`."""
        for r, fraction in enumerate(fractions):
            rows = list(render_replica(design, r, year_map, fraction, opts, deliveries))
            for year, later_population in later_designs.items():
                rows += render_later_year(later_population, year, r, fraction, opts)
            if between and fraction == 1.0:  # a part of a replica may lack the revised records
                rng = np.random.default_rng([seed, r, 2])
                rows[revisions_file] = rows[revisions_file] + revision_rows(rows[:2], rng, between)
            yield rows

    # the files are written side by side, one replica (a few thousand rows) at a time
    out.mkdir(parents=True, exist_ok=True)
    parts = [p.with_suffix(".part") for p in paths]
    with contextlib.ExitStack() as stack:
        writers = [stack.enter_context(open_writer(part)) for part in parts]
        for rows in replicas():
            for writer, file_rows in zip(writers, rows, strict=True):
                writer.writerows(file_rows)
    for part, path in zip(parts, paths, strict=True):
        part.replace(path)
    return paths


def _later_years(years: tuple[int, int], through: int | None) -> range:
    if through is None:
        return range(0)
    if years[1] != L.TEMPLATE_YEAR:
        raise ValueError(f"through needs registration years that end in {L.TEMPLATE_YEAR}")
    if not L.FIRST_LATER_YEAR <= through <= L.LAST_LATER_YEAR:
        raise ValueError(f"through must be between {L.FIRST_LATER_YEAR} and {L.LAST_LATER_YEAR}")
    return range(L.FIRST_LATER_YEAR, through + 1)
