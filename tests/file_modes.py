"""What "private" means for the files under a data dir (issue 14), for every test that checks it:
a directory 0700 or stricter, anything else 0600 or stricter, so only the service's user reads
the row-level marts, quarantine, export, Data Docs, logs and keys."""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE, FILE_MODE = 0o700, 0o600


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def loose_entries(root: Path) -> list[str]:
    """Every entry under `root` (and `root` itself) with a permission bit beyond the private
    mode, as `<relative path> <octal mode>`; symlinks are not followed."""
    loose = []
    for directory, _dirs, files in os.walk(root):
        here = Path(directory)
        for path, allowed in [(here, DIR_MODE)] + [(here / f, FILE_MODE) for f in files]:
            if mode(path) & ~allowed:
                loose.append(f"{path.relative_to(root)} {mode(path):o}")
    return loose
