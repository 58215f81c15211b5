"""A small on-disk cache for the seed-independent integer programs of the design.

The big ILPs (nationality x year x group with minors; melder sets) take a few seconds each and do
not depend on the seed.  Their solutions are cached under `$MH_SYNTHETIC_CACHE` (default
`~/.cache/mh-synthetic`), keyed by a fingerprint of everything they depend on: the source of the
design modules, the extracted tables and the scipy version.  A stale or unreadable cache entry is
ignored and the program is solved again, so the cache never changes a result.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import scipy

HERE = Path(__file__).resolve().parent
T = TypeVar("T")


@functools.cache
def fingerprint() -> str:
    h = hashlib.sha256(scipy.__version__.encode())
    for name in (
        "design.py",
        "overlaps.py",
        "ilp.py",
        "targets.py",
        "reference.py",
        "data/b2_1.csv",
        "data/b2_2.csv",
    ):
        h.update(name.encode())
        h.update((HERE / name).read_bytes())
    return h.hexdigest()[:24]


def _dir() -> Path:
    return Path(os.environ.get("MH_SYNTHETIC_CACHE") or Path.home() / ".cache" / "mh-synthetic")


def disk_cached(fn: Callable[[], T]) -> Callable[[], T]:
    @functools.cache
    def wrapper() -> T:
        path = _dir() / f"{fn.__name__}-{fingerprint()}.pickle"
        try:
            return pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
        value = fn()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as f:
                f.write(pickle.dumps(value))
            os.replace(f.name, path)
        except OSError:
            pass
        return value

    return wrapper
