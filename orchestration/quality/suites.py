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
                "Controles op de geladen CoMensha-meldingen, direct na het inlezen en vóór de "
                "verdere verwerking: van elke melding de huidige versie (de laatst gewijzigde; "
                "een ingetrokken melding telt niet mee). Eerdere versies blijven bewaard."
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
                "Controles op de geladen IND-gebeurtenissen in de verblijfsregeling, direct na het "
                "inlezen en vóór de verdere verwerking: van elke gebeurtenis de huidige versie (de "
                "laatst gewijzigde; een ingetrokken gebeurtenis telt niet mee). Eerdere versies "
                "blijven bewaard."
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
                "Controles op de geladen OM-zaken tegen verdachten van mensenhandel, direct na het "
                "inlezen en vóór de verdere verwerking: van elke zaak de huidige versie (de laatst "
                "gewijzigde; een ingetrokken zaak telt niet mee). Eerdere versies blijven bewaard."
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


# --------------------------------------------------------------------------------------------
# Helpers for the marts of the IND and OM sources and the cross-source marts
# --------------------------------------------------------------------------------------------


def _is(column: str, value: Any = True):
    """A row condition `column == value` (a GX condition, not a Python comparison)."""
    return Column(column) == value


def _not_null(expectations: list, subject: str, columns: tuple[tuple[str, str], ...]) -> None:
    for column, wat in columns:
        expectations.append(expect(
            gxe.ExpectColumnValuesToNotBeNull, ERROR, f"{subject} {wat}.", column=column,
        ))


def _year_window(expectations: list, column: str, beschrijving: str, severity: str = ERROR) -> None:
    expectations.append(expect(
        gxe.ExpectColumnValuesToBeBetween, severity, beschrijving, column=column,
        min_value=_param("reporting_year_min"), max_value=_param("reporting_year_max"),
    ))


def _window_parameters() -> dict[str, Any]:
    return {
        "reporting_year_min": lambda: reporting_window()[0],
        "reporting_year_max": lambda: reporting_window()[1],
    }


# --------------------------------------------------------------------------------------------
# residence_decisions: marts.residence_decisions, one row per IND decision (residence.md V1,
# V4, V7; dbt_project/models/marts/_marts_residence.yml)
# --------------------------------------------------------------------------------------------

RESIDENCE_OUTCOMES = ("Ingewilligd", "Afgewezen", "Buiten behandeling", "Ingetrokken")
# V7: inhoudelijke afdoening = Ingewilligd + Afgewezen, overige = Buiten behandeling + Ingetrokken.
# Every grant-rate numerator (Ingewilligd) must be inside its denominator (inhoudelijke afdoening).
RESIDENCE_OUTCOME_CATEGORY = {
    "Ingewilligd": "inhoudelijke afdoening",
    "Afgewezen": "inhoudelijke afdoening",
    "Buiten behandeling": "overige afdoening",
    "Ingetrokken": "overige afdoening",
}
RESIDENCE_GROUNDS = (
    "a-grond veroordeling", "a-grond drie jaar lopende strafzaak", "a-grond besluit tot vervolging",
    "b-grond bijzondere omstandigheden", "B9/10",
)
# residence.md V4: IND records the ground only for grants, from 2015 on (000:4525-4540).
RESIDENCE_GROUND_FROM_YEAR = 2015
# Longest plausible lead time from application to first decision. The contract sets no target
# (L8); the default sample stays under a year. Three years points at a mislinked application.
MAX_LEAD_TIME_DAYS = 3 * 365


