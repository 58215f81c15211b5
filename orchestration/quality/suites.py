"""The Great Expectations suites: the one source of truth for what the stewards are shown.

Every expectation carries `meta.severity` and `meta.beschrijving`:

* `error`: the data cannot be published; the Dagster check fails and blocks the publish step.
* `warning`: the data is published, and the failure is listed for the data stewards.

`beschrijving` says in plain Dutch what is checked, for a steward who does not read code. The
expectation's `description`, which the Data Docs show instead of GX's English sentence, is the
same text after a severity label: `[blokkerend]` or `[waarschuwing]`.

The suites are rebuilt from this module in every process and written to the GX stores under the
data directory (orchestration/quality/gx_runner.py); nothing in `expectations/` holds a copy.
Code lists of the landing table come from the ingestion contract (one list per code, the
contract's); the mart's value sets are those of `dbt_project/models/marts/_marts.yml`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.expectations.metadata_types import FailureSeverity
from great_expectations.expectations.row_conditions import Column

from orchestration.settings import DBT_PROJECT_DIR

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)

_GX_SEVERITY = {ERROR: FailureSeverity.CRITICAL, WARNING: FailureSeverity.WARNING}
SEVERITY_LABEL = {ERROR: "[blokkerend]", WARNING: "[waarschuwing]"}

HEX64 = r"^[0-9a-f]{64}$"


def _param(name: str) -> dict[str, str]:
    """A suite parameter, filled in per run (`run_suite(parameters=...)`)."""
    return {"$PARAMETER": name}


def expect(
    expectation: type[gxe.Expectation], severity: str, beschrijving: str, **kwargs: Any
) -> gxe.Expectation:
    """One expectation with our severity and Dutch description.

    `catch_exceptions=True`: an expectation that cannot be evaluated (a missing column, a wrong
    type) fails with the exception in its result instead of aborting the whole suite, so the
    stewards still see every other outcome.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    return expectation(
        **kwargs,
        meta={"severity": severity, "beschrijving": beschrijving},
        severity=_GX_SEVERITY[severity],
        description=f"{SEVERITY_LABEL[severity]} {beschrijving}",
        catch_exceptions=True,
    )


@dataclass(frozen=True)
class SuiteSpec:
    """A suite, the table it is meant for, and its run parameters.

    `parameters` maps each suite parameter to its default; a default of None means the caller
    must pass it. Callables are evaluated per run (e.g. today's date).
    """

    name: str
    table: str
    build: Callable[[], gx.ExpectationSuite]
    parameters: dict[str, Any] = field(default_factory=dict)
    # Parameters compared with date/timestamp columns: passed to GX as pandas Timestamps. GX
    # 1.24 parses a string bound into a datetime.date, which pandas refuses to compare with the
    # datetime64[us] columns that DuckDB and pandas 3 produce.
    timestamp_parameters: tuple[str, ...] = ()

    def resolve_parameters(self, given: dict[str, Any] | None) -> dict[str, Any]:
        given = dict(given or {})
        unknown = sorted(set(given) - set(self.parameters))
        if unknown:
            raise ValueError(f"suite {self.name!r} has no parameters {unknown}; known: {sorted(self.parameters)}")
        resolved: dict[str, Any] = {}
        for name, default in self.parameters.items():
            value = given[name] if name in given else (default() if callable(default) else default)
            if value is None:
                raise ValueError(f"suite {self.name!r} needs the parameter {name!r}")
            if name in self.timestamp_parameters:
                value = pd.Timestamp(value)
            resolved[name] = value
        return resolved


# --------------------------------------------------------------------------------------------
# landing_comensha: raw.landing_comensha (docs/tables.md)
# --------------------------------------------------------------------------------------------

