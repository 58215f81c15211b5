"""How a delivery arrives in the inbox: what an entry looks like when the inbox is listed.

A copy into the inbox takes time, and while it goes on the file under its final name is a cut
delivery (issue 14). The safe way to deliver is to upload under a temporary name and rename the
complete file (README "Slechte leveringen"): such a name is no delivery yet and nobody looks at it.
For a copy made under the final name, whoever reads the inbox compares an entry's `Stamp` at two
moments: the sensor across ticks (orchestration/automation.py), an ingestion run between listing
the inbox and writing what it read of a file (orchestration/ingestion/run.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Endings of an upload under way (`.part`: browsers, our own generator; `.tmp`: many transfer
# tools; `.filepart`: WinSCP), matched in any case. A name starting with a dot is one too (rsync's
# temporary files, editors' lock files) and is hidden besides.
TEMPORARY_SUFFIXES = (".part", ".tmp", ".filepart")


def is_upload_in_progress(name: str) -> bool:
    """Whether an inbox entry's name is that of an upload not complete yet (never read)."""
    return name.startswith(".") or name.lower().endswith(TEMPORARY_SUFFIXES)


@dataclass(frozen=True)
class Stamp:
    """What changes when an entry is written to or replaced: its size, its modification time and,
    for a file renamed over it, its inode."""

    size: int
    mtime_ns: int
    inode: int

    @property
    def mtime_seconds(self) -> int:
        return self.mtime_ns // 1_000_000_000


def stamp_of(path: Path) -> Stamp | None:
    """The entry's own stamp (`os.lstat`: a link is not followed), or None when it is gone."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return Stamp(st.st_size, st.st_mtime_ns, st.st_ino)
