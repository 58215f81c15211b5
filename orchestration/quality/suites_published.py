"""Suites for the published marts that had none: the registration marts next to `victims`
(`reports`, `police_unit_reports`, `visibility_estimates`), the linkage summary and the
disclosure-controlled regional marts (`trafficking_routes`, `regional_victims`,
`regional_police_reports`, `shelter`, `shelter_capacity`).

Same conventions as suites.py: every expectation has a severity and a plain-Dutch `beschrijving`.
For the disclosure-controlled marts (dbt_project/macros/disclosure.sql) two error expectations
guard the publication itself: no shown count lies between 1 and 4, and a hidden cell ("< 5" or
"x") has no count. A breach there would put a small number on a public dashboard, so it blocks.
"""

from __future__ import annotations

import re

import great_expectations as gx
import great_expectations.expectations as gxe

from orchestration.quality.suites import (
    ERROR,
    HEX64,
    VICTIM_VALUE_SETS,
    WARNING,
    _is,
    _not_null,
    _param,
    _window_parameters,
    _year_window,
    expect,
)

FORMS = VICTIM_VALUE_SETS["trafficking_form"]
FORMS_WITH_TOTAL = (*FORMS, "Alle vormen")
REPORTER_GROUPS = ("Politie", "KMar", "ISZW-DO", "FairWork", "EMM", "Zorgcoördinator", "Overig")
POLICE_UNITS = (
    "Noord-Nederland", "Oost-Nederland", "Midden-Nederland", "Noord-Holland", "Amsterdam",
    "Den Haag", "Rotterdam", "Zeeland-West-Brabant", "Oost-Brabant", "Limburg",
    "Landelijke Eenheid", "Onbekend",
)
PROVINCE = r"^(NL-[A-Z]{2}|NL|Landelijk|Onbekend)$"
PERIODE = r"^20[0-9]{2}(-20[0-9]{2})?$"
HIDDEN_LABELS = ("< 5", "x")


def _suite(name: str, table: str, beschrijving: str, expectations: list) -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=name, expectations=expectations, meta={"table": table, "beschrijving": beschrijving},
    )


def _unique(add, columns: list[str], beschrijving: str) -> None:
    add(expect(gxe.ExpectCompoundColumnsToBeUnique, ERROR, beschrijving, column_list=columns))


def _in_set(add, column: str, values, beschrijving: str, severity: str = ERROR) -> None:
    add(expect(gxe.ExpectColumnValuesToBeInSet, severity, beschrijving, column=column, value_set=list(values)))


# Between the parts of a folded category ('GO-UBS + Onbekend'): the dbt macro fold_separator()
# (dbt_project/macros/disclosure.sql) writes it; change both together.
FOLD_SEPARATOR = " + "


def _in_set_or_folded(add, column: str, values, beschrijving: str) -> None:
    """A value of `values`, or several of them folded into one category (disclosure control folds
    a small category with a neighbour, macros/disclosure.sql fold_small_categories)."""
    one = "(?:" + "|".join(re.escape(v) for v in values) + ")"
    add(expect(gxe.ExpectColumnValuesToMatchRegex, ERROR, beschrijving, column=column,
               regex=f"^{one}(?:{re.escape(FOLD_SEPARATOR)}{one})*$"))


def _disclosure(add, count: str, label: str, wat: str) -> None:
    """The disclosure rules of the regional marts (macros/disclosure.sql), as blocking errors."""
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Voor elke cel is bekend of zij verborgen is.", column="is_suppressed",
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeInSet, ERROR,
        f"Geen getoond aantal {wat} ligt tussen 1 en 4: zulke kleine aantallen worden als '< 5' "
        "getoond, zodat niemand te herkennen is.",
        column=count, value_set=[1, 2, 3, 4],
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeNull, ERROR,
        f"Een verborgen cel ('< 5' of 'x') heeft geen aantal {wat}: het getal mag nergens uit de "
        "tabel te halen zijn.",
        column=count, row_condition=_is("is_suppressed"),
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeInSet, ERROR,
        "Een verborgen cel wordt getoond als '< 5' (minder dan 5) of 'x' (verborgen zodat een "
        "totaal geen klein aantal verraadt).",
        column=label, value_set=list(HIDDEN_LABELS), row_condition=_is("is_suppressed"),
    ))
    add(expect(
        gxe.ExpectColumnValuesToNotBeNull, ERROR,
        "Elke cel heeft een label om te tonen.", column=label,
    ))