# docs/tables.md, in table order. Written out here, not derived from the ingestion code, because
# this list is the guard that no personal data (names, dates of birth, source ids) reaches DuckDB.
LANDING_COMENSHA_COLUMNS = (
    "melding_id", "person_key", "age_at_report", "geslacht", "nationaliteit", "datum_melding",
    "melder_type", "melder_organisatie", "politie_eenheid", "kmar_regio", "emm_rol",
    "gemeente_aantreffen", "sector", "subsector", "land_werving", "land_uitbuiting",
    "uitzendbureau", "doel_melding", "eerste_opvang", "aangifte", "link_hash", "status",
    "gewijzigd_op", "file_name", "delivery_date", "row_number", "loaded_at",
)

# The reporting window starts in 2013, but landing keeps every melding delivered, older ones
# too. A date before 2000 is taken to be a parsing or source error rather than history (an
# assumption: move it if older registrations are ever loaded on purpose).
DATUM_MELDING_EARLIEST = "2000-01-01"


@cache
def _registration_codes(column: str) -> tuple[str, ...]:
    from orchestration.ingestion.contracts.registration import REGISTRATION

    for c in REGISTRATION.columns:
        if c.name == column:
            return tuple(c.codes)
    raise KeyError(column)


def build_landing_comensha() -> gx.ExpectationSuite:
    codes = _registration_codes
    expectations: list[gxe.Expectation] = []
    add = expectations.append
    add(expect(
        gxe.ExpectTableColumnsToMatchSet, ERROR,
        "De tabel heeft precies de afgesproken kolommen. Er staan geen namen, geboortedata of "
        "CoMensha-persoonsnummers in: die worden bij het inlezen verwijderd of vervangen.",
        column_set=list(LANDING_COMENSHA_COLUMNS), exact_match=True,
    ))
    for column, wat in (
        ("melding_id", "het meldingnummer"),
        ("person_key", "de versleutelde persoonssleutel"),
        ("geslacht", "het geslacht (V, M of O)"),
        ("nationaliteit", "de nationaliteit (eventueel Onbekend)"),
        ("datum_melding", "de datum van de melding"),
        ("melder_type", "het type melder"),
        ("doel_melding", "het doel van de melding"),
        ("status", "de status (Actief of Vervallen)"),
        ("gewijzigd_op", "het tijdstip van de laatste wijziging"),
        ("file_name", "het bronbestand"),
        ("row_number", "het regelnummer in het bronbestand"),
    ):
        add(expect(
            gxe.ExpectColumnValuesToNotBeNull, ERROR,
            f"Elke melding heeft {wat}.", column=column,
        ))
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "De persoonssleutel is versleuteld (64 tekens 0-9 en a-f), nooit het persoonsnummer zelf.",
        column="person_key", regex=HEX64,
    ))
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "De koppelsleutel is, als hij er is, versleuteld (64 tekens 0-9 en a-f), nooit de sleutel zelf.",
        column="link_hash", regex=HEX64,
    ))
    for column, beschrijving in (
        ("geslacht", "Het geslacht is V, M of O."),
        ("melder_type", f"Het type melder is een van: {', '.join(codes('melder_type'))}."),
        ("doel_melding", "Het doel van de melding is Registratie, Informatie en advies of Verzoek opvang."),
        ("status", "De status is Actief of Vervallen."),
        ("politie_eenheid", "De politie-eenheid is, als die is ingevuld, een van de tien regionale "
                            "eenheden, de Landelijke Eenheid of Onbekend."),
        ("emm_rol", "De rol bij een EMM-melding is, als die is ingevuld, slachtoffer, benadeelde, "
                    "getuige of betrokkene."),
        ("eerste_opvang", "De eerste opvang is, als die is ingevuld, COSM, Reguliere opvang, "
                          "Kortdurende opvang of Geen opvang."),
        ("aangifte", "De aangifte is, als die is ingevuld, Ja, Nee, Bedenktijd loopt, Intake of Onbekend."),
        ("nationaliteit", "De nationaliteit staat in de landenlijst van de monitor (of is Onbekend)."),
    ):
        add(expect(
            gxe.ExpectColumnValuesToBeInSet, ERROR, beschrijving,
            column=column, value_set=list(codes(column)),
        ))
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "De gemeente van aantreffen is, als die is ingevuld, een CBS-gemeentecode (GM en vier cijfers).",
        column="gemeente_aantreffen", regex=r"^GM[0-9]{4}$",
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        "De leeftijd bij de melding ligt, als die bekend is, tussen 0 en 99 jaar.",
        column="age_at_report", min_value=0, max_value=99,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        "De datum van de melding ligt niet vóór 2000 en niet in de toekomst.",
        column="datum_melding",
        min_value=_param("datum_melding_min"), max_value=_param("datum_melding_max"),
    ))
    add(expect(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB, ERROR,
        "Een melding is niet gewijzigd vóór de dag waarop zij binnenkwam.",
        column_A="gewijzigd_op", column_B="datum_melding", or_equal=True,
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectCompoundColumnsToBeUnique, ERROR,
        "Elke regel van een bronbestand is precies één keer geladen.",
        column_list=["file_name", "row_number"],
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, WARNING,
        "Bij hoogstens 20% van de meldingen ontbreekt de leeftijd (geboortedatum niet opgegeven). "
        "Meer wijst op een probleem bij de bron.",
        column="age_at_report", mostly=0.8,
    ))
    return gx.ExpectationSuite(
        name="landing_comensha",
        expectations=expectations,
        meta={
            "table": "raw.landing_comensha",
            "beschrijving": (
                "Controles op de geladen CoMensha-meldingen (elke versie van elke melding), "
                "direct na het inlezen en vóór de verdere verwerking."
            ),
        },
    )


