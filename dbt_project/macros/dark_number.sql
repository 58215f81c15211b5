{% macro round_as_published(estimate) -%}
{#- An estimate as the rapporteur publishes one (issue 18): to two significant figures, as
    'ongeveer 3.000 / 1.300 / 1.400' and '5.000 tot 7.500' in report 000 (lines 146-164). The
    estimates are model output, not counts of persons; more digits would suggest a precision the
    interval denies. NULL stays NULL. -#}
case
    when {{ estimate }} > 0
        then cast(round({{ estimate }}, 1 - cast(floor(log10({{ estimate }})) as integer)) as bigint)
    when {{ estimate }} = 0 then 0
end
{%- endmacro %}


{% macro dark_number_populations() -%}
{#- The populations of the dark number (issue 18), one place for them: each is the headline
    victim-years whose strata have the given values (no condition: all of them). The strata are the
    rapporteur's covariates (rapporteur report 000 §1.1.1: form group, minors; issue 18: sex and
    Dutch or not), labelled as in int_registration__dark_number_strata. Onbekend (form, sex, age
    or nationality unknown) is no estimated population but counts in 'Alle slachtoffers'.
    `every_year`: estimated for every registration year; the other strata only for the pooled
    periods (var dark_number_pooled_periods), as the rapporteur estimated them (2014/2015): in a
    single year they are thin, and each estimate is a bootstrap that costs the build seconds
    (orchestration/estimation/mart.py). The capture
    histories (int_registration__capture_histories) and the disclosure cells of the observed counts
    (int_disclosure__dark_number_cells) both read this list.
    `kind`: what the dashboard Verborgen slachtoffers groups the populations by (its filter Soort
    populatie), so an analyst sees the rapporteur's form groups apart from the covariate strata;
    the list's order is the order of its table (dark_number_estimates.population_order).
    `estimate: false`: counted, never estimated (no capture history, no bootstrap): victims of
    unknown sex, who are in neither Vrouw nor Man, shown beside them with their seen count only
    and `note` (the mart's toelichting) saying why. -#}
{{ return([
    {'population': 'Alle slachtoffers', 'kind': 'Alle slachtoffers', 'where': {}, 'every_year': true},
    {'population': 'BL-SU', 'kind': 'Mensenhandelvorm', 'where': {'trafficking_form': 'BL-SU'}, 'every_year': true},
    {'population': 'GO-SU', 'kind': 'Mensenhandelvorm', 'where': {'trafficking_form': 'GO-SU'}, 'every_year': true},
    {'population': 'GO-UBS', 'kind': 'Mensenhandelvorm', 'where': {'trafficking_form': 'GO-UBS'}, 'every_year': true},
    {'population': 'BL-UBS', 'kind': 'Mensenhandelvorm', 'where': {'trafficking_form': 'BL-UBS'}, 'every_year': true},
    {'population': 'Minderjarig', 'kind': 'Kenmerk: leeftijd', 'where': {'minor_status': 'Minderjarig'}, 'every_year': false},
    {'population': 'Meerderjarig', 'kind': 'Kenmerk: leeftijd', 'where': {'minor_status': 'Meerderjarig'}, 'every_year': false},
    {'population': 'BL-SU minderjarig', 'kind': 'Kenmerk: leeftijd', 'where': {'trafficking_form': 'BL-SU', 'minor_status': 'Minderjarig'}, 'every_year': false},
    {'population': 'Vrouw', 'kind': 'Kenmerk: geslacht', 'where': {'gender': 'Vrouw'}, 'every_year': false},
    {'population': 'Man', 'kind': 'Kenmerk: geslacht', 'where': {'gender': 'Man'}, 'every_year': false},
    {'population': 'Geslacht onbekend', 'kind': 'Kenmerk: geslacht', 'where': {'gender': 'Onbekend'}, 'every_year': false, 'estimate': false,
     'note': 'Niet geschat: alleen het aantal gezien. Slachtoffers van wie het geslacht onbekend is, tellen bij Alle slachtoffers en niet bij Vrouw of Man.'},
    {'population': 'Nederlands', 'kind': 'Kenmerk: nationaliteit', 'where': {'dutch': 'Nederlands'}, 'every_year': false},
    {'population': 'Niet-Nederlands', 'kind': 'Kenmerk: nationaliteit', 'where': {'dutch': 'Niet-Nederlands'}, 'every_year': false},
]) }}
{%- endmacro %}


{% macro dark_number_stratum_condition(where) -%}
    {#- SQL that is true for the rows of a population's `where` (dark_number_populations). -#}
    {%- set terms = [] -%}
    {%- for column, value in where.items() %}{% do terms.append(column ~ " = '" ~ value ~ "'") %}{% endfor -%}
    {{ (terms + ['true']) | join(' and ') }}
{%- endmacro %}


{% macro dark_number_cell_condition(where) -%}
{#- SQL that is true for the cell of int_disclosure__dark_number_cells that counts a population's
    observed victims: its strata at their values, every other dimension at its total. -#}
    {%- set terms = [] -%}
    {%- for cube in ['dark_number_by_form_minor', 'dark_number_by_gender', 'dark_number_by_dutch'] -%}
        {%- for d in cube_dimensions(cube) if d.column != 'periode' -%}
            {%- set value = "'" ~ where[d.column] ~ "'" if d.column in where else d.total -%}
            {%- do terms.append(d.column ~ ' = ' ~ value) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ terms | join(' and ') }}
{%- endmacro %}