def _periode(add) -> None:
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "De periode is een jaar (2016) of een reeks jaren (2013-2017).",
        column="periode", regex=PERIODE,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        "Het registratiejaar (leeg bij een reeks jaren) ligt binnen het rapportagevenster.",
        column="registration_year",
        min_value=_param("reporting_year_min"), max_value=_param("reporting_year_max"),
    ))


# --------------------------------------------------------------------------------------------
# registration marts beside victims
# --------------------------------------------------------------------------------------------


def build_reports() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    _unique(add, ["victim_year_id", "reporter_group"],
            "Elke meldergroep telt hoogstens één keer per slachtoffer-jaar.")
    _not_null(e, "Elke rij heeft", (
        ("victim_id", "een (versleutelde) slachtoffersleutel"),
        ("registration_year", "een registratiejaar"),
        ("reporter_group", "een meldergroep"),
        ("has_legal_basis", "het gegeven of de melder een wettelijke basis heeft"),
        ("trafficking_form", "een mensenhandelvorm (desnoods Onbekend)"),
    ))
    add(expect(gxe.ExpectColumnValuesToMatchRegex, ERROR,
               "De slachtoffersleutel is versleuteld (64 tekens 0-9 en a-f).", column="victim_id", regex=HEX64))
    _in_set(add, "reporter_group", REPORTER_GROUPS, f"De meldergroep is een van: {', '.join(REPORTER_GROUPS)}.")
    _in_set(add, "reporter_colour", ("rood", "blauw"),
            "De kleur van de melder is rood (zonder wettelijke basis) of blauw (met).")
    add(expect(
        gxe.ExpectColumnPairValuesToBeInSet, ERROR,
        "Blauw is precies een melder met wettelijke basis, rood een zonder.",
        column_A="reporter_colour", column_B="has_legal_basis",
        value_pairs_set=[("blauw", True), ("rood", False)], ignore_row_if="either_value_is_missing",
    ))
    _in_set(add, "trafficking_form", FORMS, f"De mensenhandelvorm is een van: {', '.join(FORMS)}.")
    _year_window(e, "registration_year", "Het registratiejaar ligt binnen het rapportagevenster.", WARNING)
    return _suite("reports", "marts.reports",
                  "Controles op de meldingen per meldergroep en slachtoffer-jaar, vóór publicatie.", e)


def build_police_unit_reports() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    _unique(add, ["victim_year_id", "police_unit"],
            "Elke politie-eenheid telt hoogstens één keer per slachtoffer-jaar.")
    _not_null(e, "Elke rij heeft", (
        ("victim_id", "een (versleutelde) slachtoffersleutel"),
        ("registration_year", "een registratiejaar"),
        ("police_unit", "een politie-eenheid (desnoods Onbekend)"),
        ("trafficking_form", "een mensenhandelvorm (desnoods Onbekend)"),
    ))
    add(expect(gxe.ExpectColumnValuesToMatchRegex, ERROR,
               "De slachtoffersleutel is versleuteld (64 tekens 0-9 en a-f).", column="victim_id", regex=HEX64))
    _in_set(add, "police_unit", POLICE_UNITS,
            "De politie-eenheid is een van de tien regionale eenheden, de Landelijke Eenheid of Onbekend.")
    _in_set(add, "trafficking_form", FORMS, f"De mensenhandelvorm is een van: {', '.join(FORMS)}.")
    add(expect(
        gxe.ExpectColumnValuesToNotBeInSet, WARNING,
        "Hoogstens een kwart van de politiemeldingen heeft politie-eenheid Onbekend. Meer wijst op "
        "eenheden die de bron anders spelt.",
        column="police_unit", value_set=["Onbekend"], mostly=0.75,
    ))
    _year_window(e, "registration_year", "Het registratiejaar ligt binnen het rapportagevenster.", WARNING)
    return _suite("police_unit_reports", "marts.police_unit_reports",
                  "Controles op de politiemeldingen per eenheid en slachtoffer-jaar, vóór publicatie.", e)


