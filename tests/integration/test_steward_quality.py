"""The data stewards' view of bad deliveries, through the real Dagster build (issue 5).

The session's fault story (tests/integration/fault_story.py): one inbox with the fault samples of
all three sources (tests/faults/), built once; then a CoMensha delivery with a melding dated 1999
(it passes the file contract, not the landing suite) is added and built again. Asserted on `quality.duckdb`,
the stewards' own database, as Superset reads it:

* every quarantined line of each fault delivery is there, per fault, with exactly its reasons,
  pseudonymised (no names, birth dates or source person ids), and every warning;
* every delivered file is in the load log, the rejected ones with the contract's message;
* the fault build fails exactly the expected expectations (none of severity error: the good rows
  publish), each result row carries the run, the delivery, the Data Docs page;
* the blocking delivery fails exactly one error expectation, with the keys of the failing row and
  its delivery; serving.duckdb stays the previous file while quality.duckdb shows the failure;
* the history keeps both runs (results, conflict counts), and the conflict tables agree with
  the conflict flags of the marts, counted independently.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.data_docs_links import data_docs_file
from tests.faults import prosecution as om
from tests.faults import registration as com
from tests.faults import residence as ind
from tests.integration.builds import check_evaluations, file_digest, materialised, run_build
from tests.integration.fault_story import BLOCKING_FILE, blocking_row

FAULT_FILES = {"comensha": com.FAULT_FILE, "ind": ind.FAULT_FILE, "om": om.FAULT_FILE}
# Columns of the extracts that identify a person and never reach DuckDB (contracts §7).
PERSONAL_COLUMNS = (
    "achternaam",
    "voornaam",
    "geboortedatum",
    "persoon_id",
    "v_nummer",
    "verdachte_id",
    "geboortejaar",
    "koppelsleutel",
)
# What the fault build fails: nothing of severity error (the good rows publish, as in
# test_pipeline_faults*.py), and two warnings, each caused by a fault of the IND sample:
# * W-DUBLIN, an accepted event with a 30-day (Dublin) reflection period before that period
#   existed: the ingestion's warning `code_buiten_geldigheid`, and the landing suite's warning;
# * the IND sample's few persons include several whose events give different nationalities, far
#   above the 5% share the residence_routes suite accepts.
# Pinned so that any other failure shows up here.
DUBLIN_WARNING = ("landing_ind", "expect_column_values_to_not_be_in_set", "bedenktijd_dagen", "warning")
NATIONALITY_CONFLICTS = (
    "residence_routes",
    "expect_column_values_to_be_in_set",
    "conflict_nationality",
    "warning",
)
EXPECTED_FAULT_BUILD_FAILURES = {DUBLIN_WARNING, NATIONALITY_CONFLICTS}
DATE_ERROR = ("landing_comensha", "expect_column_values_to_be_between", "datum_melding", "error")


def _quality(data: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(data / "quality.duckdb"), read_only=True)


def _faults():
    for source, module in (("comensha", com), ("ind", ind), ("om", om)):
        _, expected = module.fault_rows()
        for line, reasons in sorted(expected.quarantine.items()):
            yield pytest.param(source, line, reasons, id=f"{source}-line{line}")


def test_the_fault_build_publishes_both_databases(fault_story):
    first, data = fault_story.first, fault_story.data
    assert first.success
    assert "serving_database" in materialised(first)
    assert (data / "quality.duckdb").is_file()
    assert not (data / "quality.duckdb.new").exists()


@pytest.mark.parametrize(("source", "line", "reasons"), list(_faults()))
def test_each_quarantined_fault_is_in_quality_duckdb_with_its_reasons(fault_story, source, line, reasons):
    with _quality(fault_story.data) as con:
        rows = con.execute(
            "SELECT reasons, row_json FROM steward.quarantine WHERE source = ? AND file_name = ? AND row_number = ?",
            [source, FAULT_FILES[source], line],
        ).fetchall()
    assert [r[0] for r in rows] == [reasons]
    row = json.loads(rows[0][1])
    assert not set(row) & set(PERSONAL_COLUMNS), sorted(row)


def test_quarantine_and_warnings_hold_exactly_the_faults(fault_story):
    with _quality(fault_story.data) as con:
        for source, expected in fault_story.expected.items():
            quarantined = dict(
                con.execute(
                    "SELECT row_number, reasons FROM steward.quarantine WHERE source = ? AND file_name = ?",
                    [source, FAULT_FILES[source]],
                ).fetchall()
            )
            assert quarantined == expected.quarantine, source
            warnings = set(
                con.execute(
                    "SELECT row_number, code, column_name FROM steward.warnings WHERE source = ? AND file_name = ?",
                    [source, FAULT_FILES[source]],
                ).fetchall()
            )
            assert warnings == expected.warnings, source


def test_no_name_or_birth_date_of_the_fault_sample_reaches_quality_duckdb(fault_story):
    with _quality(fault_story.data) as con:
        text = "\n".join(str(r) for (r,) in con.execute("SELECT row_json FROM steward.quarantine").fetchall())
    for value in ("de Vries", "Anna", "14-02-1994", '"P-1"', "0001234567"):
        assert value not in text, value


def test_the_load_log_names_every_file_and_every_rejection(fault_story):
    with _quality(fault_story.data) as con:
        log = {
            (s, f): (st, e)
            for s, f, st, e in con.execute(
                "SELECT source, file_name, status, error FROM steward.load_log"
            ).fetchall()
        }
    for name, (_content, status, error) in com.rejected_files().items():
        # the contract leaves the detail after the reason free (e.g. "op byte 323")
        assert log[("comensha", name)][0] == status
        assert log[("comensha", name)][1].startswith(error), name
    for source, module in (("ind", ind), ("om", om)):
        for name, rejection in module.rejected_files().items():
            status, error = log[(source, name)]
            assert status == rejection.status
            assert error == rejection.error if rejection.exact else error.startswith(rejection.error)
    for source, name in FAULT_FILES.items():
        assert log[(source, name)][0] == "geladen"


def test_the_fault_build_fails_exactly_the_expected_expectations(fault_story):
    first = fault_story.first
    with _quality(fault_story.data) as con:
        failed = set(
            con.execute(
                "SELECT suite, expectation, column_name, severity FROM steward.results "
                "WHERE run_id = ? AND NOT success",
                [first.run_id],
            ).fetchall()
        )
        suites = {
            s
            for (s,) in con.execute(
                "SELECT DISTINCT suite FROM steward.results WHERE run_id = ?", [first.run_id]
            ).fetchall()
        }
        missing_refs = con.execute(
            "SELECT count(*) FROM steward.results WHERE run_id = ? AND "
            "(delivery IS NULL OR data_docs_page IS NULL)",
            [first.run_id],
        ).fetchone()[0]
    assert failed == EXPECTED_FAULT_BUILD_FAILURES
    from orchestration.quality import SUITE_NAMES

    assert suites == set(SUITE_NAMES)
    assert missing_refs == 0


def test_the_dublin_fault_is_named_with_its_row(fault_story):
    """The landing warning points at exactly the faulty row of the IND delivery."""
    first = fault_story.first
    (line,) = [
        r
        for r, code, column in fault_story.expected["ind"].warnings
        if (code, column) == ("code_buiten_geldigheid", "bedenktijd_dagen")
    ]
    with _quality(fault_story.data) as con:
        ref, delivery, observed = con.execute(
            "SELECT failing_rows_ref, delivery, observed_value FROM steward.results "
            "WHERE run_id = ? AND suite = ? AND expectation = ? AND column_name = ?",
            [first.run_id, *DUBLIN_WARNING[:3]],
        ).fetchone()
    assert json.loads(ref) == {
        "table": "raw.landing_ind",
        "rows": [{"file_name": ind.FAULT_FILE, "row_number": line}],
    }
    assert observed.startswith("1 van ")
    assert delivery.startswith("2019-03-") and "ind_verblijf_2019" in delivery


def test_an_error_blocks_serving_but_quality_duckdb_shows_why(fault_story):
    second, data = fault_story.second, fault_story.data
    check = check_evaluations(second)["landing_comensha_expectations"]
    assert not check.passed and check.severity.value == "ERROR"
    assert "datum" in check.description
    # Dagster links the run's page and the index over HTTP, not as a file only this machine opens.
    assert data_docs_file(check.metadata["data_docs_page"].url, data).is_file()
    assert data_docs_file(check.metadata["data_docs"].url, data) == data / "data_docs" / "index.html"
    assert "serving_database" not in materialised(second)
    assert file_digest(data / "serving.duckdb") == fault_story.serving_before
    assert file_digest(data / "quality.duckdb") != fault_story.quality_before

    with _quality(data) as con:
        failed = con.execute(
            "SELECT suite, expectation, column_name, severity, delivery, data_docs_page, failing_rows_ref "
            "FROM steward.results WHERE run_id = ? AND NOT success",
            [second.run_id],
        ).fetchall()
        runs = {r for (r,) in con.execute("SELECT DISTINCT run_id FROM steward.runs").fetchall()}
    # the blocking delivery's error; the IND warning of the unchanged landing table stays; the
    # marts were not rebuilt, so their suites did not run
    assert {f[:4] for f in failed} == {DATE_ERROR, DUBLIN_WARNING}
    (_, _, _, _, delivery, page, ref) = [f for f in failed if f[:4] == DATE_ERROR][0]
    assert delivery == f"2018-11-01: {BLOCKING_FILE}"
    assert data_docs_file(page, data).is_file()
    assert json.loads(ref) == {
        "table": "raw.landing_comensha",
        "rows": [{"file_name": BLOCKING_FILE, "row_number": 2}],
    }
    # the history: both runs
    assert runs == fault_story.first_run_ids | {second.run_id}


def test_conflict_tables_match_the_marts_flags(fault_story):
    data, first = fault_story.data, fault_story.first
    wh = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        expected = {
            ("comensha", kind): wh.execute(f"SELECT count(*) FROM marts.victims WHERE {flag}").fetchone()[0]
            for kind, flag in (
                ("geslacht", "conflict_gender"),
                ("nationaliteit", "conflict_nationality"),
                ("leeftijd", "conflict_age"),
            )
        } | {
            ("ind", kind): wh.execute(f"SELECT count(*) FROM marts.residence_routes WHERE {flag}").fetchone()[
                0
            ]
            for kind, flag in (
                ("geslacht", "conflict_gender"),
                ("nationaliteit", "conflict_nationality"),
                ("leeftijd", "conflict_age"),
            )
        }
    finally:
        wh.close()
    with _quality(data) as con:
        summary = {
            (s, k): n
            for s, k, n in con.execute(
                "SELECT source, kind, sum(persons) FROM steward.conflicts GROUP BY ALL"
            ).fetchall()
        }
        persons = {
            (s, k): n
            for s, k, n in con.execute(
                "SELECT source, kind, count(*) FROM steward.conflict_persons GROUP BY ALL"
            ).fetchall()
        }
        history = {
            (s, k): n
            for s, k, n in con.execute(
                "SELECT source, kind, persons FROM steward.conflict_history WHERE run_id = ?", [first.run_id]
            ).fetchall()
        }
    assert {k: v for k, v in expected.items() if v} == summary == persons
    assert history == expected


def test_quality_duckdb_of_the_default_sample_holds_no_personal_data(built_warehouse):
    """The privacy audit of issue 6 (tests/integration/test_privacy.py) on the stewards' file:
    no column named for personal data, no name, birth date or source person id as a value."""
    from tests.integration.test_privacy import FORBIDDEN_COLUMN_WORDS, leaked_values

    con = duckdb.connect(str(built_warehouse.data_dir / "quality.duckdb"), read_only=True)
    try:
        tables = {
            t
            for (t,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'steward'"
            ).fetchall()
        }
        assert {
            "results",
            "runs",
            "load_log",
            "quarantine",
            "warnings",
            "conflicts",
            "conflict_persons",
            "conflict_history",
        } <= tables
        columns = con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall()
        assert [(t, c) for t, c in columns if any(w in c.lower() for w in FORBIDDEN_COLUMN_WORDS)] == []
        assert leaked_values(con, built_warehouse.inbox_dir) == []
    finally:
        con.close()


# issue 15: what the steward reads first, in Dutch.

# Words a steward needs to read in the Dutch reason of each code (contract README §5).
REASON_WORDS = {
    "ongeldige_code": "codelijst",
    "verplicht_veld_leeg": "ontbreekt",
    "aantal_velden": "velden",
    "ongeldig_formaat": "formaat",
    "dubbele_sleutel": "vaker",
    "veld_niet_toegestaan": "leeg",
    "inconsistent": "strijdig",
}


def test_every_quarantined_row_has_its_reasons_in_plain_dutch(fault_story):
    with _quality(fault_story.data) as con:
        rows = con.execute("SELECT reasons, reasons_text FROM steward.quarantine").fetchall()
    problems = []
    for reasons, text in rows:
        parts = text.split("; ") if text else []
        if len(parts) != len(reasons.split("; ")):
            problems.append((reasons, text))
            continue
        for reason, part in zip(reasons.split("; "), parts):
            code, _, column = reason.partition(":")
            if (
                REASON_WORDS[code] not in part
                or code in part
                or (column != "-" and f"kolom {column}" not in part)
            ):
                problems.append((reason, part))
    assert rows and problems == []


def test_a_quarantined_row_of_the_newest_delivery_fails_the_landing_check(fault_story):
    """CoMensha's newest accepted delivery of the fault build is its fault file (the later files
    are rejected whole): landing_comensha fails no expectation, and fails as a warning for the
    quarantine. OM's newest accepted delivery is a later, clean file: its check passes."""
    _, expected = com.fault_rows()
    checks = check_evaluations(fault_story.first)
    check = checks["landing_comensha_expectations"]
    assert (check.passed, check.severity.value) == (False, "WARN")
    assert f"{len(expected.quarantine)} rijen in quarantaine ({com.FAULT_FILE}: " in check.description
    assert checks["landing_om_expectations"].passed


