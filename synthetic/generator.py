"""Public API: write the two CoMensha deliveries of the synthetic sample."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from synthetic import targets as T
from synthetic.design import build_design
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
) -> list[Path]:
    """Write `out_dir/comensha/comensha_registraties_<d1>.csv` and `..._<d2>.csv`; return the paths.

    With the defaults (any seed, years 2013-2017, scale 1) the merged current state reproduces the
    calibration targets of contract `registration.md` §5.  `scale` > 1 writes whole replicas of
    the calibrated population (with new ids) plus a random part of one more; `scale` < 1 a random
    part of the persons.  Rows are written replica by replica."""
    if isinstance(years, str):
        years = parse_years(years)
    if scale <= 0:
        raise ValueError("scale must be positive")
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
    paths = [out / FILE_PATTERN.format(deliveries.first), out / FILE_PATTERN.format(deliveries.second)]
    whole = math.floor(scale)
    fractions = [1.0] * whole + ([scale - whole] if scale - whole > 1e-9 else [])

    def replicas():
        for r, fraction in enumerate(fractions):
            yield render_replica(design, r, year_map, fraction, opts, deliveries)

    # both files are written side by side, one replica (a few thousand rows) at a time
    out.mkdir(parents=True, exist_ok=True)
    parts = [p.with_suffix(".part") for p in paths]
    with open_writer(parts[0]) as w1, open_writer(parts[1]) as w2:
        for rows1, rows2 in replicas():
            w1.writerows(rows1)
            w2.writerows(rows2)
    for part, path in zip(parts, paths, strict=True):
        part.replace(path)
    return paths
