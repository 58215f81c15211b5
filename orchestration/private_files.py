"""Everything under the data dir is for the service's user only (issue 14): the row-level marts,
the build database with quarantine and load_log, the export, Data Docs, GX results, Dagster's run
storage and logs, Superset's metadata and the keys. Directories 0700, files 0600.

DuckDB, dbt, GX and Dagster create their own files with the process umask (often 022: readable
by everyone), so each entry point that writes there sets the umask once for the whole process
instead of every writer choosing a mode: `python -m orchestration.build` and `build_all` (tests,
bench), the Dagster code location (orchestration/definitions.py; the webserver and daemon get it
from `make dagster-serve`), the Makefile's dagster-home. Superset does the same in
superset/superset_config.py (its own environment; it cannot import this).
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077  # new directories 0700, new files 0600
PRIVATE_DIR_MODE = 0o700


def keep_private(data_dir: Path) -> None:
    """Set the process umask to PRIVATE_UMASK (a data dir made from now on is 0700) and make an
    existing `data_dir` 0700. Creates nothing: loading the code location must not make a data dir.

    The chmod closes a data dir made earlier under a looser umask: nobody else can enter it any
    more, so the files an older version left 0644 inside are out of reach too, without a walk."""
    os.umask(PRIVATE_UMASK)
    if data_dir.is_dir():
        data_dir.chmod(PRIVATE_DIR_MODE)