# --------------------------------------------------------------------------------------------
# landing_ind and landing_om: raw.landing_ind and raw.landing_om (docs/tables.md, "Landing
# tables of the IND and OM extracts")
# --------------------------------------------------------------------------------------------

# docs/tables.md, in table order. Written out here, like LANDING_COMENSHA_COLUMNS, as the guard
# that no v_nummer, geboortedatum, verdachte_id, achternaam, geboortejaar or raw koppelsleutel
# reaches DuckDB.
LANDING_IND_COLUMNS = (
    "gebeurtenis_id", "person_key", "age_at_event", "geslacht", "nationaliteit", "gebeurtenis",
    "datum", "pad", "grond", "beslissing", "fase", "bedenktijd_dagen", "uitbuitingsvorm",
    "link_hash", "status", "gewijzigd_op", "file_name", "delivery_date", "row_number", "loaded_at",
)
LANDING_OM_COLUMNS = (
    "parketnummer", "suspect_key", "age_at_registration", "geslacht", "nationaliteit", "parket",
    "inschrijfdatum", "wetsartikel", "uitbuitingsvorm", "afdoening", "afdoeningsdatum", "vonnis",
    "vonnisdatum", "instantie", "strafsoort", "strafduur_dagen", "aantal_slachtoffers",
    "victim_link_hashes", "status", "gewijzigd_op", "file_name", "delivery_date", "row_number",
    "loaded_at",
)

# Both extracts hold rows dated before the reporting window (residence.md V1, prosecution.md
# §0). As for CoMensha, a date before 2000 is taken to be a parsing or source error rather than
# history (an assumption: move it if older events or cases are ever loaded on purpose).
DATUM_IND_EARLIEST = "2000-01-01"
INSCHRIJFDATUM_OM_EARLIEST = "2000-01-01"

# Largest acceptable share of rows with nationaliteit `Onbekend`. The contracts give no
# calibration: IND and OM register the nationality of (nearly) everyone, and an unknown name
# becomes `Onbekend` at ingestion (contracts/README.md §9), so a higher share points at a
# spelling the country list does not know. An assumption, to be tuned on real deliveries.
MAX_SHARE_NATIONALITEIT_ONBEKEND = 0.10
# Largest acceptable share of OM rows without an age (geboortejaar is optional in the extract).
# Also an assumption.
MAX_SHARE_OM_AGE_MISSING = 0.20


@cache
def _contract_codes(source: str, column: str) -> tuple[str, ...]:
    """The code list of `column` in the ingestion contract of `source` (comensha, ind, om)."""
    from orchestration.ingestion.contracts import CONTRACTS

    (contract,) = [c for c in CONTRACTS if c.source == source]
    for c in contract.columns:
        if c.name == column:
            if not c.codes:
                raise ValueError(f"contract {source!r} has no code list for {column!r}")
            return tuple(c.codes)
    raise KeyError(column)


