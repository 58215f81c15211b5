"""Bootstrap Superset for the trafficking monitor. Idempotent: run it as often as you like.

Run inside the Superset virtualenv (``make superset-bootstrap``, or
``superset/.venv/bin/python superset/bootstrap.py``). In one process (every start of the
Superset CLI costs ~10 s on two cores) it does what these commands would do:

1. ``superset db upgrade``   -- create/upgrade the SQLite metadata DB under $MH_DATA_DIR/superset
2. ``superset init``         -- roles and permissions
3. ``superset fab create-admin`` -- the admin user from SUPERSET_ADMIN_USER / SUPERSET_ADMIN_PASSWORD,
   or with a generated password kept in $MH_DATA_DIR/superset/admin_password (printed once)
4. zip ``superset/assets`` with the database URI rewritten to the absolute
   ``duckdb:////<MH_DATA_DIR>/serving.duckdb`` and the build's whole period put in where the
   assets name it (``counted_period.py``: rebootstrap after a build that counts another edition) (written to $MH_DATA_DIR/superset/dashboards.zip,
   importable by hand with ``superset import-dashboards -p <zip> -u admin``), and import it.
5. the roles *Analist*, *Datasteward* and *Beheerder*, their data access derived from the bundle
   (which dashboard uses which dataset on which connection), the dashboards' roles (dashboard
   RBAC), and a user per role (see ``demo_users``; passwords from the environment or generated
   into $MH_DATA_DIR/superset/<user>_password, printed once).

The import uses Superset's asset importer (the one behind ``/api/v1/assets/import``), which
overwrites the database connection, datasets, charts and dashboards that carry our UUIDs.
``superset import-dashboards`` would leave existing charts, datasets and the connection as they
were (it imports them with overwrite=False), so an edited chart or a moved data directory would
never reach an existing metadata DB.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from counted_period import PERIOD_PLACEHOLDER, counted_period
from trend_annotations import annotate_trend_charts

HERE = Path(__file__).resolve().parent
REPO_DIR = HERE.parent
ASSETS_DIR = HERE / "assets"
BUNDLE_ROOT = "trends_slachtoffers"
URI_PLACEHOLDER = "duckdb:////__MH_DATA_DIR__/serving.duckdb"
# Every database YAML points into the data dir: serving.duckdb, or the stewards' quality.duckdb.
DATA_DIR_PLACEHOLDER = "duckdb:////__MH_DATA_DIR__/"
# The note every analyst dashboard carries (state line, protected cells, the link to Definities):
# written once, in dashboard_note.md, and put in place of this placeholder in the dashboards.
DASHBOARD_NOTE_PLACEHOLDER = "__MH_DASHBOARD_NOTE__"
DASHBOARD_NOTE = "dashboard_note.md"


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


def build_bundle(assets: Path, data: Path, period: str) -> bytes:
    """The asset YAML as an export ZIP (one root folder), with the real serving.duckdb path and
    the build's whole period (counted_period.py) in place of PERIOD_PLACEHOLDER."""
    buf = io.BytesIO()
    uri = serving_uri(data)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(assets.rglob("*.yaml")):
            rel = path.relative_to(assets).as_posix()
            text = path.read_text(encoding="utf-8").replace(PERIOD_PLACEHOLDER, period)
            if rel.startswith("dashboards/") and DASHBOARD_NOTE_PLACEHOLDER in text:
                note = (assets / DASHBOARD_NOTE).read_text(encoding="utf-8")
                text = text.replace(DASHBOARD_NOTE_PLACEHOLDER, json.dumps(note))  # JSON is YAML
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
    superset_dir = data / "superset"  # made by superset_config.py, private (issue 14)

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
        ensure_user(username, "Beheerder", [security_manager.find_role("Admin")], password, exact_roles=False)
        if generated:
            print(
                f"\n  Superset admin user: {username}\n  password (generated, kept in "
                f"{superset_dir / 'admin_password'}): {password}\n",
                flush=True,
            )
        user = security_manager.find_user(username=username)

        # 4. dashboards as code
        period = counted_period(data / "serving.duckdb")
        if period is None:
            say(
                "WARNING: %s does not exist yet: the dashboards' whole period stays %s until the "
                "bootstrap after the first build",
                data / "serving.duckdb",
                PERIOD_PLACEHOLDER,
            )
        else:
            say(
                "whole period of the dashboards: %s (from %s marts.data_status)",
                period,
                data / "serving.duckdb",
            )
        bundle = build_bundle(args.assets, data, period or PERIOD_PLACEHOLDER)
        (superset_dir / "dashboards.zip").write_bytes(bundle)
        import_bundle(bundle, user)
        say("assets imported from %s", args.assets)
        say("trend-break annotations on: %s", ", ".join(annotate_trend_charts()))
        sync_datasets(data)

        # 5. roles from the asset bundle, dashboard roles, demo users per role
        access = asset_access(args.assets)
        sync_roles(access)
        demo_users(superset_dir)

    say("bootstrap done in %.1f s (serving %s)", time.monotonic() - t0, serving_uri(data))
    return 0


