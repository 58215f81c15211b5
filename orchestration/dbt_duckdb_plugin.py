"""The dbt-duckdb plugin of dbt_project/profiles.yml: opens the build's own database and tells
the models its as-of date, both read from the invocation's build target
(orchestration/dbt_build_target.py says why they are not in the profile or the vars).

It runs inside the dbt process, when dbt-duckdb first connects (after the parse, which opens no
database): the profile's `path` is a fixed name that is never opened.
"""

from __future__ import annotations

from pathlib import Path

from dbt.adapters.duckdb.plugins import BasePlugin

from orchestration.dbt_build_target import read_build_target

# The DuckDB variable macros/record_versions.sql (`build_as_of_date`) reads: NULL counts every delivery.
AS_OF_DATE_VARIABLE = "mh_as_of_date"


class Plugin(BasePlugin):
    def update_connection_config(self, creds, config):
        # read here, not when the plugin is made: a parse makes no connection and needs no target
        self.target = read_build_target()
        # dbt-duckdb connects to creds.path right after this hook (environments initialize_db).
        # The catalog is named after the file: the relations dbt compiled name the profile's.
        if Path(self.target.warehouse_path).stem != creds.database:
            raise ValueError(
                f"the build database {self.target.warehouse_path} must be named {creds.database}.duckdb "
                "(dbt_project/profiles.yml names the catalog)"
            )
        creds.path = str(self.target.warehouse_path)

    def configure_connection(self, conn):
        self._set_as_of_date(conn)

    def configure_cursor(self, cursor):
        # every dbt connection is a cursor of the first, and a DuckDB variable lives per connection
        self._set_as_of_date(cursor)

    def _set_as_of_date(self, conn) -> None:
        as_of = self.target.as_of_date
        conn.execute(f"SET VARIABLE {AS_OF_DATE_VARIABLE} = ?::date", [as_of.isoformat() if as_of else None])