def _iso(date: dt.date) -> str:
    """A date for a row condition: GX 1.24 turns it into a pandas query (`datum < '2015-01-01'`),
    which compares a string with datetime64 columns correctly; a date object would not survive
    the JSON suite store."""
    return date.isoformat()


def _nl_date(date: dt.date) -> str:
    months = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december")
    return f"{date.day} {months[date.month - 1]} {date.year}"


def build_landing_ind() -> gx.ExpectationSuite:
    from orchestration.ingestion.contracts.residence import (
        DUBLIN_PERIOD_FROM,
        EXPLOITATION_FROM,
        PROSECUTION_GROUND,
        PROSECUTION_GROUND_FROM,
    )

    def codes(column: str) -> tuple[str, ...]:
        return _contract_codes("ind", column)

    expectations: list[gxe.Expectation] = []
    add = expectations.append
    add(expect(
        gxe.ExpectTableColumnsToMatchSet, ERROR,
        "De tabel heeft precies de afgesproken kolommen. Er staan geen V-nummers, geboortedata of "
        "koppelsleutels in: die worden bij het inlezen verwijderd of vervangen.",
        column_set=list(LANDING_IND_COLUMNS), exact_match=True,
    ))
    for column, wat in (
        ("gebeurtenis_id", "een gebeurtenisnummer"),
        ("person_key", "de versleutelde persoonssleutel"),
        ("geslacht", "het geslacht (eventueel Onbekend)"),
        ("nationaliteit", "de nationaliteit (eventueel Onbekend)"),
        ("gebeurtenis", "het soort gebeurtenis"),
        ("datum", "de datum van de gebeurtenis"),
        ("status", "de status (Actief of Vervallen)"),
        ("gewijzigd_op", "het tijdstip van de laatste wijziging"),
        ("file_name", "het bronbestand"),
        ("row_number", "het regelnummer in het bronbestand"),
    ):
        add(expect(
            gxe.ExpectColumnValuesToNotBeNull, ERROR,
            f"Elke IND-gebeurtenis heeft {wat}.", column=column,
        ))
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "De persoonssleutel is versleuteld (64 tekens 0-9 en a-f), nooit het V-nummer zelf.",
        column="person_key", regex=HEX64,
    ))
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "De koppelsleutel is, als hij er is, versleuteld (64 tekens 0-9 en a-f), nooit de sleutel zelf.",
        column="link_hash", regex=HEX64,
    ))
    for column, beschrijving in (
        ("geslacht", f"Het geslacht is {_or(codes('geslacht'))}."),
        ("nationaliteit", "De nationaliteit staat in de landenlijst van de monitor (of is Onbekend)."),
        ("gebeurtenis", f"De gebeurtenis is een van: {', '.join(codes('gebeurtenis'))}."),
        ("pad", f"Het pad is, als het is ingevuld, {_or(codes('pad'))}."),
        ("grond", f"De verblijfsgrond is, als die is ingevuld, een van: {', '.join(codes('grond'))}."),
        ("beslissing", f"De beslissing is, als die is ingevuld, {_or(codes('beslissing'))}."),
        ("fase", f"De fase is, als die is ingevuld, {_or(codes('fase'))}."),
        ("bedenktijd_dagen", f"De bedenktijd is, als die is ingevuld, {_or(codes('bedenktijd_dagen'))} dagen."),
        ("uitbuitingsvorm", f"De uitbuitingsvorm is, als die is ingevuld, {_or(codes('uitbuitingsvorm'))}."),
        ("status", f"De status is {_or(codes('status'))}."),
    ):
        add(expect(
            gxe.ExpectColumnValuesToBeInSet, ERROR, beschrijving,
            column=column, value_set=list(codes(column)),
        ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        "De leeftijd op de datum van de gebeurtenis ligt, als die bekend is, tussen 0 en 99 jaar.",
        column="age_at_event", min_value=0, max_value=99,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        f"De datum van de gebeurtenis ligt niet vóór {DATUM_IND_EARLIEST[:4]} en niet in de toekomst.",
        column="datum", min_value=_param("datum_min"), max_value=_param("datum_max"),
    ))
    add(expect(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB, ERROR,
        "Een gebeurtenis is niet gewijzigd vóór de dag waarop zij plaatsvond.",
        column_A="gewijzigd_op", column_B="datum", or_equal=True,
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeNull, ERROR,
        f"De uitbuitingsvorm is leeg bij gebeurtenissen vóór {_nl_date(EXPLOITATION_FROM)}: "
        "de IND registreert die pas sinds 2015.",
        column="uitbuitingsvorm", row_condition=Column("datum") < _iso(EXPLOITATION_FROM),
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeInSet, ERROR,
        f"De verblijfsgrond '{PROSECUTION_GROUND}' komt niet voor vóór "
        f"{_nl_date(PROSECUTION_GROUND_FROM)}: die grond bestaat pas sinds die datum.",
        column="grond", value_set=[PROSECUTION_GROUND],
        row_condition=Column("datum") < _iso(PROSECUTION_GROUND_FROM),
    ))
    add(expect(
        gxe.ExpectCompoundColumnsToBeUnique, ERROR,
        "Elke regel van een bronbestand is precies één keer geladen.",
        column_list=["file_name", "row_number"],
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeInSet, WARNING,
        f"Bij hoogstens {MAX_SHARE_NATIONALITEIT_ONBEKEND:.0%} van de IND-gebeurtenissen is de "
        "nationaliteit Onbekend. Meer wijst op landnamen die de landenlijst niet kent.",
        column="nationaliteit", value_set=["Onbekend"], mostly=1 - MAX_SHARE_NATIONALITEIT_ONBEKEND,
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeInSet, WARNING,
        f"Een bedenktijd van 30 dagen (Dublin) komt niet voor vóór {_nl_date(DUBLIN_PERIOD_FROM)}. "
        "Zulke regels zijn wel geladen; laat de IND ze nakijken.",
        column="bedenktijd_dagen", value_set=["30"],
        row_condition=Column("datum") < _iso(DUBLIN_PERIOD_FROM),
    ))
    return gx.ExpectationSuite(
        name="landing_ind",
        expectations=expectations,
        meta={
            "table": "raw.landing_ind",
            "beschrijving": (
                "Controles op de geladen IND-gebeurtenissen in de verblijfsregeling (elke versie "
                "van elke gebeurtenis), direct na het inlezen en vóór de verdere verwerking."
            ),
        },
    )