# --- Roles ------------------------------------------------------------------------------------------
ANALIST, DATASTEWARD, BEHEERDER = "Analist", "Datasteward", "Beheerder"
# The stewards' dashboards (issue 5); every other dashboard of the bundle is an analyst dashboard.
STEWARD_DASHBOARD_SLUGS = frozenset({"datakwaliteit"})
# Menus of the analysts (and stewards): no SQL Lab, Datasets, Data or Settings menus.
VIEWER_MENUS = frozenset({"Dashboards", "Charts"})
# Read-only viewing needs a few writes that only keep the viewer's own state: filter state,
# explore form data, permalinks. And the chart menus' "Download" (CSV and Excel of a chart's data:
# can_csv, checked by Superset's charts/data/api.py and views/core.py explore_json) and "View as
# table" (can_view_chart_as_table), issue 15: both only give rows of a query the viewer may run
# anyway (datasource_access), so no data beyond the charts'. Superset counts can_csv as a SQL Lab
# permission (SQLLAB_EXTRA_PERMISSION_VIEWS); SQL Lab's own export is can_export_csv on SQLLab.
# The front end of every page fetches its translations (can_language_pack: without it a viewer
# sees English) and posts its events to /superset/log/ (can_log: without it every dashboard load
# answered 500, the 403 of @has_access inside @api), issue 15; neither reads any data.
VIEWER_EXTRA_PVMS = frozenset(
    {
        ("can_language_pack", "Superset"),
        ("can_log", "Superset"),
        ("can_write", "DashboardFilterStateRestApi"),
        ("can_write", "DashboardPermalinkRestApi"),
        ("can_write", "ExploreFormDataRestApi"),
        ("can_write", "ExplorePermalinkRestApi"),
        ("can_csv", "Superset"),
        ("can_view_chart_as_table", "Dashboard"),
    }
)


# Read permissions of Gamma a dashboard reader does not need.
VIEWER_EXCLUDED_VIEWS = frozenset({"RowLevelSecurity", "UserRegistrationsRestAPI"})


@dataclass(frozen=True)
class AssetAccess:
    """Who needs which part of the bundle (UUIDs as in the YAML)."""

    analyst_dashboards: frozenset[str]
    steward_dashboards: frozenset[str]
    analyst_datasets: frozenset[str]
    steward_datasets: frozenset[str]
    serving_database: str
    quality_database: str


def asset_access(assets: Path) -> AssetAccess:
    """Derive the roles' data from the bundle: the datasets every dashboard's charts and native
    filters use, and the connection they are on.

    Refuses (SystemExit) a bundle in which an analyst dashboard uses a dataset outside
    serving.duckdb, or a steward dashboard one outside serving and quality: the analysts must
    never be given anything on the quality connection.
    """
    import yaml

    def load(folder: str) -> list[dict]:
        return [
            yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((assets / folder).rglob("*.yaml"))
        ]

    databases = {d["uuid"]: d["sqlalchemy_uri"] for d in load("databases")}
    serving = [u for u, uri in databases.items() if uri.endswith("/serving.duckdb")]
    quality = [u for u, uri in databases.items() if uri.endswith("/quality.duckdb")]
    if len(serving) != 1 or len(quality) != 1:
        raise SystemExit(f"{assets}/databases: expected one serving and one quality connection")
    dataset_db = {d["uuid"]: d["database_uuid"] for d in load("datasets")}
    chart_dataset = {c["uuid"]: c["dataset_uuid"] for c in load("charts")}

    analyst_dash, steward_dash, analyst_ds, steward_ds = set(), set(), set(), set()
    for dash in load("dashboards"):
        used = {
            chart_dataset[item["meta"]["uuid"]]
            for item in (dash.get("position") or {}).values()
            if isinstance(item, dict) and item.get("type") == "CHART"
        }
        meta = dash.get("metadata") or {}
        used |= {
            target["datasetUuid"]
            for flt in meta.get("native_filter_configuration", [])
            for target in flt.get("targets", [])
            if target.get("datasetUuid")
        }
        unknown = used - dataset_db.keys()
        if unknown:
            raise SystemExit(f"dashboard {dash['dashboard_title']!r}: unknown datasets {unknown}")
        on = {dataset_db[u] for u in used}
        if dash.get("slug") in STEWARD_DASHBOARD_SLUGS:
            allowed, dashes, datasets = {serving[0], quality[0]}, steward_dash, steward_ds
        else:
            allowed, dashes, datasets = {serving[0]}, analyst_dash, analyst_ds
        if not on <= allowed:
            raise SystemExit(
                f"dashboard {dash['dashboard_title']!r} uses datasets on a connection its "
                f"readers may not query: {sorted(on - allowed)}"
            )
        dashes.add(dash["uuid"])
        datasets |= used
    return AssetAccess(
        analyst_dashboards=frozenset(analyst_dash),
        steward_dashboards=frozenset(steward_dash),
        analyst_datasets=frozenset(analyst_ds),
        steward_datasets=frozenset(steward_ds),
        serving_database=serving[0],
        quality_database=quality[0],
    )


