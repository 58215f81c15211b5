"""Scaling the IND and OM extracts: whole replicas of the calibrated sample, with new ids.

As for CoMensha (`render.render_replica`), `scale` > 1 writes whole replicas of the calibrated
population plus a random part of one more, and `scale` < 1 a random part of the persons. Replica 0
is the sample itself, unchanged, so scale 1 stays byte-identical. Replica r >= 1 is the same rows
with every identifier replaced, so each replica is other persons and other cases:

* koppelsleutel: `sha256("<KEY>:R<r>-")[:16]`, upper case, exactly as CoMensha's replica r derives
  its keys, so a key of IND or OM replica r links to the same person in CoMensha replica r; the
  case of the original letters (a lower-case variant) is kept;
* IND `gebeurtenis_id`: `R<r>-<id>`; `v_nummer`: `9<r:04><i:05>` (i = the person's index in the
  sample; never an event id, which starts with the year; a clash with a sample v-nummer moves to
  the prefix 8);
* OM `verdachte_id`: `<id>-R<r>`; `parketnummer`: the same office and year, a serial not used by
  the sample (the ((r-1)*n + i)-th free serial of that office and year).

Rows are produced replica by replica (a generator), so writing never holds more than the sample.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

import numpy as np

KEY = re.compile(r"[0-9A-Fa-f]{16}")
MAX_REPLICAS = 9999


def fractions(scale: float) -> list[float]:
    """[1.0] * whole replicas + [the fraction of one more]."""
    if not scale > 0 or math.isinf(scale):
        raise ValueError("scale must be positive")
    whole = math.floor(scale)
    out = [1.0] * whole + ([scale - whole] if scale - whole > 1e-9 else [])
    if len(out) > MAX_REPLICAS + 1:
        raise ValueError(f"scale must be at most {MAX_REPLICAS}")
    return out


def replica_key(key: str, replica: int) -> str:
    """The koppelsleutel of the same person in replica `replica` (CoMensha's rule), same case."""
    new = hashlib.sha256(f"{key.upper()}:R{replica}-".encode()).hexdigest()[:16].upper()
    return "".join(n.lower() if o.islower() else n for o, n in zip(key, new, strict=True))


def replica_keys(text: str, replica: int) -> str:
    """Every 16-character key in a value (a `|` list keeps its spacing and empty elements)."""
    return KEY.sub(lambda m: replica_key(m.group(0), replica), text)


def kept(ids: Sequence[str], replica: int, fraction: float, seed: int) -> set[str] | None:
    """The ids kept in a part replica (None: all)."""
    if fraction >= 1.0:
        return None
    rng = np.random.default_rng([seed, replica, 11])
    ordered = sorted(set(ids))
    keep = rng.random(len(ordered)) < fraction
    return {i for i, k in zip(ordered, keep, strict=True) if k}


# ---------------------------------------------------------------------------------------- IND
def _v(value: object) -> str:
    return f"{value:010d}" if isinstance(value, int) else str(value)


def ind_replicas(
    rows: Sequence[list], scale: float, seed: int, inline=str, all_rows: Sequence[Sequence[list]] = ()
) -> Iterator[list]:
    """Rows of an IND delivery (without header) for `scale`; `inline` wraps new text ids (the
    XLSX writer's `Inline`, so they stay out of the shared-string table). `all_rows`: the rows of
    every delivery, so that a person gets the same new v-nummer (and is kept or not) in each."""
    persons = sorted({_v(r[1]) for delivery in (all_rows or [rows]) for r in delivery})
    index = {v: i for i, v in enumerate(persons)}
    sample = set(persons)
    if len(persons) > 99_999:
        raise ValueError("too many persons in the IND sample for replica v-nummers")
    for r, fraction in enumerate(fractions(scale)):
        keep = kept(persons, r, fraction, seed)
        for row in rows:
            v = _v(row[1])
            if keep is not None and v not in keep:
                continue
            if r == 0:
                yield row
                continue
            new = list(row)
            new[0] = inline(f"R{r}-{row[0]}")
            nv = f"9{r:04d}{index[v]:05d}"
            if nv in sample:
                nv = f"8{r:04d}{index[v]:05d}"
            new[1] = int(nv) if isinstance(row[1], int) else inline(nv)
            if isinstance(row[13], str):
                new[13] = replica_key(row[13], r)
            yield new


# ----------------------------------------------------------------------------------------- OM
def _free_serial(taken: list[int], k: int) -> int:
    """The k-th (0-based) serial in 100000-999999 that is not in the sorted list `taken`."""
    x = 100000 + k
    while True:
        y = 100000 + k + bisect_right(taken, x)
        if y == x:
            break
        x = y
    if x > 999999:
        raise ValueError("scale too large: no free OM case serials left for an office and year")
    return x


def om_replicas(
    deliveries: Sequence[Sequence[list[str]]], scale: float, seed: int
) -> list[Iterator[list[str]]]:
    """For each OM delivery (rows without header), its rows for `scale`. Case serials are
    planned over all deliveries together, so a case keeps its number in every delivery."""
    cases = sorted({row[0] for rows in deliveries for row in rows})
    groups: dict[tuple[str, str], list[str]] = {}
    for pn in cases:
        office, rest = pn.split("/")
        serial, year = rest.split("-")
        groups.setdefault((office, year), []).append(serial)
    taken = {g: sorted(int(s) for s in serials) for g, serials in groups.items()}
    position = {
        f"{o}/{s}-{y}": (o, y, i) for (o, y), serials in groups.items() for i, s in enumerate(serials)
    }
    plan = fractions(scale)

    def case_number(pn: str, r: int) -> str:
        office, year, i = position[pn]
        n = len(groups[(office, year)])
        return f"{office}/{_free_serial(taken[(office, year)], (r - 1) * n + i):06d}-{year}"

    def rows_of(rows: Sequence[list[str]]) -> Iterator[list[str]]:
        for r, fraction in enumerate(plan):
            keep = kept(cases, r, fraction, seed)
            for row in rows:
                if keep is not None and row[0] not in keep:
                    continue
                if r == 0:
                    yield row
                    continue
                new = list(row)
                new[0] = case_number(row[0], r)
                new[1] = f"{row[1]}-R{r}"
                new[18] = replica_keys(row[18], r)
                yield new

    return [rows_of(rows) for rows in deliveries]