def build_residence_decisions() -> gx.ExpectationSuite:
    expectations: list[gxe.Expectation] = []
    add = expectations.append
    add(expect(
        gxe.ExpectColumnValuesToBeUnique, ERROR,
        "Elke IND-beslissing (gebeurtenisnummer) staat precies één keer in de tabel.",
        column="decision_id",
    ))
    _not_null(expectations, "Elke beslissing heeft", (
        ("decision_id", "een gebeurtenisnummer"),
        ("person_key", "een (versleutelde) persoonssleutel"),
        ("residence_type", "een soort verblijf (tijdelijk, voortgezet of bedenktijd)"),
        ("decision_date", "een datum"),
        ("decision_year", "een jaar"),
        ("outcome", "een uitkomst"),
        ("outcome_category", "een afdoeningscategorie (inhoudelijk of overig)"),
        ("is_renewal", "de aanduiding of het een verlenging is"),
        ("is_in_reporting_window", "de aanduiding of zij binnen het rapportagevenster valt"),
        ("is_first_decision", "de aanduiding of zij de eerste beslissing van de aanvraag is"),
        ("is_last_decision", "de aanduiding of zij de laatste beslissing van de aanvraag is"),
        ("is_application_handled_in_window", "de aanduiding of de aanvraag in het venster is behandeld"),
        ("is_granted_after_objection", "de aanduiding of de aanvraag na bezwaar is ingewilligd"),
    ))
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "De persoonssleutel is versleuteld (64 tekens 0-9 en a-f), nooit het V-nummer zelf.",
        column="person_key", regex=HEX64,
    ))
    add(expect(
        gxe.ExpectTableRowCountToEqual, ERROR,
        "Het aantal rijen is gelijk aan het aantal actuele IND-beslissingen en verleende bedenktijden "
        "in de brongegevens: er is geen beslissing verloren gegaan of dubbel geteld.",
        value=_param("expected_row_count"),
    ))
    for column, values, beschrijving in (
        ("residence_type", ("tijdelijk", "voortgezet", "bedenktijd"),
         "Het soort verblijf is tijdelijk, voortgezet of bedenktijd."),
        ("phase", ("Eerste aanleg", "Bezwaar", "Beroep"),
         "De fase is, als die is ingevuld, Eerste aanleg, Bezwaar of Beroep."),
    ):
        add(expect(gxe.ExpectColumnValuesToBeInSet, ERROR, beschrijving, column=column, value_set=list(values)))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "De uitkomst is Ingewilligd of Afgewezen (inhoudelijke afdoening) of Buiten behandeling of "
        "Ingetrokken (overige afdoening); zo valt elke inwilliging binnen de noemer van het "
        "inwilligingspercentage.",
        column_A="outcome", column_B="outcome_category",
        value_pairs_set=list(RESIDENCE_OUTCOME_CATEGORY.items()),
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "De uitkomst van de aanvraag hoort bij de juiste afdoeningscategorie (inhoudelijk of overig): "
        "elke ingewilligde aanvraag telt mee in de noemer van het inwilligingspercentage.",
        column_A="application_outcome", column_B="application_outcome_category",
        value_pairs_set=list(RESIDENCE_OUTCOME_CATEGORY.items()),
        ignore_row_if="both_values_are_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Een aanvraag die 'ingewilligd na bezwaar' is, heeft als uitkomst Ingewilligd.",
        column_A="is_granted_after_objection", column_B="application_outcome",
        value_pairs_set=[(True, "Ingewilligd")] + [(False, o) for o in RESIDENCE_OUTCOMES],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Alleen een beslissing over tijdelijk verblijf kan een verlenging zijn.",
        column_A="residence_type", column_B="is_renewal",
        value_pairs_set=[("tijdelijk", True), ("tijdelijk", False), ("voortgezet", False), ("bedenktijd", False)],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Een pad (Regulier of Schrijnend) staat alleen bij tijdelijk verblijf.",
        column_A="residence_type", column_B="path",
        value_pairs_set=[("tijdelijk", "Regulier"), ("tijdelijk", "Schrijnend")],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        f"Een verblijfsgrond staat alleen bij voortgezet verblijf en is een van: {', '.join(RESIDENCE_GROUNDS)}.",
        column_A="residence_type", column_B="ground",
        value_pairs_set=[("voortgezet", g) for g in RESIDENCE_GROUNDS],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Een bedenktijd van 90 of 30 dagen staat alleen bij een verleende bedenktijd.",
        column_A="residence_type", column_B="reflection_period_days",
        value_pairs_set=[("bedenktijd", 90), ("bedenktijd", 30)],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Elke beslissing op een aanvraag (tijdelijk of voortgezet verblijf, geen verlenging) hoort bij "
        "een aanvraag.",
        column="application_id",
        row_condition=(Column("residence_type") != "bedenktijd") & _is("is_renewal", False),
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeUnique, ERROR,
        "Elke aanvraag heeft hoogstens één laatste beslissing: een aanvraag telt één keer.",
        column="application_id", row_condition=_is("is_last_decision"),
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeEqual, ERROR,
        "Het laatste-beslisjaar van de aanvraag is het jaar van haar laatste beslissing.",
        column_A="decision_year", column_B="last_decision_year", row_condition=_is("is_last_decision"),
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeEqual, ERROR,
        "Het eerste-beslisjaar van de aanvraag is het jaar van haar eerste beslissing.",
        column_A="decision_year", column_B="first_decision_year", row_condition=_is("is_first_decision"),
    ))
    add(expect(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB, ERROR,
        "De laatste beslissing van een aanvraag valt niet in een eerder jaar dan de eerste.",
        column_A="last_decision_year", column_B="first_decision_year", or_equal=True,
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        f"De datum van de beslissing ligt niet vóór {DATUM_IND_EARLIEST[:4]} en niet in de toekomst.",
        column="decision_date", min_value=_param("decision_date_min"), max_value=_param("decision_date_max"),
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        "Een beslissing die als 'binnen het rapportagevenster' is gemarkeerd, valt in een jaar van "
        "het venster.",
        column="decision_year", min_value=_param("reporting_year_min"), max_value=_param("reporting_year_max"),
        row_condition=_is("is_in_reporting_window"),
    ))
    _year_window(
        expectations, "last_decision_year",
        "Het laatste-beslisjaar van een aanvraag valt niet na het rapportagevenster (de laatste "
        "beslissing is de laatste binnen het venster).",
    )
    add(expect(
        gxe.ExpectColumnValuesToBeNull, WARNING,
        f"Vóór {RESIDENCE_GROUND_FROM_YEAR} is geen verblijfsgrond vastgelegd: de IND registreert de "
        "grond pas sinds 2015. Een grond eerder wijst op een fout in de levering.",
        column="ground", row_condition=Column("decision_year") < RESIDENCE_GROUND_FROM_YEAR,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, WARNING,
        "De doorlooptijd van aanvraag tot eerste beslissing ligt tussen 0 dagen en 3 jaar. Langer "
        "wijst op een aanvraag die aan de verkeerde beslissing is gekoppeld.",
        column="lead_time_days", min_value=0, max_value=MAX_LEAD_TIME_DAYS,
    ))
    return gx.ExpectationSuite(
        name="residence_decisions",
        expectations=expectations,
        meta={
            "table": "marts.residence_decisions",
            "beschrijving": (
                "Controles op de IND-beslissingen in de verblijfsregeling mensenhandel (tijdelijk en "
                "voortgezet verblijf, verlengingen en bedenktijden), vóór publicatie."
            ),
        },
    )


# --------------------------------------------------------------------------------------------
# residence_routes: marts.residence_routes, one row per IND person (residence.md V5, V6, V8-V11)
# --------------------------------------------------------------------------------------------

