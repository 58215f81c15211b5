"""Development warehouse for the IND dbt models (residence rules V1-V11).

    uv run python dbt_project/scripts/make_dev_warehouse_ind.py /tmp/ind/warehouse.duckdb [XLSX ...]
    cd dbt_project && MH_WAREHOUSE_PATH=/tmp/ind/warehouse.duckdb uv run dbt build

Starts from the hand-made registration warehouse of make_dev_warehouse.py, creates every landing
table of the ingestion (empty, exactly as orchestration.ingestion.store.ensure_tables makes them:
the dbt models must build on an empty `raw.landing_ind`), and loads the given IND files (e.g. the
default sample `seeds/ind/*.xlsx`) through the real ingestion with a fixed development key.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import duckdb

# a fixed development key (not a secret: the sample is synthetic)
DEV_KEY = b"dev-only-pseudonym-key-for-the-synthetic-sample"

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_dev_warehouse  # noqa: E402

from orchestration.ingestion.contracts import CONTRACTS, RESIDENCE  # noqa: E402
from orchestration.ingestion.run import ingest_source  # noqa: E402
from orchestration.ingestion.store import ensure_tables  # noqa: E402


def main(path: str, files: list[str]) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).unlink(missing_ok=True)
    make_dev_warehouse.main(path)
    con = duckdb.connect(path)
    ensure_tables(con, list(CONTRACTS))
    with tempfile.TemporaryDirectory() as inbox:
        (Path(inbox) / "ind").mkdir()
        for f in files:
            shutil.copy(f, Path(inbox) / "ind" / Path(f).name)
        for outcome in ingest_source(RESIDENCE, Path(inbox), con, DEV_KEY):
            print(outcome)
    print(con.execute("select count(*) from raw.landing_ind").fetchone()[0], "rows in raw.landing_ind")
    con.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