def build_landing_om() -> gx.ExpectationSuite:
    from orchestration.ingestion.contracts.prosecution import MIN_AGE_OF_RESPONSIBILITY

    def codes(column: str) -> tuple[str, ...]:
        return _contract_codes("om", column)

    expectations: list[gxe.Expectation] = []
    add = expectations.append
    add(expect(
        gxe.ExpectTableColumnsToMatchSet, ERROR,
        "De tabel heeft precies de afgesproken kolommen. Er staan geen namen, geboortejaren, "
        "OM-verdachtennummers of koppelsleutels in: die worden bij het inlezen verwijderd of vervangen.",
        column_set=list(LANDING_OM_COLUMNS), exact_match=True,
    ))
    for column, wat in (
        ("parketnummer", "een parketnummer"),
        ("suspect_key", "de versleutelde verdachtensleutel"),
        ("geslacht", "het geslacht (M, V of O)"),
        ("nationaliteit", "de nationaliteit (eventueel Onbekend)"),
        ("parket", "het parket"),
        ("inschrijfdatum", "de inschrijfdatum"),
        ("wetsartikel", "het wetsartikel"),
        ("uitbuitingsvorm", "de uitbuitingsvorm (eventueel Onbekend)"),
        ("status", "de status (Actief of Vervallen)"),
        ("gewijzigd_op", "het tijdstip van de laatste wijziging"),
        ("file_name", "het bronbestand"),
        ("row_number", "het regelnummer in het bronbestand"),
    ):
        add(expect(
            gxe.ExpectColumnValuesToNotBeNull, ERROR,
            f"Elke OM-zaak tegen een verdachte heeft {wat}.", column=column,
        ))
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "De verdachtensleutel is versleuteld (64 tekens 0-9 en a-f), nooit het verdachtennummer zelf.",
        column="suspect_key", regex=HEX64,
    ))
    for column, beschrijving in (
        ("geslacht", f"Het geslacht is {_or(codes('geslacht'))}."),
        ("nationaliteit", "De nationaliteit staat in de landenlijst van de monitor (of is Onbekend)."),
        ("parket", f"Het parket is een van: {', '.join(codes('parket'))}."),
        ("wetsartikel", f"Het wetsartikel is een van: {', '.join(codes('wetsartikel'))}."),
        ("uitbuitingsvorm", f"De uitbuitingsvorm is {_or(codes('uitbuitingsvorm'))}."),
        ("afdoening", f"De afdoening is, als die is ingevuld, een van: {', '.join(codes('afdoening'))}."),
        ("vonnis", f"Het vonnis is, als het is ingevuld, {_or(codes('vonnis'))}."),
        ("instantie", f"De instantie is, als die is ingevuld, {_or(codes('instantie'))}."),
        ("strafsoort", f"De strafsoort is, als die is ingevuld, een van: {', '.join(codes('strafsoort'))}."),
        ("status", f"De status is {_or(codes('status'))}."),
    ):
        add(expect(
            gxe.ExpectColumnValuesToBeInSet, ERROR, beschrijving,
            column=column, value_set=list(codes(column)),
        ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        f"De verdachte was, als de leeftijd bekend is, bij de inschrijving minstens "
        f"{MIN_AGE_OF_RESPONSIBILITY} jaar (de leeftijd van strafrechtelijke aansprakelijkheid).",
        column="age_at_registration", min_value=MIN_AGE_OF_RESPONSIBILITY,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        "De strafduur is, als die is ingevuld, minstens 1 dag.",
        column="strafduur_dagen", min_value=1,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        "Het aantal slachtoffers is, als het is ingevuld, 0 of meer.",
        column="aantal_slachtoffers", min_value=0,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        f"De inschrijfdatum ligt niet vóór {INSCHRIJFDATUM_OM_EARLIEST[:4]} en niet in de toekomst.",
        column="inschrijfdatum", min_value=_param("inschrijfdatum_min"), max_value=_param("inschrijfdatum_max"),
    ))
    for later, earlier, beschrijving in (
        ("afdoeningsdatum", "inschrijfdatum", "Een zaak is niet afgedaan vóór de dag van inschrijving."),
        ("vonnisdatum", "afdoeningsdatum", "Een vonnis valt niet vóór de dag van afdoening."),
        ("gewijzigd_op", "inschrijfdatum", "Een zaak is niet gewijzigd vóór de dag van inschrijving."),
    ):
        add(expect(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB, ERROR, beschrijving,
            column_A=later, column_B=earlier, or_equal=True, ignore_row_if="either_value_is_missing",
        ))
    add(expect(
        gxe.ExpectColumnValuesToBeNull, ERROR,
        "Alleen een zaak met afdoening Dagvaarding heeft een vonnis.",
        column="vonnis", row_condition=Column("afdoening") != "Dagvaarding",
    ))
    add(expect(
        gxe.ExpectCompoundColumnsToBeUnique, ERROR,
        "Elke regel van een bronbestand is precies één keer geladen.",
        column_list=["file_name", "row_number"],
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeInSet, WARNING,
        f"Bij hoogstens {MAX_SHARE_NATIONALITEIT_ONBEKEND:.0%} van de verdachten is de nationaliteit "
        "Onbekend. Meer wijst op landnamen die de landenlijst niet kent.",
        column="nationaliteit", value_set=["Onbekend"], mostly=1 - MAX_SHARE_NATIONALITEIT_ONBEKEND,
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, WARNING,
        f"Bij hoogstens {MAX_SHARE_OM_AGE_MISSING:.0%} van de verdachten ontbreekt de leeftijd "
        "(geboortejaar niet opgegeven). Meer wijst op een probleem bij de bron.",
        column="age_at_registration", mostly=1 - MAX_SHARE_OM_AGE_MISSING,
    ))
    return gx.ExpectationSuite(
        name="landing_om",
        expectations=expectations,
        meta={
            "table": "raw.landing_om",
            "beschrijving": (
                "Controles op de geladen OM-zaken tegen verdachten van mensenhandel (elke versie "
                "van elke zaak), direct na het inlezen en vóór de verdere verwerking."
            ),
        },
    )


