"""The data dir's build lock: one build run at a time, whichever entry point starts it (issue 14).

Concurrency pools (orchestration/dagster.yaml) serialise steps, not runs: two runs could interleave
so that one publishes rows that no check of that run saw. So a run holds this lock from its first
step to its last: `python -m orchestration.build` takes it before it runs the job in process
(orchestration/build.py), and every step of the job requires the `build_lock` resource, which
takes it for runs started anywhere else (the run worker of `dagster dev` for the sensor, the
schedule or the UI; `dagster job execute`). The job's in-process executor (orchestration/
definitions.py) initialises resources once per run, so the resource holds it for the whole run.

An flock, not a pid file: the kernel drops it when the holder dies, however it dies, so there is
never a stale lock to remove by hand. A second holder is refused at once rather than kept waiting:
the runs of `dagster dev` already wait in Dagster's run queue, and a `make build` that waited
would hang behind a long run without saying why.
"""

from __future__ import annotations

import fcntl
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import dagster as dg

from orchestration.local_time import amsterdam_time
from orchestration.resources import WAREHOUSE
from orchestration.settings import Settings

# The resource key every step of the build job requires.
BUILD_LOCK = "build_lock"

# Lock file -> the open file that holds it, for the locks this process holds. An flock belongs to
# an open file: the run that `orchestration.build` starts in its own process would be refused by
# the lock its own build holds if it opened the file again.
_held: dict[Path, TextIO] = {}


class BuildAlreadyRunning(RuntimeError):
    pass


def lock_path(settings: Settings) -> Path:
    return settings.data_dir / "build.lock"


@contextmanager
def build_lock(settings: Settings) -> Iterator[None]:
    """Hold the data dir's lock, or raise BuildAlreadyRunning naming the holder (also when this
    process holds it already: one build per process at a time)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = lock_path(settings).resolve()
    f = open(path, "a+")
    try:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "unknown"
            raise BuildAlreadyRunning(
                f"Another build is running on {settings.data_dir} ({holder}). Wait for it to finish; "
                "nothing was changed. (A killed build holds no lock: this one is alive.)"
            ) from None
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()} on {socket.gethostname()}, started {amsterdam_time()}\n")
        f.flush()
        _held[path] = f
        try:
            yield
        finally:
            del _held[path]
    finally:
        f.close()  # releases the lock


@contextmanager
def run_lock(settings: Settings) -> Iterator[None]:
    """The lock for one run of the job: taken here, or already held by the build in this process
    that started the run."""
    if lock_path(settings).resolve() in _held:
        yield
        return
    with build_lock(settings):
        yield


@dg.resource(
    description="Holds the data dir's build lock for the whole run: one build run at a time.",
    required_resource_keys={WAREHOUSE},
)
def build_lock_resource(context: dg.InitResourceContext) -> Iterator[None]:
    with run_lock(context.resources.warehouse.settings):
        yield