def test_severities_are_dutch_for_the_stewards(fault_story):
    with _quality(fault_story.data) as con:
        pairs = set(con.execute("SELECT DISTINCT severity, severity_nl FROM steward.results").fetchall())
    assert pairs == {("error", "blokkerend"), ("warning", "waarschuwing")}
    check = check_evaluations(fault_story.first)["landing_ind_expectations"]
    failed = check.metadata["failed_expectations"].value
    assert (
        failed and {f["ernst"] for f in failed} == {"waarschuwing"} and "[waarschuwing]" in check.description
    )


def test_a_run_and_source_without_failures_says_so(fault_story):
    """The fault build fails expectations of IND only: every other source of that run has one
    row saying there is none; IND has its failures and no such row."""
    first = fault_story.first
    with _quality(fault_story.data) as con:
        rows = con.execute(
            "SELECT source, beschrijving, success FROM steward.failures WHERE run_id = ?", [first.run_id]
        ).fetchall()
        sources = {
            s
            for (s,) in con.execute(
                "SELECT DISTINCT source FROM steward.results WHERE run_id = ?", [first.run_id]
            ).fetchall()
        }
    none_failed = sorted(s for s, b, ok in rows if b == "Geen mislukte verwachtingen")
    assert none_failed == sorted(sources - {"ind"})
    assert sorted(s for s, b, ok in rows if ok is False) == ["ind", "ind"]