def _or(values: tuple[str, ...]) -> str:
    """`a, b of c` for a description."""
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} of {values[-1]}"


# --------------------------------------------------------------------------------------------
# victims: marts.victims, one row per victim-year (contract R2)
# --------------------------------------------------------------------------------------------

VICTIM_VALUE_SETS: dict[str, tuple[str, ...]] = {
    "trafficking_route": ("Binnenlands", "Grensoverschrijdend", "Onbekend"),
    "trafficking_form": ("BL-SU", "BL-UBS", "GO-SU", "GO-UBS", "Onbekend"),
    "exploitation_form": ("Alleen SU", "SU en UBS", "Alleen UBS", "Onbekend"),
    "gender": ("Vrouw", "Man", "Onbekend"),
    "age_band": ("Minderjarig", "18-22", "23-29", "30-39", "40+", "Onbekend"),
    "report_purpose": ("Registratie", "Informatie en advies", "Verzoek opvang"),
    "police_report": ("Ja", "Bedenktijd loopt", "Intake", "Nee", "Onbekend"),
}

# The Dutch name of each column, with its article.
_VICTIM_COLUMN_NL = {
    "trafficking_route": ("de", "mensenhandelroute"),
    "trafficking_form": ("de", "mensenhandelvorm"),
    "exploitation_form": ("de", "uitbuitingsvorm"),
    "gender": ("het", "geslacht"),
    "age_band": ("de", "leeftijdsklasse"),
    "report_purpose": ("het", "doel van de melding"),
    "police_report": ("de", "aangifte"),
}

