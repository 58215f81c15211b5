"""Checking a delivery batch by batch (validate.check_batches, issue 19) gives what one check of
the whole file gives: the same landing rows, quarantine and warnings, in the same order, for every
source's fault sample (tests/faults/sources.py). The batches are cut so that two rows with the same
record key lie in two batches: `dubbele_sleutel` must be judged across them."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from orchestration.ingestion.read import read_file
from orchestration.ingestion.run import delivery_date_of
from orchestration.ingestion.validate import ROW_NUMBER, Delivery, check_batches, check_rows
from tests.faults.sources import KEY, SOURCES


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.name)
def test_batches_check_the_file_as_one_check_of_the_whole_file_does(source, tmp_path):
    inbox = tmp_path / "inbox"
    source.faults.write_fault_sample(inbox)
    path = inbox / source.contract.source / source.faults.FAULT_FILE
    now = source.now or dt.datetime(2026, 1, 1)
    delivery = Delivery(source.contract.source, path.name, delivery_date_of(source.contract, path.name), now)
    rows = read_file(path, source.contract).rows

    whole = check_rows(source.contract, rows, delivery, KEY)
    # the last row of the sample's first duplicated key begins the second batch
    positions = {n: i for i, n in enumerate(rows[ROW_NUMBER])}
    duplicates = whole.quarantine.filter(pl.col("reasons").str.contains("dubbele_sleutel"))
    first_key = duplicates["record_key"][0]
    lines = duplicates.filter(pl.col("record_key") == first_key)["row_number"]
    assert len(lines) > 1, duplicates
    batch_rows = max(positions[n] for n in lines)
    batches = list(check_batches(source.contract, rows, delivery, KEY, batch_rows=batch_rows))

    assert len(batches) == -(-rows.height // batch_rows) > 1
    mismatches = []
    for part in ("landing", "quarantine", "warnings"):
        expected = getattr(whole, part)
        got = pl.concat([getattr(b, part) for b in batches], how="vertical_relaxed")
        try:
            assert_frame_equal(got, expected, check_dtypes=False)
        except AssertionError as e:
            mismatches.append(f"{part}: {e}")
    assert not mismatches, mismatches
