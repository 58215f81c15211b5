"""Superset configuration for the trafficking monitor (loaded via SUPERSET_CONFIG_PATH).

Everything Superset writes lives under ``$MH_DATA_DIR/superset`` (default ``<repo>/data``), outside
git: the SQLite metadata database, the generated secret key, logs. Superset only ever reads the
published ``$MH_DATA_DIR/serving.duckdb`` and ``quality.duckdb``, read-only and sealed, whatever
a stored connection says (duckdb_guard.py).
"""

from __future__ import annotations

import functools
import os
import secrets
import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
MH_DATA_DIR = Path(os.environ.get("MH_DATA_DIR") or REPO_DIR / "data").resolve()
SUPERSET_DATA_DIR = MH_DATA_DIR / "superset"
# Private, as everything under the data dir (orchestration/private_files.py, issue 14): every
# Superset process (bootstrap, gunicorn workers, the CLI) loads this file before it writes, so the
# umask set here makes the metadata DB, its journals, the bundle and the passwords 0600; the chmod
# closes a folder made earlier under a looser umask.
os.umask(0o077)
SUPERSET_DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
SUPERSET_DATA_DIR.chmod(0o700)

# Where Superset keeps its own files (log file, examples DB, ...).
DATA_DIR = str(SUPERSET_DATA_DIR)


def _secret_key() -> str:
    """SUPERSET_SECRET_KEY from the environment, else one generated once into the data dir.

    Several processes (CLI, gunicorn workers) may load this file at the same time: the first one
    creates the file exclusively, the others read it.
    """
    from_env = os.environ.get("SUPERSET_SECRET_KEY")
    if from_env:
        return from_env
    key_file = SUPERSET_DATA_DIR / "secret_key"
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exists:
        for _ in range(50):  # another process may be writing it right now
            key = key_file.read_text().strip()
            if key:
                return key
            import time

            time.sleep(0.1)
        raise RuntimeError(f"{key_file} is empty: delete it and start again") from exists
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    return key


SECRET_KEY = _secret_key()

# Metadata database: SQLite, single node.
SQLALCHEMY_DATABASE_URI = f"sqlite:///{SUPERSET_DATA_DIR / 'superset.db'}?check_same_thread=false"
SQLALCHEMY_EXAMPLES_URI = SQLALCHEMY_DATABASE_URI

# --- DuckDB --------------------------------------------------------------------------------------
# Superset 6.1 blocks only sqlite/shillelagh here; newer releases also block duckdb unless it is
# allowlisted. Neither stops a Beheerder from adding a DuckDB database or editing a connection's
# extra: DB_CONNECTION_MUTATOR (duckdb_guard.py) does, on every connection Superset opens.
PREVENT_UNSAFE_DB_CONNECTIONS = True
ALLOWED_UNSAFE_DB_DIALECTS = {"duckdb"}

# Seconds. Superset's own SQL Lab timeout (a SIGALRM) does not fire in gunicorn's gthread request
# threads (serve.sh); duckdb_guard.py makes it DuckDB's statement limit, for charts as well.
# SUPERSET_SQLLAB_TIMEOUT: for the tests' server (tests/superset/superset_harness.py).
SQLLAB_TIMEOUT = int(os.environ.get("SUPERSET_SQLLAB_TIMEOUT") or 60)

# duckdb_guard.py sits beside this file, which Superset loads by path (SUPERSET_CONFIG_PATH).
sys.path.insert(0, str(Path(__file__).resolve().parent))
import duckdb_guard  # noqa: E402

DB_CONNECTION_MUTATOR = functools.partial(duckdb_guard.guard_connection, MH_DATA_DIR, SQLLAB_TIMEOUT)

# --- Security ------------------------------------------------------------------------------------
WTF_CSRF_ENABLED = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
# Served on 127.0.0.1 only, without TLS.
SESSION_COOKIE_SECURE = False

# --- Roles ----------------------------------------------------------------------------------------
# The roles Analist, Datasteward and Beheerder are created by bootstrap.py from the asset bundle.
# Superset lets a SQL Lab query through when the user may read every table it names, also through a
# dataset (datasource_access) of a database the user has no database_access on. Here SQL Lab (and
# anything else that runs free SQL: a SQL Lab query, or SQL on a database) needs database_access to
# that database: a Datasteward reads the marts on the dashboards, but queries only the quality
# connection in SQL Lab. (Superset 6.1 happens to hide the serving connection from the steward's
# SQL Lab already, but only because DatabaseFilter cuts database names at the first dot.)
from superset.security import SupersetSecurityManager  # noqa: E402