def test_the_state_says_blocked_by_what_and_the_newest_delivery(fault_story):
    """After the blocked second build: its run is blocked by the landing_comensha date
    expectation; CoMensha's newest delivery is the blocked one; the state names no delivery the
    dashboards show (serving's own data_status says that, tests/superset/test_datakwaliteit.py),
    only that serving.duckdb was published."""
    second, data = fault_story.second, fault_story.data
    wh = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:

        def newest(source: str) -> str:
            day, files = wh.execute(
                "SELECT strftime(delivery_date, '%Y-%m-%d'), string_agg(file_name, ', ' ORDER BY file_name) "
                "FROM raw.load_log WHERE source = ? AND status = 'geladen' "
                "GROUP BY delivery_date ORDER BY delivery_date DESC LIMIT 1",
                [source],
            ).fetchone()
            return f"{day}: {files}"

        expected = {source: newest(source) for source in ("comensha", "ind", "om")}
    finally:
        wh.close()
    assert expected["comensha"] == f"2018-11-01: {BLOCKING_FILE}"
    with _quality(data) as con:
        columns = [
            c
            for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'state' ORDER BY ordinal_position"
            ).fetchall()
        ]
        state = con.execute(
            "SELECT source, run_started, status, blocked_by, newest_delivery, published FROM steward.state"
        ).fetchall()
        newest_run = con.execute(
            "SELECT run_started FROM steward.results WHERE run_id = ? LIMIT 1", [second.run_id]
        ).fetchone()[0]
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as wh:
        tables = {
            t
            for (t,) in wh.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'quality'"
            ).fetchall()
        }
    problems = []
    if "publications" in tables:
        problems.append("quality.publications still kept: a second record of what serving holds")
    if [c for c in columns if "shown" in c or c == "published_at"]:
        problems.append(("the state names what serving shows", columns))
    assert sorted(s[0] for s in state) == sorted(expected)
    for source, started, status, blocked_by, newest_delivery, published in state:
        if (started, status, published) != (newest_run, "geblokkeerd", "gepubliceerd"):
            problems.append((source, started, status, published))
        if "landing_comensha" not in blocked_by or "datum van de melding" not in blocked_by:
            problems.append((source, blocked_by))
        if newest_delivery != expected[source]:
            problems.append((source, newest_delivery, expected[source]))
    assert problems == []


