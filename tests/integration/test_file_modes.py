"""Files on disk (issue 14): everything a build writes under the data dir is for the service's
user only (tests/file_modes.py says what that means), whatever the umask of whoever started it.

The shared build (`built_warehouse`) ran in a process of this test session, which starts with
the typical login umask 022 (tests/conftest.py), and this worker's copy of it keeps every mode,
so each mode below is the build's own doing.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

from orchestration.assets.export import EXPORT_DIR_NAME
from orchestration.build_lock import lock_path
from orchestration.quality.gx_runner import DATA_DOCS_DIR, RESULTS_DIR
from orchestration.settings import REPO_ROOT, Settings
from tests.file_modes import DIR_MODE, FILE_MODE, loose_entries, mode


def test_a_build_leaves_only_private_files(built_warehouse: Settings):
    data = Path(built_warehouse.data_dir)
    # What must exist for the walk to mean something: the row-level marts, the stewards' file,
    # the build database (with quarantine and load_log), the export, Data Docs, GX results.
    written = (
        built_warehouse.serving_path,
        data / "quality.duckdb",
        built_warehouse.warehouse_path,
        data / EXPORT_DIR_NAME,
        data / DATA_DOCS_DIR,
        data / RESULTS_DIR,
    )
    missing = [path.name for path in written if not path.exists()]
    assert not missing, f"the build wrote none of {missing}: the walk below would prove nothing"
    loose = loose_entries(data)
    assert not loose, f"open to others (wanted dirs {DIR_MODE:o}, files {FILE_MODE:o}):\n" + "\n".join(loose)


def test_the_build_command_closes_a_data_dir_made_open_before(tmp_path: Path):
    """`python -m orchestration.build` on a data dir that an older version (or a `mkdir` under
    umask 022) left 0755 with a 0644 file in it: the data dir becomes 0700, which closes
    everything beneath it, and the demo key it creates is 0600. The build is refused at once
    (another build holds the lock), so this costs no build, and all of this happens before."""
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    (data / "old_export.csv").write_text("from an older version\n")
    (data / "old_export.csv").chmod(0o644)
    env = {**os.environ, "MH_DATA_DIR": str(data), "MH_INBOX_DIR": str(tmp_path / "inbox")}
    env.pop("MH_PSEUDONYM_KEY")  # the command creates the demo key
    env.pop("DAGSTER_HOME", None)
    lock = os.open(lock_path(Settings(inbox_dir=tmp_path, data_dir=data)), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = subprocess.run(
            [sys.executable, "-m", "orchestration.build"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            preexec_fn=lambda: os.umask(0o022),
        )
    finally:
        os.close(lock)
    assert result.returncode == 2 and "Another build is running" in result.stderr, result.stderr
    assert f"{mode(data):o}" == f"{DIR_MODE:o}"
    key = data / "pseudonym.key"
    assert key.exists(), "the command created no demo key"
    assert f"{mode(key):o}" == f"{FILE_MODE:o}"