OUT_OF_POPULATION = "buiten_populatie"
ROUTE_GROUP = {"1": 1, "2": 2, "3": 3, "4a": 4, "4b": 4, "4c": 4, "5a": 5, "5b": 5, "5c": 5}
ROUTE_GROUP_LABEL = {
    1: "Uitsluitend bedenktijd",
    2: "Bedenktijd – uitsluitend tijdelijk verblijf",
    3: "Uitsluitend tijdelijk verblijf",
    4: "Voortgezet verblijf verleend",
    5: "Voortgezet verblijf niet verleend",
}
START_POINT = {
    "1": "bedenktijd", "2": "bedenktijd", "4a": "bedenktijd", "5a": "bedenktijd",
    "3": "direct tijdelijk verblijf", "4b": "direct tijdelijk verblijf", "5b": "direct tijdelijk verblijf",
    "4c": "onbekend: tijdelijk verblijf vóór 2013", "5c": "onbekend: tijdelijk verblijf vóór 2013",
}
# V5, Figure 4.2: the flags B (bedenktijd), T (TV handled), V (VV handled) and VV granted that
# each route implies (None: the route allows either). Outside the population: no B and no handled
# application in the window. Routes 4c and 5c are "V and not T", whatever B (residence.md V5): that
# no c-person of the default sample has a bedenktijd is the sample's assumption (L1 [A]), not a rule,
# and a delivery with such a person must still publish (found by the generated deliveries, issue 13).
ROUTE_FLAGS: dict[str, dict[str, bool | None]] = {
    "1": {"has_bedenktijd": True, "has_tv_handled": False, "has_vv_handled": False, "is_vv_granted": False},
    "2": {"has_bedenktijd": True, "has_tv_handled": True, "has_vv_handled": False, "is_vv_granted": False},
    "3": {"has_bedenktijd": False, "has_tv_handled": True, "has_vv_handled": False, "is_vv_granted": False},
    "4a": {"has_bedenktijd": True, "has_tv_handled": True, "has_vv_handled": True, "is_vv_granted": True},
    "4b": {"has_bedenktijd": False, "has_tv_handled": True, "has_vv_handled": True, "is_vv_granted": True},
    "4c": {"has_bedenktijd": None, "has_tv_handled": False, "has_vv_handled": True, "is_vv_granted": True},
    "5a": {"has_bedenktijd": True, "has_tv_handled": True, "has_vv_handled": True, "is_vv_granted": False},
    "5b": {"has_bedenktijd": False, "has_tv_handled": True, "has_vv_handled": True, "is_vv_granted": False},
    "5c": {"has_bedenktijd": None, "has_tv_handled": False, "has_vv_handled": True, "is_vv_granted": False},
    OUT_OF_POPULATION: {"has_bedenktijd": False, "has_tv_handled": False, "has_vv_handled": False,
                        "is_vv_granted": False},
}
_ROUTE_FLAG_NL = {
    "has_bedenktijd": "een bedenktijd in het venster (B)",
    "has_tv_handled": "een behandelde aanvraag tijdelijk verblijf in het venster (T)",
    "has_vv_handled": "een behandelde aanvraag voortgezet verblijf in het venster (V)",
    "is_vv_granted": "een verleend voortgezet verblijf",
}
AGE_BANDS_IND = ("Minderjarig", "18-22", "23-29", "30-39", "40+", "Onbekend")
ORIGIN_REGIONS_IND = (
    "EU", "Europa niet-EU", "Afrika", "Azië", "Latijns-Amerika en de Caraïben", "Noord-Amerika",
    "Staatloos", "Onbekend",
)
# Largest plausible share of IND persons outside the population (only renewals, pending
# applications or asylum in the window); the default sample has 23 of 1.855 (1%). An assumption.
MAX_SHARE_OUT_OF_POPULATION = 0.10
# Largest plausible share of persons whose events disagree on the nationality (V2); the default
# sample has about 1%. An assumption, to be tuned on real deliveries.
MAX_SHARE_CONFLICT_NATIONALITY = 0.05
# V9: the gap between the last decision and asylum can be negative (report: mean -2.4 days,
# median 39); more than two years either way points at a wrongly dated event. An assumption.
ASYLUM_GAP_DAYS_BOUND = 2 * 365


