"""bench/growth.py without a build: which deliveries make the 2013-2017 edition's inbox, and when
the growth of a cold build is judged less than the growth of the volume (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.growth import EDITION, EDITION_BUILD, WHOLE_BUILD, verdict
from orchestration.seeds import edition
from tests.sample import copy_inbox, delivery_files


def _touch(inbox, source: str, name: str) -> None:
    (inbox / source).mkdir(parents=True, exist_ok=True)
    (inbox / source / name).write_text("")


def test_the_edition_inbox_holds_every_delivery_dated_up_to_its_data_date_and_no_later(tmp_path):
    data_date = edition(EDITION).data_date
    stamp = lambda days: (data_date + dt.timedelta(days=days)).strftime("%Y%m%d")  # noqa: E731
    inbox = tmp_path / "inbox"
    names = {
        # (source, file name): in the edition's inbox?
        ("comensha", f"comensha_registraties_{stamp(-122)}.csv"): True,
        ("comensha", f"comensha_registraties_{stamp(0)}.csv"): True,  # on the data date itself
        ("comensha", f"comensha_registraties_{stamp(1)}.csv"): False,
        ("ind", f"ind_verblijf_{stamp(0)}.xlsx"): True,
        ("ind", f"ind_verblijf_{stamp(365)}.xlsx"): False,
        ("om", f"om_vervolging_{stamp(-400)}.csv"): True,
        ("om", f"om_vervolging_{stamp(2)}.csv"): False,
    }
    for source, name in names:
        _touch(inbox, source, name)

    chosen = {(p.parent.name, p.name) for p in delivery_files(inbox, data_date)}
    every = {(p.parent.name, p.name) for p in delivery_files(inbox)}

    wanted = {key for key, inside in names.items() if inside}
    mismatches = [f"chosen but dated after {data_date}: {k}" for k in sorted(chosen - wanted)]
    mismatches += [f"dated up to {data_date} but not chosen: {k}" for k in sorted(wanted - chosen)]
    mismatches += [f"left out of the whole inbox: {k}" for k in sorted(set(names) - every)]
    copy_inbox(delivery_files(inbox, data_date), inbox, tmp_path / "copy")
    copied = {(p.parent.name, p.name) for p in (tmp_path / "copy").glob("*/*")}
    mismatches += [f"copied wrongly: {k}" for k in sorted(copied ^ wanted)]
    assert not mismatches, "\n".join(mismatches)


def test_a_file_without_a_delivery_date_is_named_not_guessed(tmp_path):
    _touch(tmp_path, "om", "om_vervolging_latest.csv")
    with pytest.raises(ValueError, match=r"om_vervolging_latest\.csv: not a delivery file name of om"):
        delivery_files(tmp_path, edition(EDITION).data_date)


def _growth(wall: tuple[float, float], cpu: tuple[float, float]) -> dict:
    """Two builds: 5 registration years and 1,000 rows, then 13 years and 3,000 rows (×2.6 years,
    ×3 rows: the volume grew ×2.6)."""

    def build(i: int, years: range, rows: int) -> dict:
        return {
            "exit_code": 0,
            "files": ["f"] * (i + 1),
            "wall_s": wall[i],
            "cpu_s": cpu[i],
            "volume": {"sources": {"comensha": {"rows_read": rows}}, "registration_years": list(years)},
        }

    return {
        "builds": {
            EDITION_BUILD: build(0, range(2013, 2018), 1000),
            WHOLE_BUILD: build(1, range(2013, 2026), 3000),
        }
    }


def test_build_time_grows_by_less_than_the_volume_only_when_wall_and_cpu_both_do():
    cases = {
        # (wall s, CPU s) of the two builds: met?
        "both ×2": (((50, 100), (60, 120)), True),
        "wall ×2.7, beyond the years' ×2.6 though under the rows' ×3": (((50, 135), (60, 120)), False),
        "CPU ×2.7": (((50, 100), (60, 162)), False),
    }
    mismatches = []
    for name, ((wall, cpu), met) in cases.items():
        line = verdict(_growth(wall, cpu))
        if line.endswith("— met") is not met or ("NOT met" in line) is met:
            mismatches.append(f"{name}: {line}")
    broken = _growth((50, 100), (60, 120))
    broken["builds"][WHOLE_BUILD]["exit_code"] = 1
    if "not measured" not in verdict(broken):
        mismatches.append(f"a failed build: {verdict(broken)}")
    assert not mismatches, "\n".join(mismatches)