def build_visibility_estimates() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    _unique(add, ["period", "visibility"], "Elke zichtbaarheid staat één keer per periode in de tabel.")
    _not_null(e, "Elke rij heeft", (
        ("period", "een periode"), ("visibility", "een zichtbaarheid"),
        ("estimated_victims", "een geschat aantal slachtoffers"),
    ))
    _in_set(add, "visibility", ("Meer zichtbaar", "Minder zichtbaar", "Onbekend"),
            "De zichtbaarheid is Meer zichtbaar, Minder zichtbaar of Onbekend.")
    add(expect(gxe.ExpectColumnValuesToBeBetween, ERROR,
               "Een geschat aantal slachtoffers is niet negatief.", column="estimated_victims", min_value=0))
    add(expect(gxe.ExpectColumnValuesToBeBetween, ERROR,
               "Een aandeel ligt tussen 0 en 1.", column="share_of_estimated", min_value=0, max_value=1))
    add(expect(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB, ERROR,
        "Het aantal bekende slachtoffers met alle factoren is niet groter dan het aantal "
        "slachtoffers van seksuele uitbuiting.",
        column_A="su_victims", column_B="victims_with_all_factors", or_equal=True,
        ignore_row_if="either_value_is_missing",
    ))
    return _suite("visibility_estimates", "marts.visibility_estimates",
                  "Controles op de schatting van meer en minder zichtbare slachtoffers, vóór publicatie.", e)


def build_victim_linkage_summary() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    add(expect(gxe.ExpectColumnValuesToBeUnique, ERROR,
               "Elk registratiejaar staat één keer in de tabel.", column="registration_year"))
    _not_null(e, "Elk jaar heeft", (
        ("registration_year", "een registratiejaar"), ("headline_victims", "een aantal slachtoffers"),
    ))
    for column, wat in (
        ("victims_with_link_key", "met koppelsleutel"),
        ("victims_linked_to_residence", "gekoppeld aan de IND"),
        ("victims_linked_to_prosecution", "gekoppeld aan het OM"),
    ):
        add(expect(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB, ERROR,
            f"Het aantal slachtoffers {wat} is niet groter dan het aantal slachtoffers.",
            column_A="headline_victims", column_B=column, or_equal=True,
            ignore_row_if="either_value_is_missing",
        ))
    for column in ("share_with_link_key", "share_linked_to_residence", "share_linked_to_prosecution",
                   "share_linked_to_both"):
        add(expect(gxe.ExpectColumnValuesToBeBetween, ERROR,
                   "Een aandeel ligt tussen 0 en 1.", column=column, min_value=0, max_value=1))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, WARNING,
        "Geen enkel slachtoffer heeft een koppelsleutel die bij meer dan één persoon hoort. Zo wel: "
        "laat de bron de koppelsleutels nakijken.",
        column="victims_with_ambiguous_link_key", max_value=0,
    ))
    _year_window(e, "registration_year", "Het registratiejaar ligt binnen het rapportagevenster.")
    return _suite("victim_linkage_summary", "marts.victim_linkage_summary",
                  "Controles op de koppeling van slachtoffers met IND en OM per jaar, vóór publicatie.", e)


# --------------------------------------------------------------------------------------------
# disclosure-controlled regional marts (macros/disclosure.sql)
# --------------------------------------------------------------------------------------------