def build_residence_routes() -> gx.ExpectationSuite:
    expectations: list[gxe.Expectation] = []
    add = expectations.append
    add(expect(
        gxe.ExpectColumnValuesToBeUnique, ERROR,
        "Elke IND-persoon staat precies één keer in de tabel en heeft dus precies één route.",
        column="person_key",
    ))
    _not_null(expectations, "Elke persoon heeft", (
        ("person_key", "een (versleutelde) persoonssleutel"),
        ("route", "een route (desnoods buiten_populatie)"),
        ("is_in_population", "de aanduiding of hij of zij tot de populatie hoort"),
        ("gender", "een geslacht (desnoods Onbekend)"),
        ("age_band", "een leeftijdsklasse (desnoods Onbekend)"),
        ("nationality", "een nationaliteit (desnoods Onbekend)"),
        ("origin_region", "een herkomstregio (desnoods Onbekend)"),
        ("has_bedenktijd", "de aanduiding B (bedenktijd in het venster)"),
        ("has_tv_handled", "de aanduiding T (tijdelijk verblijf behandeld in het venster)"),
        ("has_vv_handled", "de aanduiding V (voortgezet verblijf behandeld in het venster)"),
        ("is_vv_granted", "de aanduiding of voortgezet verblijf is verleend"),
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
    add(expect(
        gxe.ExpectTableRowCountToEqual, ERROR,
        "Het aantal rijen is gelijk aan het aantal verschillende personen in de actuele "
        "IND-gebeurtenissen: niemand is verloren gegaan of dubbel geteld.",
        value=_param("expected_row_count"),
    ))
    for column, values, beschrijving in (
        ("route", (*ROUTE_GROUP, OUT_OF_POPULATION),
         "De route is 1, 2, 3, 4a, 4b, 4c, 5a, 5b, 5c of buiten_populatie (Figuur 4.2)."),
        ("route_group", tuple(ROUTE_GROUP_LABEL), "De groep is, als die is ingevuld, 1 tot en met 5."),
        ("gender", ("Vrouw", "Man", "Onbekend"), "Het geslacht is Vrouw, Man of Onbekend."),
        ("age_band", AGE_BANDS_IND, f"De leeftijdsklasse is een van: {', '.join(AGE_BANDS_IND)}."),
        ("origin_region", ORIGIN_REGIONS_IND, f"De herkomstregio is een van: {', '.join(ORIGIN_REGIONS_IND)}."),
    ):
        add(expect(gxe.ExpectColumnValuesToBeInSet, ERROR, beschrijving, column=column, value_set=list(values)))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "De groep past bij de route: route 1, 2 en 3 horen bij groep 1, 2 en 3, route 4a-4c bij "
        "groep 4 en route 5a-5c bij groep 5.",
        column_A="route", column_B="route_group", value_pairs_set=list(ROUTE_GROUP.items()),
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Iedereen in de populatie heeft een groep (1 tot en met 5).",
        column="route_group", row_condition=Column("route") != OUT_OF_POPULATION,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeNull, ERROR,
        "Wie buiten de populatie valt, heeft geen groep.",
        column="route_group", row_condition=Column("route") == OUT_OF_POPULATION,
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Precies de personen met een route 1 tot en met 5c horen tot de populatie; buiten_populatie niet.",
        column_A="route", column_B="is_in_population",
        value_pairs_set=[(r, True) for r in ROUTE_GROUP] + [(OUT_OF_POPULATION, False)],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "De groepsnaam past bij het groepsnummer.",
        column_A="route_group", column_B="route_group_label", value_pairs_set=list(ROUTE_GROUP_LABEL.items()),
        ignore_row_if="both_values_are_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Het startpunt past bij de route: bedenktijd (1, 2, 4a, 5a), direct tijdelijk verblijf "
        "(3, 4b, 5b) of onbekend: tijdelijk verblijf vóór 2013 (4c, 5c).",
        column_A="route", column_B="start_point", value_pairs_set=list(START_POINT.items()),
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Iedereen in de populatie heeft een startpunt.",
        column="start_point", row_condition=_is("is_in_population"),
    ))
    for flag, wat in _ROUTE_FLAG_NL.items():
        add(expect(
            gxe.ExpectColumnPairValuesToBeInSet, ERROR,
            f"De route past bij {wat}, volgens de indeling van Figuur 4.2.",
            column_A="route", column_B=flag,
            value_pairs_set=[
                (route, value) for route, flags in ROUTE_FLAGS.items()
                for value in ((True, False) if flags[flag] is None else (flags[flag],))
            ],
            ignore_row_if="either_value_is_missing",
        ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Iedereen in de populatie heeft een groepsjaar.",
        column="group_year", row_condition=_is("is_in_population"),
    ))
    _year_window(expectations, "group_year", "Het groepsjaar ligt binnen het rapportagevenster.")
    for column, flag, wat in (
        ("tv_application_count", "has_tv_handled", "tijdelijk verblijf"),
        ("vv_application_count", "has_vv_handled", "voortgezet verblijf"),
    ):
        add(expect(
            gxe.ExpectColumnValuesToBeBetween, ERROR,
            f"Wie een behandelde aanvraag {wat} in het venster heeft, heeft minstens één zulke aanvraag.",
            column=column, min_value=1, row_condition=_is(flag),
        ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Het asielcohort (Figuur 4.3) bestaat alleen uit personen in de populatie.",
        column_A="is_asylum_cohort", column_B="is_in_population",
        value_pairs_set=[(True, True), (False, True), (False, False)],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Wie een bruikbare koppelsleutel heeft, heeft een (versleutelde) koppelsleutel in de tabel.",
        column="link_hash", row_condition=_is("has_link_key"),
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeNull, ERROR,
        "Wie geen bruikbare koppelsleutel heeft (leeg of dubbelzinnig), heeft er ook geen in de tabel.",
        column="link_hash", row_condition=_is("has_link_key", False),
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeInSet, WARNING,
        f"Hoogstens {MAX_SHARE_OUT_OF_POPULATION:.0%} van de IND-personen valt buiten de populatie "
        "(alleen verlengingen, lopende aanvragen of asiel). Meer wijst op beslissingen die niet "
        "herkend of niet aan een aanvraag gekoppeld worden.",
        column="route", value_set=[OUT_OF_POPULATION], mostly=1 - MAX_SHARE_OUT_OF_POPULATION,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeInSet, WARNING,
        f"Bij hoogstens {MAX_SHARE_CONFLICT_NATIONALITY:.0%} van de personen geven de gebeurtenissen "
        "verschillende nationaliteiten. Meer wijst op een probleem bij de bron.",
        column="conflict_nationality", value_set=[False], mostly=1 - MAX_SHARE_CONFLICT_NATIONALITY,
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeInSet, WARNING,
        f"Bij hoogstens {MAX_SHARE_NATIONALITEIT_ONBEKEND:.0%} van de personen is de nationaliteit "
        "Onbekend. Meer wijst op landnamen die de landenlijst niet kent.",
        column="nationality", value_set=["Onbekend"], mostly=1 - MAX_SHARE_NATIONALITEIT_ONBEKEND,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, WARNING,
        "De tijd tussen de laatste beslissing en de asielaanvraag ligt binnen twee jaar (ervoor of "
        "erna). Meer wijst op een verkeerd gedateerde gebeurtenis.",
        column="asylum_gap_days", min_value=-ASYLUM_GAP_DAYS_BOUND, max_value=ASYLUM_GAP_DAYS_BOUND,
    ))
    return gx.ExpectationSuite(
        name="residence_routes",
        expectations=expectations,
        meta={
            "table": "marts.residence_routes",
            "beschrijving": (
                "Controles op de personen in de verblijfsregeling mensenhandel met hun route "
                "(Figuur 4.2), groepsjaar en kenmerken, vóór publicatie."
            ),
        },
    )


# --------------------------------------------------------------------------------------------
# prosecution_cases: marts.prosecution_cases, one row per suspect per case (prosecution.md P1-P10)
# --------------------------------------------------------------------------------------------

PROSECUTION_OFFICES = (
    "Amsterdam", "Den Haag", "Gelderland", "Limburg", "Midden-Nederland", "Noord-Holland",
    "Noord-Nederland", "Oost-Brabant", "Overijssel", "Rotterdam", "Zeeland-West-Brabant",
    "Landelijk Parket", "Functioneel Parket",
)
SUB3_ARTICLE = "273f lid 1 sub 3 Sr"
OLD_ARTICLES = ("273a Sr", "250a Sr")
ARTICLES = tuple(f"273f lid 1 sub {n} Sr" for n in range(1, 10)) + OLD_ARTICLES
# P3: the stage and the disposition group (P4) it allows; Lopend bij OM has no disposition.
STAGE_DISPOSITION_GROUP = (
    ("Afgedaan door OM", "Sepot"), ("Afgedaan door OM", "OM-afdoening"),
    ("Afgedaan door OM", "Voeging ad informandum"), ("Afgedaan door OM", "Overdracht"),
    ("Gedagvaard, vonnis volgt", "Dagvaarding"), ("Berecht", "Dagvaarding"),
)
DISPOSITION_GROUP = {
    "Dagvaarding": "Dagvaarding", "Technisch sepot": "Sepot", "Beleidssepot": "Sepot",
    "Transactie": "OM-afdoening", "Strafbeschikking": "OM-afdoening",
    "Voeging ad informandum": "Voeging ad informandum", "Overdracht": "Overdracht",
}
JUDGMENTS = ("Veroordeling", "Vrijspraak", "Ontslag van alle rechtsvervolging", "Niet-ontvankelijk")
COURT_APPEAL = {"Rechtbank": False, "Gerechtshof": True, "Hoge Raad": True}
SENTENCE_TYPES = (
    "Onvoorwaardelijke gevangenisstraf", "Deels voorwaardelijke gevangenisstraf",
    "Voorwaardelijke gevangenisstraf", "Taakstraf", "Geldboete", "Maatregel",
)
PRISON_SENTENCES = SENTENCE_TYPES[:3]
EXPLOITATION_FORMS_OM = (
    "Seksuele uitbuiting", "Arbeidsuitbuiting", "Criminele uitbuiting", "Orgaanverwijdering", "Onbekend",
)
AGE_BANDS_OM = ("< 18", "18-22", "23-29", "30-39", "40+", "Onbekend")
REGIONS_OM = (
    "Nederland", "EU", "Europa niet-EU", "Afrika", "Azië", "Latijns-Amerika en de Caraïben",
    "Noord-Amerika", "Staatloos", "Onbekend",
)
# Longest plausible prison term: article 273f Sr goes up to 18 years (lid 4, a death), longer
# totals point at a term typed in the wrong unit (months or years as days).
MAX_SENTENCE_DAYS = 18 * 365


