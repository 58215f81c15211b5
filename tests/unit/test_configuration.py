"""Configuration travels as Dagster resources, not as process-wide environment writes (issue 16).

A build on one data dir that wrote MH_DATA_DIR into its process would redirect every later reader
in that process (a test worker's next build, a sensor tick) to that dir; and settings that only
read the environment could not show in Dagster which folders a run used.
"""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg

from orchestration.resources import PSEUDONYM_KEY, WAREHOUSE, PseudonymKey, WarehouseSettings

REPO = Path(__file__).resolve().parents[2]

# `os.environ[...] = ...`, `os.environ.update(...)`, `os.environ.setdefault(...)`, `os.putenv`
ENVIRONMENT_WRITE = re.compile(r"environ\[[^\]]*\]\s*=(?!=)|environ\.(update|setdefault)\(|putenv\(")


def test_no_code_of_the_pipeline_writes_the_process_environment():
    writes = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted((REPO / "orchestration").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ENVIRONMENT_WRITE.search(line)
    ]
    assert writes == []


def test_settings_reads_and_writes_nothing(tmp_path, monkeypatch):
    """Loading the settings (as the code location does at import) makes no file, folder or key."""
    from orchestration import settings as settings_module

    data = tmp_path / "data"
    monkeypatch.setenv("MH_DATA_DIR", str(data))
    monkeypatch.setenv("MH_INBOX_DIR", str(tmp_path / "inbox"))
    settings = settings_module.load_settings()
    assert settings.data_dir == data.resolve()
    assert list(tmp_path.iterdir()) == []
    # the demo key file and the key's record in the build database belong to orchestration/pseudonym_key.py
    assert not {"ensure_demo_key", "check_pseudonym_key"} & set(vars(settings_module))


def test_the_code_location_takes_its_folders_from_the_environment_as_resource_config(tmp_path, monkeypatch):
    """`dagster dev` and `make build` set MH_*; the resource shows them as config in Dagster."""
    monkeypatch.setenv("MH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MH_INBOX_DIR", str(tmp_path / "inbox"))
    monkeypatch.setenv("MH_DATA_DOCS_URL", "http://docs.example:8089/")
    monkeypatch.setenv("MH_INBOX_SETTLE_TICKS", "3")
    monkeypatch.setenv("MH_MAX_DELIVERY_MB", "0.5")
    warehouse = WarehouseSettings.from_environment()
    assert (
        warehouse.inbox_dir,
        warehouse.data_dir,
        warehouse.data_docs_url,
        warehouse.inbox_settle_ticks,
        warehouse.max_delivery_mb,
    ) == (
        str((tmp_path / "inbox").resolve()),
        str((tmp_path / "data").resolve()),
        "http://docs.example:8089/",
        3,
        0.5,
    )
    assert warehouse.settings.warehouse_path == (tmp_path / "data").resolve() / "warehouse.duckdb"


def test_the_key_never_shows_in_the_resource_config(tmp_path, monkeypatch):
    """The key resource's config holds where the key comes from, never the key: Dagster shows
    resource config in its UI and stores it with every run's job snapshot."""
    secret = "s" * 40
    monkeypatch.setenv("MH_PSEUDONYM_KEY", secret)
    key_resource = PseudonymKey()
    assert secret not in repr(key_resource.model_dump()) + repr(key_resource)
    assert key_resource.key() == secret.encode()

    # A demo key from a file: the path is config, the key is read when the step needs it.
    monkeypatch.delenv("MH_PSEUDONYM_KEY")
    key_file = tmp_path / "pseudonym.key"
    key_file.write_text("f" * 64)
    from_file = PseudonymKey(demo_key_file=str(key_file))
    assert from_file.key() == b"f" * 64
    assert "f" * 64 not in repr(from_file)