def build_trafficking_routes() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    _unique(add, ["periode", "trafficking_route", "trafficking_form", "origin_region", "nationality",
                  "province_code", "police_unit_found"],
            "Elke cel (periode, route, vorm, herkomst, provincie, eenheid) staat één keer in de tabel.")
    _not_null(e, "Elke cel heeft", (
        ("periode", "een periode"), ("trafficking_route", "een route (desnoods Alle routes)"),
        ("trafficking_form", "een mensenhandelvorm (desnoods Alle vormen)"),
        ("origin_region", "een herkomstregio"),
    ))
    _periode(add)
    _in_set(add, "trafficking_route", ("Binnenlands", "Grensoverschrijdend", "Onbekend", "Alle routes"),
            "De route is Binnenlands, Grensoverschrijdend, Onbekend of Alle routes.")
    _in_set_or_folded(add, "trafficking_form", FORMS_WITH_TOTAL,
                      f"De vorm is een van: {', '.join(FORMS_WITH_TOTAL)}, of enkele daarvan samengevoegd "
                      "(een kleine vorm met een andere, zoals 'GO-UBS + Onbekend').")
    _disclosure(add, "victims", "victims_label", "slachtoffers")
    return _suite("trafficking_routes", "marts.trafficking_routes",
                  "Controles op de routes van herkomst naar plaats van aantreffen (met "
                  "onthullingsbeheersing), vóór publicatie.", e)


def build_regional_victims() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    _unique(add, ["region_type", "region_code", "periode", "trafficking_form"],
            "Elke regio staat één keer per periode en vorm in de tabel.")
    _not_null(e, "Elke cel heeft", (
        ("region_type", "een soort regio"), ("region_code", "een regiocode"), ("region_name", "een regionaam"),
        ("periode", "een periode"), ("trafficking_form", "een mensenhandelvorm (desnoods Alle vormen)"),
    ))
    _in_set(add, "region_type", ("land", "provincie", "politie-eenheid"),
            "De soort regio is land, provincie of politie-eenheid.")
    _periode(add)
    _in_set_or_folded(add, "trafficking_form", FORMS_WITH_TOTAL,
                      f"De vorm is een van: {', '.join(FORMS_WITH_TOTAL)}, of enkele daarvan samengevoegd "
                      "(een kleine vorm met een andere, zoals 'GO-UBS + Onbekend').")
    _disclosure(add, "victims", "victims_label", "slachtoffers")
    add(expect(gxe.ExpectColumnValuesToBeBetween, ERROR,
               "Het aantal slachtoffers per 100.000 inwoners is niet negatief.",
               column="victims_per_100k", min_value=0))
    add(expect(gxe.ExpectColumnValuesToBeNull, ERROR,
               "Een verborgen cel heeft ook geen aantal per 100.000 inwoners (daaruit is het aantal "
               "terug te rekenen).", column="victims_per_100k", row_condition=_is("is_suppressed")))
    return _suite("regional_victims", "marts.regional_victims",
                  "Controles op slachtoffers per provincie, politie-eenheid en land (met "
                  "onthullingsbeheersing), vóór publicatie.", e)


def build_regional_police_reports() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    _unique(add, ["periode", "trafficking_form", "police_unit"],
            "Elke politie-eenheid staat één keer per periode en vorm in de tabel.")
    _not_null(e, "Elke cel heeft", (
        ("periode", "een periode"), ("trafficking_form", "een mensenhandelvorm (desnoods Alle vormen)"),
        ("police_unit", "een politie-eenheid"),
    ))
    _periode(add)
    _in_set(add, "trafficking_form", FORMS_WITH_TOTAL, f"De vorm is een van: {', '.join(FORMS_WITH_TOTAL)}.")
    _in_set(add, "police_unit", (*POLICE_UNITS, "Nederland"),
            "De politie-eenheid is een van de tien regionale eenheden, de Landelijke Eenheid, "
            "Onbekend of Nederland (het totaal).")
    _disclosure(add, "police_reports", "police_reports_label", "politiemeldingen")
    return _suite("regional_police_reports", "marts.regional_police_reports",
                  "Controles op politiemeldingen per eenheid (met onthullingsbeheersing), vóór publicatie.", e)