def build_prosecution_cases() -> gx.ExpectationSuite:
    expectations: list[gxe.Expectation] = []
    add = expectations.append
    add(expect(
        gxe.ExpectColumnValuesToBeUnique, ERROR,
        "Elke verdachte staat per zaak precies één keer in de tabel (één verdachte in één zaak).",
        column="case_suspect_id",
    ))
    _not_null(expectations, "Elke verdachte-zaak heeft", (
        ("case_suspect_id", "een (versleutelde) sleutel"),
        ("case_id", "een (versleutelde) zaaksleutel"),
        ("suspect_key", "een (versleutelde) verdachtensleutel"),
        ("registration_year", "een inschrijfjaar"),
        ("registration_date", "een inschrijfdatum"),
        ("registration_half_year", "een inschrijfhalfjaar"),
        ("prosecution_office", "een parket"),
        ("article", "een wetsartikel"),
        ("is_old_article", "de aanduiding of het een oud artikel is"),
        ("is_sub3", "de aanduiding of het om sub-3 gaat"),
        ("is_registered_after_hr_2016", "de aanduiding of zij na HR 17 mei 2016 is ingeschreven"),
        ("exploitation_form", "een uitbuitingsvorm (desnoods Onbekend)"),
        ("stage", "een stand van zaken"),
        ("is_appeal", "de aanduiding of het laatste vonnis in hoger beroep of cassatie is gewezen"),
        ("age_band", "een leeftijdsklasse (desnoods Onbekend)"),
        ("gender", "een geslacht (M, V of O)"),
        ("nationality", "een nationaliteit (desnoods Onbekend)"),
        ("region_of_origin", "een herkomstregio (desnoods Onbekend)"),
        ("victim_key_count", "een aantal slachtoffersleutels (desnoods 0)"),
        ("has_victim_key", "de aanduiding of er een slachtoffersleutel is"),
        ("has_comensha_match", "de aanduiding of een slachtoffer bij CoMensha bekend is"),
        ("has_ind_match", "de aanduiding of een slachtoffer bij de IND bekend is"),
    ))
    for column, wat in (
        ("case_suspect_id", "De sleutel van de verdachte-zaak"),
        ("case_id", "De zaaksleutel"),
        ("suspect_key", "De verdachtensleutel"),
    ):
        add(expect(
            gxe.ExpectColumnValuesToMatchRegex, ERROR,
            f"{wat} is versleuteld (64 tekens 0-9 en a-f), nooit een parketnummer of verdachtennummer.",
            column=column, regex=HEX64,
        ))
    add(expect(
        gxe.ExpectTableRowCountToEqual, ERROR,
        "Het aantal rijen is gelijk aan het aantal actuele OM-verdachte-zaken met een inschrijfdatum "
        "in het rapportagevenster: geen verdachte is verloren gegaan of dubbel geteld.",
        value=_param("expected_row_count"),
    ))
    _year_window(expectations, "registration_year", "Het inschrijfjaar ligt binnen het rapportagevenster.")
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "Het inschrijfhalfjaar heeft de vorm jaar-H1 of jaar-H2 (bijvoorbeeld 2016-H1).",
        column="registration_half_year", regex=r"^[0-9]{4}-H[12]$",
    ))
    for column, values, beschrijving in (
        ("prosecution_office", PROSECUTION_OFFICES, "Het parket is een van de elf arrondissementsparketten, "
                                                    "het Landelijk Parket of het Functioneel Parket."),
        ("article", ARTICLES, "Het wetsartikel is 273f lid 1 sub 1 tot en met 9 Sr, 273a Sr of 250a Sr."),
        ("exploitation_form", EXPLOITATION_FORMS_OM,
         f"De uitbuitingsvorm is {_or(EXPLOITATION_FORMS_OM)}."),
        ("stage", ("Lopend bij OM", "Afgedaan door OM", "Gedagvaard, vonnis volgt", "Berecht"),
         "De stand is Lopend bij OM, Afgedaan door OM, Gedagvaard, vonnis volgt of Berecht."),
        ("disposition_group", ("Dagvaarding", "Sepot", "OM-afdoening", "Voeging ad informandum", "Overdracht"),
         "De afdoeningsgroep is, als die is ingevuld, Dagvaarding, Sepot, OM-afdoening, Voeging ad "
         "informandum of Overdracht."),
        ("judgment", JUDGMENTS, f"Het vonnis is, als het is ingevuld, {_or(JUDGMENTS)}."),
        ("sentence_type", SENTENCE_TYPES, f"De strafsoort is, als die is ingevuld, een van: {', '.join(SENTENCE_TYPES)}."),
        ("sentence_band", ("< 365", "365-729", "730-1459", ">= 1460"),
         "De strafduurklasse is, als die is ingevuld, < 365, 365-729, 730-1459 of >= 1460 dagen."),
        ("age_band", AGE_BANDS_OM, f"De leeftijdsklasse is een van: {', '.join(AGE_BANDS_OM)}."),
        ("gender", ("M", "V", "O"), "Het geslacht is M, V of O."),
        ("region_of_origin", REGIONS_OM, f"De herkomstregio is een van: {', '.join(REGIONS_OM)}."),
    ):
        add(expect(gxe.ExpectColumnValuesToBeInSet, ERROR, beschrijving, column=column, value_set=list(values)))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Sub-3 geldt precies voor artikel 273f lid 1 sub 3 Sr (nooit voor een oud artikel).",
        column_A="article", column_B="is_sub3",
        value_pairs_set=[(a, a == SUB3_ARTICLE) for a in ARTICLES],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Oud artikel geldt precies voor 273a Sr en 250a Sr.",
        column_A="article", column_B="is_old_article",
        value_pairs_set=[(a, a in OLD_ARTICLES) for a in ARTICLES],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "De afdoening hoort bij de juiste afdoeningsgroep (Technisch sepot en Beleidssepot bij Sepot, "
        "Transactie en Strafbeschikking bij OM-afdoening).",
        column_A="disposition", column_B="disposition_group", value_pairs_set=list(DISPOSITION_GROUP.items()),
        ignore_row_if="both_values_are_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "De stand past bij de afdoening: afgedaan door het OM zonder dagvaarding, gedagvaard of "
        "berecht na een dagvaarding.",
        column_A="stage", column_B="disposition_group", value_pairs_set=list(STAGE_DISPOSITION_GROUP),
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeNull, ERROR,
        "Een zaak die nog loopt bij het OM heeft geen afdoening.",
        column="disposition", row_condition=Column("stage") == "Lopend bij OM",
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Een berechte zaak heeft een vonnis.",
        column="judgment", row_condition=Column("stage") == "Berecht",
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeNull, ERROR,
        "Alleen een veroordeling heeft een strafsoort.",
        column="sentence_type", row_condition=Column("judgment") != "Veroordeling",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Hoger beroep of cassatie geldt precies voor een laatste vonnis van het Gerechtshof of de Hoge Raad.",
        column_A="court_level", column_B="is_appeal", value_pairs_set=list(COURT_APPEAL.items()),
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Precies de gevangenisstraffen (onvoorwaardelijk, deels voorwaardelijk, voorwaardelijk) tellen als gevangenisstraf.",
        column_A="sentence_type", column_B="is_prison_sentence",
        value_pairs_set=[(s, s in PRISON_SENTENCES) for s in SENTENCE_TYPES],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        "De strafduur is, als die is ingevuld, minstens 1 dag.",
        column="sentence_days", min_value=1,
    ))
    for later, earlier, beschrijving in (
        ("disposition_date", "registration_date", "Een zaak is niet afgedaan vóór de dag van inschrijving."),
        ("judgment_date", "disposition_date", "Een vonnis valt niet vóór de dag van afdoening."),
    ):
        add(expect(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB, ERROR, beschrijving,
            column_A=later, column_B=earlier, or_equal=True, ignore_row_if="either_value_is_missing",
        ))
    for column, wat in (("disposition_year", "afdoening"), ("judgment_year", "vonnis")):
        add(expect(
            gxe.ExpectColumnValuesToBeBetween, ERROR,
            f"Het jaar van {wat} ligt, als het is ingevuld, niet vóór "
            f"{INSCHRIJFDATUM_OM_EARLIEST[:4]} en niet in de toekomst.",
            column=column, min_value=int(INSCHRIJFDATUM_OM_EARLIEST[:4]), max_value=_param("current_year"),
        ))
    for flag, bron in (("has_comensha_match", "CoMensha"), ("has_ind_match", "de IND")):
        add(expect(
            gxe.ExpectColumnPairValuesToBeInSet, ERROR,
            f"Een zaak kan alleen een slachtoffer hebben dat bij {bron} bekend is als zij een "
            "slachtoffersleutel heeft (de teller valt binnen de noemer).",
            column_A="has_victim_key", column_B=flag,
            value_pairs_set=[(True, True), (True, False), (False, False)],
            ignore_row_if="either_value_is_missing",
        ))
    add(expect(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB, WARNING,
        "Het aantal slachtoffersleutels is niet groter dan het aantal slachtoffers in de tenlastelegging.",
        column_A="victim_count", column_B="victim_key_count", or_equal=True,
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnMaxToBeBetween, WARNING,
        "Geen gevangenisstraf duurt langer dan 18 jaar (het maximum van artikel 273f Sr). Langer "
        "wijst op een strafduur in de verkeerde eenheid.",
        column="sentence_days", max_value=MAX_SENTENCE_DAYS,
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeInSet, WARNING,
        f"Bij hoogstens {MAX_SHARE_NATIONALITEIT_ONBEKEND:.0%} van de verdachten is de nationaliteit "
        "Onbekend. Meer wijst op landnamen die de landenlijst niet kent.",
        column="nationality", value_set=["Onbekend"], mostly=1 - MAX_SHARE_NATIONALITEIT_ONBEKEND,
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeInSet, WARNING,
        f"Bij hoogstens {MAX_SHARE_OM_AGE_MISSING:.0%} van de verdachten is de leeftijd onbekend "
        "(geboortejaar niet opgegeven). Meer wijst op een probleem bij de bron.",
        column="age_band", value_set=["Onbekend"], mostly=1 - MAX_SHARE_OM_AGE_MISSING,
    ))
    return gx.ExpectationSuite(
        name="prosecution_cases",
        expectations=expectations,
        meta={
            "table": "marts.prosecution_cases",
            "beschrijving": (
                "Controles op de verdachten in zaken mensenhandel (OM), per verdachte per zaak, met "
                "afdoening, vonnis en straf, vóór publicatie."
            ),
        },
    )