# Largest acceptable share of victim-years in mensenhandelvorm `Onbekend`. The calibration
# (contract K1/K2) has 1.099 of 5.433 headline victim-years (20%) and about 18% of all
# victim-years incl. sub-3; the worst single year is 2013 with 25% of the headline. Above 25%
# of the whole table points at a mapping problem (nationality or sector not recognised).
MAX_SHARE_TRAFFICKING_FORM_ONBEKEND = 0.25


def build_victims() -> gx.ExpectationSuite:
    expectations: list[gxe.Expectation] = []
    add = expectations.append
    add(expect(
        gxe.ExpectCompoundColumnsToBeUnique, ERROR,
        "Elk slachtoffer staat hoogstens één keer per registratiejaar in de tabel.",
        column_list=["victim_id", "registration_year"],
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Elke rij heeft een (versleutelde) slachtoffersleutel.", column="victim_id",
    ))
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "De slachtoffersleutel is versleuteld (64 tekens 0-9 en a-f), nooit een naam of bronnummer.",
        column="victim_id", regex=HEX64,
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Elke rij heeft een registratiejaar.", column="registration_year",
    ))
    for column, values in VICTIM_VALUE_SETS.items():
        article, nl = _VICTIM_COLUMN_NL[column]
        add(expect(
            gxe.ExpectColumnValuesToNotBeNull, ERROR,
            f"Elke rij heeft een {nl} (desnoods Onbekend).", column=column,
        ))
        add(expect(
            gxe.ExpectColumnValuesToBeInSet, ERROR,
            f"{article.capitalize()} {nl} is een van: {', '.join(values)}.",
            column=column, value_set=list(values),
        ))
    add(expect(
        gxe.ExpectTableRowCountToEqual, ERROR,
        "Het aantal rijen is gelijk aan het aantal slachtoffer-jaren dat apart uit de meldingen is "
        "geteld: er is geen slachtoffer verloren gegaan of dubbel geteld.",
        value=_param("expected_row_count"),
    ))
    for column, wat in (
        ("is_sub3", "of het slachtoffer sub-3 is"),
        ("is_headline", "of het slachtoffer meetelt in de kopcijfers"),
        ("is_kmar_only", "of het slachtoffer uitsluitend door de KMar is gemeld"),
    ):
        add(expect(
            gxe.ExpectColumnValuesToNotBeNull, ERROR,
            f"Voor elke rij is bekend {wat}.", column=column,
        ))
    sub3 = Column("is_sub3") == True  # noqa: E712 (a GX condition, not a Python comparison)
    add(expect(
        gxe.ExpectColumnValuesToBeInSet, ERROR,
        "Een sub-3-slachtoffer is uitsluitend door de KMar gemeld.",
        column="is_kmar_only", value_set=[True], row_condition=sub3,
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Precies de slachtoffers die geen sub-3 zijn tellen mee in de kopcijfers.",
        column_A="is_sub3", column_B="is_headline",
        value_pairs_set=[(True, False), (False, True)],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, WARNING,
        "Het registratiejaar ligt binnen het rapportagevenster van de monitor.",
        column="registration_year",
        min_value=_param("reporting_year_min"), max_value=_param("reporting_year_max"),
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeInSet, WARNING,
        f"Hoogstens {MAX_SHARE_TRAFFICKING_FORM_ONBEKEND:.0%} van de slachtoffers heeft "
        "mensenhandelvorm Onbekend. Meer wijst op nationaliteiten of sectoren die niet worden herkend.",
        column="trafficking_form", value_set=["Onbekend"],
        mostly=1 - MAX_SHARE_TRAFFICKING_FORM_ONBEKEND,
    ))
    return gx.ExpectationSuite(
        name="victims",
        expectations=expectations,
        meta={
            "table": "marts.victims",
            "beschrijving": (
                "Controles op de tabel met slachtoffers per registratiejaar, de basis van alle "
                "cijfers in de dashboards, vóór publicatie."
            ),
        },
    )