def build_shelter() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    _unique(add, ["periode", "trafficking_form", "province_code", "first_shelter"],
            "Elke provincie staat één keer per periode, vorm en soort opvang in de tabel.")
    _not_null(e, "Elke cel heeft", (
        ("periode", "een periode"), ("trafficking_form", "een mensenhandelvorm (desnoods Alle vormen)"),
        ("province_code", "een provinciecode"), ("first_shelter", "een soort eerste opvang"),
    ))
    _periode(add)
    _in_set(add, "trafficking_form", FORMS_WITH_TOTAL, f"De vorm is een van: {', '.join(FORMS_WITH_TOTAL)}.")
    add(expect(gxe.ExpectColumnValuesToMatchRegex, ERROR,
               "De provinciecode is een ISO-code (NL-NH), NL of Landelijk (heel Nederland) of Onbekend.", column="province_code", regex=PROVINCE))
    _disclosure(add, "requests", "requests_label", "opvangverzoeken")
    return _suite("shelter", "marts.shelter",
                  "Controles op verzoeken om opvang per provincie (met onthullingsbeheersing), vóór publicatie.", e)


def build_shelter_capacity() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    _unique(add, ["periode", "trafficking_form", "province_code"],
            "Elke provincie staat één keer per periode en vorm in de tabel.")
    _not_null(e, "Elke cel heeft", (
        ("periode", "een periode"), ("trafficking_form", "een mensenhandelvorm (desnoods Alle vormen)"),
        ("province_code", "een provinciecode"),
    ))
    _periode(add)
    _in_set(add, "trafficking_form", FORMS_WITH_TOTAL, f"De vorm is een van: {', '.join(FORMS_WITH_TOTAL)}.")
    add(expect(gxe.ExpectColumnValuesToMatchRegex, ERROR,
               "De provinciecode is een ISO-code (NL-NH), NL of Landelijk (heel Nederland) of Onbekend.", column="province_code", regex=PROVINCE))
    _disclosure(add, "requests", "requests_label", "opvangverzoeken")
    add(expect(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB, ERROR,
        "Het hoogste aantal opvangplekken is niet kleiner dan het laagste.",
        column_A="places_max", column_B="places_min", or_equal=True, ignore_row_if="either_value_is_missing",
    ))
    add(expect(gxe.ExpectColumnValuesToBeBetween, ERROR,
               "Het aantal opvangplekken is niet negatief.", column="places_min", min_value=0))
    return _suite("shelter_capacity", "marts.shelter_capacity",
                  "Controles op opvangverzoeken tegenover opvangplekken per provincie (met "
                  "onthullingsbeheersing), vóór publicatie.", e)



# --------------------------------------------------------------------------------------------
# the analysts' dashboards (issue 6): every chart reads a disclosure-controlled mart
# --------------------------------------------------------------------------------------------


def _jaar(add, column: str = "jaar") -> None:
    add(expect(
        gxe.ExpectColumnValuesToMatchRegex, ERROR,
        "De periode is een jaar (2016) of een reeks jaren (2013-2017).",
        column="periode", regex=PERIODE,
    ))
    add(expect(
        gxe.ExpectColumnValuesToBeBetween, ERROR,
        "Het jaar (leeg bij een reeks jaren) ligt binnen het rapportagevenster.",
        column=column, min_value=_param("reporting_year_min"), max_value=_param("reporting_year_max"),
    ))


def build_trend_figures() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    _unique(add, ["figure", "periode", "category"], "Elke cel staat één keer per figuur in de tabel.")
    _not_null(e, "Elke cel heeft", (("figure", "een figuur"), ("periode", "een periode"), ("category", "een categorie")))
    _in_set(add, "figure", ("mensenhandelvorm", "geslacht", "leeftijd", "sub3", "nationaliteit", "meldergroep"),
            "De figuur is een van de kubussen van het dashboard Trends slachtoffers.")
    _periode(add)
    _disclosure(add, "aantal", "aantal_label", "slachtoffers of meldingen")
    return _suite("trend_figures", "marts.trend_figures",
                  "Controles op de cijfers van Trends slachtoffers (met onthullingsbeheersing), vóór publicatie.", e)