def _viewer_pvms(sm, pvms: list) -> list:
    """Read-only dashboard viewing: Superset's own Public-role set (PUBLIC_ROLE_PERMISSIONS, made
    for anonymous dashboard viewers), the read permissions of the Gamma role, the menus
    Dashboards and Charts, and VIEWER_EXTRA_PVMS. No object (data) permission, no SQL Lab."""
    # Nothing on a view of SQL Lab (Gamma keeps e.g. can_list on SavedQuery); on the view Superset
    # (can_dashboard, can_explore_json, ...) only its SQL Lab permissions are left out.
    sql_lab_views = {view for _, view in sm.SQLLAB_ONLY_PERMISSIONS} - {"Superset"}
    out = []
    for pvm in pvms:
        key = (pvm.permission.name, pvm.view_menu.name)
        if key in VIEWER_EXTRA_PVMS:  # chosen one by one, before the SQL Lab exclusion below
            out.append(pvm)
            continue
        if (
            pvm.permission.name in sm.OBJECT_SPEC_PERMISSIONS
            or sm._is_sql_lab_pvm(pvm)
            or pvm.view_menu.name in sql_lab_views
            or pvm.view_menu.name in VIEWER_EXCLUDED_VIEWS
        ):
            continue
        if pvm.permission.name == "menu_access":
            if pvm.view_menu.name in VIEWER_MENUS:
                out.append(pvm)
        elif (
            key in sm.PUBLIC_ROLE_PERMISSIONS
            or pvm.permission.name in sm.ACCESSIBLE_PERMS
            or (sm._is_gamma_pvm(pvm) and pvm.permission.name in sm.READ_ONLY_PERMISSION)
        ):
            out.append(pvm)
    return out


def _object_pvm(sm, permission: str, view_menu: str):
    pvm = sm.find_permission_view_menu(permission, view_menu)
    if pvm is None:  # normally created by the dataset/database listeners on import
        pvm = sm.add_permission_view_menu(permission, view_menu)
    return pvm


def sync_roles(access: AssetAccess) -> None:
    """Set (replace) the permissions of Analist, Datasteward and Beheerder, and the roles of every
    dashboard of the bundle. Idempotent: the same bundle gives the same permissions."""
    from superset.connectors.sqla.models import SqlaTable
    from superset.models.core import Database
    from superset.models.dashboard import Dashboard

    from superset import db
    from superset import security_manager as sm

    pvms = sm._get_all_pvms()
    viewer = _viewer_pvms(sm, pvms)

    def dataset_pvms(uuids: frozenset[str]) -> list:
        out = []
        for uuid in sorted(uuids):
            table = db.session.query(SqlaTable).filter_by(uuid=uuid).one()
            out.append(_object_pvm(sm, "datasource_access", table.perm))
        return out

    quality_db = db.session.query(Database).filter_by(uuid=access.quality_database).one()
    # SQL Lab as Superset's own sql_lab role defines it (execute, results, saved queries, the
    # menus), on the quality connection only: database_access on no other database.
    sql_lab = [p for p in pvms if sm._is_sql_lab_pvm(p)]

    analist = viewer + dataset_pvms(access.analyst_datasets)
    steward = (
        analist
        + dataset_pvms(access.steward_datasets)
        + sql_lab
        + [_object_pvm(sm, "database_access", quality_db.perm)]
    )
    for name, perms in ((ANALIST, analist), (DATASTEWARD, steward)):
        role = sm.add_role(name)
        role.permissions = list(dict.fromkeys(perms))  # no duplicates, stable order
    # Beheerder: the permissions of Admin (as synced by `superset init` just before).
    sm.copy_role("Admin", BEHEERDER, merge=False)
    db.session.commit()

    # Dashboard RBAC (FEATURE_FLAGS["DASHBOARD_RBAC"]): a dashboard with roles is listed and
    # opened only for those roles; the analysts do not even see Datakwaliteit.
    roles = {n: sm.find_role(n) for n in (ANALIST, DATASTEWARD, BEHEERDER)}
    for uuids, names in (
        (access.analyst_dashboards, (ANALIST, DATASTEWARD, BEHEERDER)),
        (access.steward_dashboards, (DATASTEWARD, BEHEERDER)),
    ):
        for uuid in uuids:
            dash = db.session.query(Dashboard).filter_by(uuid=uuid).one()
            dash.roles = [roles[n] for n in names]
    db.session.commit()
    say(
        "roles synced: %s %d permissions (%d datasets), %s %d, %s = Admin",
        ANALIST,
        len(roles[ANALIST].permissions),
        len(access.analyst_datasets),
        DATASTEWARD,
        len(roles[DATASTEWARD].permissions),
        BEHEERDER,
    )


