"""Superset's files on disk (issue 14): its metadata database (users, password hashes, the
connections), the secret key that signs sessions, the generated passwords and the dashboard
bundle under $MH_DATA_DIR/superset are for the service's user only, after the session's bootstrap
and with the server running (both started under umask 022: superset_harness.login_umask)."""

from __future__ import annotations

from tests.file_modes import DIR_MODE, FILE_MODE, loose_entries


def test_superset_leaves_only_private_files(superset_server):
    folder = superset_server.data_dir / "superset"
    # What must exist for the walk to mean something (the password of a role user: test_roles.py).
    written = ("superset.db", "secret_key", "dashboards.zip", "analist_password")
    missing = [name for name in written if not (folder / name).exists()]
    assert not missing, f"Superset wrote none of {missing}: the walk below would prove nothing"
    loose = loose_entries(folder)
    assert not loose, f"open to others (wanted dirs {DIR_MODE:o}, files {FILE_MODE:o}):\n" + "\n".join(loose)