# --------------------------------------------------------------------------------------------
# prosecution_victim_links: marts.prosecution_victim_links, the P8 bridge
# --------------------------------------------------------------------------------------------


def build_prosecution_victim_links() -> gx.ExpectationSuite:
    expectations: list[gxe.Expectation] = []
    add = expectations.append
    add(expect(
        gxe.ExpectCompoundColumnsToBeUnique, ERROR,
        "Elke slachtoffersleutel staat per verdachte-zaak hoogstens één keer in de tabel.",
        column_list=["case_suspect_id", "link_hash"],
    ))
    _not_null(expectations, "Elke koppeling heeft", (
        ("case_suspect_id", "een (versleutelde) verdachte-zaak"),
        ("suspect_key", "een (versleutelde) verdachtensleutel"),
        ("registration_year", "een inschrijfjaar"),
        ("link_hash", "een (versleutelde) slachtoffersleutel"),
        ("matches_comensha", "de aanduiding of de sleutel bij CoMensha bekend is"),
        ("matches_comensha_headline", "de aanduiding of de sleutel bij een CoMensha-kopcijfer hoort"),
        ("matches_ind", "de aanduiding of de sleutel bij een IND-populatiepersoon hoort"),
    ))
    for column, wat in (("case_suspect_id", "De sleutel van de verdachte-zaak"),
                        ("link_hash", "De slachtoffersleutel")):
        add(expect(
            gxe.ExpectColumnValuesToMatchRegex, ERROR,
            f"{wat} is versleuteld (64 tekens 0-9 en a-f), nooit de sleutel of het parketnummer zelf.",
            column=column, regex=HEX64,
        ))
    _year_window(expectations, "registration_year", "Het inschrijfjaar ligt binnen het rapportagevenster.")
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Een sleutel die bij een CoMensha-kopcijfer hoort, is bij CoMensha bekend (de kopcijfers zijn "
        "een deel van alle CoMensha-slachtoffers).",
        column_A="matches_comensha", column_B="matches_comensha_headline",
        value_pairs_set=[(True, True), (True, False), (False, False)],
        ignore_row_if="either_value_is_missing",
    ))
    return gx.ExpectationSuite(
        name="prosecution_victim_links",
        expectations=expectations,
        meta={
            "table": "marts.prosecution_victim_links",
            "beschrijving": (
                "Controles op de koppeling tussen OM-zaken en slachtoffers (brug zaak-slachtoffer, "
                "P8), vóór publicatie."
            ),
        },
    )


