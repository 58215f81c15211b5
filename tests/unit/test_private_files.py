"""Files on disk without a build (issue 14): the demo key, and the Makefile's targets that write
under the data dir (the build's own files: tests/integration/test_file_modes.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from orchestration.pseudonym_key import ensure_demo_key
from orchestration.settings import Settings
from tests.file_modes import DIR_MODE, FILE_MODE, loose_entries, mode

REPO = Path(__file__).resolve().parents[2]

# Modes the demo key had whenever this process touched the file system while creating it (an
# audit hook cannot be removed: it records only while `_watched` names a file).
_watched: list[Path] = []
_seen_modes: list[int] = []


def _record_key_mode(event: str, _args: tuple) -> None:
    if _watched and event in ("open", "os.chmod", "os.rename", "os.replace") and _watched[0].exists():
        _seen_modes.append(mode(_watched[0]))


sys.addaudithook(_record_key_mode)


def test_the_demo_key_is_never_readable_by_others_not_even_for_an_instant(tmp_path):
    """Under the typical umask 022 the key file is born 0600: a file written first and chmodded
    after is 0644 until the chmod, and a reader that opens it then keeps its handle."""
    settings = Settings(inbox_dir=tmp_path / "inbox", data_dir=tmp_path / "data")
    previous = os.umask(0o022)
    _watched.append(settings.pseudonym_key_file)
    try:
        key = ensure_demo_key(settings)
    finally:
        _watched.clear()
        os.umask(previous)
    assert len(key) == 64 and settings.pseudonym_key_file.read_text().strip() == key
    assert _seen_modes, "the audit hook saw the key file at no point: it proves nothing"
    assert {f"{m:o}" for m in _seen_modes} == {f"{FILE_MODE:o}"}
    assert ensure_demo_key(settings) == key  # made once, then read


def _make(target: str, data: Path, *flags: str) -> subprocess.CompletedProcess:
    # Under umask 022, as from a login shell: the target itself must make its files private.
    return subprocess.run(
        ["make", "--no-print-directory", *flags, target],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "MH_DATA_DIR": str(data), "DAGSTER_HOME": str(data / "dagster_home")},
        timeout=120,
        check=True,
        preexec_fn=lambda: os.umask(0o022),
    )


def test_make_dagster_home_writes_privately_into_a_data_dir_made_open_before(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    _make("dagster-home", data)
    assert (data / "dagster_home" / "dagster.yaml").exists()
    loose = loose_entries(data)
    assert not loose, f"open to others (wanted dirs {DIR_MODE:o}, files {FILE_MODE:o}):\n" + "\n".join(loose)


def test_make_dagster_serve_starts_dagster_under_a_private_umask(tmp_path):
    """Dagster's webserver and daemon write their run storage, event logs and compute logs into
    DAGSTER_HOME under the data dir; they are started by `dagster dev`, which must run under
    umask 077 (`make -n`: the line is printed, not run)."""
    out = _make("dagster-serve", tmp_path / "data", "-n").stdout.replace("\\\n", " ")
    (line,) = [line for line in out.splitlines() if "dagster dev" in line]
    assert line.lstrip("@ ").startswith("umask 077;"), line