@cache
def reporting_window() -> tuple[int, int]:
    """The reporting window's years, from the dbt vars that build the marts (README §10)."""
    import yaml

    config = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    start = dt.date.fromisoformat(str(config["vars"]["reporting_window_start"]))
    end = dt.date.fromisoformat(str(config["vars"]["reporting_window_end"]))
    return start.year, end.year


SUITES: dict[str, SuiteSpec] = {
    spec.name: spec
    for spec in (
        SuiteSpec(
            name="landing_comensha",
            table="raw.landing_comensha",
            build=build_landing_comensha,
            parameters={
                "datum_melding_min": DATUM_MELDING_EARLIEST,
                "datum_melding_max": lambda: dt.date.today(),
            },
            timestamp_parameters=("datum_melding_min", "datum_melding_max"),
        ),
        SuiteSpec(
            name="landing_ind",
            table="raw.landing_ind",
            build=build_landing_ind,
            parameters={
                "datum_min": DATUM_IND_EARLIEST,
                "datum_max": lambda: dt.date.today(),
            },
            timestamp_parameters=("datum_min", "datum_max"),
        ),
        SuiteSpec(
            name="landing_om",
            table="raw.landing_om",
            build=build_landing_om,
            parameters={
                "inschrijfdatum_min": INSCHRIJFDATUM_OM_EARLIEST,
                "inschrijfdatum_max": lambda: dt.date.today(),
            },
            timestamp_parameters=("inschrijfdatum_min", "inschrijfdatum_max"),
        ),
        SuiteSpec(
            name="victims",
            table="marts.victims",
            build=build_victims,
            parameters={
                "expected_row_count": None,
                "reporting_year_min": lambda: reporting_window()[0],
                "reporting_year_max": lambda: reporting_window()[1],
            },
        ),
    )
}