class MonitorSecurityManager(SupersetSecurityManager):
    def raise_for_access(self, *args, **kwargs) -> None:
        from superset.models.sql_lab import Query

        database = kwargs.get("database")
        query = kwargs.get("query")
        if not (kwargs.get("sql") and database is not None):
            database = query.database if isinstance(query, Query) else None
        if database is not None and not self.can_access_database(database):
            from superset.errors import ErrorLevel, SupersetError, SupersetErrorType
            from superset.exceptions import SupersetSecurityException

            raise SupersetSecurityException(
                SupersetError(
                    error_type=SupersetErrorType.DATABASE_SECURITY_ACCESS_ERROR,
                    message=f"Geen toegang tot de database {database.database_name} in SQL Lab",
                    level=ErrorLevel.ERROR,
                )
            )
        super().raise_for_access(*args, **kwargs)


CUSTOM_SECURITY_MANAGER = MonitorSecurityManager
# Nobody is signed in as a guest: the Public role stays empty.
PUBLIC_ROLE_LIKE = None

# --- No telemetry, no network -------------------------------------------------------------------
# The content security policy only allows this server itself, which also stops the navbar's
# tracking pixel and any external fonts or map tiles.
TALISMAN_ENABLED = True
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": ["'self'"],
        "default-src": ["'self'"],
        "img-src": ["'self'", "blob:", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": "'none'",
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
        "script-src": ["'self'", "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}
THEME_FONT_URL_ALLOWED_DOMAINS: list[str] = []
MAPBOX_API_KEY = ""
# Checking for new versions / help links are front-end only; keep the help menu local.
BUG_REPORT_URL = None
DOCUMENTATION_URL = None
TROUBLESHOOTING_LINK = ""
SHOW_STACKTRACE = False

# --- Caching: none (a rebuilt serving.duckdb must show at once) ---------------------------------
CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
# Filter state and explore form data need a working cache: keep it in the process.
FILTER_STATE_CACHE_CONFIG = {
    "CACHE_TYPE": "SimpleCache",
    "CACHE_DEFAULT_TIMEOUT": 86400,
}
EXPLORE_FORM_DATA_CACHE_CONFIG = {
    "CACHE_TYPE": "SimpleCache",
    "CACHE_DEFAULT_TIMEOUT": 86400,
}

# --- Features -----------------------------------------------------------------------------------
# Native filters and cross-filters are always on in Superset 6.
FEATURE_FLAGS = {
    # Dashboards carry roles (set by bootstrap.py): Analist does not even see Datakwaliteit.
    "DASHBOARD_RBAC": True,
    "DRILL_TO_DETAIL": True,
    "DRILL_BY": True,
    "THUMBNAILS": False,
    "ALERT_REPORTS": False,
    "ENABLE_TEMPLATE_PROCESSING": False,
    "GLOBAL_ASYNC_QUERIES": False,
}

# --- Dutch-friendly defaults ------------------------------------------------------------------
APP_NAME = "Mensenhandel monitor"
BABEL_DEFAULT_LOCALE = "nl"
LANGUAGES = {
    "nl": {"flag": "nl", "name": "Nederlands"},
    "en": {"flag": "us", "name": "English"},
}
# Superset's own Dutch pack lacks (or mistranslates) a few words analysts see on the dashboards:
# dutch_strings.py adds ours (nl_strings.yaml) to the pack as it is served.
import dutch_strings  # noqa: E402 - beside this file, on sys.path above

FLASK_APP_MUTATOR = dutch_strings.install

D3_FORMAT = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["€ ", ""],
}
D3_TIME_FORMAT = {
    "dateTime": "%a %e %B %Y %X",
    "date": "%d-%m-%Y",
    "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
    "months": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "shortMonths": [
        "jan",
        "feb",
        "mrt",
        "apr",
        "mei",
        "jun",
        "jul",
        "aug",
        "sep",
        "okt",
        "nov",
        "dec",
    ],
}

# Queries against the serving file are small; keep the server responsive.
ROW_LIMIT = 50000
SUPERSET_WEBSERVER_TIMEOUT = 120