def test_a_first_build_that_is_blocked_says_nothing_was_published(tmp_path):
    """Only the blocking delivery in the inbox: the first build ever is stopped by the landing
    suite, no serving.duckdb is written, and the state says "nog niet gepubliceerd"."""
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    (inbox / "comensha").mkdir(parents=True)
    (inbox / "comensha" / BLOCKING_FILE).write_bytes(com.to_csv([blocking_row()]))
    run_build(inbox, data)
    assert not (data / "serving.duckdb").exists()
    with _quality(data) as con:
        state = con.execute("SELECT source, status, published FROM steward.state").fetchall()
    assert state == [("comensha", "geblokkeerd", "nog niet gepubliceerd")]


def test_conflicts_are_listed_per_person_with_the_reports_that_disagree(fault_story):
    """Each person of conflict_persons, by pseudonym only, with every value reported and the
    deliveries (file, lines) that reported it, checked against staging for gender and nationality."""
    data = fault_story.data
    with _quality(data) as con:
        listed = con.execute(
            "SELECT source, person_key, person, registration_year, kind, reports FROM steward.conflict_persons "
            "WHERE kind IN ('geslacht', 'nationaliteit')"
        ).fetchall()
        columns = {
            c
            for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'conflict_persons'"
            ).fetchall()
        }
    assert listed, "the fault samples have persons whose reports disagree"
    assert "records" not in columns  # no source record ids
    wh = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    problems = []
    try:
        for source, key, person, year, kind, reports in listed:
            if not key.startswith(person) or len(person) < 8:
                problems.append((key, person))
            if source == "comensha":
                found = wh.execute(
                    f"SELECT {kind}, strftime(delivery_date, '%Y-%m-%d'), file_name, source_row_number "
                    "FROM staging.stg_comensha__meldingen WHERE person_key = ? AND registration_year = ?",
                    [key, year],
                ).fetchall()
            else:
                found = wh.execute(
                    f"SELECT {kind}, strftime(delivery_date, '%Y-%m-%d'), file_name, source_row_number "
                    "FROM staging.stg_ind__gebeurtenissen WHERE person_key = ?",
                    [key],
                ).fetchall()
            lines: dict[tuple, list[int]] = {}
            for v, d, f, r in found:
                if v is not None:
                    lines.setdefault((v, d, f), []).append(r)
            want = {
                f"{v} in {d}: {f} regel{'s' if len(rs) > 1 else ''} {', '.join(map(str, sorted(rs)))}"
                for (v, d, f), rs in lines.items()
            }
            if set(reports.split("; ")) != want or len({v for v, *_ in lines}) < 2:
                problems.append((source, person, kind, reports, sorted(want)))
    finally:
        wh.close()
    assert problems == []