# --------------------------------------------------------------------------------------------
# victim_journeys: marts.victim_journeys, one row per linked victim (link_hash)
# --------------------------------------------------------------------------------------------

TRAFFICKING_FORMS = VICTIM_VALUE_SETS["trafficking_form"]
PROSECUTION_OUTCOMES = (
    "Veroordeling", "OM-afdoening", "Gedagvaard, vonnis volgt", "Lopend bij OM", "Voeging ad informandum",
    "Overdracht", "Ontslag van alle rechtsvervolging", "Vrijspraak", "Niet-ontvankelijk", "Sepot",
)
# Smallest plausible share of linked victims that also link to IND / OM. The default sample has
# 32% and 20% (contract L-linkage, M8). Far fewer points at link keys hashed differently in one
# source (a new pseudonymisation key, a changed normalisation). An assumption.
MIN_SHARE_LINKED_TO_RESIDENCE = 0.05
MIN_SHARE_LINKED_TO_PROSECUTION = 0.05


def build_victim_journeys() -> gx.ExpectationSuite:
    expectations: list[gxe.Expectation] = []
    add = expectations.append
    add(expect(
        gxe.ExpectColumnValuesToBeUnique, ERROR,
        "Elk gekoppeld slachtoffer (koppelsleutel) staat precies één keer in de tabel.",
        column="link_hash",
    ))
    _not_null(expectations, "Elk gekoppeld slachtoffer heeft", (
        ("link_hash", "een (versleutelde) koppelsleutel"),
        ("first_registration_year", "een eerste registratiejaar"),
        ("last_registration_year", "een laatste registratiejaar"),
        ("registration_year_count", "een aantal registratiejaren"),
        ("first_trafficking_form", "een mensenhandelvorm (desnoods Onbekend)"),
        ("is_linked_to_residence", "de aanduiding of het bij de IND bekend is"),
        ("is_linked_to_prosecution", "de aanduiding of het in een OM-zaak wordt genoemd"),
        ("prosecution_case_count", "een aantal OM-zaken (desnoods 0)"),
        ("prosecution_suspect_case_count", "een aantal OM-verdachte-zaken (desnoods 0)"),
    ))
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "De koppelsleutel is versleuteld (64 tekens 0-9 en a-f), nooit de sleutel zelf.",
        column="link_hash", regex=HEX64,
    ))
    add(expect(
        gxe.ExpectTableRowCountToEqual, ERROR,
        "Het aantal rijen is gelijk aan het aantal verschillende koppelsleutels op kopcijfer-"
        "slachtofferjaren: geen slachtoffer is verloren gegaan of dubbel geteld.",
        value=_param("expected_row_count"),
    ))
    _year_window(expectations, "first_registration_year", "Het eerste registratiejaar ligt binnen het rapportagevenster.")
    _year_window(expectations, "last_registration_year", "Het laatste registratiejaar ligt binnen het rapportagevenster.")
    _year_window(
        expectations, "latest_case_registration_year",
        "Het inschrijfjaar van de laatste OM-zaak ligt, als er een is, binnen het rapportagevenster.",
    )
    add(expect(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB, ERROR,
        "Het laatste registratiejaar ligt niet vóór het eerste.",
        column_A="last_registration_year", column_B="first_registration_year", or_equal=True,
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        "Een slachtoffer is in minstens één en hoogstens alle jaren van het rapportagevenster geregistreerd.",
        column="registration_year_count", min_value=1, max_value=_param("window_year_count"),
    ))
    for column, values, beschrijving in (
        ("first_trafficking_form", TRAFFICKING_FORMS,
         f"De mensenhandelvorm is een van: {', '.join(TRAFFICKING_FORMS)}."),
        ("route", tuple(ROUTE_GROUP), "De IND-route is, als die is ingevuld, 1, 2, 3, 4a-4c of 5a-5c."),
        ("best_prosecution_outcome", PROSECUTION_OUTCOMES,
         f"De beste OM-uitkomst is, als die is ingevuld, een van: {', '.join(PROSECUTION_OUTCOMES)}."),
        ("latest_case_stage", ("Lopend bij OM", "Afgedaan door OM", "Gedagvaard, vonnis volgt", "Berecht"),
         "De stand van de laatste OM-zaak is, als die is ingevuld, Lopend bij OM, Afgedaan door OM, "
         "Gedagvaard, vonnis volgt of Berecht."),
    ):
        add(expect(gxe.ExpectColumnValuesToBeInSet, ERROR, beschrijving, column=column, value_set=list(values)))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "De IND-groep past bij de IND-route (1, 2, 3; 4a-4c groep 4; 5a-5c groep 5).",
        column_A="route", column_B="route_group", value_pairs_set=list(ROUTE_GROUP.items()),
        ignore_row_if="both_values_are_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Een slachtoffer dat bij de IND bekend is, heeft een IND-route.",
        column="route", row_condition=_is("is_linked_to_residence"),
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeNull, ERROR,
        "Een slachtoffer dat niet bij de IND bekend is, heeft geen IND-route.",
        column="route", row_condition=_is("is_linked_to_residence", False),
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Voortgezet verblijf is verleend precies bij route 4a-4c.",
        column_A="route", column_B="is_vv_granted",
        value_pairs_set=[(r, ROUTE_GROUP[r] == 4) for r in ROUTE_GROUP],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        "Een slachtoffer dat in een OM-zaak wordt genoemd, heeft minstens één OM-zaak.",
        column="prosecution_case_count", min_value=1, row_condition=_is("is_linked_to_prosecution"),
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeInSet, ERROR,
        "Een slachtoffer dat in geen OM-zaak wordt genoemd, heeft 0 OM-zaken.",
        column="prosecution_case_count", value_set=[0], row_condition=_is("is_linked_to_prosecution", False),
    ))
    add(expect(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB, ERROR,
        "Het aantal verdachte-zaken is minstens het aantal zaken (een zaak heeft minstens één verdachte).",
        column_A="prosecution_suspect_case_count", column_B="prosecution_case_count", or_equal=True,
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Een slachtoffer dat in een OM-zaak wordt genoemd, heeft een beste OM-uitkomst.",
        column="best_prosecution_outcome", row_condition=_is("is_linked_to_prosecution"),
    ))
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "'Veroordeling' is de beste OM-uitkomst precies als er een veroordeling is.",
        column_A="has_conviction", column_B="best_prosecution_outcome",
        value_pairs_set=[(o == "Veroordeling", o) for o in PROSECUTION_OUTCOMES],
        ignore_row_if="either_value_is_missing",
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeInSet, WARNING,
        f"Minstens {MIN_SHARE_LINKED_TO_RESIDENCE:.0%} van de gekoppelde slachtoffers is ook bij de IND "
        "bekend. Minder wijst op koppelsleutels die in één bron anders worden versleuteld.",
        column="is_linked_to_residence", value_set=[True], mostly=MIN_SHARE_LINKED_TO_RESIDENCE,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeInSet, WARNING,
        f"Minstens {MIN_SHARE_LINKED_TO_PROSECUTION:.0%} van de gekoppelde slachtoffers wordt in een "
        "OM-zaak genoemd. Minder wijst op koppelsleutels die in één bron anders worden versleuteld.",
        column="is_linked_to_prosecution", value_set=[True], mostly=MIN_SHARE_LINKED_TO_PROSECUTION,
    ))
    return gx.ExpectationSuite(
        name="victim_journeys",
        expectations=expectations,
        meta={
            "table": "marts.victim_journeys",
            "beschrijving": (
                "Controles op de slachtofferreis over CoMensha, IND en OM (één rij per gekoppeld "
                "slachtoffer), vóór publicatie."
            ),
        },
    )


