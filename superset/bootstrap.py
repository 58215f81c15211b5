"""Bootstrap Superset for the trafficking monitor. Idempotent: run it as often as you like.

Run inside the Superset virtualenv (``make superset-bootstrap``, or
``superset/.venv/bin/python superset/bootstrap.py``). In one process (every start of the
Superset CLI costs ~10 s on two cores) it does what these commands would do:

1. ``superset db upgrade``   -- create/upgrade the SQLite metadata DB under $MH_DATA_DIR/superset
2. ``superset init``         -- roles and permissions
3. ``superset fab create-admin`` -- the admin user from SUPERSET_ADMIN_USER / SUPERSET_ADMIN_PASSWORD,
   or with a generated password kept in $MH_DATA_DIR/superset/admin_password (printed once)
4. zip ``superset/assets`` with the database URI rewritten to the absolute
   ``duckdb:////<MH_DATA_DIR>/serving.duckdb`` (written to $MH_DATA_DIR/superset/dashboards.zip,
   importable by hand with ``superset import-dashboards -p <zip> -u admin``), and import it.

The import uses Superset's asset importer (the one behind ``/api/v1/assets/import``), which
overwrites the database connection, datasets, charts and dashboards that carry our UUIDs.
``superset import-dashboards`` would leave existing charts, datasets and the connection as they
were (it imports them with overwrite=False), so an edited chart or a moved data directory would
never reach an existing metadata DB.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_DIR = HERE.parent
ASSETS_DIR = HERE / "assets"
BUNDLE_ROOT = "trends_slachtoffers"
URI_PLACEHOLDER = "duckdb:////__MH_DATA_DIR__/serving.duckdb"
# Every database YAML points into the data dir: serving.duckdb, or the stewards' quality.duckdb.
DATA_DIR_PLACEHOLDER = "duckdb:////__MH_DATA_DIR__/"


def say(msg: str, *args: object) -> None:
    """Progress on stderr (Superset's migrations reconfigure the logging module)."""
    print(
        time.strftime("%H:%M:%S") + " bootstrap: " + (msg % args if args else msg),
        file=sys.stderr,
        flush=True,
    )


def data_dir() -> Path:
    return Path(os.environ.get("MH_DATA_DIR") or REPO_DIR / "data").resolve()


def serving_uri(data: Path) -> str:
    # Four slashes: an absolute path.
    return "duckdb:///" + str(data / "serving.duckdb")


def build_bundle(assets: Path, data: Path) -> bytes:
    """The asset YAML as an export ZIP (one root folder), with the real serving.duckdb path."""
    buf = io.BytesIO()
    uri = serving_uri(data)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(assets.rglob("*.yaml")):
            rel = path.relative_to(assets).as_posix()
            text = path.read_text(encoding="utf-8")
            if rel.startswith("databases/"):
                if DATA_DIR_PLACEHOLDER not in text:
                    raise SystemExit(f"{path}: sqlalchemy_uri must start with {DATA_DIR_PLACEHOLDER}")
                text = text.replace(URI_PLACEHOLDER, uri).replace(
                    DATA_DIR_PLACEHOLDER, "duckdb:///" + str(data) + "/"
                )
            zf.writestr(f"{BUNDLE_ROOT}/{rel}", text)
    return buf.getvalue()


def admin_credentials(superset_dir: Path) -> tuple[str, str, bool]:
    """(username, password, generated_now)."""
    username = os.environ.get("SUPERSET_ADMIN_USER") or "admin"
    password = os.environ.get("SUPERSET_ADMIN_PASSWORD")
    if password:
        return username, password, False
    pw_file = superset_dir / "admin_password"
    if pw_file.exists() and pw_file.read_text().strip():
        return username, pw_file.read_text().strip(), False
    password = secrets.token_urlsafe(18)
    fd = os.open(pw_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(password + "\n")
    return username, password, True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=Path, default=ASSETS_DIR, help="unzipped export bundle")
    args = parser.parse_args(argv)

    t0 = time.monotonic()
    data = data_dir()
    os.environ["MH_DATA_DIR"] = str(data)
    os.environ.setdefault("SUPERSET_CONFIG_PATH", str(HERE / "superset_config.py"))
    os.environ.setdefault("FLASK_APP", "superset")
    superset_dir = data / "superset"
    superset_dir.mkdir(parents=True, exist_ok=True)

    from superset.app import create_app

    app = create_app()
    say("Superset app created (%.1f s)", time.monotonic() - t0)

    with app.app_context():
        import flask_migrate
        from superset import appbuilder, db, security_manager

        # 1. superset db upgrade
        flask_migrate.upgrade()
        say("metadata DB upgraded: %s", app.config["SQLALCHEMY_DATABASE_URI"].split("?")[0])

        # 2. superset init
        appbuilder.add_permissions(update_perms=True)
        security_manager.sync_role_definitions()
        db.session.commit()
        say("roles and permissions synced")

        # 3. admin user
        username, password, generated = admin_credentials(superset_dir)
        user = security_manager.find_user(username=username)
        admin_role = security_manager.find_role("Admin")
        if user is None:
            user = security_manager.add_user(
                username=username,
                first_name="Beheerder",
                last_name="Monitor",
                email=f"{username}@localhost",
                role=admin_role,
                password=password,
            )
            if not user:
                raise SystemExit(f"could not create the admin user {username!r}")
            say("admin user %r created", username)
        else:
            from werkzeug.security import check_password_hash

            changed = False
            if not check_password_hash(user.password, password):
                security_manager.reset_password(user.id, password)
                changed = True
            if admin_role not in user.roles:
                user.roles.append(admin_role)
                db.session.commit()
                changed = True
            say("admin user %r %s", username, "updated" if changed else "exists")
        if generated:
            print(
                f"\n  Superset admin user: {username}\n  password (generated, kept in "
                f"{superset_dir / 'admin_password'}): {password}\n",
                flush=True,
            )
        user = security_manager.find_user(username=username)

        # 4. dashboards as code
        bundle = build_bundle(args.assets, data)
        (superset_dir / "dashboards.zip").write_bytes(bundle)
        import_bundle(bundle, user)
        say("assets imported from %s", args.assets)
        sync_datasets(data)

    say("bootstrap done in %.1f s (serving %s)", time.monotonic() - t0, serving_uri(data))
    return 0


def import_bundle(bundle: bytes, user) -> None:
    import yaml
    from superset import db
    from superset.commands.importers.v1.assets import ImportAssetsCommand
    from superset.commands.importers.v1.utils import get_contents_from_bundle
    from superset.models.dashboard import Dashboard
    from superset.utils import json
    from superset.utils.core import override_user

    with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
        contents = get_contents_from_bundle(zf)
    # The bundle is a dashboard export; the asset importer wants type "assets".
    metadata = yaml.safe_load(contents["metadata.yaml"])
    metadata["type"] = "assets"
    contents["metadata.yaml"] = yaml.safe_dump(metadata)

    with override_user(user):
        ImportAssetsCommand(contents).run()

    # Native filters keep the chart ids of the export ("chartsInScope"), which the importer does
    # not translate; the front end uses them to decide which charts a filter applies to.
    # Recompute them from each filter's scope with the ids of this metadata DB.
    dashboard_uuids = [
        yaml.safe_load(text)["uuid"]
        for name, text in contents.items()
        if name.startswith("dashboards/")
    ]
    for dash_uuid in dashboard_uuids:
        dash = db.session.query(Dashboard).filter_by(uuid=dash_uuid).one()
        chart_ids = sorted(s.id for s in dash.slices)
        meta = json.loads(dash.json_metadata or "{}")
        for flt in meta.get("native_filter_configuration", []):
            excluded = set(flt.get("scope", {}).get("excluded", []))
            flt["chartsInScope"] = [i for i in chart_ids if i not in excluded]
        gcc = meta.get("global_chart_configuration")
        if gcc:
            excluded = set(gcc.get("scope", {}).get("excluded", []))
            gcc["chartsInScope"] = [i for i in chart_ids if i not in excluded]
        dash.json_metadata = json.dumps(meta)
        # Owners: the admin who imported.
        if user not in dash.owners:
            dash.owners.append(user)
    db.session.commit()


def sync_datasets(data: Path) -> None:
    """Refresh the column lists of our datasets from serving.duckdb, when it exists.

    Keeps the Dutch labels of the YAML and adds columns the marts have gained since.
    """
    from superset import db
    from superset.connectors.sqla.models import SqlaTable

    if not (data / "serving.duckdb").exists():
        say(
            "WARNING: %s does not exist yet: dataset columns as in the YAML",
            data / "serving.duckdb",
        )
        return
    uri = serving_uri(data)
    for table in db.session.query(SqlaTable).all():
        if table.database.sqlalchemy_uri_decrypted != uri:
            continue
        try:
            result = table.fetch_metadata()
        except Exception as exc:  # noqa: BLE001 - report and keep the YAML columns
            db.session.rollback()
            say("WARNING: could not read the columns of %s: %s", table.table_name, exc)
            continue
        if result.removed:
            say(
                "WARNING: %s: columns missing in serving.duckdb: %s",
                table.table_name,
                result.removed,
            )
    db.session.commit()
    say("dataset columns synced with %s", data / "serving.duckdb")


if __name__ == "__main__":
    sys.exit(main())