def test_a_run_gets_its_folders_from_the_resources_it_is_given(tmp_path, monkeypatch):
    """Two resources for two data dirs in one process: each run uses its own, whatever MH_DATA_DIR says."""
    monkeypatch.setenv("MH_DATA_DIR", str(tmp_path / "elsewhere"))
    seen = []

    @dg.asset(required_resource_keys={WAREHOUSE})
    def where(context) -> None:
        seen.append(context.resources.warehouse.settings.data_dir)

    for name in ("one", "two"):
        dg.materialize(
            [where],
            resources={
                WAREHOUSE: WarehouseSettings(
                    inbox_dir=str(tmp_path / "inbox"), data_dir=str(tmp_path / name)
                ),
                PSEUDONYM_KEY: PseudonymKey(),
            },
        )
    assert seen == [tmp_path / "one", tmp_path / "two"]
    assert not (tmp_path / "elsewhere").exists()


def test_the_ingestion_step_refuses_a_delivery_over_the_limit_its_resource_gives(tmp_path, monkeypatch):
    """The size limit travels with the run: MH_MAX_DELIVERY_MB in the environment does not apply."""
    from orchestration.assets.ingestion import accepted_check_name, ingestion_asset
    from orchestration.build_lock import BUILD_LOCK, build_lock_resource
    from orchestration.ingestion.contracts import CONTRACTS
    from tests.faults.registration import to_csv, valid_row

    monkeypatch.setenv("MH_MAX_DELIVERY_MB", "1000")
    comensha = next(c for c in CONTRACTS if c.source == "comensha")
    (tmp_path / "inbox" / "comensha").mkdir(parents=True)
    delivery = to_csv([valid_row(f"M-{i}", f"P-{i}") for i in range(20)])
    assert len(delivery) > 1024
    (tmp_path / "inbox" / "comensha" / "comensha_registraties_20180601.csv").write_bytes(delivery)
    result = dg.materialize(
        [ingestion_asset(comensha)],
        resources={
            BUILD_LOCK: build_lock_resource,
            PSEUDONYM_KEY: PseudonymKey(),
            WAREHOUSE: WarehouseSettings(
                inbox_dir=str(tmp_path / "inbox"), data_dir=str(tmp_path / "data"), max_delivery_mb=0.001
            ),
        },
    )
    (accepted,) = [
        e for e in result.get_asset_check_evaluations() if e.check_name == accepted_check_name(comensha)
    ]
    assert not accepted.passed
    assert "de grens is 0.001 MB; instelling MH_MAX_DELIVERY_MB" in accepted.description


def test_a_build_reads_its_settings_once_and_keeps_its_key_in_the_warehouse_dir(tmp_path, monkeypatch):
    """`python -m orchestration.build --as-of` reads the MH_* variables once for the whole build
    (orchestration/build.py main hands them to build_all): it builds in its own as_of_<date>/ dir
    and makes the demo key in the warehouse's dir. Refused by a held lock, it stops before Dagster."""
    import datetime as dt

    from orchestration import build, resources
    from orchestration.build_lock import build_lock

    data = (tmp_path / "data").resolve()
    monkeypatch.setenv("MH_DATA_DIR", str(data))
    monkeypatch.setenv("MH_INBOX_DIR", str(tmp_path / "inbox"))
    monkeypatch.delenv("MH_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    reads = []
    load_settings = resources.load_settings
    monkeypatch.setattr(resources, "load_settings", lambda: reads.append(1) or load_settings())
    as_of = dt.date(2019, 1, 1)
    as_of_build = WarehouseSettings(inbox_dir=str(tmp_path), data_dir=str(data), as_of_date=as_of.isoformat())
    assert as_of_build.settings.data_dir == data / f"as_of_{as_of.isoformat()}"

    with build_lock(as_of_build.settings):  # another build of that date holds its dir
        returned = build.main(["--as-of", as_of.isoformat()])

    assert (returned, len(reads)) == (2, 1)
    assert as_of_build.warehouse_settings.pseudonym_key_file.is_file()
    assert not as_of_build.settings.pseudonym_key_file.exists()