# --- Users -------------------------------------------------------------------------------------------
# One user per role: SUPERSET_<ROLE>_USER (default the role in lower case) and
# SUPERSET_<ROLE>_PASSWORD, or a password generated into $MH_DATA_DIR/superset/<user>_password.
# SUPERSET_DEMO_USERS=0 creates none (the admin can add users in Settings -> List Users).
ROLE_USERS = (ANALIST, DATASTEWARD, BEHEERDER)


def user_credentials(superset_dir: Path, role: str) -> tuple[str, str, Path, bool]:
    """(username, password, password file, generated_now) of the user of `role`."""
    env = role.upper()
    username = os.environ.get(f"SUPERSET_{env}_USER") or role.lower()
    pw_file = superset_dir / f"{username}_password"
    password = os.environ.get(f"SUPERSET_{env}_PASSWORD")
    if password:
        return username, password, pw_file, False
    if pw_file.exists() and pw_file.read_text().strip():
        return username, pw_file.read_text().strip(), pw_file, False
    password = secrets.token_urlsafe(18)
    fd = os.open(pw_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(password + "\n")
    return username, password, pw_file, True


def ensure_user(username: str, first_name: str, roles: list, password: str, exact_roles: bool) -> None:
    """Create the user, or give an existing one this password and these roles: exactly these
    (`exact_roles`), or at least these (the admin keeps roles a deployer gave it)."""
    from werkzeug.security import check_password_hash

    from superset import db
    from superset import security_manager as sm

    user = sm.find_user(username=username)
    if user is None:
        user = sm.add_user(
            username=username,
            first_name=first_name,
            last_name="Monitor",
            email=f"{username}@localhost",
            role=roles,
            password=password,
        )
        if not user:
            raise SystemExit(f"could not create the user {username!r}")
        say("user %r (%s) created", username, ", ".join(r.name for r in roles))
        return
    changed = not check_password_hash(user.password, password)
    if changed:
        sm.reset_password(user.id, password)
    wanted = roles if exact_roles else user.roles + [r for r in roles if r not in user.roles]
    if set(wanted) != set(user.roles):
        user.roles = wanted
        changed = True
    db.session.commit()
    say("user %r %s", username, "updated" if changed else "exists")


def demo_users(superset_dir: Path) -> None:
    from superset import security_manager as sm

    if os.environ.get("SUPERSET_DEMO_USERS", "1").strip().lower() in ("0", "false", "no"):
        say("SUPERSET_DEMO_USERS=%s: no users per role", os.environ["SUPERSET_DEMO_USERS"])
        return
    for role_name in ROLE_USERS:
        username, password, pw_file, generated = user_credentials(superset_dir, role_name)
        role = sm.find_role(role_name)
        # A Beheerder is also Admin: Superset checks "is admin" by the role name Admin
        # (AUTH_ROLE_ADMIN), e.g. to edit dashboards someone else owns.
        roles = [role, sm.find_role("Admin")] if role_name == BEHEERDER else [role]
        # Exactly the role(s) of its name: a user that gained or lost a role is put back.
        ensure_user(username, role_name, roles, password, exact_roles=True)
        if generated:
            print(
                f"\n  Superset user {username} ({role_name}): password (generated, kept in "
                f"{pw_file}): {password}\n",
                flush=True,
            )


def import_bundle(bundle: bytes, user) -> None:
    import yaml
    from superset.commands.importers.v1.assets import ImportAssetsCommand
    from superset.commands.importers.v1.utils import get_contents_from_bundle
    from superset.models.dashboard import Dashboard
    from superset.utils import json
    from superset.utils.core import override_user

    from superset import db

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
        yaml.safe_load(text)["uuid"] for name, text in contents.items() if name.startswith("dashboards/")
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
    from superset.connectors.sqla.models import SqlaTable

    from superset import db

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
        # Superset lists a calculated column of the YAML (an `expression`, no column of the mart)
        # as removed, though it keeps it: only a physical column the mart lacks is a real gap.
        calculated = {column.column_name for column in table.columns if column.expression}
        missing = [name for name in result.removed if name not in calculated]
        if missing:
            say(
                "WARNING: %s: columns missing in serving.duckdb: %s",
                table.table_name,
                missing,
            )
    db.session.commit()
    say("dataset columns synced with %s", data / "serving.duckdb")


if __name__ == "__main__":
    sys.exit(main())