# --------------------------------------------------------------------------------------------
# cross_source_links: intermediate.int_cross_source__link_checks, the P8 cross-source
# expectations. Warnings only (prosecution.md P8: "warnings in Great Expectations, never
# quarantine"): a breach is published and listed for the stewards, never blocks.
# --------------------------------------------------------------------------------------------


def build_cross_source_links() -> gx.ExpectationSuite:
    expectations = [
        expect(
            gxe.ExpectColumnValuesToBeInSet, WARNING,
            "Een IND-inwilliging van voortgezet verblijf op de a-grond veroordeling heeft een "
            "gekoppelde OM-veroordeling die vóór de inwilliging is uitgesproken. Zo niet: laat IND en "
            "OM de koppeling of de datums nakijken.",
            column="has_conviction_before_vv_grant", value_set=[True],
        ),
        expect(
            gxe.ExpectColumnValuesToBeInSet, WARNING,
            "Een IND-persoon die gekoppeld is aan een OM-zaak met een technisch sepot of beleidssepot, "
            "krijgt na de afdoeningsdatum geen verlenging van tijdelijk verblijf meer (na een sepot "
            "wordt het tijdelijk verblijf ingetrokken). Zo niet: laat IND en OM dit nakijken.",
            column="has_no_tv_renewal_after_dismissal", value_set=[True],
        ),
    ]
    return gx.ExpectationSuite(
        name="cross_source_links",
        expectations=expectations,
        meta={
            "table": "intermediate.int_cross_source__link_checks",
            "beschrijving": (
                "Controles over de bronnen heen (P8) op elk gekoppeld paar van een IND-persoon en een "
                "OM-zaak. Alleen waarschuwingen: de gegevens worden gepubliceerd en de afwijkingen "
                "worden aan de stewards getoond."
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



def _current_year() -> int:
    """No year in the marts lies in the future (a decision, a disposition, a judgment)."""
    return dt.date.today().year


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
        SuiteSpec(
            name="residence_decisions",
            table="marts.residence_decisions",
            build=build_residence_decisions,
            parameters={
                "expected_row_count": None,
                "decision_date_min": DATUM_IND_EARLIEST,
                "decision_date_max": lambda: dt.date.today(),
                **_window_parameters(),
            },
            timestamp_parameters=("decision_date_min", "decision_date_max"),
        ),
        SuiteSpec(
            name="residence_routes",
            table="marts.residence_routes",
            build=build_residence_routes,
            parameters={"expected_row_count": None, **_window_parameters()},
        ),
        SuiteSpec(
            name="prosecution_cases",
            table="marts.prosecution_cases",
            build=build_prosecution_cases,
            parameters={"expected_row_count": None, "current_year": _current_year, **_window_parameters()},
        ),
        SuiteSpec(
            name="prosecution_victim_links",
            table="marts.prosecution_victim_links",
            build=build_prosecution_victim_links,
            parameters=_window_parameters(),
        ),
        SuiteSpec(
            name="victim_journeys",
            table="marts.victim_journeys",
            build=build_victim_journeys,
            parameters={
                "expected_row_count": None,
                "window_year_count": lambda: reporting_window()[1] - reporting_window()[0] + 1,
                **_window_parameters(),
            },
        ),
        SuiteSpec(
            name="cross_source_links",
            table="intermediate.int_cross_source__link_checks",
            build=build_cross_source_links,
        ),
    )
}



# The published marts that are not covered above (registration marts beside victims, the linkage
# summary, the disclosure-controlled regional marts): builders in suites_published.py, imported
# when a suite is built (that module imports this one).
PUBLISHED_MART_SUITES = (
    "reports", "police_unit_reports", "visibility_estimates", "victim_linkage_summary",
    "trafficking_routes", "regional_victims", "regional_police_reports", "shelter", "shelter_capacity",
    # issue 6: the marts behind the analysts' dashboards
    "trend_figures", "residence_figures", "residence_route_figures", "prosecution_figures",
    "published_figures_dashboard",
    # issue 15: the "stand van de gegevens" line of every dashboard
    "data_status",
)


def _published_builder(name: str) -> Callable[[], gx.ExpectationSuite]:
    def build() -> gx.ExpectationSuite:
        from orchestration.quality import suites_published

        return getattr(suites_published, f"build_{name}")()

    return build


SUITES.update({
    name: SuiteSpec(name=name, table=f"marts.{name}", build=_published_builder(name), parameters=_window_parameters())
    for name in PUBLISHED_MART_SUITES
})
