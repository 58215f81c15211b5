"""The inbox sensor through real Dagster, tick after tick (issue 14: half-copied files).

A file is requested only once its size and modification time are the same on
`MH_INBOX_SETTLE_TICKS` consecutive ticks (default 2), so a file still being copied into the inbox
is not read half; an upload under a temporary name (`*.part`, `*.tmp`, `*.filepart`, a dot-file)
is never requested, and is once renamed to its final name and settled.
"""

from __future__ import annotations

import json
import os
import time

import dagster as dg
import pytest

from tests.faults.registration import to_csv, valid_row
from tests.integration.sensor_ticks import Sensor

FIRST = "comensha_registraties_20180601.csv"
SECOND = "comensha_registraties_20181001.csv"


@pytest.fixture
def inbox(tmp_path, monkeypatch):
    monkeypatch.setenv("MH_INBOX_DIR", str(tmp_path / "inbox"))
    monkeypatch.setenv("MH_DATA_DIR", str(tmp_path / "data"))  # no serving.duckdb: nothing published yet
    monkeypatch.delenv("MH_INBOX_SETTLE_TICKS", raising=False)
    folder = tmp_path / "inbox" / "comensha"
    folder.mkdir(parents=True)
    return folder


def _half_and_rest() -> tuple[bytes, bytes]:
    content = to_csv([valid_row("A"), valid_row("B"), valid_row("C")])
    return content[: len(content) // 2], content[len(content) // 2 :]


def test_a_file_still_being_copied_is_requested_only_once_it_stays_the_same_for_two_ticks(inbox):
    half, rest = _half_and_rest()
    delivery = inbox / FIRST
    delivery.write_bytes(half)
    with dg.instance_for_test() as instance:
        sensor = Sensor(instance)
        assert sensor.tick() == []  # first seen: it may still be growing
        assert "comensha/" + FIRST in sensor.skip_message
        with delivery.open("ab") as f:
            f.write(rest)  # the copy goes on between two ticks
        assert sensor.tick() == []
        assert sensor.tick() == [f"comensha/{FIRST}"]  # the same size and mtime on two ticks
        assert sensor.tick() == []  # requested once


def test_an_upload_under_a_temporary_name_is_never_requested_until_it_is_renamed(inbox):
    half, rest = _half_and_rest()
    part = inbox / f"{FIRST}.part"
    part.write_bytes(half + rest)
    (inbox / f"{SECOND}.tmp").write_bytes(half)
    (inbox / f".{SECOND}.Xa81").write_bytes(half)  # rsync's temporary name: a dot-file
    (inbox / f"{SECOND}.TMP").write_bytes(half)
    (inbox / f"{SECOND}.filepart").write_bytes(half)  # WinSCP's temporary name
    with dg.instance_for_test() as instance:
        sensor = Sensor(instance)
        for _ in range(3):
            assert sensor.tick() == []
        part.rename(inbox / FIRST)  # the upload is complete: renamed to its final name
        assert sensor.tick() == []
        assert sensor.tick() == [f"comensha/{FIRST}"]
        assert sensor.tick() == []


def test_only_the_settled_files_are_named_and_a_new_one_waits_its_own_ticks(inbox):
    (inbox / FIRST).write_bytes(to_csv([valid_row("A")]))
    with dg.instance_for_test() as instance:
        sensor = Sensor(instance)
        assert sensor.tick() == []
        (inbox / SECOND).write_bytes(to_csv([valid_row("B")]))
        assert sensor.tick() == [f"comensha/{FIRST}"]  # the second file is seen once only
        assert sensor.tick() == [f"comensha/{SECOND}"]
        assert sensor.tick() == []


@pytest.mark.parametrize("ticks", [1, 3])
def test_the_number_of_ticks_is_a_setting(inbox, monkeypatch, ticks):
    monkeypatch.setenv("MH_INBOX_SETTLE_TICKS", str(ticks))
    (inbox / FIRST).write_bytes(to_csv([valid_row("A")]))
    with dg.instance_for_test() as instance:
        sensor = Sensor(instance)
        seen = [sensor.tick() for _ in range(ticks + 1)]
    assert seen == [[]] * (ticks - 1) + [[f"comensha/{FIRST}"], []]


@pytest.mark.parametrize("value", ["0", "twee", "-1"])
def test_a_wrong_number_of_ticks_is_refused_with_the_setting_named(inbox, monkeypatch, value):
    monkeypatch.setenv("MH_INBOX_SETTLE_TICKS", value)
    (inbox / FIRST).write_bytes(to_csv([valid_row("A")]))
    with dg.instance_for_test() as instance, pytest.raises(Exception, match="MH_INBOX_SETTLE_TICKS"):
        Sensor(instance).tick()


def test_a_cursor_written_before_the_settling_keeps_its_files(inbox):
    """The cursor of the sensor before issue 14 was `{"<source>/<name>": [size, mtime]}` of the
    files of the last request: those files are not requested again, a new one after it settles."""
    delivery = inbox / FIRST
    delivery.write_bytes(to_csv([valid_row("A")]))
    stat = delivery.stat()
    old = json.dumps({f"comensha/{FIRST}": [stat.st_size, int(stat.st_mtime)]})
    with dg.instance_for_test() as instance:
        sensor = Sensor(instance, cursor=old)
        assert sensor.tick() == []
        (inbox / SECOND).write_bytes(to_csv([valid_row("B")]))
        assert sensor.tick() == []
        assert sensor.tick() == [f"comensha/{SECOND}"]


def test_files_already_published_are_not_requested_again(inbox, tmp_path):
    delivery = inbox / FIRST
    delivery.write_bytes(to_csv([valid_row("A")]))
    data = tmp_path / "data"
    data.mkdir()
    (data / "serving.duckdb").write_bytes(b"")
    past = time.time() - 3600
    os.utime(delivery, (past, past))
    with dg.instance_for_test() as instance:
        sensor = Sensor(instance)
        assert sensor.tick() == []  # `make build` published it already
        (inbox / SECOND).write_bytes(to_csv([valid_row("B")]))
        assert [sensor.tick(), sensor.tick()] == [[], [f"comensha/{SECOND}"]]