def build_residence_figures() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    _unique(add, ["periode", "residence_type", "outcome"], "Elke cel staat één keer in de tabel.")
    _not_null(e, "Elke cel heeft", (("periode", "een periode"), ("residence_type", "een soort"), ("outcome", "een uitkomst")))
    _jaar(add)
    _disclosure(add, "aantal", "aantal_label", "beslissingen")
    add(expect(gxe.ExpectColumnValuesToBeBetween, ERROR,
               "Het inwilligingspercentage ligt tussen 0 en 1.", column="grant_rate", min_value=0, max_value=1))
    add(expect(gxe.ExpectColumnValuesToBeNull, ERROR,
               "Een verborgen cel heeft geen inwilligingspercentage (daaruit is een aantal terug te rekenen).",
               column="grant_rate", row_condition=_is("is_suppressed")))
    return _suite("residence_figures", "marts.residence_figures",
                  "Controles op de IND-cijfers van Verblijf en vervolging (met onthullingsbeheersing), vóór publicatie.", e)


def build_residence_route_figures() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    _unique(add, ["periode", "startpunt", "uitkomst"], "Elke route staat één keer per periode in de tabel.")
    _not_null(e, "Elke cel heeft", (("periode", "een periode"), ("startpunt", "een startpunt"), ("uitkomst", "een uitkomst")))
    _jaar(add)
    _disclosure(add, "personen", "personen_label", "personen")
    return _suite("residence_route_figures", "marts.residence_route_figures",
                  "Controles op de routes door de verblijfsregeling (met onthullingsbeheersing), vóór publicatie.", e)


def build_prosecution_figures() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    # first: only the few rows with all cases of a period hold unique suspects
    add(expect(gxe.ExpectColumnValuesToNotBeInSet, ERROR,
               "Geen getoond aantal unieke verdachten ligt tussen 1 en 4.",
               column="unieke_verdachten", value_set=[1, 2, 3, 4]))
    _unique(add, ["periode", "afdoening", "vonnis"], "Elke cel staat één keer in de tabel.")
    _not_null(e, "Elke cel heeft", (("periode", "een periode"), ("afdoening", "een afdoening"), ("vonnis", "een vonnis")))
    _jaar(add)
    _disclosure(add, "verdachten", "verdachten_label", "verdachten")
    return _suite("prosecution_figures", "marts.prosecution_figures",
                  "Controles op de OM-cijfers van Verblijf en vervolging (met onthullingsbeheersing), vóór publicatie.", e)


def build_published_figures_dashboard() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    add(expect(gxe.ExpectColumnValuesToBeUnique, ERROR, "Elk gepubliceerd cijfer staat één keer in de tabel.",
               column="figure_id"))
    add(expect(gxe.ExpectColumnValuesToNotBeNull, ERROR,
               "Voor elk cijfer is bekend of het warehouse-aantal verborgen is.", column="is_suppressed"))
    _in_set(add, "afscherming", ("", "< 5"),
            "Afscherming is leeg of '< 5' (een klein warehouse-aantal dat niet het gepubliceerde is).")
    return _suite("published_figures_dashboard", "marts.published_figures_dashboard",
                  "Controles op de gepubliceerde cijfers naast het warehouse (met onthullingsbeheersing), vóór publicatie.", e)


def build_data_status() -> gx.ExpectationSuite:
    e: list = []
    add = e.append
    add(expect(gxe.ExpectColumnValuesToBeUnique, ERROR, "Elke bron staat één keer in de stand van de gegevens.",
               column="source"))
    _in_set(add, "source", ("comensha", "ind", "om"), "De bron is comensha, ind of om.")
    add(expect(gxe.ExpectColumnValuesToNotBeNull, ERROR, "Voor elke bron staat er wanneer de marts zijn gebouwd.",
               column="built_at"))
    return _suite("data_status", "marts.data_status",
                  "Controles op de stand van de gegevens (nieuwste levering per bron, bouwtijd), vóór publicatie.", e)
